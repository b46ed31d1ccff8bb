"""Playing iterated csr programs: Algorithm 3 of the paper (Appendix D), worked by hand.

Scheduling: (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3), (Slot3, Slot3) = (1, 1),
every other profile (0, 0); F = triangle (0,0), (3,1), (1,3); PMM = (1, 1). In profile
order the first profiles paying (3,1), (0,0), (1,3) are (S1,S1), (S1,S2), (S2,S2).
"""

from fractions import Fraction as Fr

import pytest
from icsr_games import THREE

import spi_lang
from spi_lang import api
from spi_lang.syntax.errors import SpiErrors

HEAD = ('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
        'import "scheduling/always_slot2.spi"\nimport "scheduling/proposition5.spi"\n')
PROGRAMS = """
program Late1 icsr { default AlwaysSlot1 round 1 { offer nothing } round 2 { offer all } }
program All2 icsr { default AlwaysSlot2 round 1 { offer all } round 2 { offer all } }
program Step1 icsr {
  default AlwaysSlot1
  round 1 { offer point (1, 1) }
  round 2 { offer when outcome == (Slot3, Slot3): point (2, 2) }
}
program Step2 icsr {
  default AlwaysSlot2
  round 1 { offer all }
  round 2 { offer above (2, 2) | point (3, 1) }
}
program Csr2 csr { default AlwaysSlot2 offer all }
program SeesIcsr { if opponent is icsr { play Slot1 } else { play Slot2 } }
program Twin1 icsr { round 1 { offer nothing } default AlwaysSlot1   round 2 { offer all } }
program OneRound1 icsr { default AlwaysSlot1 round 1 { offer all } }
program Csr1 csr { default AlwaysSlot1 offer all }
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "i.spi").write_text(HEAD + PROGRAMS)
    return spi_lang.load("i.spi")


def play(project, a, b, **kw):
    return api.play_programs(project, project.named(a), project.named(b), **kw)


def test_proposition5_every_round_strictly_improves_and_ends_at_pmm_plus_delta(project):
    result = play(project, "Concede1", "Concede2")
    # Rounds pick (5/4, 5/4), (3/2, 3/2), (7/4, 7/4) (see the file's header): the last is
    # 7/16 (3,1) + 1/8 (0,0) + 7/16 (1,3), u_1 = 21/16 + 7/16 = 7/4.
    assert result.payoffs == (Fr(7, 4), Fr(7, 4))
    assert result.outcome.support == ((("Slot1", "Slot1"), Fr(7, 16)), (("Slot1", "Slot2"), Fr(1, 8)),
                                      (("Slot2", "Slot2"), Fr(7, 16)))
    picked = [s.text for s in result.steps if s.text.startswith("sel(I)")]
    assert [t.split(" (leximin)")[0] for t in picked] == [
        "sel(I) = (5/4, 5/4)", "sel(I) = (3/2, 3/2)", "sel(I) = (7/4, 7/4)"]


def test_an_empty_round_keeps_the_outcome_and_a_later_round_can_still_agree(project):
    # Round 1: Late1 offers nothing, I empty, a = (Slot1, Slot2) stays. Round 2: both offer
    # all of F above (0, 0); leximin on the triangle picks (2, 2) = 1/2 (3,1) + 1/2 (1,3).
    result = play(project, "Late1", "All2")
    assert result.payoffs == (2, 2)
    assert any(s.text == "I is empty: the outcome stays" for s in result.steps)


def test_a_round_reads_the_outcome_of_the_round_before(project):
    # Round 1: Step1 offers (1, 1), Step2 all: I = {(1, 1)}, the outcome becomes
    # (Slot3, Slot3). Round 2: Step1's guard `outcome == (Slot3, Slot3)` holds, it offers
    # (2, 2); Step2 offers above (2, 2) (only (2, 2) in F) and (3, 1): I = {(2, 2)}.
    assert play(project, "Step1", "Step2").payoffs == (2, 2)
    # Against All2 instead, round 2 intersects {(2, 2)} with F above (1, 1): (2, 2) again.
    assert play(project, "Step1", "All2").payoffs == (2, 2)


def test_programs_with_other_numbers_of_rounds_or_templates_do_not_renegotiate(project):
    # OneRound1 has K = 1, All2 K = 2: both play their defaults, (Slot1, Slot2) = (0, 0).
    assert play(project, "OneRound1", "All2").payoffs == (0, 0)
    # An icsr program against a csr one: each plays its default against the other.
    assert play(project, "OneRound1", "Csr2").payoffs == (0, 0)
    assert play(project, "Csr1", "All2").payoffs == (0, 0)


def test_opponent_is_icsr(project):
    # SeesIcsr plays Slot1 against any icsr program: against All2 (player 2 plays its
    # default AlwaysSlot2 against a base program), (Slot1, Slot2) = (0, 0); in seat 2
    # against Late1, P1 plays Slot1 and SeesIcsr plays Slot1: (3, 1).
    assert play(project, "SeesIcsr", "All2").payoffs == (0, 0)
    assert play(project, "Late1", "SeesIcsr").payoffs == (3, 1)


def test_canonical_code_of_icsr_programs(project):
    named = project.named
    assert named("Twin1").code == named("Late1").code  # the order of items and layout do not count
    assert named("Late1").code != named("All2").code
    assert named("OneRound1").code != named("Csr1").code  # one round is still another template


def test_the_trace_has_a_line_per_round(project):
    steps = play(project, "Late1", "All2").steps
    heads = [s.text.split(" from")[0] for s in steps if s.where == "Alg. 3, line 5"]
    assert heads == ["round 1/2", "round 2/2"]


def test_fuel_bounds_the_rounds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rounds = " ".join(f"round {k} {{ offer all }}" for k in range(1, 1001))
    (tmp_path / "m.spi").write_text(HEAD + f"program Many1 icsr {{ default AlwaysSlot1 {rounds} }}\n"
                                    f"program Many2 icsr {{ default AlwaysSlot2 {rounds} }}\n")
    with pytest.raises(SpiErrors) as info:
        spi_lang.play("m.spi:Many1", "m.spi:Many2", fuel=2000)
    assert "out of fuel" in info.value.errors[0].message




def test_three_seats(tmp_path, monkeypatch):
    # F is the triangle (0, 0, 0), (1, 2, 3), (2, 1, 1): points a (1, 2, 3) + b (2, 1, 1),
    # a, b >= 0, a + b <= 1. Three Ups: a = (B, B, B), (0, 0, 0).
    # Round 1: every seat offers F below (1/2, 1, 3/2). The smallest payoff is
    # min(a + 2b, 2a + b) <= a + 2b <= 1/2; with a + 2b = 1/2 the others are 1 - 3b and
    # 3/2 - 5b, largest at b = 0: leximin picks (1/2, 1, 3/2), played as
    # 1/2 (A, A, A) + 1/2 (A, A, B) (the first profile paying 0).
    # Round 2: all of F above it. min(a + 2b, 2a + b) is largest on a + b = 1 where
    # 1 + b = 2 - b, b = 1/2: (3/2, 3/2, 2), above (1/2, 1, 3/2).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.spi").write_text(THREE)
    result = spi_lang.play("t.spi:Up", "t.spi:Up", "t.spi:Up")
    assert result.payoffs == (Fr(3, 2), Fr(3, 2), 2)
    picked = [s.text for s in result.steps if s.text.startswith("sel(I)")]
    assert picked[0].startswith("sel(I) = (1/2, 1, 3/2)")
    assert "lottery {(A, A, A): 1/2, (A, A, B): 1/2}" in picked[0]
