"""Benchmarks: in-process latency, synthetic scale (10K-1M passages) and HTTP load (docs/benchmarks.md)."""
