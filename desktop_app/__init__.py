"""VaxDesk: offline-first recording of vaccination doses for Vietnamese vaccination sites."""

__version__ = "0.1.0"
