"""Start the application from a source checkout: ``python main.py`` does what ``shiraoka-dx`` does."""

import multiprocessing
import sys

from shiraoka_dx_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the second process of a large survey round starts here (frozen, Windows)
    sys.exit(main())
