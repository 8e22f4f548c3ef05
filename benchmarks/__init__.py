"""Benchmarks for ``make bench``; figures are written to docs/benchmarks.md."""
