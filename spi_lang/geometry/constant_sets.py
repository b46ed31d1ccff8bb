"""The payoff sets that constant offer expressions denote, without playing: `nothing`,
`all`, `frontier`, `point (...)`, `below (...)` and `above (...)`. Shared by Algorithm 2
(engine/csr.py), which evaluates offers, and the checks (load/checks/improvement.py),
which bound them."""

from __future__ import annotations

from spi_lang.geometry.memo import memo_of
from spi_lang.geometry.planar import Point
from spi_lang.geometry.sets import _free
from spi_lang.syntax import ast

CONSTANT_SETS = (ast.NothingSet, ast.AllSet, ast.FrontierSet, ast.PointSet, ast.BelowSet, ast.AboveSet)


def coords(node: ast.Coords) -> Point:
    """The point that `(x, y, ...)` writes."""
    return tuple(n.value for n in node.values)


def constant_set(game, expr, charge=_free):
    """The set a constant offer expression (one of CONSTANT_SETS) denotes in `game`: once
    per game and expression (equal expressions anywhere are one), a reuse charging the
    same fuel."""
    return memo_of(game).get(("constant", expr), lambda counting: _constant_set(game, expr, counting), charge)


def _constant_set(game, expr, charge):
    space = game.space
    if isinstance(expr, ast.NothingSet):
        return space.empty()
    if isinstance(expr, ast.AllSet):
        return game.feasible
    if isinstance(expr, ast.FrontierSet):
        return game.efficient
    if isinstance(expr, ast.PointSet):
        return space.points([coords(expr.coords)])
    planes = space.below(coords(expr.coords)) if isinstance(expr, ast.BelowSet) else space.above(coords(expr.coords))
    return game.feasible.clip(planes, charge)
