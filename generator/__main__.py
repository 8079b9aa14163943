"""`python -m generator` runs the catalog command."""

import sys

from .cli import main

sys.exit(main())
