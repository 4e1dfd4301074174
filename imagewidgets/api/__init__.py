"""The thin async API layer: requests, streaming events, errors and retries.

It knows nothing of notebooks, widgets or the store.
"""
