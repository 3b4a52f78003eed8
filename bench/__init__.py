"""Benchmarks: `python -m bench.run` for the whole suite."""
