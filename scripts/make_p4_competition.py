"""Build the Phase 4 data: an offline Kaggle-style competition, its shake-up, and an applications log.

Run from the repository root: `python scripts/make_p4_competition.py`. It rewrites, byte for byte
the same every time (fixed seeds, numpy only, no model fitting):

- `data/p4_train.csv`: 1,500 fictional subscribers of a streaming service: `id`, nine columns
  (numbers with missing values, a skewed one, three categorical ones) and the label `churn`
  (`yes` if they cancelled within the next month, else `no`);
- `data/p4_test.csv`: 1,000 more subscribers, the label held back;
- `data/p4_test_labels.csv`: `id`, `churn` and `board` (`public` for 300 rows, `private` for
  700): what `pathway.labs.competition` scores against, Kaggle's hidden leaderboards;
- `data/p4_sample_submission.csv`: every test id with the majority label, the baseline;
- `data/p4_submissions.csv`: simulated submissions (your own history and eight rival teams),
  their cross-validation scores and which one each team picked, for the leaderboard shake-up;
- `data/p4_applications.csv`: a fictional log of internship and volunteer applications, one
  row per update (20 rows, 11 applications).

The subscribers are invented: `customers()` draws them from a stated random process, so the data
has no source to cite and no licence beyond the project's.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = 1604
N_TRAIN, N_TEST = 1500, 1000
PUBLIC_SHARE = 0.3
NUMERIC = ["tenure_months", "monthly_fee", "support_tickets", "usage_hours", "days_since_login", "age"]
CATEGORICAL = ["contract", "region", "payment"]


def customers(n: int = N_TRAIN + N_TEST, seed: int = SEED) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Fictional subscribers, whether they cancelled, and the true probability that they would.

    The churn probability is a logistic function of interactions and thresholds (a short monthly
    contract, three or more support tickets, a fee high for the hours used), so a linear model
    on the raw columns misses part of the signal that a tree ensemble or engineered features find.
    """
    rng = np.random.default_rng(seed)
    contract = rng.choice(["monthly", "annual", "two_year"], n, p=[0.5, 0.3, 0.2])
    tenure = np.clip(np.round(rng.exponential(20, n) + 1), 1, 72).astype(int)
    fee = np.round(rng.uniform(9, 99, n), 2)
    tickets = rng.poisson(1.0, n)
    usage = np.round(rng.lognormal(2.0, 1.0, n), 1)  # hours a month: skewed, a long right tail
    last = np.round(rng.exponential(8, n)).astype(int)
    age = rng.integers(18, 76, n).astype(float)
    region = rng.choice(["north", "south", "east", "west"], n)  # carries no signal
    payment = rng.choice(["card", "bank_transfer", "voucher"], n, p=[0.6, 0.3, 0.1])
    z = (-3.5 + 3.4 * ((contract == "monthly") & (tenure < 12)) - 2.0 * (contract == "two_year")
         + 3.0 * (tickets >= 3) + 0.09 * np.minimum(last, 40) - 0.5 * np.log1p(usage)
         + 2.2 * (fee / (usage + 1) > 6) + 1.0 * (payment == "voucher") + 0.0025 * (age - 45) ** 2)
    p = 1 / (1 + np.exp(-z))
    churned = rng.random(n) < p
    frame = pd.DataFrame({
        "tenure_months": tenure, "contract": contract, "monthly_fee": fee,
        "support_tickets": tickets, "usage_hours": usage, "days_since_login": last, "age": age,
        "region": region, "payment": payment,
    })
    # Real exports are messy: usage not tracked for some accounts, age not given, contract lost.
    frame.loc[rng.random(n) < 0.08, "usage_hours"] = np.nan
    frame.loc[rng.random(n) < 0.05, "age"] = np.nan
    frame.loc[rng.random(n) < 0.04, "contract"] = None
    return frame, churned, p


