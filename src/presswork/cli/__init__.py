"""Command line: `presswork build | check | watch | new`, progress on stderr, exit codes."""

from presswork.cli.main import main

__all__ = ["main"]
