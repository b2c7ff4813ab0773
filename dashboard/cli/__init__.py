"""The command line (`python -m dashboard ...`): argument parsing and messages live here only."""

from dashboard.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
