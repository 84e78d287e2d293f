"""Probity: a public body's code of conduct for its staff, run as software."""

__version__ = "0.1.0"
