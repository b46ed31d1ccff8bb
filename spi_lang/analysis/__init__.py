"""Floor 5, analysis: what the paper claims about matches. Beliefs and expected
utilities, best responses and subjective equilibrium (`equilibrium`), Assumptions 4 and 8,
transforms, Definition 2 (`spi_check`), and tournaments with their results.

May import: engine, load, geometry, syntax."""
