"""Phase 4, real-world practice: a branch, a commit and a pull request's description, with real git."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise

_SETUP = """
from pathway.labs import gitpractice

repo = gitpractice.practice_repo()  # a temporary repository: one commit on main, two files to keep out
"""

_DESCRIPTION = '''"""## What
Adds a `.gitignore` that ignores the `data/` folder and pickled models (`*.pkl`).

## Why
The customer export is personal data and model files are large binaries: neither belongs in git.

## How to test
Run `git status`: `data/customers.csv` and `models/churn_model.pkl` no longer appear as untracked.
"""'''

_SOLUTION = f'''
gitpractice.git(repo, "switch", "-c", "ignore-data-and-models")
(repo / ".gitignore").write_text("data/\\n*.pkl\\n")
gitpractice.git(repo, "add", ".gitignore")
gitpractice.git(repo, "commit", "-m", "Ignore the data folder and pickled models")

pull_request = {{
    "repo": repo,
    "branch": "ignore-data-and-models",
    "title": "Keep data exports and model files out of the repository",
    "description": {_DESCRIPTION},
}}
'''

SECTIONS = {"what": ("what", "summary", "changes"), "why": ("why", "motivation", "context"),
            "test": ("test", "testing", "how to test", "verify", "verification")}


def _headings(text: str) -> set[str]:
    found = set()
    for line in text.splitlines():
        # str methods, not one pattern with two optional runs around a lazy group: that backtracks
        # cubically on a long run of spaces ("## Notes" + 2,500 spaces + "x")
        match = re.match(r"#{1,6}", line.strip())
        title = line.strip()[match.end():].rstrip("#").strip().lower() if match else ""
        if not title:
            continue
        for section, words in SECTIONS.items():
            if any(re.search(rf"\b{re.escape(w)}\b", title) for w in words):
                found.add(section)
    return found


@exercise(
    "p4.git.pull_request",
    title="Branch, commit, describe: a pull request with real git",
    prompt="`repo` is a fresh repository whose `git status` shows two files that must never be "
    "committed, a data export and a pickled model. On a new branch (not `main`), commit a `.gitignore` "
    "that keeps both out (and leaves nothing uncommitted), with a message that says what the commit "
    "does. Then set `pull_request` to a dictionary: `repo`, `branch`, a `title` that says what it "
    "does (3 to 72 characters) and a Markdown `description` with three headed sections, what, why and how to "
    "test, naming every file the branch changes.",
    answer="pull_request",
    setup=_SETUP,
    solution=_SOLUTION,
    right=[
        _SOLUTION.replace('"switch", "-c"', '"checkout", "-b"').replace(
            '"data/\\n*.pkl\\n"', '"# never commit data or models\\ndata/*.csv\\nmodels/\\n"').replace(
            '"add", ".gitignore"', '"add", "--all"'),
        _SOLUTION.replace('"Keep data exports and model files out of the repository"', '"Ignore artifacts"'),
    ],
    wrong=[
        _SOLUTION.replace('gitpractice.git(repo, "switch", "-c", "ignore-data-and-models")\n', ""),
        _SOLUTION.replace(
            'gitpractice.git(repo, "commit", "-m", "Ignore the data folder and pickled models")\n', ""),
        _SOLUTION.replace('"data/\\n*.pkl\\n"', '"data/\\n"'),
        _SOLUTION.replace('"Ignore the data folder and pickled models"', '"update"'),
        _SOLUTION.replace("## Why\n", ""),
        _SOLUTION.replace("Adds a `.gitignore` that ignores", "Ignores"),
        _SOLUTION.replace('"Keep data exports and model files out of the repository"', '"wip"'),
        _SOLUTION + '(repo / "README.md").write_text("# Churn model, edited\\n")\n',
    ],
    hints=[
        "The order is: create and switch to a branch, write the file, stage it, commit it. "
        "`gitpractice.git(repo, ...)` runs one git command; `git status` shows where you are.",
        "A `.gitignore` holds one pattern per line: a folder name with a trailing slash ignores the "
        "folder, and `*.<extension>` ignores every file of that type.",
        "`git switch -c <name>`, then `git add .gitignore` and `git commit -m \"...\"`; the description "
        "has `## What`, `## Why` and `## How to test` headings and names `.gitignore`.",
    ],
)
def pull_request(answer: Any) -> str:
    from ...labs import gitpractice as gp

    if not gp.available():
        raise Incorrect("git is not installed (or not on the PATH), so this exercise cannot be checked: "
                        "install it from https://git-scm.com and run the cells again")
    checks.expect_type(answer, Mapping, "a dictionary with repo, branch, title and description")
    checks.same_set(answer.keys(), ("repo", "branch", "title", "description"), "the keys of pull_request")
    repo, branch = answer["repo"], answer["branch"]
    if not isinstance(repo, (str, os.PathLike)) or not os.path.isdir(repo):
        raise Incorrect("pull_request['repo'] should be the repository's folder, `repo`")
    if not isinstance(branch, str) or not branch.strip():
        raise Incorrect("pull_request['branch'] should be your branch's name")

    def run(*args: str) -> str:
        try:
            return gp.git(repo, *args)
        except gp.GitError as exc:
            raise Incorrect(str(exc)[:300]) from None

    if run("rev-parse", "--is-inside-work-tree") != "true":
        raise Incorrect("that folder is not a git repository")
    if run("rev-list", "--count", gp.MAIN) != "1":
        raise Incorrect("`main` has new commits: commit on your own branch and leave `main` as it was "
                        "(a pull request proposes a branch's commits to `main`)")
    if branch == gp.MAIN:
        raise Incorrect("work on a new branch: a pull request proposes a branch's commits to `main`")
    try:
        gp.git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    except gp.GitError:
        raise Incorrect(f"there is no branch {branch!r} in the repository (`git branch` lists "
                        "them)") from None
    ahead = int(run("rev-list", "--count", f"{gp.MAIN}..{branch}"))
    if ahead == 0:
        raise Incorrect(f"{branch!r} has no commit of its own yet: stage the file and commit it")
    if run("rev-parse", "--abbrev-ref", "HEAD") != branch:
        raise Incorrect(f"switch back to {branch!r} (`git switch {branch}`): the check reads your "
                        "working tree there")
    tracked = set(run("ls-tree", "-r", "--name-only", branch).splitlines())
    committed = sorted(tracked & set(gp.UNTRACKED))
    if committed:
        raise Incorrect(f"{committed[0]} was committed: it must stay out of the repository")
    if ".gitignore" not in tracked:
        raise Incorrect("there is no committed .gitignore on your branch")
    # "XY path": split on the first run of spaces, since the output's own leading space is stripped
    status = [line.split(maxsplit=1)[-1] for line in
              run("status", "--porcelain", "--untracked-files=all").splitlines() if line.strip()]
    if status:
        if status[0] in gp.UNTRACKED:
            raise Incorrect(f"`git status` still lists {status[0]}: your .gitignore does not ignore it")
        raise Incorrect(f"`git status` shows an uncommitted change ({status[0]}): commit or undo it")
    for message in run("log", "--format=%s", f"{gp.MAIN}..{branch}").splitlines():
        from ...labs.portfolio import is_vague

        if is_vague(message) or len(message.split()) < 3:
            raise Incorrect(f"the commit message {message!r} does not say what the commit does")
    title = answer["title"]
    if not isinstance(title, str) or not 3 <= len(title.strip()) <= 72:
        raise Incorrect("the title should say what the pull request does in 3 to 72 characters")
    from ...labs.portfolio import is_vague

    if is_vague(title):
        raise Incorrect(f"the title {title!r} does not say what the pull request does")
    description = answer["description"]
    if not isinstance(description, str):
        raise Incorrect(f"the description should be Markdown text, got {checks.type_name(description)}")
    missing = [s for s in ("what", "why", "test") if s not in _headings(description)]
    if missing:
        raise Incorrect(f"the description has no '{missing[0]}' section: give each of what, why and how "
                        "to test a Markdown heading (`## Why`)")
    files = gp.changed_files(repo, branch)
    unnamed = [f for f in files if f not in description]
    if unnamed:
        raise Incorrect(f"the description does not name {unnamed[0]}, which the branch changes")
    return (f"{branch!r} is one commit ahead of main with a clean working tree, and the description "
            "says what, why and how to test. On GitHub: `git push -u origin "
            f"{branch}`, then open the pull request with this text.")
