"""Notebook 03_ml_specialization: the classical core, one module per section."""
