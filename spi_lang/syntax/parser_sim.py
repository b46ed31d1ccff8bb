"""The tree-to-AST rules of the simulation constructs (issue 13, grammar block "simulation"):
a mixin of parser.py's transformer, kept apart so that each module stays small. Names and
numbers are built by the transformer's `_token_name` and `_num`."""

from __future__ import annotations

from spi_lang.syntax import ast


class SimulationRules:
    """`simulate ... plays A against Y`, `random < p`, `within N steps`, and the game's
    `randomness` and `regress` items."""

    def simulate_cond(self, span, program, *rest):
        seat = rest[0] if len(rest) == 3 else None
        action, against = rest[-2:]
        return ast.Simulate(program, self._token_name(action), against, seat, span=span)

    def simulated_opponent(self, span):
        return ast.SimOpponent(span=span)

    def simulated_name(self, span, name):
        return ast.ProgramRef(self._token_name(name), span=span)

    def seat_as(self, span, name):
        return self._token_name(name)

    def random_cond(self, span, prob):
        return ast.Random(self._num(prob), span=span)

    def within_stmt(self, span, budget, body, otherwise):
        return ast.Within(self._num(budget), body, otherwise, span=span)

    def randomness_decl(self, span, model):
        return ast.RandomnessDecl(self._token_name(model), span=span)

    def regress_decl(self, span, profile):
        return ast.RegressDecl(profile, span=span)
