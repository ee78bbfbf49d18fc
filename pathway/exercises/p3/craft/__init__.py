"""Notebook 03e_training_craft: training craft, and TensorFlow; one module per section."""
