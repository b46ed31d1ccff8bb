"""Which matches a tournament plays, and its cells from their results. Programs with equal
code form a class in each seat; one match is played per profile of classes (one class per
seat) that the match cache does not hold, so N^n cells of a population with few distinct
programs cost few matches. Cells with equal results share one object. The size of a
tournament of 3+ seats is bounded: at most MAX_CELLS cells, checked before anything is planned."""

from __future__ import annotations

from itertools import chain, product
from operator import itemgetter
from math import prod

from spi_lang.analysis.tournament_results import Cell
from spi_lang.engine import matches
from spi_lang.engine.compiled import CompiledMatches
from spi_lang.engine.compiled_rows import Rows
from spi_lang.engine.matches import Match, MatchCache
from spi_lang.geometry.games import Game
from spi_lang.load.programs import Program, code_classes
from spi_lang.syntax.errors import SpiError

MAX_CELLS = 1_000_000  # for 3+ seats: 100 programs in 3 seats, 31 in 4


def size_problem(sizes: list[int]) -> str | None:
    """Why a tournament with `sizes` programs per seat is too large to play, or None.
    2-seat tournaments keep no cell limit (as before n seats: a 4,000-program round robin
    is a documented use); for 3+ seats the cells grow as N^n, so they are bounded."""
    cells = prod(sizes)
    if cells <= MAX_CELLS or len(sizes) <= 2:
        return None
    shown = " x ".join(f"{n:,}" for n in sizes)
    return (f"this tournament has {cells:,} cells ({shown} programs per seat), more than the "
            f"limit of {MAX_CELLS:,}: give fewer programs, or separate seats with fewer in some")


