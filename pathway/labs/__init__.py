"""The tools the phase notebooks teach with, one module each (`from pathway.labs import planning`).

Each imports only the core (and the standard library, or a third-party library inside the function
that needs it), so a notebook loads just the lab it uses.
"""

from __future__ import annotations

from .. import lazy_submodules

__getattr__ = lazy_submodules(__name__)
