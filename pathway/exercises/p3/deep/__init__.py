"""Notebook 03b_deep_learning: PyTorch and Keras, one module per section."""
