"""Recursive simulation solved exactly (docs/simulation.md), independent randomness: the
evaluation states a match reaches form an absorbing Markov chain, whose absorption
probabilities (which action each evaluation ends up playing) solve a linear system in
rationals, one strongly connected set of states at a time, the lower ones first.

A state that can never ground (every path it can take simulates another state that can
never ground) is a regress: found exactly, as a repeated evaluation state, and either
reported with its chain of simulations or, where the game declares `regress (...)`, played
as that profile's action of its seat. Shared randomness is engine/sim_shared.py."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.engine import polynomial as P
from spi_lang.engine.bounded import bounded_within
from spi_lang.engine.linear_system import MAX_UNKNOWNS, solve
from spi_lang.engine.sim_states import States, Symbolic, trace_step
from spi_lang.syntax.errors import SpiError


@attrs.define
class Stats:
    """What the simulations of one match took: states met and the largest linear system."""
    states: int = 0
    largest_system: int = 0
    systems: int = 0


class Chain:
    """The evaluation states of one match under independent randomness and their solution."""

    def __init__(self, run) -> None:
        self.run = run
        self.states = States(run)
        self.polys: list[dict[str, P.Poly]] = []
        self.values: dict[int, dict[str, Fraction]] = {}
        self.stats = Stats()
        self.symbolic = Symbolic(run, self.states, bounded=lambda *a: bounded_within(run, *a))

    def distribution(self, program, seat: int, table: tuple) -> dict[str, Fraction]:
        """What `program` plays in `seat` of `table`, exactly."""
        top = self.states.add(program, seat, table)
        if top not in self.values:
            self._explore()
            self._solve(top)
        return {a: p for a, p in self.values[top].items() if p}

    def _explore(self) -> None:
        while len(self.polys) < len(self.states.keys):
            self.polys.append(self.symbolic.evaluate(len(self.polys)))
        self.stats.states = len(self.polys)

    def successors(self, i: int) -> set[int]:
        return set().union(*(P.states_of(p) for p in self.polys[i].values()))

    def _solve(self, top: int) -> None:
        reach = self._reachable(top)
        grounded = self._grounded(reach)
        known: dict[P.Var, Fraction] = {v: c for s, d in self.values.items() for v, c in _vars(s, d)}
        regress = [s for s in reach if s not in grounded]
        if regress:
            known.update(self._regress(top, set(regress), grounded))
        for scc in _components([s for s in reach if s in grounded and s not in self.values], self.successors):
            known.update(self._solve_component(scc, known))
        for s in reach:
            self.values.setdefault(s, {a: known.get((s, a), Fraction(0)) for a in self.states.actions(s)})
        self._trace(top, reach)

    def _reachable(self, top: int) -> list[int]:
        seen, stack = {top: None}, [top]
        while stack:
            for t in self.successors(stack.pop()):
                if t not in seen and t not in self.values:
                    seen[t] = None
                    stack.append(t)
        return list(seen)

    def _grounded(self, reach: list[int]) -> set[int]:
        """States that end with positive probability (least fixed point): some monomial
        with a nonzero coefficient consults only grounded states."""
        grounded = set(self.values)
        changed = True
        while changed:
            changed = False
            for s in reach:
                if s in grounded:
                    continue
                self.run.charge(sum(len(p) for p in self.polys[s].values()))
                if any(all(t in grounded for t, _ in m) for p in self.polys[s].values() for m in p):
                    grounded.add(s)
                    changed = True
        return grounded

    def _regress(self, top: int, regress: set[int], grounded: set[int]) -> dict:
        """Values for states that never ground: the game's `regress` profile, or an error
        with the chain of simulations from the match to the repeated state."""
        profile = self.run.game.regress
        if profile is None:
            raise regress_error(self.run, self.states, self._chain(top, regress, grounded))
        fixed = {}
        for s in regress:
            seat = self.states.keys[s][1]
            fixed.update({(s, a): Fraction(a == profile[seat]) for a in self.states.actions(s)})
            self.values[s] = {a: fixed[(s, a)] for a in self.states.actions(s)}
        return fixed

    def _chain(self, top: int, regress: set[int], grounded: set[int]) -> list[int]:
        """States from `top` into the regress and round it until one repeats."""
        parent, queue = {top: None}, [top]
        for s in queue:
            if s in regress:
                break
            for t in sorted(self.successors(s)):
                if t not in parent:
                    parent[t] = s
                    queue.append(t)
        path = [s]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])
        path.reverse()
        while True:  # every monomial of a regress state consults some regress state
            m = next(m for p in self.polys[path[-1]].values() for m in p)
            nxt = next(t for t, _ in m if t not in grounded)
            path.append(nxt)
            if path.count(nxt) > 1:
                return path

    def _solve_component(self, scc: list[int], known: dict) -> dict:
        members = set(scc)
        unknowns = [(s, a) for s in scc for a in self.states.actions(s)]
        if len(unknowns) > MAX_UNKNOWNS:
            raise SpiError(f"the simulations of this match make a linear system of {len(unknowns):,} "
                           f"unknowns, more than {MAX_UNKNOWNS:,}", self.states.keys[scc[0]][0].decl.name.span)
        rows = {}
        for s in scc:
            for a in self.states.actions(s):
                rows[(s, a)] = self._row(s, P.substitute(self.polys[s].get(a, {}), known, self.run.charge), members)
        self.stats.systems += 1
        self.stats.largest_system = max(self.stats.largest_system, len(unknowns))
        if all(set(row) <= {None} for row in rows.values()):
            return {u: row.get(None, Fraction(0)) for u, row in rows.items()}
        return solve(unknowns, rows, self.run.charge)

    def _row(self, s: int, poly: P.Poly, members: set[int]) -> dict:
        row: dict = {}
        for m, c in poly.items():
            if len(m) > 1:
                raise nonlinear_error(self.states, s, m)
            row[m[0] if m else None] = c
        return row

    def _trace(self, top: int, reach: list[int]) -> None:
        if not self.run.trace:
            return
        name = lambda s: f"x{s}"  # noqa: E731
        trace_step(self.run, 1, lambda: f"evaluation states (independent coins): {len(reach)}, "
                   f"largest linear system {self.stats.largest_system} unknowns")
        for s in sorted(reach):
            polys = self.polys[s]
            trace_step(self.run, 2, lambda s=s, polys=polys: f"x{s} = {self.states.name(s)}: " + "; ".join(
                f"{a} {P.show(polys.get(a, {}), name)}" for a in self.states.actions(s)))
        for s in sorted(reach):
            trace_step(self.run, 2, lambda s=s: f"x{s} plays " + _show_dist(self.values[s]))


def _vars(s: int, dist: dict[str, Fraction]):
    return (((s, a), p) for a, p in dist.items())


def _show_dist(dist: dict[str, Fraction]) -> str:
    return "{" + ", ".join(f"{a}: {p}" for a, p in dist.items()) + "}"


def _components(nodes: list[int], successors) -> list[list[int]]:
    """Strongly connected components of the graph on `nodes`, successors before
    predecessors (Tarjan's algorithm, iterative: chains of states can be long)."""
    inside = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack, stack, out = set(), [], []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(successors(root) & inside)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    out.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(successors(child) & inside))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def regress_error(run, states: States, path: list[int]) -> SpiError:
    """The positioned error of a simulation regress that never grounds, with its chain."""
    steps = []
    for a, b in zip(path, path[1:]):
        steps.append((f"{states.name(a)} simulates {states.name(b)}", states.edges[(a, b)]))
    repeated = path[-1]
    first = path.index(repeated)
    shown = _shorten(steps)
    text = "; ".join(s for s, _ in shown)
    message = (f"this simulation regress never grounds: {text}, the evaluation state "
               f"x{repeated} again, and no path out of the cycle plays without simulating; "
               f"ground it (`random < p`, `within N steps`) or declare `regress (...)` in game "
               f"{run.game.name}")
    notes = tuple((f"x{a} -> x{b}: {s}", node.span) for (s, node), a, b in
                  zip(steps, path, path[1:]) if node.span is not None)
    return SpiError(message, steps[first][1].span, notes=_shorten(notes))


