"""Exact payoff-space geometry in n dimensions, for games of three or more players.

Polytopes (`polytope`, backed by the Parma Polyhedra Library through `bridge`), finite
unions of polytopes (`sets`), the geometry of an n-player payoff table (`game`: feasible
set, efficient faces, PMM, PMP), the selection functions (`selection`, with the exact
Nash product in `nash`) and the canonical lottery that pays a point (`lottery`).
Everything is exact (`fractions.Fraction` in and out; PPL works in exact integers).

May import: the rest of geometry, syntax; and pplpy."""
