"""Population dynamics over a finished two-seat tournament, in floating point (numeric by
nature, and labelled so wherever they are shown):

- replicator dynamics, integrated by Nashpy (scipy's odeint): one population (a program
  meeting another is paid the mean of its payoffs in the two seats) or, for separate
  seats, two populations (Nashpy's asymmetric replicator dynamics);
- a Moran process with mutation on one population of `population` individuals, seeded:
  each step one individual is born, of a type chosen with probability proportional to
  count x fitness, and with probability `mutation` it is instead of a uniformly chosen
  other type; one individual, chosen uniformly, dies. Fitness is exp(intensity x mean
  payoff against the other individuals), always positive whatever the payoffs' signs.
  Counts are integers and the random numbers come from numpy's PCG64 seeded by `seed`, so
  a run is reproducible to the byte. (Nashpy's Moran process draws from numpy's global
  random state, costs O(N^2) Python steps per birth and needs payoffs >= 0: not used.)
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.analysis.tournament_results import TournamentResults
from spi_lang.syntax.errors import SpiError

REPLICATOR, MORAN = "replicator", "moran"
MAX_TRAJECTORY = 2_000_000  # recorded numbers (points x programs): bounded memory and CSV
MAX_POPULATION = 100_000
MISSING = ("population dynamics need numpy and nashpy, which are not installed: "
           "pip install 'spi_lang[dynamics]' (or pip install nashpy numpy)")


@attrs.frozen
class Trajectory:
    """Shares of each program over time (floats). `populations` are the program names of
    each population (one, or one per seat); each row of `shares` is one time point, the
    populations' shares side by side; a Moran run also has the integer `counts`.
    `parameters` are the run's settings, by name, for the reports."""

    process: str
    populations: tuple[tuple[str, ...], ...]
    times: tuple[float, ...]
    shares: tuple[tuple[float, ...], ...]
    counts: tuple[tuple[int, ...], ...] | None
    parameters: tuple[tuple[str, object], ...]
    fixed_at: int | None = None  # the Moran step at which one program took over (no mutation)


def _numpy():
    try:
        import nashpy  # noqa: F401 (the replicator; checked here so the message names both)
        import numpy
    except ImportError:
        raise SpiError(MISSING) from None
    return numpy


def _matrices(results: TournamentResults):
    """The payoff matrices of the meta-game as floats: (A,) for one population (the mean
    of the two seats' payoffs), (A, B) for two seats. A failed match has no payoff."""
    if len(results.seats) != 2:
        raise SpiError(f"population dynamics are computed for two-seat tournaments, not {len(results.seats)} seats")
    failed = [names for names, cell in results.profiles() if not cell.ok]
    if failed:
        raise SpiError(f"population dynamics need every match to finish, and {len(failed)} failed "
                       f"(first: {' vs '.join(failed[0])})")
    rows, cols = results.seats
    u = {names: cell.payoffs for names, cell in results.profiles()}
    if results.one_population:
        return ([[float((u[p, q][0] + u[q, p][1]) / 2) for q in rows] for p in rows],)
    return ([[float(u[p, q][0]) for q in cols] for p in rows],
            [[float(u[p, q][1]) for q in cols] for p in rows])


def replicator(results: TournamentResults, time: Fraction = Fraction(50), points: int = 501) -> Trajectory:
    """Replicator dynamics from equal shares, at `points` evenly spaced times in [0, time]."""
    numpy = _numpy()
    import nashpy
    matrices = _matrices(results)
    _check_size(points, sum(len(seat) for seat in _populations(results)))
    times = numpy.linspace(0, float(time), points)
    if len(matrices) == 1:
        shares = nashpy.Game(numpy.array(matrices[0])).replicator_dynamics(timepoints=times)
    else:
        xs, ys = nashpy.Game(*map(numpy.array, matrices)).asymmetric_replicator_dynamics(timepoints=times)
        shares = numpy.hstack([xs, ys])
    return Trajectory(REPLICATOR, _populations(results), tuple(map(float, times)),
                      tuple(tuple(map(float, row)) for row in shares), None,
                      (("time", time), ("points", points)))


def _populations(results: TournamentResults) -> tuple[tuple[str, ...], ...]:
    return results.seats[:1] if results.one_population else results.seats


def _check_size(points: int, programs: int) -> None:
    if points * programs > MAX_TRAJECTORY:
        raise SpiError(f"a trajectory of {points:,} points of {programs} programs is more than "
                       f"{MAX_TRAJECTORY:,} numbers: ask for fewer")


@attrs.frozen
class MoranSettings:
    population: int = 100
    steps: int = 10_000
    mutation: Fraction = Fraction(1, 100)
    intensity: Fraction = Fraction(1)
    seed: int = 0


def moran(results: TournamentResults, settings: MoranSettings = MoranSettings()) -> Trajectory:
    """A seeded Moran process with mutation, from counts as equal as the population allows
    (the remainder to the first programs by name); the counts after every step."""
    numpy = _numpy()
    if not results.one_population:
        raise SpiError("the Moran process needs one population (FILE...), not separate seats")
    (matrix,) = _matrices(results)
    k, n = len(matrix), settings.population
    if not k <= n <= MAX_POPULATION:
        raise SpiError(f"the population must have {k} to {MAX_POPULATION:,} individuals "
                       f"(at least one per program), not {n}")
    _check_size(settings.steps + 1, k)
    counts = numpy.array([n // k + (i < n % k) for i in range(k)], dtype=numpy.int64)
    history, fixed_at = [tuple(int(c) for c in counts)], None
    step = _stepper(numpy, numpy.array(matrix), settings)
    for t in range(1, settings.steps + 1):
        step(counts)
        history.append(tuple(int(c) for c in counts))
        if not settings.mutation and counts.max() == n:
            fixed_at = t
            break
    return Trajectory(MORAN, _populations(results), tuple(float(t) for t in range(len(history))),
                      tuple(tuple(c / n for c in row) for row in history), tuple(history),
                      tuple(attrs.asdict(settings).items()), fixed_at)


def _stepper(numpy, matrix, settings: MoranSettings):
    """One birth and one death, in place on the counts; the random draws in a fixed order
    (birth, mutation, mutant's type, death) so that a seed fixes the whole run."""
    rng = numpy.random.Generator(numpy.random.PCG64(settings.seed))
    n, k = settings.population, len(matrix)
    diagonal, w, mu = numpy.diag(matrix), float(settings.intensity), float(settings.mutation)

    def step(counts) -> None:
        mean = (matrix @ counts - diagonal) / (n - 1)  # against the n - 1 others
        weights = counts * numpy.exp(w * (mean - mean.max()))  # scaled: no overflow
        born = _pick(numpy, weights, rng.random())
        if rng.random() < mu and k > 1:
            born = (born + 1 + int(rng.integers(k - 1))) % k
        dies = _pick(numpy, counts, rng.random())
        counts[born] += 1
        counts[dies] -= 1
    return step


def _pick(numpy, weights, u: float) -> int:
    """The index whose cumulative weight first exceeds u x total (a zero weight is never picked)."""
    cumulative = numpy.cumsum(weights)
    return int(min(numpy.searchsorted(cumulative, u * cumulative[-1], side="right"), len(weights) - 1))
