"""Notebook 03e_training_craft: the craft of training deep networks, and TensorFlow, one module per section."""
