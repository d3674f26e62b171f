"""Command line: `presswork build | check | watch | new`, progress on stderr, exit codes.

`main` is in cli/main.py, the console script's entry in cli/quick_exit.py: this package
imports nothing, so that the entry decides how the CLI's modules are imported."""
