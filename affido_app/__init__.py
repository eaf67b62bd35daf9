"""Affido: case management for the "Mi affido a te" daytime foster-care programme."""

__version__ = "0.1.0"
