"""``python -m generator``: the command line."""

import sys

from generator.cli.main import main

if __name__ == "__main__":  # not when a worker process imports the package's main module
    sys.exit(main())
