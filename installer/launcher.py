"""The frozen program's entry point (PyInstaller): does exactly what the ``shiraoka-dx`` command does.

It lives in ``installer/`` rather than at the repository root so that PyInstaller
analyses the *installed* package (the wheel the build installed into its virtual
environment), not whatever else happens to be in the checkout.
"""

import multiprocessing
import sys

from shiraoka_dx_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the second process of a large survey round starts here (frozen, Windows)
    sys.exit(main())
