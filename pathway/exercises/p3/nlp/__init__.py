"""Notebook 03d_nlp_and_llms: a pretrained Transformer, retrieval, RAG, fine-tuning, a small language
model and the evaluation of an LLM system, one module per section."""
