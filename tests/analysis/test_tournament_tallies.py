"""The rankings' tallies from the plan (analysis/tournament_tallies.py: one count per
result of a profile of classes, weighted by the profiles it stands for) are exactly the
tallies counted from the cells, with code-equal copies, failed matches replayed for
their messages, programs that cannot take a seat, and three seats; and the rankings
read them."""

from fractions import Fraction

import attrs
import pytest

import spi_lang
from spi_lang.analysis import tournament_tallies
from spi_lang.analysis.tournament_results import _tallies, rank


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # these populations are small: tally from the plan even with few cells per result
    monkeypatch.setattr(tournament_tallies, "CELLS_PER_RESULT", 0)
    return tmp_path


def _check(results):
    assert results.tallies is not None
    assert results.tallies == _tallies(results)
    assert rank(results) == rank(attrs.evolve(results, tallies=None))


def test_copies_failures_and_loops(elsewhere):
    (elsewhere / "p.spi").write_text(
        'import "games/scheduling.spi"\nimport "scheduling/fair1.spi"\nimport "scheduling/fair2.spi"\n'
        "program Hard1 { play Slot1 }\nprogram Hard1Copy { play Slot1 }\n"
        "program Half { play mix { Slot1: 1/2, Slot3: 1/2 } }\n"
        "program Third { if opponent == Half { play mix { Slot1: 1/3, Slot2: 2/3 } } play Slot2 }\n"
        "program LoopA csr { default Hard1\n offer offers(LoopA) }\n"
        "program LoopB csr { default Hard1\n offer offers(LoopB) }\n")
    _check(spi_lang.tournament("p.spi", cache=None))
    _check(spi_lang.tournament("p.spi", cache=None, fuel=9))  # renegotiation pairs run out of fuel
    results = spi_lang.tournament(seat1=("p.spi:Hard1", "p.spi:Half"), seat2=("p.spi",), cache=None)
    _check(results)
    # Hard1 as P1 against the file's 6 programs: Half 3/2 (Slot1 half the time), Hard1,
    # Hard1Copy, LoopA and LoopB 3 each (the csr programs play their default Hard1
    # against a base program), Third 0 (it plays Slot2): 27/2 over 6 = 9/4. Half as P1:
    # against Half 3/4 + 1/4 = 1, against the four Slot1 players 3/2 each, against Third
    # (1/3 Slot1) 3 * 1/2 * 1/3 = 1/2: 15/2 over 6 = 5/4
    assert [(s.program, s.mean, s.finished, s.failed) for s in results.seat_ranking("P1")] == [
        ("Hard1", Fraction(9, 4), 6, 0), ("Half", Fraction(5, 4), 6, 0)]


def test_refused_seats(elsewhere):
    (elsewhere / "asym.spi").write_text(
        "game Asym {\n  actions Row: Up, Down\n  actions Col: Left, Right\n"
        "  payoff (Up, Left) = (2, 1)\n  payoff (_, _) = (0, 0)\n}\n"
        "program Up1 { play Up }\nprogram Up1Copy { play Up }\nprogram Left2 { play Left }\n")
    results = spi_lang.tournament("asym.spi", cache=None)
    _check(results)
    # Up1 over both seats: as Row it plays Left2 (2) and fails against Up1, Up1Copy (they
    # cannot sit as Col); as Col it cannot sit: 1 finished, 5 failed, mean 2
    up1 = next(s for s in results.ranking if s.program == "Up1")
    assert (up1.mean, up1.finished, up1.failed) == (2, 1, 5)


def test_few_cells_per_result_are_counted(elsewhere, monkeypatch):
    monkeypatch.setattr(tournament_tallies, "CELLS_PER_RESULT", 4)
    (elsewhere / "p.spi").write_text('import "games/scheduling.spi"\nprogram A { play Slot1 }\n'
                                     "program B { play Slot2 }\nprogram C { play Slot1 }\n")
    # 9 cells, 4 class results (A and C are one class): 16 > 9, so the cells are counted
    assert spi_lang.tournament("p.spi", cache=None).tallies is None
    (elsewhere / "p.spi").write_text('import "games/scheduling.spi"\n' + "".join(
        f"program A{k} {{ play Slot1 }}\n" for k in range(3)))
    # 9 cells, 1 class result: 4 <= 9
    _check(spi_lang.tournament("p.spi", cache=None))


def test_three_seats(elsewhere):
    _check(spi_lang.tournament("division/clique.spi", "division/selfish.spi:Selfish1",
                               "division/share.spi:Share1", cache=None))
    _check(spi_lang.tournament(seats=(("division/offers.spi:Bold1", "division/offers.spi:Humble1"),
                                      ("division/offers.spi:Humble2", "division/clique.spi"),
                                      ("division/offers.spi:Humble3", "division/share.spi:Share3")),
                               cache=None))
