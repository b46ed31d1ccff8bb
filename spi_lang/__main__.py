"""`python -m spi_lang` runs the `spilang` command."""

import sys

from .cli import main

sys.exit(main())
