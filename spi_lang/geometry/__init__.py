"""Floor 2, geometry: base games (exact payoff tables, outcomes), exact payoff-space
geometry (hulls, the Pareto frontier, PMM and PMP), payoff-space sets, the selection
functions, and how game objects are written as text.

May import: syntax."""
