"""Population dynamics over a tournament (`spilang dynamics`, `analysis.dynamics`):
replicator dynamics checked against a solution worked out by hand, a seeded Moran
process reproducible to the byte across processes, its invariants, and the errors."""

import json
import math
import subprocess
import sys
from fractions import Fraction

import pytest

import spi_lang
from spi_lang.analysis import dynamics
from spi_lang.syntax.errors import SpiError
from spi_lang.ui.cli import main
from tests.error_helpers import in_tmp, write  # noqa: F401 (in_tmp: a fixture)

BOTS = ("prisoners_dilemma/cooperate_bot.spi", "prisoners_dilemma/defect_bot.spi")


def test_replicator_worked_by_hand():
    # CooperateBot and DefectBot in the prisoner's dilemma: fitness (C: 3 x_C, D: 5 x_C + x_D).
    # With x = DefectBot's share, f_D - f_C = 2(1 - x) + x = 2 - x, so
    #   dx/dt = x (1 - x) (2 - x).
    # Partial fractions: 1 / (x(1-x)(2-x)) = (1/2)/x + 1/(1-x) - (1/2)/(2-x), hence
    #   F(x) = (1/2) ln x - ln(1 - x) + (1/2) ln(2 - x) = t + F(x0),
    # and from x0 = 1/2: F(1/2) = (1/2) ln 2 + (1/2) ln(3/2) = (1/2) ln 3.
    trajectory = dynamics.replicator(spi_lang.tournament(*BOTS), Fraction(2), 3)
    assert trajectory.populations == (("CooperateBot", "DefectBot"),)
    assert trajectory.times == (0.0, 1.0, 2.0)
    assert trajectory.shares[0] == (0.5, 0.5)

    def big_f(x):
        return 0.5 * math.log(x) - math.log(1 - x) + 0.5 * math.log(2 - x)
    for t, (_, x) in zip(trajectory.times, trajectory.shares):
        assert big_f(x) == pytest.approx(0.5 * math.log(3) + t, abs=1e-6)


def moran_csv(*extra: str) -> bytes:
    """The CSV of a Moran run, from a new Python process each time."""
    command = [sys.executable, "-m", "spi_lang", "dynamics", *BOTS, "prisoners_dilemma/clique_bot.spi",
               "--process", "moran", "--steps", "3000", "--population", "40", "--csv", "-", *extra]
    return subprocess.run(command, capture_output=True, check=True).stdout


def test_moran_is_reproducible_to_the_byte():
    first = moran_csv("--seed", "7")
    assert first == moran_csv("--seed", "7")
    assert first != moran_csv("--seed", "8")
    lines = first.decode().splitlines()
    assert lines[0] == ("step,count:CliqueBot,count:CooperateBot,count:DefectBot,"
                        "share:CliqueBot,share:CooperateBot,share:DefectBot")
    assert lines[1] == "0,14,13,13,0.35,0.325,0.325"  # 40 = 14 + 13 + 13, the remainder first


def test_moran_invariants():
    settings = dynamics.MoranSettings(population=30, steps=2000, mutation=Fraction(1, 20), seed=3)
    trajectory = dynamics.moran(spi_lang.tournament(*BOTS), settings)
    assert len(trajectory.counts) == 2001 and trajectory.fixed_at is None
    for before, after in zip(trajectory.counts, trajectory.counts[1:]):
        assert sum(after) == 30  # one birth, one death
        assert sum(abs(a - b) for a, b in zip(before, after)) in (0, 2)
    assert trajectory.shares[-1] == tuple(c / 30 for c in trajectory.counts[-1])


def test_moran_without_mutation_stops_when_one_program_took_over():
    trajectory = dynamics.moran(spi_lang.tournament(*BOTS), dynamics.MoranSettings(
        population=10, steps=100_000, mutation=Fraction(0)))
    assert trajectory.fixed_at == len(trajectory.counts) - 1
    assert sorted(trajectory.counts[-1]) == [0, 10]
    assert max(trajectory.counts[-2]) == 9  # the step before, one short


def test_pick_follows_the_cumulative_weights():
    import numpy
    weights = numpy.array([0, 2, 0, 1])  # cumulative 0, 2, 2, 3 of total 3
    assert [dynamics._pick(numpy, weights, u) for u in (0.0, 0.5, 0.66, 0.67, 0.99)] == [1, 1, 1, 3, 3]


def test_errors():
    results = spi_lang.tournament(seat1=BOTS, seat2=BOTS)
    with pytest.raises(SpiError) as info:
        dynamics.moran(results)
    assert info.value.message == "the Moran process needs one population (FILE...), not separate seats"
    with pytest.raises(SpiError) as info:
        dynamics.moran(spi_lang.tournament(*BOTS), dynamics.MoranSettings(population=1))
    assert info.value.message == ("the population must have 2 to 100,000 individuals (at least one "
                                  "per program), not 1")
    with pytest.raises(SpiError) as info:
        dynamics.replicator(spi_lang.tournament(*BOTS), Fraction(1), 2_000_000)
    assert "a trajectory of 2,000,000 points of 2 programs is more than 2,000,000 numbers" in info.value.message


def test_dynamics_command(in_tmp, capsys):
    assert main(["dynamics", *BOTS, "--time", "2", "--points", "3", "--csv", "r.csv", "--plot", "r.png"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("replicator dynamics over tournament PrisonersDilemma (floating point, scipy "
                          "odeint via nashpy), from equal shares: time 2, points 3\n\nfinal shares at time 2:\n")
    rows = (in_tmp / "r.csv").read_text().splitlines()
    assert rows[:2] == ["time,CooperateBot,DefectBot", "0.0,0.5,0.5"] and len(rows) == 4
    assert (in_tmp / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["dynamics", *BOTS, "--process", "moran", "--steps", "10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (list(data)[0], data["floating_point"], sum(data["final_counts"].values())) == ("schema_version", True, 100)
    assert main(["dynamics", *BOTS, "--mutation", "2"]) == 2
    assert "expected a probability from 0 to 1, not '2'" in capsys.readouterr().err
