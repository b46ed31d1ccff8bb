"""`python -m spi_lang` runs the `spilang` command."""

import sys

from spi_lang.ui.cli import main

sys.exit(main())
