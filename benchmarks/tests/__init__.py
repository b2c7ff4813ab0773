"""Tests of the benchmark code itself (the project's tests in tests/ never import benchmarks)."""
