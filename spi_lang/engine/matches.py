"""Matches as pure functions, cached: a match's result depends only on the game, the two
programs' canonical code, the selection function and the fuel, so it is played once per
such key. `play` is the one entry point (tournaments and analyses route their matches
through it); `seat_errors` is what must hold before a program can sit in a seat."""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict
from fractions import Fraction

import attrs

from spi_lang.engine.deep import on_deep_stack, run_deep
from spi_lang.engine.interpreter import DEFAULT_FUEL, play_match
from spi_lang.geometry.games import Game, Outcome
from spi_lang.load.checks.in_game import seat_errors as seat_errors_of
from spi_lang.load.programs import Program
from spi_lang.syntax.errors import SpiError, SpiErrors, unique

Key = tuple  # (game digest, one program digest per seat..., selection, fuel)

DEFAULT_CACHE_SIZE = 100_000

_game_digests: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_seat_errors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@attrs.frozen
class Match:
    """What a match comes to, without names or a trace: the outcome and its payoffs."""

    outcome: Outcome
    payoffs: tuple[Fraction, ...]


class MatchCache:
    """Match results by key, the least recently used dropped past `maxsize` (None: no
    limit). Only matches that finished are stored: a failure's message names its programs,
    so a code-equal pair with other names must fail with its own message."""

    def __init__(self, maxsize: int | None = DEFAULT_CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self.hits = self.misses = 0
        self._results: OrderedDict[Key, Match] = OrderedDict()

    def __len__(self) -> int:
        return len(self._results)

    def get(self, key: Key) -> Match | None:
        """The stored result for `key`, if any (counted as a hit or a miss)."""
        found = self._results.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self._results.move_to_end(key)
        return found

    def put(self, key: Key, match: Match) -> None:
        """Store a finished match."""
        self._results[key] = match
        if self.maxsize is not None and len(self._results) > self.maxsize:
            self._results.popitem(last=False)

    def clear(self) -> None:
        """Forget every result and reset the counters."""
        self._results.clear()
        self.hits = self.misses = 0


CACHE = MatchCache()


def game_digest(game: Game) -> bytes:
    """A hash of what a match can see of a game: players, actions and payoffs."""
    digest = _game_digests.get(game)
    if digest is None:
        table = [game.table[profile] for profile in game.profiles()]
        text = repr((game.players, game.actions, table, game.randomness, game.regress))
        digest = _game_digests[game] = hashlib.blake2b(text.encode(), digest_size=16).digest()
    return digest


def key(game: Game, programs: tuple[Program, ...], selection: str, fuel: int) -> Key:
    """The cache key of a match: equal for matches that must give the same result."""
    return (game_digest(game), *(p.digest for p in programs), selection, fuel)


def seat_errors(program: Program, game: Game, seat: int, maps: bool = True) -> list[SpiError]:
    """Why `program` cannot play in `seat` of `game` (empty if it can): `seats.seat_errors`,
    computed once per program, seat and `maps` (False: its own map checks are left out)."""
    per_program = _seat_errors.setdefault(program, {})
    found = per_program.get((game, seat, maps))
    if found is None:
        found = seat_errors_of(program, game, seat, maps=maps)
        per_program[(game, seat, maps)] = found = unique(found)
    return found


def play(game: Game, programs: tuple[Program, ...], selection: str = "leximin",
         fuel: int = DEFAULT_FUEL, cache: MatchCache | None = CACHE, *,
         checked: bool = False) -> Match:
    """Play `programs` (one per seat, in player order), or look the result up in `cache`
    (None: play it). Raises `SpiErrors` if a program cannot take its seat (`checked`: the
    caller has made sure with `seat_errors`) or the match fails (fuel, an evaluation that
    depends on itself, sets too large)."""
    if not checked:
        errors = [e for seat, p in enumerate(programs) for e in seat_errors(p, game, seat)]
        if errors:
            raise SpiErrors(errors)
    match_key = key(game, programs, selection, fuel) if cache is not None else None
    if cache is not None:
        found = cache.get(match_key)
        if found is not None:
            return found
    try:  # on the deep stack (spi_lang.engine.deep); tournaments are on it already
        if on_deep_stack():
            result = play_match(game, programs, selection, fuel, trace=False)
        else:
            result = run_deep(play_match, game, programs, selection, fuel, trace=False)
    except SpiError as error:
        raise SpiErrors([error]) from None
    match = Match(result.outcome, result.payoffs)
    if cache is not None:
        cache.put(match_key, match)
    return match
