"""Interview preparation: an ML system-design case, its vocabulary, and a stopwatch for drills.

The design case is a card-payment fraud check that runs while the customer waits at checkout.
Its facts (traffic, latency budget, how rare fraud is, when labels arrive) are in `CASE`; the
names a design may use for metrics, monitors and models are in the vocabularies below, so a
written design can be judged on what it says rather than on the words it happens to choose.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

CASE = {
    "problem": "Decide, while the customer waits at checkout, whether a card payment is fraudulent "
               "and should be declined or sent to a manual review.",
    "peak_transactions_per_second": 2000,
    "api_latency_budget_ms": 150,  # p99 for the whole payment call; the fraud check must fit inside
    "fraud_share": 0.002,  # 2 in 1,000 payments
    "label_source": "chargebacks: the card holder disputes a payment, on average 30 days later",
}

OFFLINE_METRICS = {
    "accuracy": "share of correct predictions (misleading when 99.8% of payments are genuine)",
    "roc_auc": "ranking quality over all thresholds, dominated by the easy negatives when positives are rare",
    "average_precision": "area under the precision-recall curve: the rare class's view of ranking",
    "recall_at_precision": "share of fraud caught at a fixed precision (e.g. 80%)",
    "precision_at_k": "share of fraud among the k most suspicious payments a review team can inspect",
    "log_loss": "quality of the predicted probabilities",
    "rmse": "error of a numeric prediction (a regression metric)",
}
ONLINE_METRICS = {
    "fraud_loss": "money lost to fraud that was let through, per day",
    "false_decline_rate": "share of genuine customers whose payment was declined",
    "review_rate": "share of payments sent to manual review (a cost and a delay)",
    "checkout_conversion": "share of started checkouts that complete",
    "p99_latency_ms": "the slowest 1% of fraud checks, in milliseconds",
}
MONITORS = {
    "feature_drift": "the distribution of each input compared with training time",
    "prediction_drift": "the distribution of the scores and the decline rate",
    "delayed_label_performance": "precision and recall once chargebacks arrive, weeks later",
    "latency": "p50/p99 latency of the scoring service",
    "error_rate": "failed or timed-out scoring calls (and how often the fallback rule answered)",
    "training_loss": "the loss curve while training (an offline concern)",
}
MODELS = {
    "gradient_boosted_trees": "strong on tabular data, fast to score (milliseconds)",
    "logistic_regression": "simple, fast, interpretable baseline",
    "random_forest": "robust on tabular data, larger and slower to score than boosted trees",
    "large_language_model": "a generative model: seconds per call, no fit for a tabular score",
    "k_nearest_neighbours": "compares each payment with stored ones: slow at 2,000 per second",
}
SECTIONS = ("requirements", "data", "features", "model", "offline_metrics", "online_metrics",
            "serving", "monitoring")

CANDIDATE_FEATURES = {
    "amount": "the payment amount",
    "merchant_category": "the merchant's category code",
    "card_payments_last_hour": "how many payments the card made in the past hour",
    "distance_from_home_km": "distance between the shop and the card holder's home address",
    "new_device": "whether the device was never seen before for this card",
    "chargeback_filed": "whether the holder later disputed this payment",
    "manual_review_outcome": "what the review team decided about this payment",
    "card_age_days": "days since the card was issued",
}
LEAKY_FEATURES = frozenset({"chargeback_filed", "manual_review_outcome"})
"""Known only after the decision (or the label itself): unavailable at prediction time."""


@dataclass
class Stopwatch:
    """Time a drill the way an interview does: start, work, `stop()` prints how long it took."""

    name: str
    limit_minutes: float
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        """Minutes since the drill started."""
        return (time.monotonic() - self.started) / 60

    def stop(self) -> str:
        """How long the drill took, against its limit (interviews give 20 to 45 minutes)."""
        minutes = self.elapsed()
        verdict = "within" if minutes <= self.limit_minutes else "over"
        return (f"{self.name}: {minutes:.1f} minutes, {verdict} the {self.limit_minutes:g}-minute "
                "limit")


def drill(name: str, limit_minutes: float = 20) -> Stopwatch:
    """Start the clock on a coding drill; call `.stop()` when your check passes."""
    return Stopwatch(name, limit_minutes)
