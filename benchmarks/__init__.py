"""Benchmarks: a synthetic news corpus from the knowledge base, and one table of measurements."""
