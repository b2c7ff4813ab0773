"""Run the command line: `python -m dashboard --help`."""

import sys

from dashboard.cli import main

if __name__ == "__main__":
    sys.exit(main())
