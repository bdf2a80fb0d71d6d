"""zentrale: an AI telephone receptionist for small trade businesses."""

__version__ = "0.1.0"
