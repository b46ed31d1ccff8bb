"""Provability conditions, exactly: `provable(S)` and `provable in PA+n (S)` (modal agents,
Barasz et al. 2014; LaVictoire et al.'s "modal combat") decided on the Kripke chain of
Gödel–Löb logic.

Each `provable` condition met in a match is a *box*: the condition, the program whose code
holds it, its seat and the table it reads. World n of the chain sees the worlds below it;
at world n a box of level k (PA+k) holds iff its statement held at every world m < n with
m >= k (at the worlds below k the k consistency statements are false, so there they prove
anything, as modal combat's `boxk` says). A statement's atoms `X plays A against Y` read
the action X plays against Y at that world, found by running X with every box read at that
world. So a box's value at world n+1 is its value at world n and (when n >= k) its
statement's value at world n: the values only fall, and a function of world n's values
alone. Past the highest level, once two consecutive worlds agree on every box they agree
forever; that stable value is the box's truth in the standard model (every letterless
sentence of GL takes its arithmetic truth at all large enough worlds), and the match is
played with it. Between levels, a world equal to the one before repeats until the next
level, so the chain jumps there: at most (levels + 1) * (boxes + 1) worlds are evaluated.

Boxes are found while evaluating: one first reached at world 0 joins at once (every box
holds at world 0); one first reached later needs the worlds before it, so the chain
restarts from world 0 with it. Code equality and template tests in the same programs are
decidable facts about code, the same at every world (PA proves or refutes them), so they
are evaluated as they are in any match. Every step is charged to the match's fuel."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.geometry.games import ONE
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

Box = tuple  # (condition, program, seat, table): one `provable` condition where it is read
Variable = tuple  # (seat, table): the action of the program in that seat of that table


@attrs.frozen
class World:
    """One row of the chain: the box values and the actions read at world `number` (and
    every world up to `last`, all equal to it)."""

    number: int
    last: int
    boxes: tuple[bool, ...]
    actions: tuple[tuple[Variable, str], ...]


@attrs.frozen
class KripkeChain:
    """A solved chain: the boxes, the worlds evaluated until the values were stable, the
    world from which they are, and how often a box found late made it start again."""

    boxes: tuple[Box, ...]
    worlds: tuple[World, ...]
    stable: int
    restarts: int

    @property
    def truth(self) -> tuple[bool, ...]:
        """Each box's value from the stable world on: its truth in the standard model."""
        return self.worlds[-1].boxes


