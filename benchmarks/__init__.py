"""Scale and speed measurements of the dashboard against a naive baseline (`python -m benchmarks`)."""
