"""``python -m shiraoka_dx_desktop``."""

import sys

from .cli import main

sys.exit(main())
