"""Build the Phase 4 data: an offline Kaggle-style competition and a sample applications log.

Run from the repository root: `python scripts/make_p4_competition.py`. It rewrites, byte for byte
the same every time (fixed seed):

- `data/p4_train.csv`: id, 30 measurements, and the label `diagnosis` (malignant or benign);
- `data/p4_test.csv`: id and the 30 measurements, labels held back;
- `data/p4_test_labels.csv`: id and `diagnosis` for the test rows (the "private leaderboard"
  that `pathway.labs.competition.score` reads);
- `data/p4_sample_submission.csv`: every test id with the majority label, Kaggle's usual
  sample file and the baseline to beat;
- `data/p4_applications.csv`: a fictional log of internship and volunteer applications, one
  row per update (20 rows, 11 applications).

The competition data is the Breast Cancer Wisconsin (Diagnostic) dataset that ships inside
scikit-learn (`sklearn.datasets.load_breast_cancer`): real data, no download.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = 2024
TEST_SHARE = 0.3


def competition() -> dict[str, pd.DataFrame]:
    bunch = load_breast_cancer(as_frame=True)
    features = bunch.data.copy()
    features.columns = [c.replace(" ", "_") for c in features.columns]
    labels = pd.Series(np.asarray(bunch.target_names)[bunch.target.to_numpy()], name="diagnosis")
    frame = features.assign(diagnosis=labels.to_numpy())
    train, test = train_test_split(
        frame, test_size=TEST_SHARE, stratify=frame["diagnosis"], random_state=SEED
    )
    # Kaggle-style ids: train numbered first, then test, in the shuffled order the split gives.
    train = train.reset_index(drop=True)
    test = test.reset_index(drop=True)
    train.insert(0, "id", range(1, len(train) + 1))
    test.insert(0, "id", range(len(train) + 1, len(train) + len(test) + 1))
    majority = train["diagnosis"].mode().iloc[0]
    return {
        "p4_train.csv": train,
        "p4_test.csv": test.drop(columns="diagnosis"),
        "p4_test_labels.csv": test[["id", "diagnosis"]],
        "p4_sample_submission.csv": test[["id"]].assign(diagnosis=majority),
    }


# A fictional job search: organisations are invented; each row is one update to one application.
APPLICATIONS = [
    # date, item, organisation, role, stage, note
    ("2025-01-13", "p4.exp.internship", "Northwind Analytics", "Data science intern", "applied",
     "Found on the company careers page"),
    ("2025-01-15", "p4.exp.internship", "Fabrikam Health AI", "Machine learning intern", "applied",
     "Referred by a classmate"),
    ("2025-01-20", "p4.exp.volunteer", "Open Rivers Data Collective", "Volunteer data analyst",
     "applied", "Cleaning water-quality readings"),
    ("2025-01-22", "p4.exp.internship", "Tailspin Logistics", "Data engineering intern", "applied",
     ""),
    ("2025-01-27", "p4.exp.volunteer", "Open Rivers Data Collective", "Volunteer data analyst",
     "interview", "Video call with the project lead"),
    ("2025-02-03", "p4.exp.internship", "Fabrikam Health AI", "Machine learning intern",
     "interview", "Take-home: classify X-ray metadata"),
    ("2025-02-05", "p4.exp.internship", "Contoso Retail", "ML engineering intern", "applied",
     "Needs Docker experience"),
    ("2025-02-10", "p4.exp.volunteer", "Open Rivers Data Collective", "Volunteer data analyst",
     "offer", "Starts in March, 5 hours a week"),
    ("2025-02-12", "p4.exp.internship", "Northwind Analytics", "Data science intern", "rejected",
     "Position filled internally"),
    ("2025-02-17", "p4.exp.internship", "Woodgrove Bank", "AI research intern", "applied", ""),
    # A second role at the same organisation: an application is an organisation *and* a role.
    ("2025-02-20", "p4.exp.internship", "Contoso Retail", "Data analyst intern", "applied",
     "Second role, same company"),
    ("2025-02-24", "p4.exp.internship", "Fabrikam Health AI", "Machine learning intern",
     "rejected", "Asked for feedback on the take-home"),
    ("2025-03-03", "p4.exp.internship", "Litware Labs", "Computer vision intern", "applied",
     "Portfolio link included"),
    ("2025-03-05", "p4.exp.internship", "Tailspin Logistics", "Data engineering intern",
     "interview", "Technical interview: SQL and Python"),
    ("2025-03-10", "p4.exp.volunteer", "City Library Makerspace", "Volunteer Python tutor",
     "applied", "Teaching pandas basics on Saturdays"),
    ("2025-03-12", "p4.exp.internship", "Contoso Retail", "Data analyst intern", "interview",
     "Phone screen with HR"),
    # Exactly 14 days before the sample's "today" (2025-03-31): due for a follow-up ("14 days or more").
    ("2025-03-17", "p4.exp.internship", "Adventure Works Cycles", "Data analyst intern",
     "applied", ""),
    # 13 days before "today": not due yet.
    ("2025-03-18", "p4.exp.internship", "Proseware", "NLP research intern", "applied",
     "Asked for a writing sample"),
    ("2025-03-21", "p4.exp.internship", "Litware Labs", "Computer vision intern", "interview",
     "First call with the team lead"),
    ("2025-03-24", "p4.exp.internship", "Tailspin Logistics", "Data engineering intern", "offer",
     "Summer internship, 12 weeks"),
]


def applications() -> pd.DataFrame:
    return pd.DataFrame(
        APPLICATIONS, columns=["date", "item", "organisation", "role", "stage", "note"]
    )


def write(frame: pd.DataFrame, name: str) -> None:
    frame.to_csv(DATA / name, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def main() -> None:
    for name, frame in competition().items():
        write(frame, name)
        print(f"wrote data/{name}: {len(frame)} rows")
    write(applications(), "p4_applications.csv")
    print(f"wrote data/p4_applications.csv: {len(APPLICATIONS)} rows")


if __name__ == "__main__":
    main()
