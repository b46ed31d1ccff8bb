"""Bounded simulation, `within N steps { body } otherwise { fallback }` (docs/simulation.md):
the body runs as a plain, step-counted evaluation, every simulation in it a nested run
of the simulated program, until it plays or N steps are spent; then the fallback runs. Each
condition, play and simulation is a step. The result is exact and deterministic: a
distribution over what the body plays (with its own independent coins, under either
randomness model) and the probability that the budget ran out, every step charged to the
caller's fuel. Evaluations are memoized by (state, budget left)."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.engine.polynomial import WHAT
from spi_lang.engine.sim_states import simulated_table
from spi_lang.geometry.numbers import bounded
from spi_lang.load.programs import BASE
from spi_lang.syntax import ast

OVER = "(budget spent)"   # the result of a branch that ran out of steps
FALL = "(falls through)"  # a block that did not play

Results = dict  # (action | OVER | FALL | bool, steps used) -> probability


def bounded_within(run, program, seat: int, table: tuple, stmt: ast.Within):
    """(what the body of `stmt` plays, the probability that its budget ran out)."""
    direct = getattr(run, "_bounded", None)
    if direct is None:
        direct = run._bounded = _Direct(run)
    results = direct.block(stmt.body, (program, seat, table), 0, int(stmt.budget.value))
    played: dict[str, Fraction] = {}
    over = Fraction(0)
    for (value, _), p in results.items():
        if value == OVER or value == FALL:  # the checker makes a body play: FALL is not met
            over = bounded(over + p, WHAT)
        else:
            _add(played, value, p)
    run.say(1, "simulation", lambda: f"[{run.game.players[seat]} {program.name}] within "
            f"{stmt.budget.value} steps: the body plays {{{', '.join(f'{a}: {p}' for a, p in played.items())}}}"
            f", the budget runs out with probability {over}")
    return played, over


def _add(out: dict, key, p: Fraction) -> None:
    """out[key] += p, bounded: a path's probability is a product along it, and sums grow."""
    if p:
        out[key] = bounded(out.get(key, Fraction(0)) + p, WHAT)


class _Direct:
    """The step-counted evaluator; `limit` is the step count at which a branch stops."""

    def __init__(self, run) -> None:
        self.run = run
        self.memo: dict[tuple, Results] = {}

    def state(self, program, seat: int, table: tuple, budget: int) -> Results:
        key = (program, seat, table, budget)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self.block(program.body, (program, seat, table), 0, budget)
        return found

    def block(self, block: ast.Block, where, start: int, limit: int) -> Results:
        out: Results = {}
        frontier = {start: Fraction(1)}
        for stmt in block.stmts:
            following: dict[int, Fraction] = {}
            for steps, p in frontier.items():
                for (value, used), q in self.stmt(stmt, where, steps, limit).items():
                    self.run.charge()
                    if value == FALL:
                        _add(following, used, p * q)
                    else:
                        _add(out, (value, used), p * q)
            frontier = following
            if not frontier:
                break
        for steps, p in frontier.items():
            _add(out, (FALL, steps), p)
        return out

    def stmt(self, stmt, where, steps: int, limit: int) -> Results:
        kind = type(stmt)
        if kind is ast.Play or kind is ast.PlayMix:
            if steps + 1 > limit:
                return {(OVER, limit): Fraction(1)}
            if kind is ast.Play:
                return {(stmt.action.text, steps + 1): Fraction(1)}
            return {(w.action.text, steps + 1): w.prob.value for w in stmt.weights}
        if kind is ast.Within:
            return self._within(stmt, where, steps, limit)
        return self._if(stmt, 0, where, steps, limit)

    def _within(self, stmt: ast.Within, where, steps: int, limit: int) -> Results:
        inner = min(limit, steps + int(stmt.budget.value))
        out: Results = {}
        for (value, used), p in self.block(stmt.body, where, steps, inner).items():
            if value == OVER and inner < limit:
                for key, q in self.block(stmt.otherwise, where, used, limit).items():
                    _add(out, key, p * q)
            else:
                _add(out, (value, used), p)
        return out

    def _if(self, stmt: ast.If, k: int, where, steps: int, limit: int) -> Results:
        if k == len(stmt.branches):
            if stmt.orelse is None:
                return {(FALL, steps): Fraction(1)}
            return self.block(stmt.orelse, where, steps, limit)
        out: Results = {}
        for (value, used), p in self.cond(stmt.branches[k].cond, where, steps, limit).items():
            if value == OVER:
                _add(out, (OVER, used), p)
                continue
            rest = self.block(stmt.branches[k].body, where, used, limit) if value else \
                self._if(stmt, k + 1, where, used, limit)
            for key, q in rest.items():
                _add(out, key, p * q)
        return out

    def cond(self, cond, where, steps: int, limit: int) -> Results:
        """(value or OVER, steps after) -> probability; each condition node is a step."""
        self.run.charge()
        if steps + 1 > limit:
            return {(OVER, limit): Fraction(1)}
        steps += 1
        kind = type(cond)
        if kind is ast.Not:
            return {(v if v == OVER else not v, s): p
                    for (v, s), p in self.cond(cond.operand, where, steps, limit).items()}
        if kind is ast.And or kind is ast.Or:
            return self._junction(cond.operands, kind is ast.And, where, steps, limit)
        if kind is ast.Random:
            p = cond.prob.value
            out: Results = {}
            _add(out, (True, steps), p)
            _add(out, (False, steps), 1 - p)
            return out
        if kind is ast.Simulate:
            return self._simulate(cond, where, steps, limit)
        program, seat, table = where
        return {(self.run.condition(cond, program, seat, table), steps): Fraction(1)}

    def _junction(self, operands, is_and: bool, where, steps: int, limit: int) -> Results:
        out: Results = {}
        frontier = {steps: Fraction(1)}
        for c in operands:
            following: dict[int, Fraction] = {}
            for s, p in frontier.items():
                for (value, used), q in self.cond(c, where, s, limit).items():
                    if value == OVER or value != is_and:  # decided (or out of steps)
                        _add(out, (value, used), p * q)
                    else:
                        _add(following, used, p * q)
            frontier = following
        for s, p in frontier.items():
            _add(out, (is_and, s), p)
        return out

    def _simulate(self, cond: ast.Simulate, where, steps: int, limit: int) -> Results:
        program, seat, table = where
        target, inner = simulated_table(self.run.game, cond, program, seat, table)
        runner = inner[target]
        if runner.kind != BASE and not self.run.renegotiates(inner):
            runner = runner.default
        if runner.kind != BASE:
            played = self.run.nested_match(inner, target, cond)
            return {(True, steps): played.get(cond.action.text, Fraction(0)),
                    (False, steps): 1 - played.get(cond.action.text, Fraction(0))}
        out: Results = {}
        for (value, used), p in self.state(runner, target, inner, limit - steps).items():
            _add(out, (OVER if value == OVER else value == cond.action.text, steps + used), p)
        return out