def _shorten(items, keep: int = 3):
    """The first and last `keep` items of a long chain, the middle counted."""
    items = list(items)
    if len(items) <= 2 * keep + 1:
        return items
    middle = (f"... {len(items) - 2 * keep} more simulations ...", items[keep][1])
    return items[:keep] + [middle] + items[-keep:]


def nonlinear_error(states: States, s: int, monomial) -> SpiError:
    """A path that consults two simulations of its own recursive cycle."""
    shown = " and ".join(f"x{t}[{a}]" for t, a in monomial)
    node = next((n for (a, b), n in states.edges.items() if a == s and b == monomial[0][0]), None)
    span = node.span if node is not None else states.keys[s][0].decl.name.span
    return SpiError(f"{states.name(s)} consults two simulations of its own recursive cycle on "
                    f"one path ({shown}): its exact outcome would solve a polynomial system, "
                    "whose solutions need not be rational; spilang solves linear ones only",
                    span)


def chain_of(run) -> Chain:
    """The run's chain of evaluation states (one per match, made on first use)."""
    chain = getattr(run, "_sim_chain", None)
    if chain is None:
        chain = run._sim_chain = Chain(run)
    return chain


def uses_simulation(program) -> bool:
    """Whether a base program's body simulates, draws `random` or bounds a simulation."""
    return program.simulates
