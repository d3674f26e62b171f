"""`python -m presswork.cli`, as the console script."""

import sys

from presswork.cli.main import main

sys.exit(main())
