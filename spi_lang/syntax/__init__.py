"""Floor 1, syntax: the AST, the LALR parser over `grammar/spilang.lark`, source errors
(`SpiError`) and their one renderer, and where the grammar and stdlib files are.

May import: nothing else in spi_lang."""
