"""Notebook 03c_mlops: from a model to a service, one module per section."""
