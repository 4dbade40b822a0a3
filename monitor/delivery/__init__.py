"""Delivery: digests (and alerts) of newly flagged stories."""
