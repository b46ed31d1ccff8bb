"""Evaluation states and the symbolic evaluation of program bodies, shared by both
randomness models of the simulation engine (docs/simulation.md).

An evaluation state is a base program in a seat of a table: what `simulate` asks about. A
body evaluated in a state gives, for each action, the probability that it plays it, as a
polynomial (engine/polynomial.py) in the variables of the states it simulates; `random < p`
is a constant (independent coins) or, under shared randomness, true or false on the cell
of the tape's number being evaluated."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.engine import polynomial as P
from spi_lang.load.programs import BASE, Program
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

# At most this many evaluation states in one match, and this many nested matches run by
# simulations (a simulated table whose programs renegotiate is played as a match).
MAX_STATES = 5_000
MAX_NESTED_MATCHES = 32

Key = tuple  # (program, seat, table)


class States:
    """The evaluation states met in one match, numbered in the order they were found, with
    the simulation that first led to each (for the chain of a regress)."""

    def __init__(self, run) -> None:
        self.run = run
        self.keys: list[Key] = []
        self.index: dict[Key, int] = {}
        self.edges: dict[tuple[int, int], ast.Simulate] = {}

    def add(self, program: Program, seat: int, table: tuple) -> int:
        key = (program, seat, table)
        found = self.index.get(key)
        if found is None:
            if len(self.keys) >= MAX_STATES:
                raise SpiError(f"simulation reaches more than {MAX_STATES:,} evaluation states "
                               f"(a program in seat {seat + 1} against another table each time)",
                               program.decl.name.span)
            found = self.index[key] = len(self.keys)
            self.keys.append(key)
        return found

    def name(self, i: int) -> str:
        """`P2 DefectBot against FairBot`: a state, for traces and messages."""
        program, seat, table = self.keys[i]
        rest = ", ".join(p.name for k, p in enumerate(table) if k != seat)
        return f"{self.run.game.players[seat]} {program.name} against {rest}"

    def actions(self, i: int) -> tuple[str, ...]:
        return self.run.game.actions[self.keys[i][1]]


class Symbolic:
    """A body evaluated symbolically in one state. `cell` is None (independent coins) or the
    interval (lo, hi) of the shared tape's number; `bounded(...)` evaluates `within`."""

    def __init__(self, run, states: States, cell=None, bounded=None) -> None:
        self.run, self.states, self.cell, self.bounded = run, states, cell, bounded
        self.charge = run.charge
        self.idempotent = cell is not None
        self.constants: dict[tuple, dict[str, Fraction]] = {}

    def evaluate(self, i: int) -> dict[str, P.Poly]:
        """For each action, the probability that state i plays it."""
        program, seat, table = self.states.keys[i]
        dist, _ = self.block(program.body, P.ONE_POLY, (i, program, seat, table))
        return dist

    def block(self, block: ast.Block, carry: P.Poly, where) -> tuple[dict[str, P.Poly], P.Poly]:
        """(what the block plays, the probability it falls through), entered with `carry`."""
        dist: dict[str, P.Poly] = {}
        for stmt in block.stmts:
            if not carry:
                break
            kind = type(stmt)
            if kind is ast.Play:
                _put(dist, stmt.action.text, carry)
                return dist, P.ZERO
            if kind is ast.PlayMix:
                for w in stmt.weights:
                    _put(dist, w.action.text, P.scale(carry, w.prob.value))
                return dist, P.ZERO
            if kind is ast.Within:
                carry = self._within(stmt, carry, where, dist)
                continue
            carry = self._if(stmt, carry, where, dist)
        return dist, carry

    def _if(self, stmt: ast.If, carry: P.Poly, where, dist) -> P.Poly:
        through = P.ZERO
        for branch in stmt.branches:
            taken = self.mul(carry, self.prob(branch.cond, True, where))
            carry = self.mul(carry, self.prob(branch.cond, False, where))
            through = P.add(through, self._into(branch.body, taken, where, dist))
            if not carry:
                return through
        if stmt.orelse is not None:
            return P.add(through, self._into(stmt.orelse, carry, where, dist))
        return P.add(through, carry)

    def _into(self, block, carry, where, dist) -> P.Poly:
        if not carry:
            return P.ZERO
        inner, rest = self.block(block, carry, where)
        for action, p in inner.items():
            _put(dist, action, p)
        return rest

    def _within(self, stmt: ast.Within, carry: P.Poly, where, dist) -> P.Poly:
        """A bounded simulation: its own exact distribution, then the fallback with the
        probability that the budget ran out (engine/bounded.py)."""
        _, program, seat, table = where
        played, over = self.bounded(program, seat, table, stmt)
        for action, p in played.items():
            _put(dist, action, P.scale(carry, p))
        return self._into(stmt.otherwise, P.scale(carry, over), where, dist) if over else P.ZERO

    def mul(self, a: P.Poly, b: P.Poly) -> P.Poly:
        return P.mul(a, b, self.charge, self.idempotent)

    def prob(self, cond, truth: bool, where) -> P.Poly:
        """The probability that `cond` has value `truth`, evaluated left to right with
        short circuits (a simulation runs only when it is reached)."""
        self.charge()
        kind = type(cond)
        if kind is ast.Not:
            return self.prob(cond.operand, not truth, where)
        if kind is ast.And or kind is ast.Or:
            return self._junction(cond.operands, truth == (kind is ast.And), truth, where)
        if kind is ast.Random:
            return P.const(self._random(cond.prob.value, truth))
        if kind is ast.Simulate:
            return self._simulate(cond, truth, where)
        _, program, seat, table = where
        return P.ONE_POLY if self.run.condition(cond, program, seat, table) == truth else P.ZERO

    def _junction(self, operands, all_of: bool, truth: bool, where) -> P.Poly:
        """P(every operand has value truth) when all_of, else P(some operand has it), the
        later operands reached only when the earlier ones leave the result open."""
        if all_of:
            total = P.ONE_POLY
            for c in operands:
                total = self.mul(total, self.prob(c, truth, where))
            return total
        total, open_ = P.ZERO, P.ONE_POLY
        for c in operands:
            total = P.add(total, self.mul(open_, self.prob(c, truth, where)))
            open_ = self.mul(open_, self.prob(c, not truth, where))
        return total

    def _random(self, p: Fraction, truth: bool) -> Fraction:
        if self.cell is None:
            return p if truth else 1 - p
        below = self.cell[1] <= p  # every number of the cell is below p, or none is
        return Fraction(below == truth)

    def _simulate(self, cond: ast.Simulate, truth: bool, where) -> P.Poly:
        i, program, seat, table = where
        target, inner = simulated_table(self.run.game, cond, program, seat, table)
        runner = inner[target]
        if runner.kind != BASE and not self.run.renegotiates(inner):
            runner = runner.default
        actions = self.run.game.actions[target]
        wanted = [cond.action.text] if truth else [a for a in actions if a != cond.action.text]
        if runner.kind != BASE:  # the simulated table renegotiates: a match of its own
            played = self._nested_match(inner, target, cond)
            return P.const(sum((played.get(a, 0) for a in wanted), Fraction(0)))
        j = self.states.add(runner, target, inner)
        self.states.edges.setdefault((i, j), cond)
        total = P.ZERO
        for a in wanted:
            total = P.add(total, P.var((j, a)))
        return total

    def _nested_match(self, table: tuple, seat: int, cond) -> dict[str, Fraction]:
        key = (table, seat)
        if key not in self.constants:
            self.constants[key] = self.run.nested_match(table, seat, cond)
        return self.constants[key]


def simulated_table(game, cond: ast.Simulate, program: Program, seat: int, table: tuple):
    """(the seat the simulated program plays in, the table it plays at): `table` with the
    `against` program in this program's seat and the simulated program in its seat."""
    target = 1 - seat if cond.seat is None else game.players.index(cond.seat.text)
    against = program if type(cond.against) is ast.SelfRef else program.refs[cond.against.name.text]
    runner = table[target] if type(cond.program) is ast.SimOpponent else program.refs[cond.program.name.text]
    inner = list(table)
    inner[seat], inner[target] = against, runner
    return target, tuple(inner)


def _put(dist: dict[str, P.Poly], action: str, p: P.Poly) -> None:
    if p:
        dist[action] = P.add(dist.get(action, P.ZERO), p)


def trace_step(run, depth: int, text) -> None:
    """A step of the simulation's trace (spent as fuel like every step)."""
    run.say(depth, "simulation", text)

