"""The AST builders of the constructs that read a counterpart's behaviour (provability:
ast_modal.py; programs that run programs: ast_sim.py), a mixin of the parser's tree
walker that keeps parser.py under the module size."""

from __future__ import annotations

from lark import Token

from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError
from spi_lang.syntax.literals import name as _name, number as _number


class BehaviourRules:
    """Builders for `provable`, `plays`, `simulate`, `random`, `within`, `randomness`,
    `regress`; the host class supplies `path`, `_num`, `_name`-style helpers."""

    # Provability conditions (ast_modal.py).
    def provable(self, span, statement):
        return ast.Provable(statement, span=span)

    def provable_in(self, span, system, level, statement):
        return ast.Provable(statement, _pa_level(system, level, self.path), span=span)

    def plays_atom(self, span, subject, action, against):
        return ast.Plays(subject, _name(action, self.path), against, span=span)


    # Issue 13: programs that run programs (ast_sim.py).
    def simulate_cond(self, span, program, *rest):
        seat = rest[0] if len(rest) == 3 else None
        action, against = rest[-2:]
        return ast.Simulate(program, _name(action, self.path), against, seat, span=span)

    def simulated_opponent(self, span):
        return ast.SimOpponent(span=span)

    def simulated_name(self, span, name):
        return ast.ProgramRef(_name(name, self.path), span=span)

    def seat_as(self, span, name):
        return _name(name, self.path)

    def random_cond(self, span, prob):
        return ast.Random(self._num(prob), span=span)

    def within_stmt(self, span, budget, body, otherwise):
        return ast.Within(self._num(budget), body, otherwise, span=span)

    def randomness_decl(self, span, model):
        return ast.RandomnessDecl(_name(model, self.path), span=span)

    def regress_decl(self, span, profile):
        return ast.RegressDecl(profile, span=span)


def _pa_level(system: Token, level: Token, path: str) -> int:
    """The n of `PA+n`: the system must be PA, n a whole number."""
    if str(system) != "PA":
        raise SpiError(f"unknown proof system {str(system)!r}: write `provable in PA+n (...)`",
                       _name(system, path).span)
    span = Span(path, level.line, level.column, level.end_line, level.end_column)
    value = _number(str(level), span)
    if value.denominator != 1 or value < 0:
        raise SpiError(f"the n of PA+n counts consistency statements: a whole number 0, 1, 2, ..., "
                       f"not {level}", span)
    return int(value)
