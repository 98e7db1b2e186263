"""Start the application from a source checkout: ``python main.py`` does what ``shiraoka-dx`` does."""

import sys

from shiraoka_dx_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
