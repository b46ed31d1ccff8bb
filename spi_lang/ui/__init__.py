"""Floor 7, ui: what people see. The `spilang` command line, the REPL, text and JSON
reports, plots, and output files written atomically. Thin over `spi_lang.api` (floor 6).

May import: api and every floor below it."""
