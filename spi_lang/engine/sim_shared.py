"""Recursive simulation solved exactly under shared randomness (`randomness shared`,
docs/simulation.md): one random tape U1, U2, ... of independent uniform numbers, where every
evaluation at simulation depth d (the seats of the match at depth 0, what they simulate at
depth 1, ...) compares each of its `random < p` with the same number U(d+1). The seats of a
match are then correlated, and so are all the simulations run at one depth.

The chain's states are *joint* states: the set of evaluation states run at one depth,
whose unknowns are the probabilities of each assignment of actions to them. On each cell of
the depth's number (cut at every threshold its programs compare with) every program's path
is fixed up to the simulations it consults, which form the joint state of the next depth;
the joint distribution is the push-forward of the next one's, so the system is linear. A
step runs every simulation its programs may consult on that cell (on one tape, a run that
is not consulted changes no result). A joint state that can never ground is a regress:
reported with its chain or, where the game declares `regress (...)`, played as that profile."""

from __future__ import annotations

import itertools
from fractions import Fraction

from spi_lang.engine import polynomial as P
from spi_lang.engine.bounded import bounded_within
from spi_lang.engine.linear_system import MAX_UNKNOWNS, solve
from spi_lang.engine.sim_states import MAX_STATES, States, Symbolic, trace_step
from spi_lang.engine.simulation import Stats, components
from spi_lang.geometry.numbers import bounded
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

Joint = tuple[int, ...]  # sorted state indices


