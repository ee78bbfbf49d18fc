"""Write data/p3_job_postings.csv: 320 synthetic job-posting snippets labelled by role.

The corpus is *synthetic*: each snippet joins hand-written phrases typical of one role with
phrases every data job shares, so a text classifier has real signal to find and real overlap to
get wrong. It is generated, not collected, so it carries no one's words and no licence terms.
Run from the repository root; the fixed seed makes the output identical on every run:

    python scripts/make_p3_job_postings.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 3
PER_ROLE = 80
OUT = Path(__file__).resolve().parent.parent / "data" / "p3_job_postings.csv"

TITLES = {
    "ml_engineer": ["Machine Learning Engineer", "ML Engineer", "MLOps Engineer",
                    "Applied ML Engineer"],
    "data_scientist": ["Data Scientist", "Applied Scientist", "Decision Scientist",
                       "Research Data Scientist"],
    "data_engineer": ["Data Engineer", "Analytics Engineer", "Data Platform Engineer",
                      "Big Data Engineer"],
    "data_analyst": ["Data Analyst", "Business Analyst", "Reporting Analyst",
                     "Insights Analyst"],
}

DUTIES = {
    "ml_engineer": [
        "deploy machine learning models to production behind low-latency APIs",
        "build training and serving pipelines for our recommendation models",
        "monitor model drift and retrain models when performance drops",
        "package models in Docker containers and run them on Kubernetes",
        "optimise inference latency and GPU cost for deep learning models",
        "own the feature store and the model registry",
        "turn research prototypes into reliable, tested production services",
        "set up CI/CD for models with automated evaluation gates",
        "scale distributed training of PyTorch models across GPUs",
        "track experiments and model versions with MLflow",
        "serve TensorFlow models at scale with batching and autoscaling",
        "build MLOps tooling on SageMaker or Vertex AI",
    ],
    "data_scientist": [
        "design A/B tests and measure the causal impact of product changes",
        "build statistical models to forecast demand and churn",
        "explore data to find patterns and form hypotheses",
        "run experiments and communicate findings to product leaders",
        "develop predictive models and explain them to stakeholders",
        "apply Bayesian inference and hypothesis testing to product questions",
        "prototype machine learning models in notebooks",
        "quantify uncertainty with confidence intervals and bootstrap methods",
        "research new modelling approaches for pricing and ranking",
        "segment customers with clustering and survival analysis",
        "turn ambiguous business questions into statistical analyses",
        "evaluate model fairness and the significance of experiment results",
    ],
    "data_engineer": [
        "build and maintain batch and streaming data pipelines",
        "design the data warehouse schema and ELT jobs",
        "orchestrate ingestion workflows with Airflow",
        "process terabytes of events with Spark and Kafka",
        "own data quality checks, lineage and pipeline monitoring",
        "model data in dbt and optimise warehouse queries",
        "migrate on-premise databases to a cloud data lake",
        "build reliable ETL from APIs and transactional databases",
        "manage Snowflake, BigQuery and Redshift infrastructure",
        "partition and index large tables for fast reads",
        "write infrastructure as code for the data platform with Terraform",
        "guarantee schema evolution and exactly-once delivery in streaming jobs",
    ],
    "data_analyst": [
        "build dashboards in Tableau and Power BI for the sales team",
        "write SQL queries to answer ad hoc business questions",
        "track KPIs and report weekly performance to managers",
        "analyse marketing campaigns and present insights in clear slides",
        "maintain Excel reports and automate recurring reporting",
        "define metrics with finance and operations stakeholders",
        "investigate drops in conversion and explain what changed",
        "clean spreadsheets and reconcile numbers across reports",
        "create monthly business reviews with charts and commentary",
        "support budgeting with variance analysis in Excel",
        "turn data into stories that non-technical teams act on",
        "audit dashboard numbers and document metric definitions",
    ],
}

SKILLS = {
    "ml_engineer": ["Kubernetes", "Docker", "PyTorch", "TensorFlow", "model serving", "MLOps",
                    "CI/CD", "GPU inference", "feature stores", "FastAPI", "ONNX",
                    "software engineering"],
    "data_scientist": ["statistics", "experimentation", "causal inference", "R",
                       "scikit-learn", "hypothesis testing", "regression", "Bayesian methods",
                       "forecasting", "probability", "econometrics", "storytelling with data"],
    "data_engineer": ["Spark", "Kafka", "Airflow", "dbt", "data warehousing", "ETL", "Scala",
                      "Snowflake", "streaming", "data modelling", "Terraform", "data lakes"],
    "data_analyst": ["Excel", "Tableau", "Power BI", "dashboards", "reporting", "Looker",
                     "KPIs", "business acumen", "presentation skills", "spreadsheets",
                     "Google Sheets", "stakeholder communication"],
}

# Phrases any of the four roles might post: they make the task harder, as real postings do.
SHARED = [
    "Strong Python and SQL skills required.",
    "You will collaborate with cross-functional teams.",
    "Experience with cloud platforms such as AWS or GCP is a plus.",
    "We value clear communication and curiosity.",
    "Hybrid role, two days a week in the office.",
    "Bachelor's degree in a quantitative field or equivalent experience.",
    "Work with large datasets in a fast-growing company.",
    "Git and code review are part of the daily routine.",
    "Mentor junior colleagues and share knowledge.",
    "Competitive salary and learning budget.",
]

OPENERS = ["We are hiring a {title} to", "As our new {title}, you will", "Join us as a {title} and",
           "The {title} will"]
NO_TITLE_OPENERS = ["In this role you will", "You will", "Your day to day: you", "Help us"]


def snippet(rng: random.Random, role: str) -> str:
    """One posting snippet: a duty (left out of terse ones), two or three skills, sometimes a
    title and a shared line."""
    duty = rng.choice(DUTIES[role])
    if rng.random() < 0.4:
        opener = rng.choice(OPENERS).format(title=rng.choice(TITLES[role]))
    else:
        opener = rng.choice(NO_TITLE_OPENERS)
    # Borrow a skill from another role now and then: real postings ask for overlapping skills.
    others = [r for r in SKILLS if r != role]
    skills = rng.sample(SKILLS[role], k=rng.choice([2, 3]))
    if rng.random() < 0.35:
        skills[-1] = rng.choice(SKILLS[rng.choice(others)])
    parts = [f"{opener} {duty}.", f"Skills: {', '.join(skills)}."]
    if rng.random() < 0.3:  # a terse posting: skills and boilerplate only
        parts = [f"Skills: {', '.join(skills)}."]
    if rng.random() < 0.6:
        parts.append(rng.choice(SHARED))
    return " ".join(parts)


def rows(seed: int = SEED, per_role: int = PER_ROLE) -> list[dict[str, str]]:
    rng = random.Random(seed)
    made = [{"text": snippet(rng, role), "role": role} for role in DUTIES for _ in range(per_role)]
    rng.shuffle(made)
    return [{"id": str(i + 1), **row} for i, row in enumerate(made)]


def main() -> None:
    data = rows()
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "role"])
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {len(data)} snippets to {OUT}")


if __name__ == "__main__":
    main()