class Plan:
    """One match per profile of code classes, minus those in the cache; failures replayed
    per profile of programs (their messages name the programs); then the cells."""

    def __init__(self, seats: list[list[Program]], game: Game, setup, cache: MatchCache | None) -> None:
        self.seats, self.cache = seats, cache
        self.errors = [[matches.seat_errors(p, game, seat) for p in programs]
                       for seat, programs in enumerate(seats)]
        if cache is None:  # classes from one partition of every program: no digests to make
            every = list({id(p): p for programs in seats for p in programs}.values())
            code = dict(zip(map(id, every), code_classes(every)))
            key = lambda program: code[id(program)]  # noqa: E731
        else:
            key = _digest
        self.classes = [_classes(programs, errors, key) for programs, errors in zip(seats, self.errors)]
        members = [m for _, m in self.classes]
        combos = product(*(range(len(m)) for m in members))
        self.results: dict[tuple[int, ...], Match | str] = {}
        self.overrides: dict[tuple[int, ...], Cell] = {}
        # 2 seats without a cache: the results are a table, a row per class of seat 1,
        # filled a row at a time from compiled tables (`fill`), the rest played as usual
        self.table: list[list] | None = None
        self.by_rows = cache is None and len(seats) == 2
        self.count = prod(map(len, members))  # profiles of classes to play
        if self.by_rows:
            self.todo: list[tuple[int, ...]] = []
            return
        if cache is None:  # no keys to make
            self.todo = list(combos)
            return
        digest = matches.game_digest(game)
        digests = [[seats[s][m[0]].digest for m in members[s]] for s in range(len(seats))]
        # `map` over the seats, not a generator: this runs once per profile of classes
        self.keys = {combo: (digest, *map(list.__getitem__, digests, combo), setup.selection, setup.fuel)
                     for combo in combos}
        self.results = {combo: hit for combo, k in self.keys.items() if (hit := cache.get(k)) is not None}
        self.todo = [combo for combo in self.keys if combo not in self.results]
        self.count = len(self.todo)

    def fill(self, compiled: CompiledMatches, fuel: int, bar) -> None:
        """The table's cells that compiled tables give (`engine.compiled_rows`), counted on
        `bar`; the others become `todo`, to be played and recorded as usual."""
        firsts = [[self.seats[s][m[0]] for m in self.classes[s][1]] for s in range(2)]
        rows = Rows(compiled, firsts[0], firsts[1], fuel)
        self.table = []
        for program in firsts[0]:
            row = rows.row(program)
            bar.update(sum(found is not None for found in row))  # by identity: no Match.__eq__
            self.table.append(row)
        self.todo = [(r, c) for r, row in enumerate(self.table) for c, found in enumerate(row) if found is None]

    def result(self, combo: tuple[int, ...]) -> Match | str:
        return self.results[combo] if self.table is None else self.table[combo[0]][combo[1]]

    def items(self):
        """(profile of classes, result) pairs, in profile order."""
        if self.table is None:
            return self.results.items()
        return (((r, c), found) for r, row in enumerate(self.table) for c, found in enumerate(row))

    def names(self, combos) -> list[tuple[str, ...]]:
        """The programs that play each profile of classes: the first member of each class."""
        members = [m for _, m in self.classes]
        firsts = [[self.seats[s][m[0]].name for m in members[s]] for s in range(len(self.seats))]
        if len(firsts) == 2:  # C loops over the profiles
            one, two = firsts
            return list(zip(map(one.__getitem__, map(itemgetter(0), combos)),
                            map(two.__getitem__, map(itemgetter(1), combos))))
        return [tuple(map(list.__getitem__, firsts, combo)) for combo in combos]

    def profile_names(self, profiles) -> list[tuple[str, ...]]:
        return [tuple(self.seats[s][k].name for s, k in enumerate(profile)) for profile in profiles]

    def record(self, combos, results) -> None:
        """The results of profiles of classes; finished matches go into the cache."""
        if self.table is not None:
            for (r, c), result in zip(combos, results):
                self.table[r][c] = result
            return
        if self.cache is None:
            self.results.update(zip(combos, results))
            return
        for combo, result in zip(combos, results):
            self.results[combo] = result
            if isinstance(result, Match):
                self.cache.put(self.keys[combo], result)

    def retries(self) -> list[tuple[int, ...]]:
        """A failure's message names its programs: the other profiles of programs of a
        failed profile of classes are played for their own message."""
        members = [m for _, m in self.classes]
        out = []
        # in a table only the played cells (not the compiled ones) can have failed
        pairs = self.results.items() if self.table is None else zip(self.todo, map(self.result, self.todo))
        for combo, result in pairs:
            if isinstance(result, Match):
                continue
            first = tuple(members[s][c][0] for s, c in enumerate(combo))
            out += [p for p in product(*(members[s][c] for s, c in enumerate(combo))) if p != first]
        return out

    def record_profiles(self, profiles, results) -> None:
        for profile, result in zip(profiles, results):
            self.overrides[profile] = cell_of(result)

    def cells(self) -> tuple[Cell, ...]:
        """Every cell in profile order; equal results share one cell (a million matches of
        a small game have few distinct outcomes), found by the identity of their parts.
        Made a run of the last seat at a time, straight into the tuple: a run is one row
        of the table of class profiles, picked out by the last seat's classes in C
        (`itemgetter`), with refused programs and replayed failures put in."""
        if not all(self.seats):
            return ()
        return tuple(chain.from_iterable(self._runs()))

    def _runs(self):
        shared: dict[tuple[int, int], Cell] = {}
        by_result: dict[int, Cell] = {}  # most results are one of a few shared objects

        def cell(result) -> Cell:
            found = by_result.get(id(result))
            if found is not None:
                return found
            if not isinstance(result, Match):
                found = by_result[id(result)] = cell_of(result)  # the result stays alive: its id is its own
                return found
            ident = (id(result.outcome), id(result.payoffs))
            found = by_result[id(result)] = shared.get(ident) or shared.setdefault(ident, cell_of(result))
            return found
        of = [c for c, _ in self.classes]
        last = of[-1]
        classes = len(self.classes[-1][1])
        refused_columns = [k for k, c in enumerate(last) if c < 0]
        pick = itemgetter(*[c if c >= 0 else classes for c in last])
        patches: dict[tuple[int, ...], list] = {}
        for profile, found in self.overrides.items():
            patches.setdefault(profile[:-1], []).append((profile[-1], found))
        refused: dict[tuple[int, ...], Cell] = {}
        rows: dict[tuple[int, ...], list] = {}  # a row of classes, once per class profile
        for prefix in product(*(range(len(programs)) for programs in self.seats[:-1])):
            head = tuple(map(list.__getitem__, of[:-1], prefix))
            if min(head) < 0:
                yield [self._refused(prefix + (k,), head + (c,), refused) for k, c in enumerate(last)]
                continue
            row = rows.get(head)
            if row is None:
                row = rows[head] = self._row(head, classes, cell, by_result)
            run = pick(row) if len(last) > 1 else (pick(row),)
            if refused_columns or prefix in patches:
                run = list(run)
                for k in refused_columns:
                    run[k] = self._refused(prefix + (k,), head + (-1,), refused)
                for k, found in patches.get(prefix, ()):
                    run[k] = found
            yield run

    def _row(self, head: tuple[int, ...], classes: int, cell, by_result: dict) -> list:
        """The cells of one row of classes, and a None for refused programs to pick."""
        if self.table is None:
            return [*map(cell, map(self.results.__getitem__, [head + (c,) for c in range(classes)])), None]
        found = self.table[head[0]]
        ids = list(map(id, found))
        for ident, result in dict(zip(ids, found)).items():  # each distinct result once
            if ident not in by_result:
                by_result[ident] = cell(result)
        return [*map(by_result.__getitem__, ids), None]

    def _refused(self, profile, combo, refused: dict) -> Cell:
        """The cell of a profile with programs that cannot take their seats: their errors,
        shared between the profiles whose refused programs are the same."""
        which = tuple(k if c < 0 else -1 for k, c in zip(profile, combo))
        if which not in refused:
            errors = [e for s, k in enumerate(which) if k >= 0 for e in self.errors[s][k]]
            refused[which] = Cell(error=reason(errors))
        return refused[which]


def _digest(program: Program) -> bytes:
    return program.digest


def _classes(programs: list[Program], errors: list[list], key=_digest) -> tuple[list[int], list[list[int]]]:
    """Each program's code class (-1 if it cannot take the seat) and each class's members,
    in order; a class is numbered by its first member; `key(program)` is equal exactly
    for programs of equal code."""
    index: dict = {}
    of, members = [], []
    for k, (program, problems) in enumerate(zip(programs, errors)):
        if problems:
            of.append(-1)
            continue
        c = index.setdefault(key(program), len(members))
        if c == len(members):
            members.append([])
        members[c].append(k)
        of.append(c)
    return of, members


def cell_of(result: Match | str) -> Cell:
    if isinstance(result, Match):
        return Cell(result.payoffs, result.outcome)
    return Cell(error=result)


def reason(errors: list[SpiError]) -> str:
    """Why a match failed, on one line: the first error at its position, and how many more."""
    first = errors[0]
    span = first.span
    where = f"{span.path}:{span.line}:{span.col}" if span is not None else first.path or "spilang"
    more = f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return f"{where}: {first.message}{more}"
