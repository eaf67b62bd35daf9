"""Compatibility scoring and assignment. No Qt."""