class Provability:
    """The provability part of one match (the interpreter's run): solved boxes, and the
    box values of the world being evaluated while a chain is solved."""

    def __init__(self, run, shared_template, trace_chain) -> None:
        self.run = run
        self.shared_template = shared_template  # the interpreter's: do a table's programs renegotiate?
        self.trace_chain = trace_chain  # records a solved chain in the trace (modal_trace.py)
        self.truth: dict[tuple, bool] = {}
        self.world: dict[tuple, bool] | None = None
        self.found: list[Box] = []
        self.chains: list[KripkeChain] = []

    def holds(self, cond: ast.Provable, program, seat: int, table) -> bool:
        """The value of `cond` for `program` in `seat` of `table`: its truth, solving its
        chain the first time; inside a chain, its value at the world being evaluated."""
        box = (cond, program, seat, table)
        key = _key(box)
        if self.world is not None:
            value = self.world.get(key)
            if value is None:  # found now: true at world 0, else the chain starts again
                self.found.append(box)
                value = self.world[key] = True
            return value
        if key not in self.truth:
            chain = self._solve(box)
            self.truth.update(zip(map(_key, chain.boxes), chain.truth))
            self.chains.append(chain)
            if self.run.trace:
                self.trace_chain(self.run, chain)
        return self.truth[key]

    def _solve(self, box: Box) -> KripkeChain:
        run = self.run
        saved = run.trace, run._csr
        run.trace = False  # the chain's evaluations are summarized as its table
        boxes, restarts = [box], 0
        try:
            while True:
                worlds = self._chain(boxes)
                if worlds is not None:
                    break
                restarts += 1
        finally:
            self.world = None
            run.trace, run._csr = saved
        final = worlds[-1].boxes
        first = len(worlds) - 1
        while first > 0 and worlds[first - 1].boxes == final:
            first -= 1
        return KripkeChain(tuple(boxes), tuple(worlds), worlds[first].number, restarts)

    def _chain(self, boxes: list[Box]) -> list[World] | None:
        """The worlds from 0 until stable, or None when a box is found after world 0
        (then it is in `boxes`, for the next start)."""
        keys = [_key(b) for b in boxes]
        values = dict.fromkeys(keys, True)
        worlds: list[World] = []
        n = 0
        while True:
            actions, holds = self._world(n, boxes, keys, values)
            if holds is None:
                return None
            after = {k: values[k] and (n < b[0].level or h) for k, b, h in zip(keys, boxes, holds)}
            levels = [b[0].level for b in boxes if b[0].level > n]
            same = after == values
            last = (min(levels) - 1) if same and levels else n
            worlds.append(World(n, last, tuple(values[k] for k in keys), tuple(actions.items())))
            if same and not levels:
                return worlds
            n, values = last + 1, after

    def _world(self, n: int, boxes: list[Box], keys: list, values: dict):
        """Every box's statement at world n (boxes found at world 0 join), with the
        actions read; `holds` is None when a box was found at a later world."""
        run = self.run
        run.charge(len(boxes))
        run._csr = None  # csr offers computed at one world do not hold at another
        self.world, self.found = values, []
        actions: dict[Variable, str] = {}
        holds: list[bool] = []
        i = 0
        while i < len(boxes):
            holds.append(self._statement(boxes[i][0].statement, boxes[i], actions))
            if self.found:
                boxes.extend(self.found)
                keys.extend(_key(b) for b in self.found)
                if n > 0:
                    return actions, None
                self.found = []
            i += 1
        return actions, holds

    def _statement(self, node, box: Box, actions: dict) -> bool:
        self.run.charge()
        kind = type(node)
        if kind is ast.Plays:
            return self._plays(node, box, actions)
        if kind is ast.Provable:
            _, program, seat, table = box
            return self.holds(node, program, seat, table)
        if kind is ast.Not:
            return not self._statement(node.operand, box, actions)
        if kind is ast.And:
            return all(self._statement(c, box, actions) for c in node.operands)
        return any(self._statement(c, box, actions) for c in node.operands)

    def _plays(self, atom: ast.Plays, box: Box, actions: dict) -> bool:
        """`X plays A against Y` at the world being evaluated."""
        cond, program, seat, table = box
        if len(table) != 2:
            raise SpiError(f"provability statements are about 2-player games; this one has "
                           f"{len(table)} players", cond.span)
        other = 1 - seat
        subject = table[other] if type(atom.subject) is ast.Opponents else program.refs[atom.subject.name.text]
        against = table[seat] if type(atom.against) is ast.SelfRef else program.refs[atom.against.name.text]
        pair = (subject, against) if other == 0 else (against, subject)
        variable = (other, pair)
        played = actions.get(variable)
        if played is None:
            played = actions[variable] = self._action(atom, other, pair)
        return played == atom.action.text

    def _action(self, atom: ast.Plays, seat: int, table) -> str:
        """The one action the program in `seat` of `table` plays (a mix is an error: a
        probability is not a statement PA proves or refutes)."""
        run = self.run
        if self.shared_template(table):
            dist: dict[str, Fraction] = {}
            for profile, p in run.match(table).support:
                dist[profile[seat]] = dist.get(profile[seat], 0) + p
        else:
            dist = run._respond(table[seat], seat, table)
        if len(dist) != 1 or next(iter(dist.values())) != ONE:
            mix = ", ".join(f"{a}: {p}" for a, p in dist.items())
            raise SpiError(f"provability needs one action: {table[seat].name} plays mix "
                           f"{{{mix}}} against {table[1 - seat].name}, and a "
                           "probability is not a statement PA proves or refutes", atom.span)
        return next(iter(dist))


def _key(box: Box) -> tuple:
    """A box's identity: the condition node itself (not its equal copies elsewhere), the
    program, seat and table."""
    cond, program, seat, table = box
    return (id(cond), program, seat, table)
