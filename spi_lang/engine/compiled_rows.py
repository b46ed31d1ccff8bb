"""Whole rows of a 2-seat tournament's table of code classes, from `CompiledMatches`.

A base program's response depends only on its counterpart's template and on which of the
few codes its conditions compare with the counterpart has (`CompiledMatches.response`). So
against most columns a row program gives the same response (the one for "a code it does
not name"), and most columns give the same response to most rows. A row is then made in
C: each column has a view id (its kind and the response it gives to rows of this kind),
and a row of equal responses maps the ids through one shared table of results. Only the
few cells where one side names the other's code (its own or its default's), and the
renegotiation pairs (whose maps differ from program to program), are played one by one,
through the same kept responses and outcomes as `CompiledMatches.play`, so each cell is
the very `Match` object `play` gives, or None where `play` gives None (the interpreter
must play it: other templates, too little fuel, a number past the bound)."""

from __future__ import annotations

from spi_lang.engine.compiled import COMPILED, CompiledMatches
from spi_lang.engine.matches import Match
from spi_lang.geometry.numbers import NumberTooLarge
from spi_lang.load.programs import BASE, RENEGOTIATION, Program

NOT_COMPILED = 0  # the view id of a column that the interpreter plays


class Rows:
    """The compiled cells of `rows` (seat 1's class representatives) against `columns`
    (seat 2's), a row at a time (`row`)."""

    def __init__(self, compiled: CompiledMatches, rows: list[Program], columns: list[Program], fuel: int) -> None:
        self.compiled, self.columns, self.fuel = compiled, columns, fuel
        # What a response "to a code it does not name" is found with: a program of that
        # template on the other side whose code it does not name.
        self._faces = {0: _faces(rows), 1: _faces(columns)}
        self._views: dict[tuple, int] = {(): NOT_COMPILED}
        self._view_of: list[tuple] = [()]
        self._tables: dict[tuple, _Table] = {}
        self._showing: dict[int, list[int]] = {}  # code -> columns that have it or whose default has it
        self._naming: dict[int, list[int]] = {}  # code -> columns whose conditions compare with it
        self._base_view, self._reneg_view = [], []  # each column's view for base, renegotiation rows
        self._reneg_columns, self._reneg_response = [], {}
        for j, column in enumerate(columns):
            self._column(j, column)

    def _column(self, j: int, column: Program) -> None:
        part = _base_part(column)
        codes = None if column.kind not in COMPILED else self.compiled.codes_of(part)
        if codes is None:
            self._base_view.append(NOT_COMPILED)
            self._reneg_view.append(NOT_COMPILED)
            return
        for code in {column.code, part.code}:
            self._showing.setdefault(code, []).append(j)
        for code in codes:
            self._naming.setdefault(code, []).append(j)
        to_base = self._generic(part, 1, BASE)  # a renegotiation column's default meets base programs
        if column.kind == BASE:
            self._base_view.append(self._view(("base", id(to_base)), to_base))
            to_reneg = self._generic(part, 1, RENEGOTIATION)
            self._reneg_view.append(self._view(("base", id(to_reneg)), to_reneg))
        else:  # a renegotiation row meets its default with its own default (played per cell)
            self._base_view.append(self._view(("reneg", id(to_base)), to_base))
            self._reneg_view.append(NOT_COMPILED)
            self._reneg_columns.append(j)
            self._reneg_response[j] = to_base

    def _view(self, key: tuple, response) -> int:
        found = self._views.get(key)
        if found is None:
            found = self._views[key] = len(self._view_of)
            self._view_of.append((key[0], response))
        return found

    def _generic(self, program: Program, seat: int, kind: str):
        """`program`'s response (seat `seat`) to counterparts of template `kind` whose code
        its conditions do not name; None if none sits on the other side (then every such
        cell is played one by one) or it runs out of fuel."""
        codes = self.compiled.codes_of(program)
        for face in self._faces[1 - seat][kind]:
            if face.code not in codes:
                return self.compiled.response(program, seat, face, self.fuel)
        return None

    def row(self, program: Program) -> list[Match | None]:
        """The row of `program` (seat 1) against every column: a `Match`, or None where
        the interpreter must play the cell."""
        count = len(self.columns)
        part = _base_part(program)
        codes = None if program.kind not in COMPILED else self.compiled.codes_of(part)
        if codes is None:
            return [None] * count
        to_base = self._generic(part, 0, BASE)
        if program.kind == BASE:
            to_reneg = self._generic(part, 0, RENEGOTIATION)
            key, views = (BASE, id(to_base), id(to_reneg)), self._base_view
        else:
            to_reneg, key, views = None, (RENEGOTIATION, id(to_base)), self._reneg_view
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = _Table(self, program.kind, to_base, to_reneg)
        out = list(map(table.__getitem__, views))
        if program.kind == RENEGOTIATION:
            self._renegotiations(program, to_base, out)
        play, columns, fuel = self.compiled.play, self.columns, self.fuel
        for j in self._patches(program, part, codes):
            out[j] = play((program, columns[j]), fuel)
        return out

    def _renegotiations(self, program: Program, to_base, out: list) -> None:
        """Algorithm 1 against each renegotiation column, from the defaults' responses."""
        compiled, fuel, columns, responses = self.compiled, self.fuel, self.columns, self._reneg_response
        for j in self._reneg_columns:
            try:
                found = compiled.agreed(program, columns[j], to_base, responses[j], fuel)
                out[j] = None if found is None else compiled.match_of(found)
            except NumberTooLarge:  # the interpreter plays it, for the error naming the match
                out[j] = None

    def _patches(self, program: Program, part: Program, codes: frozenset[int]) -> set[int]:
        """The columns where either side may name the other's code (a few more do no harm:
        they are played one by one)."""
        out: set[int] = set()
        for code in codes:
            out.update(self._showing.get(code, ()))
        for code in {program.code, part.code}:
            out.update(self._naming.get(code, ()))
        return out


class _Table(dict):
    """The cells of one row response against each column view, made on first use."""

    def __init__(self, rows: Rows, kind: str, to_base, to_reneg) -> None:
        super().__init__({NOT_COMPILED: None})
        self.rows, self.kind, self.to_base, self.to_reneg = rows, kind, to_base, to_reneg

    def __missing__(self, view: int) -> Match | None:
        column, response = self.rows._view_of[view]
        compiled, fuel = self.rows.compiled, self.rows.fuel
        try:
            if self.kind == BASE:
                found = compiled.independent(self.to_base, response, 0, fuel) if column == "base" else \
                    compiled.independent(self.to_reneg, response, 2, fuel)
            else:  # renegotiation rows meet base columns only here
                found = compiled.independent(self.to_base, response, 2, fuel)
            result = None if found is None else compiled.match_of(found)
        except NumberTooLarge:  # the interpreter plays it, for the error naming the match
            result = None
        self[view] = result
        return result


def _base_part(program: Program) -> Program:
    return program.default if program.kind == RENEGOTIATION else program


def _faces(programs: list[Program]) -> dict[str, list[Program]]:
    """The programs that a base part of the other seat meets, by template: base programs
    and the defaults of renegotiation programs, as base; renegotiation programs as such."""
    return {BASE: [p for p in programs if p.kind == BASE] +
            [p.default for p in programs if p.kind == RENEGOTIATION],
            RENEGOTIATION: [p for p in programs if p.kind == RENEGOTIATION]}
