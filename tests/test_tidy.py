"""Nothing is written into the repository uninvited: no database is committed, and the session-end check
of tests/conftest.py (git status before and after the run) sees a stray file."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import ROOT, repository_state


@pytest.fixture
def checkout():
    if repository_state() is None:
        pytest.skip("not a git checkout of the repository (an unpacked sdist or a copy)")


def test_no_database_or_store_is_committed(checkout):
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    found = [f for f in files.splitlines()
             if f.endswith((".db", ".sqlite", ".sqlite3", ".db-journal")) or f.split("/")[0] == "mlruns"]
    assert not found, f"committed databases or stores: {found}"


def test_a_stray_file_in_the_repository_is_seen(checkout):
    before = repository_state()
    stray = ROOT / "notebooks" / "stray-left-by-a-test.db"  # matches *.db: ignored, still seen
    try:
        stray.write_text("")
        assert repository_state() - before == {"!! notebooks/stray-left-by-a-test.db"}
    finally:
        stray.unlink()
    assert repository_state() == before
