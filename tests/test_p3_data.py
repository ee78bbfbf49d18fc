"""The synthetic job-postings corpus is exactly what its committed script makes."""

from __future__ import annotations

import csv
import io
import runpy

from tests.conftest import ROOT


def test_job_postings_are_what_the_committed_script_makes():
    script = runpy.run_path(str(ROOT / "scripts" / "make_p3_job_postings.py"))
    made = io.StringIO(newline="")
    writer = csv.DictWriter(made, fieldnames=["id", "text", "role"])
    writer.writeheader()
    writer.writerows(script["rows"]())
    committed = (ROOT / "data" / "p3_job_postings.csv").read_bytes().decode("utf-8")
    assert made.getvalue() == committed
