"""The capstone: a project repository of the learner's own, scaffolded and checked end to end.

`new_project(DIR)` scaffolds it (`pathway capstone new`), `check(DIR)` runs the rubric
(`pathway capstone check`), `report` shows and records it, and `example(DIR)` builds a finished
project the way a learner would complete the scaffold (the tests and notebook 04 check it).
Modules: `project` (config, data, held-back rows), `templates` and `scaffold` (new), `rubric`,
`probes` and `runs` (check), `report`, `example`.
"""

from __future__ import annotations

from .example import example
from .rubric import check
from .scaffold import new_project

__all__ = ["check", "example", "new_project"]
