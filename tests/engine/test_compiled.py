"""Matches from tables (spi_lang/engine/compiled.py) against the interpreter: for every
ordered pair of a population of base and renegotiation programs (code checks, `self`,
template checks, nested branches, mixes, lotteries, maps that agree and that differ) and
every fuel from 1 to past what the longest match needs, the compiled match gives the
interpreter's outcome and payoffs, or leaves the match to the interpreter exactly when
the interpreter runs out of fuel. Other templates and more seats are never compiled."""

from fractions import Fraction

import pytest

import spi_lang
from spi_lang.engine.compiled import CompiledMatches
from spi_lang.engine.interpreter import play_match
from spi_lang.syntax.errors import SpiError

PROGRAMS = """\
import "games/scheduling.spi"
program Hard1 { play Slot1 }
program Hard1Copy { play Slot1 }
program Soft { play Slot2 }
program Half { play mix { Slot1: 1/2, Slot2: 1/2 } }
program Clique { if opponent == self { play Slot3 } play Slot1 }
program CliqueCopy { if opponent == self { play Slot3 } play Slot1 }
program Picky {
  if opponent == Hard1 { play Slot2 }
  else if opponent != Soft { if opponent is renegotiation { play Slot3 } }
  play mix { Slot1: 1/3, Slot3: 2/3 }
}
program Nested { if not (opponent == Half or opponent is csr) and opponent != self { play Slot3 } play Slot2 }
program R1 renegotiation {
  default Hard1
  map (Slot1, Slot2) -> (Slot3, Slot3)
  map (Slot1, Slot1) -> lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 }
}
program R2 renegotiation {
  default Soft
  map (Slot1, Slot2) -> (Slot3, Slot3)
  map (_, _) -> lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 }
}
program R3 renegotiation { default Half
  map (Slot1, Slot2) -> (Slot3, Slot3)
  map (Slot2, Slot1) -> (Slot3, Slot3) }
program R4 renegotiation { default Picky
  map (Slot1, Slot1) -> lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 }
  map (Slot3, Slot1) -> (Slot3, Slot3) }
program R5 renegotiation { default Clique map (Slot3, Slot3) -> (Slot1, Slot1) }
program C csr { default Hard1
  offer below (2, 2) }
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("compiled") / "p.spi"
    path.write_text(PROGRAMS, encoding="utf-8")
    return spi_lang.load(str(path))


def _interpreted(game, table, fuel):
    try:
        result = play_match(game, table, fuel=fuel, trace=False)
    except SpiError:
        return None
    return result.outcome, result.payoffs


def test_every_pair_and_fuel_as_the_interpreter_plays_it(project):
    game = project.games["Scheduling"]
    programs = [p for name, p in sorted(project.programs.items()) if p.kind != "csr"]
    compiled = CompiledMatches(game)  # one for every fuel: kept entries must not leak
    needed = []
    for one in programs:
        for two in programs:
            steps = next(f for f in range(1, 100) if _interpreted(game, (one, two), f) is not None)
            needed.append(steps)
            for fuel in range(max(1, steps - 3), steps + 3):
                expected = _interpreted(game, (one, two), fuel)
                found = compiled.play((one, two), fuel)
                assert (found is None) == (expected is None), (one.name, two.name, fuel)
                if found is not None:
                    assert (found.outcome, found.payoffs) == expected, (one.name, two.name)
    assert max(needed) > min(needed)  # the population has short and long matches


def test_shared_results_for_equal_outcomes(project):
    game = project.games["Scheduling"]
    compiled = CompiledMatches(game)
    p = project.programs
    first = compiled.play((p["Hard1"], p["Clique"]), 1000)
    second = compiled.play((p["Hard1Copy"], p["CliqueCopy"]), 1000)
    # Clique plays Slot1 against a program that is not its copy: (Slot1, Slot1) pays (3, 1)
    assert first.payoffs == second.payoffs == (Fraction(3), Fraction(1))
    assert first.outcome is second.outcome and first.payoffs is second.payoffs


def test_the_lottery_agreement(project):
    game = project.games["Scheduling"]
    p = project.programs
    found = CompiledMatches(game).play((p["R1"], p["R2"]), 1000)
    # defaults Hard1 vs Soft: (Slot1, Slot2); R1 and R2 both map it to (Slot3, Slot3): (1, 1)
    assert found.payoffs == (1, 1)
    found = CompiledMatches(game).play((p["R3"], p["R2"]), 1000)
    # Half vs Soft: (Slot1, Slot2) or (Slot2, Slot2), 1/2 each; at (Slot1, Slot2) both map
    # to (Slot3, Slot3): (1, 1); at (Slot2, Slot2) R3 keeps it, R2 maps to the lottery: they
    # differ, so (Slot2, Slot2) pays (1, 3); expected (1/2 + 1/2, 1/2 + 3/2) = (1, 2)
    assert found.payoffs == (1, 2)


def test_csr_programs_and_more_seats_are_left_to_the_interpreter(project):
    game = project.games["Scheduling"]
    p = project.programs
    compiled = CompiledMatches(game)
    assert compiled.play((p["C"], p["Hard1"]), 1000) is None
    assert compiled.play((p["Hard1"], p["C"]), 1000) is None
    assert compiled.play((p["Hard1"], p["Hard1"], p["Hard1"]), 1000) is None


def test_programs_that_read_behaviour_are_left_to_the_interpreter(tmp_path):
    # provability and simulation read what the counterpart plays, not only its code
    path = tmp_path / "pd.spi"
    path.write_text('import "prisoners_dilemma/fair_bot.spi"\nimport "simulation/fair_bot_4.spi"\n'
                    'import "prisoners_dilemma/cooperate_bot.spi"\n', encoding="utf-8")
    project = spi_lang.load(str(path))
    p = project.programs
    compiled = CompiledMatches(project.games["PrisonersDilemma"])
    cooperate = next(q for name, q in p.items() if name.startswith("Cooperate"))
    assert compiled.play((p["FairBot"], cooperate), 10**6) is None
    assert compiled.play((cooperate, p["FairBot4"]), 10**6) is None
    assert compiled.play((cooperate, cooperate), 10**6) is not None
