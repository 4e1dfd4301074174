"""Runs: each request as a cancellable task shown in a preview."""