class SharedChain:
    """The joint states of one match under shared randomness and their solution."""

    def __init__(self, run) -> None:
        self.run = run
        self.states = States(run)
        self.joints: list[Joint] = []
        self.index: dict[Joint, int] = {}
        # per joint state: [(cell length, next joint, {member: {action: poly}})]
        self.moves: list[list[tuple[Fraction, int, dict]]] = []
        self.stats = Stats()

    def outcome(self, table: tuple, bases: list) -> list[tuple[tuple[str, ...], Fraction]]:
        """(profile, probability) pairs of the seats' base programs at `table`, together."""
        members = [self.states.add(p, seat, table) for seat, p in enumerate(bases)]
        top = self._joint(tuple(sorted(set(members))))
        self._explore()
        values = self._solve(top)
        pairs = []
        for alpha, p in values[top].items():
            chosen = dict(zip(self.joints[top], alpha))
            pairs.append((tuple(chosen[s] for s in members), p))
        return pairs

    def _joint(self, joint: Joint) -> int:
        found = self.index.get(joint)
        if found is None:
            if len(self.joints) >= MAX_STATES:
                raise SpiError(f"shared-randomness simulation reaches more than {MAX_STATES:,} joint states",
                               self.states.keys[joint[0]][0].decl.name.span)
            found = self.index[joint] = len(self.joints)
            self.joints.append(joint)
        return found

    def _explore(self) -> None:
        while len(self.moves) < len(self.joints):
            self.moves.append(self._moves(self.joints[len(self.moves)]))
        self.stats.states = len(self.states.keys)

    def _moves(self, joint: Joint) -> list:
        moves = []
        for lo, hi in _cells([self.states.keys[s][0] for s in joint]):
            self.run.charge()
            symbolic = Symbolic(self.run, self.states, cell=(lo, hi),
                                bounded=lambda *a: bounded_within(self.run, *a))
            polys = {s: symbolic.evaluate(s) for s in joint}
            consulted = set().union(*(P.states_of(p) for d in polys.values() for p in d.values()))
            moves.append((hi - lo, self._joint(tuple(sorted(consulted))), polys))
        return moves

    def _assignments(self, j: int) -> list[tuple[str, ...]]:
        joint = self.joints[j]
        count = 1
        for s in joint:
            count *= len(self.states.actions(s))
        if count > MAX_UNKNOWNS:
            raise SpiError(f"the simulations run at one depth have {count:,} joint assignments, "
                           f"more than {MAX_UNKNOWNS:,}", self.states.keys[joint[0]][0].decl.name.span)
        return list(itertools.product(*(self.states.actions(s) for s in joint)))

    def _solve(self, top: int) -> dict[int, dict]:
        reach = self._reachable(top)
        grounded = self._grounded(reach)
        values: dict[int, dict] = {}
        regress = [j for j in reach if j not in grounded]
        if regress:
            values.update(self._regress(top, set(regress), grounded))
        order = components([j for j in reach if j in grounded], self._successors)
        for scc in order:
            values.update(self._solve_component(scc, values))
        self._trace(reach, values)
        return values

    def _successors(self, j: int) -> set[int]:
        return {nxt for _, nxt, _ in self.moves[j] if self.joints[nxt]}

    def _reachable(self, top: int) -> list[int]:
        seen, stack = {top: None}, [top]
        while stack:
            for t in self._successors(stack.pop()):
                if t not in seen:
                    seen[t] = None
                    stack.append(t)
        return list(seen)

    def _grounded(self, reach: list[int]) -> set[int]:
        grounded: set[int] = set()
        changed = True
        while changed:
            changed = False
            for j in reach:
                if j not in grounded and any(not self.joints[n] or n in grounded for _, n, _ in self.moves[j]):
                    self.run.charge(len(self.moves[j]))
                    grounded.add(j)
                    changed = True
        return grounded

    def _regress(self, top: int, regress: set[int], grounded: set[int]) -> dict[int, dict]:
        profile = self.run.game.regress
        if profile is None:
            raise self._regress_error(self._chain(top, regress, grounded))
        fixed = {}
        for j in regress:
            alpha = tuple(profile[self.states.keys[s][1]] for s in self.joints[j])
            fixed[j] = {alpha: Fraction(1)}
        return fixed

    def _chain(self, top: int, regress: set[int], grounded: set[int]) -> list[int]:
        parent, queue = {top: None}, [top]
        for j in queue:
            if j in regress:
                break
            for t in sorted(self._successors(j)):
                if t not in parent:
                    parent[t] = j
                    queue.append(t)
        path = [j]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])
        path.reverse()
        while True:
            nxt = next(n for _, n, _ in self.moves[path[-1]] if self.joints[n] and n not in grounded)
            path.append(nxt)
            if path.count(nxt) > 1:
                return path

    def _regress_error(self, path: list[int]) -> SpiError:
        named = lambda j: " and ".join(self.states.name(s) for s in self.joints[j])  # noqa: E731
        text = "; ".join(f"{named(a)} simulate {named(b)}" for a, b in zip(path, path[1:]))
        node = next((n for (a, b), n in self.states.edges.items()
                     if a in self.joints[path[0]] and b in self.joints[path[1]]), None)
        span = node.span if node is not None else self.states.keys[self.joints[path[0]][0]][0].decl.name.span
        return SpiError(f"this simulation regress never grounds (shared randomness): {text}, the "
                        "same joint evaluation state again, on every cell of the shared tape; ground "
                        f"it or declare `regress (...)` in game {self.run.game.name}", span)

    def _solve_component(self, scc: list[int], values: dict) -> dict[int, dict]:
        unknowns = [(j, alpha) for j in scc for alpha in self._assignments(j)]
        if len(unknowns) > MAX_UNKNOWNS:
            raise SpiError(f"the shared-randomness system has {len(unknowns):,} unknowns, more than "
                           f"{MAX_UNKNOWNS:,}", self.states.keys[self.joints[scc[0]][0]][0].decl.name.span)
        rows = {u: self._row(*u, values) for u in unknowns}
        self.stats.systems += 1
        self.stats.largest_system = max(self.stats.largest_system, len(unknowns))
        if all(set(row) <= {None} for row in rows.values()):
            solved = {u: row.get(None, Fraction(0)) for u, row in rows.items()}
        else:
            solved = solve(unknowns, rows, self.run.charge)
        out: dict[int, dict] = {j: {} for j in scc}
        for (j, alpha), p in solved.items():
            if p:
                out[j][alpha] = p
        return out

    def _row(self, j: int, alpha: tuple[str, ...], values: dict) -> dict:
        row: dict = {}
        members = self.joints[j]
        for length, nxt, polys in self.moves[j]:
            after = self.joints[nxt]
            for beta in (self._assignments(nxt) if after else [()]):
                chosen = dict(zip(after, beta))
                weight = length
                for s, a in zip(members, alpha):
                    self.run.charge()
                    weight = bounded(weight * P.evaluate(polys[s].get(a, {}), chosen), P.WHAT)
                    if not weight:
                        break
                if not weight:
                    continue
                if not after:
                    row[None] = bounded(row.get(None, Fraction(0)) + weight, P.WHAT)
                elif nxt in values:
                    row[None] = bounded(row.get(None, Fraction(0)) + weight * values[nxt].get(beta, Fraction(0)), P.WHAT)
                else:
                    row[(nxt, beta)] = bounded(row.get((nxt, beta), Fraction(0)) + weight, P.WHAT)
        return row

    def _trace(self, reach: list[int], values: dict) -> None:
        if not self.run.trace:
            return
        trace_step(self.run, 1, lambda: f"joint evaluation states (shared tape): {len(reach)}, "
                   f"largest linear system {self.stats.largest_system} unknowns")
        for j in sorted(reach):
            names = ", ".join(f"x{s} = {self.states.name(s)}" for s in self.joints[j])
            shown = ", ".join(f"({', '.join(a)}): {p}" for a, p in values.get(j, {}).items())
            trace_step(self.run, 2, lambda j=j, names=names, shown=shown:
                       f"depth step J{j} [{names}] plays {{{shown}}}")


def _cells(programs) -> list[tuple[Fraction, Fraction]]:
    """The intervals of [0, 1) between the thresholds the programs compare `random` with."""
    cuts = {Fraction(0), Fraction(1)}
    for program in programs:
        cuts.update(n.prob.value for n in walk(program.body) if type(n) is ast.Random)
    cuts = sorted(cuts)
    return [(lo, hi) for lo, hi in zip(cuts, cuts[1:]) if hi > lo]


def shared_outcome(run, table: tuple, bases: list) -> list[tuple[tuple[str, ...], Fraction]]:
    """The correlated (profile, probability) pairs of the seats' base programs at `table`."""
    chain = SharedChain(run)
    trace_step(run, 0, lambda: "the seats share one random tape (randomness shared): their "
               "simulations are solved together")
    run.depth += 1
    try:
        return chain.outcome(table, bases)
    finally:
        run.depth -= 1
