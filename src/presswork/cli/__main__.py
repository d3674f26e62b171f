"""`python -m presswork.cli`, as the console script."""

from presswork.cli.quick_exit import run

run()
