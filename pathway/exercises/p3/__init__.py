"""Phase 3, machine-learning specialization: one package per notebook, one module per section.

A section is named `<notebook package>.<module>` (`deep.cnn` is `p3/deep/cnn.py`, notebook 03b), so a
reader sees which file belongs to which notebook; exercise ids do not carry the package.
"""

# The sections in the order the notebooks meet them (the order `pathway next` suggests exercises).
SECTIONS = (
    # 03_ml_specialization: p3/ml/
    "ml.supervised", "ml.unsupervised", "ml.nlp", "ml.features", "ml.evaluation", "ml.splits",
    "ml.tuning", "ml.boosting", "ml.boosting_libs", "ml.lgbm_stopping", "ml.imbalance", "ml.calibration",
    "ml.creation", "ml.explain", "ml.shap_values", "ml.slices", "ml.fairness", "ml.open_ended",
    # 03b_deep_learning: p3/deep/
    "deep.deep_learning", "deep.tensors", "deep.training", "deep.cnn", "deep.overfitting",
    "deep.sequences", "deep.transformers", "deep.transfer", "deep.keras_twin", "deep.saving",
    # 03e_training_craft: p3/craft/
    "craft.schedules", "craft.init_norm", "craft.clipping", "craft.augment", "craft.precision",
    "craft.checkpoint", "craft.tf_data", "craft.tf_serving",
    # 03c_mlops: p3/mlops/
    "mlops.deployment", "mlops.tracking", "mlops.registry", "mlops.service", "mlops.container",
    "mlops.ci", "mlops.formats", "mlops.monitoring", "mlops.cloud", "mlops.tools",
    # 03d_nlp_and_llms: p3/nlp/
    "nlp.tokens", "nlp.embeddings", "nlp.search", "nlp.metrics", "nlp.rag", "nlp.finetune",
    "nlp.causal", "nlp.decoding", "nlp.llm_eval",
)
