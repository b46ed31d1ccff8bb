"""The meta-game of a tournament: the game whose players are the tournament's seats and
whose actions are the programs, each profile paying what its match paid. Its Nash
equilibria (two seats) are computed exactly by Gambit (pygambit, `rational=True`): with
`enummixed`, every extreme equilibrium, practical up to `MAX_ENUMERATED` programs per seat
(measured: docs/commands/metagame.md); with `lcp`, one equilibrium (Lemke-Howson), exact
too, up to `MAX_LCP`. A one-population tournament whose meta-game is symmetric also gets
its symmetric equilibria: the mixtures y of the equilibria (x, y) of the imitation game
(A, I) (McLennan and Tourky), which are exactly the symmetric equilibria (y, y)."""

from __future__ import annotations

import io
from fractions import Fraction

import attrs

from spi_lang.analysis.tournament_results import TournamentResults
from spi_lang.geometry.games import Game
from spi_lang.geometry.nfg import to_nfg
from spi_lang.syntax.errors import SpiError

ENUMMIXED, LCP, AUTO = "enummixed", "lcp", "auto"
SOLVERS = (AUTO, ENUMMIXED, LCP)
MAX_ENUMERATED = 10   # programs per seat: enummixed took 6 s at 10, 275 s at 12
MAX_LCP = 100         # programs per seat: lcp took 2.4 s at 80, 19 s at 120
MISSING = ("the meta-game's equilibria need pygambit, which is not installed: "
           "pip install 'spi_lang[meta]' (or pip install pygambit==17.0.0b2)")

Mixture = tuple[tuple[str, Fraction], ...]


@attrs.frozen
class MetaEquilibrium:
    """A Nash equilibrium of the meta-game: each seat's mixture over its programs (the
    programs it plays with positive probability), each seat's expected payoff, and the
    expected payoff of every program of each seat against the other seat's mixture."""

    mixtures: tuple[Mixture, ...]
    payoffs: tuple[Fraction, ...]
    values: tuple[Mixture, ...]


@attrs.frozen
class MetaSolution:
    """The equilibria of a two-seat meta-game found by `solver`; `complete` says whether
    they are all its extreme equilibria (enummixed) or some (lcp). `symmetric` is None
    unless the tournament was one population; `symmetric_note` says why there are none."""

    game: Game
    solver: str
    complete: bool
    equilibria: tuple[MetaEquilibrium, ...]
    symmetric: tuple[MetaEquilibrium, ...] | None = None
    symmetric_note: str | None = None


def meta_game(results: TournamentResults) -> Game:
    """The program-vs-program game of a tournament (any number of seats), or a SpiError
    if a match failed (its cell has no payoff)."""
    failed = [(names, cell) for names, cell in results.profiles() if not cell.ok]
    if failed:
        names, cell = failed[0]
        raise SpiError(f"the meta-game needs every match to finish, and {len(failed)} failed "
                       f"(first: {' vs '.join(names)}: {cell.error})")
    table = {names: cell.payoffs for names, cell in results.profiles()}
    return Game(f"{results.game.name}_meta", results.game.players, results.seats, table)


def solve(results: TournamentResults, solver: str = AUTO) -> MetaSolution:
    """The Nash equilibria of a two-seat tournament's meta-game, exactly."""
    if len(results.seats) != 2:
        raise SpiError(f"the meta-game's equilibria are computed for two seats, not {len(results.seats)}")
    game = meta_game(results)
    solver = _solver(game, solver)
    pygambit = _pygambit()
    found = _equilibria(pygambit, game, solver)
    equilibria = tuple(_equilibrium(game, mixture) for mixture in found)
    solution = MetaSolution(game, solver, solver == ENUMMIXED, equilibria)
    if not results.one_population:
        return solution
    if not _symmetric(game):
        return attrs.evolve(solution, symmetric=(), symmetric_note="the meta-game is not symmetric "
                            "(a program's payoff depends on its seat), so it has no symmetric equilibria to report")
    imitation = _imitation_game(game)
    mixtures = list(dict.fromkeys(y for _, y in _equilibria(pygambit, imitation, solver)))
    return attrs.evolve(solution, symmetric=tuple(_equilibrium(game, (y, y)) for y in mixtures))


def _solver(game: Game, solver: str) -> str:
    size = max(len(actions) for actions in game.actions)
    if solver == AUTO:
        solver = ENUMMIXED if size <= MAX_ENUMERATED else LCP
    limit = MAX_ENUMERATED if solver == ENUMMIXED else MAX_LCP
    if size > limit:
        more = "; --solver lcp finds one equilibrium, exactly, up to " \
               f"{MAX_LCP}" if solver == ENUMMIXED else ""
        raise SpiError(f"{solver} is practical for at most {limit} programs per seat, and a seat "
                       f"has {size}{more} (docs/commands/metagame.md)")
    return solver


def _pygambit():
    try:
        import pygambit
    except ImportError:
        raise SpiError(MISSING) from None
    return pygambit


def _equilibria(pygambit, game: Game, solver: str) -> list[tuple[Mixture, Mixture]]:
    """Each equilibrium Gambit finds, as one full mixture per seat (zeros kept)."""
    theirs = pygambit.read_nfg(io.StringIO(to_nfg(game)))
    if solver == ENUMMIXED:
        result = pygambit.nash.enummixed_solve(theirs, rational=True)
    else:
        result = pygambit.nash.lcp_solve(theirs, rational=True, stop_after=1)
    return [tuple(tuple((name, Fraction(str(eq[player][name]))) for name in actions)
                  for player, actions in zip(game.players, game.actions))
            for eq in result.equilibria]


def _equilibrium(game: Game, mixtures: tuple[Mixture, Mixture]) -> MetaEquilibrium:
    """The equilibrium of two full mixtures, its values checked exactly: every program a
    seat plays earns that seat's best value against the other's mixture."""
    values = (_values(game, mixtures[1], lambda i, j: (i, j), 0),
              _values(game, mixtures[0], lambda i, j: (j, i), 1))
    payoffs = tuple(sum((p * dict(v)[name] for name, p in m), Fraction(0))
                    for m, v in zip(mixtures, values))
    for mixture, value, payoff in zip(mixtures, values, payoffs):
        if max(v for _, v in value) != payoff:
            raise AssertionError(f"Gambit returned a profile that is not an equilibrium: {mixtures}")
    return MetaEquilibrium(tuple(tuple((n, p) for n, p in m if p) for m in mixtures), payoffs, values)


def _values(game: Game, other: Mixture, profile, seat: int) -> Mixture:
    """Each program of `seat`: its expected payoff against the other seat's mixture."""
    return tuple((mine, sum((p * game.payoff(profile(mine, theirs))[seat] for theirs, p in other if p),
                            Fraction(0)))
                 for mine in game.actions[seat])


def _symmetric(game: Game) -> bool:
    """Whether u1(P, Q) = u2(Q, P) for every two programs (the seats' programs equal)."""
    rows, cols = game.actions
    return rows == cols and all(game.payoff((p, q))[0] == game.payoff((q, p))[1] for p in rows for q in rows)


def _imitation_game(game: Game) -> Game:
    """(A, I): seat 1 is paid as in the meta-game, seat 2 is paid 1 for playing what seat
    1 plays. In its equilibria (x, y), y is a best reply to itself; and every symmetric
    equilibrium (y, y) of the meta-game is one (x uniform on y's support)."""
    names = game.actions[0]
    table = {(p, q): (game.payoff((p, q))[0], Fraction(int(p == q))) for p in names for q in names}
    return Game(f"{game.name}_imitation", game.players, game.actions, table)
