"""Helpers shared by the browser tests and the benchmarks (live servers, browser sessions)."""
