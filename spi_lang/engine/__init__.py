"""Floor 4, engine: playing programs exactly. Base programs and Algorithm 1
(`interpreter`), Algorithm 2 (`csr`), matches as cached pure functions (`matches`), fuel,
and the deep stack that evaluation runs on (`deep`).

May import: load, geometry, syntax."""