def competition() -> dict[str, pd.DataFrame]:
    frame, churned, p = customers()
    frame.insert(0, "id", range(1001, 1001 + len(frame)))
    frame["churn"] = np.where(churned, "yes", "no")
    train, test = frame.iloc[:N_TRAIN], frame.iloc[N_TRAIN:].reset_index(drop=True)
    rng = np.random.default_rng(SEED + 1)
    public = np.zeros(len(test), dtype=bool)
    public[rng.choice(len(test), int(round(PUBLIC_SHARE * len(test))), replace=False)] = True
    labels = test[["id", "churn"]].assign(board=np.where(public, "public", "private"))
    majority = train["churn"].mode().iloc[0]
    return {
        "p4_train.csv": train,
        "p4_test.csv": test.drop(columns="churn"),
        "p4_test_labels.csv": labels,
        "p4_sample_submission.csv": test[["id"]].assign(churn=majority),
        "p4_submissions.csv": submissions(p, churned, public),
    }


# The simulated submissions of the shake-up: your own history and eight rival teams. A simulated
# model sees the true log-odds through noise (its own, plus a fresh part for each variant a team
# tries); its `cv_score` is its accuracy on the 1,500 training rows, an honest estimate because the
# simulated model was never fitted to them. Teams that chase the public board pick, among many
# variants, the one with the best public score; the others pick by cross-validation.
TEAMS = [
    # team, submissions, model noise, noise between variants, picks by, seed
    ("you", 0, 0.0, 0.0, "cv", 0),
    ("gradient_gurus", 4, 0.9, 0.3, "cv", 8),
    ("public_probers", 60, 0.4, 2.5, "public", 8),
    ("forest_folk", 6, 1.2, 0.3, "cv", 5),
    ("leaderboard_climbers", 40, 0.5, 2.2, "public", 0),
    ("baseline_bunch", 2, 2.6, 0.3, "cv", 0),
    ("threshold_tweakers", 30, 0.6, 2.0, "public", 3),
    ("steady_stackers", 5, 0.8, 0.3, "cv", 7),
    ("lucky_linear", 3, 1.9, 0.3, "cv", 9),
]
YOURS = [
    # your submissions: model, noise; some of them tuned on the public board (variant noise)
    ("majority class", None),
    ("logistic regression", 1.9),
    ("logistic regression, C tuned on public", 1.9),
    ("random forest", 1.1),
    ("random forest, threshold 0.42 (public best)", 1.1),
    ("random forest, threshold 0.38 (public best)", 1.1),
    ("gradient boosting", 0.9),
    ("gradient boosting + ratio feature", 0.8),
    ("gradient boosting, seed picked on public", 0.8),
]


def submissions(p: np.ndarray, churned: np.ndarray, public: np.ndarray) -> pd.DataFrame:
    rng = np.random.default_rng(SEED + 2)
    logit = np.log(p / (1 - p))
    train, test = slice(0, N_TRAIN), slice(N_TRAIN, None)
    truth = churned[test]
    rows = []

    def public_score(guess: np.ndarray) -> float:
        return float(np.mean(guess[public] == truth[public]))

    def add(team: str, number: int, name: str, guess: np.ndarray) -> None:
        cv = float(np.mean(guess[train] == churned[train]))
        rows.append({"team": team, "submission": number, "model": name, "cv_score": round(cv, 4),
                     "picked": False,
                     "predictions": "".join("1" if g else "0" for g in guess[test])})

    for number, (name, noise) in enumerate(YOURS, 1):
        if noise is None:
            add("you", number, name, np.zeros(len(p), dtype=bool))
            continue
        base = rng.normal(0, noise, len(p))
        if "public" not in name:
            add("you", number, name, logit + base > 0)
            continue
        tries = [logit + base + rng.normal(0, 1.2, len(p)) > 0 for _ in range(25)]
        add("you", number, name, max(tries, key=lambda g: public_score(g[test])))
    for position, (team, count, noise, variant, picks, seed) in enumerate(TEAMS[1:], 1):
        rng = np.random.default_rng([SEED, position, seed])
        base = logit + rng.normal(0, noise, len(p))
        first = len(rows)
        for number in range(1, count + 1):
            add(team, number, f"submission {number}", base + rng.normal(0, variant, len(p)) > 0)
        mine = rows[first:]
        key = (lambda r: r["cv_score"]) if picks == "cv" else (lambda r: public_score(
            np.array([c == "1" for c in r["predictions"]])))
        best = max(range(len(mine)), key=lambda i: (key(mine[i]), -i))
        for i, row in enumerate(mine):
            row["picked"] = i == best
    return pd.DataFrame(rows)


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
