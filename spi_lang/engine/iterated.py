"""Algorithm 3 of the paper (Appendix D): iterated csr over K rounds. From a realized
default profile a, round k intersects every seat's round-k offer against the current
outcome (each cut to the weak Pareto improvements on it, as in Definition 6); when the
agreement set is not empty the current outcome becomes the canonical outcome of its
selected point; the outcome after round K is played. Offers are evaluated by Algorithm
2's machinery (guards, `offers(...)`, `result(...)`, fuel, the self-dependence check), on
one *round view* per program and round: a program with the round's clauses and the
icsr program's code and references."""

from __future__ import annotations

from spi_lang.engine.csr import Algorithm2
from spi_lang.geometry.games import Outcome
from spi_lang.geometry.text import format_outcome, format_set, format_vector
from spi_lang.load.programs import CSR, Program

Table = tuple[Program, ...]


class Algorithm3:
    """The icsr part of one match: the rounds from one realized default profile."""

    def __init__(self, algorithm2: Algorithm2) -> None:
        self.a2 = algorithm2
        self.run = algorithm2.run
        self._views: dict[tuple[Program, int], Program] = {}

    def at(self, table: Table, profile: tuple[str, ...], pad: int) -> Outcome:
        """Lines 5-11 for one realized default profile a: K rounds, then the last outcome."""
        current = self.a2.game.pure(profile)
        rounds = len(table[0].rounds)
        for k in range(rounds):
            current = self._round(table, k, rounds, current, pad)
        self.run.say(pad, "Alg. 3, line 11", lambda: f"after {rounds} round{'s' * (rounds > 1)}: "
                     f"{self.run.both} play their part of {format_outcome(current)}")
        return current

    def _round(self, table: Table, k: int, rounds: int, current: Outcome, pad: int) -> Outcome:
        say, game = self.run.say, self.a2.game
        views = tuple(self.view(p, k) for p in table)
        offers, agreement, point, outcome = self.a2.agree(table, current, views=views)
        head = f"round {k + 1}/{rounds}"
        say(pad, "Alg. 3, line 5", lambda: f"{head} from {format_outcome(current)}, payoffs "
            f"{format_vector(game.expected(current))}")
        for seat, (program, offer) in enumerate(zip(table, offers)):
            say(pad + 1, "Alg. 3, line 6", lambda: f"RN_{seat + 1}^({k + 1}) ({program.name}) = {format_set(offer)}")
        say(pad + 1, "Alg. 3, line 6", lambda: f"agreement set I = {format_set(agreement)}")
        if point is None:
            say(pad + 1, "Alg. 3, line 7", "I is empty: the outcome stays")
            return current
        say(pad + 1, "Alg. 3, line 8", lambda: f"sel(I) = {format_vector(point)} "
            f"({self.a2.selection}), the outcome becomes {format_outcome(outcome)}")
        return outcome

    def view(self, program: Program, k: int) -> Program:
        """Round k of an icsr program as a csr program with its code and references."""
        key = (program, k)
        if key not in self._views:
            self._views[key] = Program(program.name, CSR, program.decl, program.file,
                                       default=program.default, offers=program.rounds[k],
                                       refs=program.refs, code=program.code)
        return self._views[key]


def same_rounds(table: Table) -> bool:
    """Whether the icsr programs of a table all have the same number of rounds K (the
    template of Algorithm 3 fixes K: programs with other K do not renegotiate)."""
    rounds = len(table[0].rounds)
    return all(len(p.rounds) == rounds for p in table)
