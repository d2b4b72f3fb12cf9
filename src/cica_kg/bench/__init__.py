"""Benchmarks: a synthetic corpus generator and timings of load, query, validation, export."""
