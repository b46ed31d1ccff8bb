"""Provability conditions on the GL Kripke chain (engine/modal.py): the FairBot /
PrudentBot / CooperateBot / DefectBot table of Barasz et al. 2014, each match worked by
hand below as box values per world, the chains' rows themselves, PA+n levels (and the
jump over equal worlds up to the next level), code equality in the same program, a box
found late (the chain starts again), renegotiation programs as opponents, and the errors
(a mix read by a statement)."""

import textwrap

import pytest

import spi_lang
from spi_lang.engine.modal_match import modal_match
from spi_lang.syntax.errors import SpiErrors, render

C, D = "Cooperate", "Defect"

BOTS = """\
import "games/prisoners_dilemma.spi"
program CooperateBot { play Cooperate }
program DefectBot { play Defect }
program FairBot {
  if provable(opponent plays Cooperate against self) { play Cooperate } else { play Defect }
}
program PrudentBot {
  if provable(opponent plays Cooperate against self)
     and provable in PA+1 (opponent plays Defect against DefectBot) { play Cooperate }
  else { play Defect }
}
"""


@pytest.fixture
def bots(tmp_path):
    def write(extra=""):
        path = tmp_path / "bots.spi"
        path.write_text(BOTS + textwrap.dedent(extra))
        return str(path)
    return write


def actions(path, a, b):
    result = spi_lang.play(f"{path}:{a}", f"{path}:{b}")
    (profile, _), = result.outcome.support
    return profile, result.payoffs


def chains(path, a, b, fuel=1_000_000):
    project = spi_lang.load(path)
    game, = project.games.values()
    return modal_match(game, (project.program(f"{path}:{a}"), project.program(f"{path}:{b}")), fuel=fuel)


def rows(chain):
    """Each world of a chain as (first world, last world, box values as a T/F string)."""
    return [(w.number, w.last, "".join("T" if b else "F" for b in w.boxes)) for w in chain.worlds]


# The 2014 paper's table. Notation: []S is provable(S), [1]S is provable in PA+1 (S);
# at world n, []S holds iff S held at every world m < n, [1]S iff at every m < n, m >= 1.
# FB(X) = [](X(FB)); PB(X) = [](X(PB)) and [1](not X(DB)). PD payoffs C/C 3,3, C/D 0,5,
# D/C 5,0, D/D 1,1.
TABLE = [
    # FB1 = []FB2, FB2 = []FB1: true at world 0, so at world 1, ...: (C, C)
    ("FairBot", "FairBot", (C, C), (3, 3)),
    # CB(FB) is true: []true at every world: (C, C)
    ("FairBot", "CooperateBot", (C, C), (3, 3)),
    # []false: true at world 0 only, false from world 1 on: (D, D)
    ("FairBot", "DefectBot", (D, D), (1, 1)),
    # PB(DB) = []DB(PB) and ... = []false and ...: false from world 1 on; so
    # [1](not PB(DB)) reads worlds >= 1 only and always holds; left: PB1 = []PB2: (C, C)
    ("PrudentBot", "PrudentBot", (C, C), (3, 3)),
    # [1](not CB(DB)) = [1]false: true at worlds 0 and 1 (nothing to read), false from
    # world 2 on: PrudentBot defects, CooperateBot cooperates: (D, C), payoffs (5, 0)
    ("PrudentBot", "CooperateBot", (D, C), (5, 0)),
    # FB(DB) = []false is false from world 1 on, so [1](not FB(DB)) always holds; left
    # PB = []FB(PB), FB = []PB(FB): both true at every world: (C, C)
    ("PrudentBot", "FairBot", (C, C), (3, 3)),
    # []DB(PB) = []false: false from world 1 on: (D, D)
    ("PrudentBot", "DefectBot", (D, D), (1, 1)),
    # the same matches with the seats swapped
    ("CooperateBot", "PrudentBot", (C, D), (0, 5)),
    ("FairBot", "PrudentBot", (C, C), (3, 3)),
    ("DefectBot", "FairBot", (D, D), (1, 1)),
]


@pytest.mark.parametrize("a, b, profile, payoffs", TABLE, ids=[f"{t[0]} vs {t[1]}" for t in TABLE])
def test_the_2014_table(bots, a, b, profile, payoffs):
    assert actions(bots(), a, b) == (profile, payoffs)


def test_fairbot_against_defectbot_is_false_from_world_1(bots):
    # box [1] = FB's []DB(FB) = []false: T at world 0, F at world 1, and world 2 would
    # repeat world 1 (no PA+n level above 0): stable from world 1.
    (chain,), = [chains(bots(), "FairBot", "DefectBot").chains]
    assert rows(chain) == [(0, 0, "T"), (1, 1, "F")]
    assert (chain.stable, chain.truth, chain.restarts) == (1, (False,), 0)
    # DefectBot's action is read at both worlds
    assert [dict(w.actions) for w in chain.worlds] == [{(1, chain.boxes[0][3]): D}] * 2


def test_fairbot_against_itself_is_true_at_world_0_and_stays(bots):
    # boxes [1] FB1's []FB2(FB1), [2] FB2's []FB1(FB2) (found at world 0, where it holds):
    # at world 1 both read world 0, where both cooperate: nothing changes.
    match = chains(bots(), "FairBot", "FairBot")
    (chain,) = match.chains  # FB2's box was solved in FB1's chain: one chain in all
    assert rows(chain) == [(0, 0, "TT")]
    assert chain.truth == (True, True)


def test_prudentbot_against_cooperatebot_jumps_to_the_pa1_level(bots):
    match = chains(bots(), "PrudentBot", "CooperateBot")
    first, second = match.chains
    # []CB(PB) = []true: stable at world 0
    assert rows(first) == [(0, 0, "T")]
    # [1](not CB(DB)) = [1]false: world 0 repeats up to the level 1 (no jump to make: the
    # next level is 1); at world 1 it still holds (it reads worlds m < 1 with m >= 1:
    # none); at world 2 it reads world 1, where CB(DB) = C: false from world 2 on.
    assert rows(second) == [(0, 0, "T"), (1, 1, "T"), (2, 2, "F")]
    assert second.stable == 2


def test_a_high_level_jumps_over_the_equal_worlds(bots):
    path = bots("""
    program Prudent5 {
      if provable in PA+5 (opponent plays Defect against DefectBot) { play Cooperate }
      else { play Defect }
    }
    """)
    # [5](not CB(DB)) = [5]false: holds at worlds 0..5 (each reads no world m >= 5) and
    # fails from world 6 on. World 0's values repeat until the level: one row for 0-4.
    (chain,) = chains(path, "Prudent5", "CooperateBot").chains
    assert rows(chain) == [(0, 4, "T"), (5, 5, "T"), (6, 6, "F")]
    assert actions(path, "Prudent5", "CooperateBot") == ((D, C), (5, 0))
    # against DefectBot the statement holds at every world: cooperation (0, 5)
    assert actions(path, "Prudent5", "DefectBot") == ((C, D), (0, 5))


def test_a_huge_level_costs_no_more_worlds(bots):
    path = bots("""
    program Prudent_big {
      if provable in PA+1000000000000 (opponent plays Defect against DefectBot) { play Cooperate }
      else { play Defect }
    }
    """)
    (chain,) = chains(path, "Prudent_big", "CooperateBot", fuel=10_000).chains
    assert rows(chain) == [(0, 999_999_999_999, "T"), (1_000_000_000_000, 1_000_000_000_000, "T"),
                           (1_000_000_000_001, 1_000_000_000_001, "F")]


def test_nested_boxes(bots):
    path = bots("""
    program Nested {
      if provable(provable(opponent plays Cooperate against self)) { play Cooperate }
      else { play Defect }
    }
    """)
    # Against DefectBot: [1] = [][2], [2] = []false. [2]: T at 0, F from 1. [1] reads
    # [2]: T at 0 and 1 (it reads world 0 only at world 1), F from world 2.
    (chain,) = chains(path, "Nested", "DefectBot").chains
    assert rows(chain) == [(0, 0, "TT"), (1, 1, "TF"), (2, 2, "FF")]
    assert actions(path, "Nested", "DefectBot") == ((D, D), (1, 1))
    # Against itself: [][]N2 and [][]N1: true at every world (Löb, twice): (C, C)
    assert actions(path, "Nested", "Nested") == ((C, C), (3, 3))


def test_not_provable_is_a_diamond(bots):
    path = bots("""
    program Contrarian {
      if not provable(opponent plays Defect against self) { play Cooperate } else { play Defect }
    }
    """)
    # Against DefectBot: []DB(X) = D is []true: provable at every world, so Defect.
    assert actions(path, "Contrarian", "DefectBot") == ((D, D), (1, 1))
    # Against CooperateBot: [](CB plays D) = []false: F from world 1: Cooperate.
    assert actions(path, "Contrarian", "CooperateBot") == ((C, C), (3, 3))
    # Against itself: X1 = C iff not [](X2 = D), i.e. X2 = D iff [](X2 = D)... world 0:
    # [] true, both play D; world 1: [](X = D) reads world 0 where both played D: true,
    # D again; stable: (D, D) (Löb: PA proves "X defects" from its own provability).
    assert actions(path, "Contrarian", "Contrarian") == ((D, D), (1, 1))


def test_code_equality_in_a_modal_program_is_constant(bots):
    path = bots("""
    program CliqueOrFair {
      if opponent == self { play Cooperate }
      else if provable(opponent plays Cooperate against self) { play Cooperate }
      else { play Defect }
    }
    """)
    # A copy of itself: the code test decides, no chain at all
    match = chains(path, "CliqueOrFair", "CliqueOrFair")
    assert (match.outcome.support[0][0], match.chains) == ((C, C), ())
    # FairBot: CliqueOrFair cooperates iff [](FB cooperates), FB iff [](it cooperates):
    # Löb: (C, C). DefectBot: []false: (D, D).
    assert actions(path, "CliqueOrFair", "FairBot") == ((C, C), (3, 3))
    assert actions(path, "CliqueOrFair", "DefectBot") == ((D, D), (1, 1))


def test_a_box_found_after_world_0_starts_the_chain_again(bots):
    path = bots("""
    program Late {
      if provable(opponent plays Cooperate against self) {
        play Cooperate
      } else if provable(opponent plays Defect against CooperateBot) {
        play Cooperate
      } else { play Defect }
    }
    program Spite {
      if provable(opponent plays Defect against self) { play Cooperate } else { play Defect }
    }
    """)
    # Late vs Spite. Boxes: [1] Late's [](S(L) = C), [2] Spite's [](L(S) = D).
    # World 0: T T; L(S) = C (first branch), S(L) = C. World 1: [1] reads S(L) = C at 0:
    # T; [2] reads L(S) = C at 0: F; so L(S) = C, S(L) = D. World 2: [1] reads S(L) = D
    # at 1: F, and Late reaches its second test, [3] [](S(CB) = D), first met at world 2:
    # the chain starts again with [1] [2] [3], and [4] Spite's [](CB(S) = D) = []false,
    # which [3]'s statement meets at world 0.
    # World 0: T T T T: L(S) = C, S(L) = C, S(CB) = C.
    # World 1: [1] S(L)=C at 0: T; [2] L(S)=D at 0? F; [3] S(CB)=D at 0? F; [4] false: F.
    #   L(S) = C, S(L) = D, S(CB) = D.
    # World 2: [1] S(L) = D at 1: F; the rest stay F: L(S) = D (both tests fail), S(L) = D.
    # World 3 repeats world 2: (Defect, Defect).
    (chain,) = chains(path, "Late", "Spite").chains
    assert chain.restarts == 1
    assert rows(chain) == [(0, 0, "TTTT"), (1, 1, "TFFF"), (2, 2, "FFFF")]
    assert actions(path, "Late", "Spite") == ((D, D), (1, 1))


def test_named_subjects_and_objects(bots):
    path = bots("""
    program Watcher {
      if provable(FairBot plays Cooperate against self) { play Cooperate } else { play Defect }
    }
    """)
    # W = [](FB(W)), FB(W) = [](W(FB)): Löb, both true: Watcher cooperates with anyone
    assert actions(path, "Watcher", "DefectBot") == ((C, D), (0, 5))


def test_a_renegotiation_opponent_plays_its_default(bots):
    path = bots("""
    program Renegotiator renegotiation {
      default DefectBot
      map (Defect, Defect) -> (Cooperate, Cooperate)
    }
    """)
    # FairBot is not a renegotiation program: Renegotiator plays DefectBot against it
    # (Alg. 1, line 8): []false, (D, D).
    assert actions(path, "FairBot", "Renegotiator") == ((D, D), (1, 1))


def test_a_statement_about_a_mix_is_an_error(bots):
    path = bots("""
    program Coin { play mix { Cooperate: 1/2, Defect: 1/2 } }
    """)
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:FairBot", f"{path}:Coin")
    text = render(info.value.errors[0], info.value.sources)
    assert text.endswith("""\
error: provability needs one action: Coin plays mix {Cooperate: 1/2, Defect: 1/2} against FairBot, and a probability is not a statement PA proves or refutes
5 |   if provable(opponent plays Cooperate against self) { play Cooperate } else { play Defect }
  |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^""")


def test_the_trace_shows_the_table_per_world(bots):
    result = spi_lang.play(f"{bots()}:FairBot", f"{bots()}:DefectBot")
    texts = [s.text for s in result.steps if s.where == "GL chain"]
    assert texts == [
        "provable(opponent plays Cooperate against self) for P1 FairBot vs P2 DefectBot: on the "
        "Kripke chain of GL (world n sees the worlds below n)",
        "[1] provable(opponent plays Cooperate against self), P1 FairBot vs P2 DefectBot",
        "world  [1]  DefectBot vs FairBot",
        "0      T    Defect",
        "1      F    Defect",
        "stable from world 1 on: [1] false",
    ]


def test_canonical_code_compares_provability_conditions(bots):
    path = bots("""
    program FairTwin
    {
      # FairBot laid out differently, PA+0 spelled out, itself named instead of `self`
      if provable in PA+0 (opponent plays Cooperate against FairTwin) {
        play Cooperate
      } else { play Defect }
    }
    program FairOther {
      if provable(opponent plays Defect against self) { play Cooperate } else { play Defect }
    }
    program FairFan {
      if opponent == FairBot { play Cooperate } else { play Defect }
    }
    """)
    project = spi_lang.load(path)
    code = {name: project.programs[name].code for name in ("FairBot", "FairTwin", "FairOther", "PrudentBot")}
    assert code["FairBot"] == code["FairTwin"]
    assert len({code["FairBot"], code["FairOther"], code["PrudentBot"]}) == 3
    # FairFan cooperates with FairBot's code only: FairTwin has it, FairOther not
    assert actions(path, "FairFan", "FairTwin") == ((C, C), (3, 3))
    assert actions(path, "FairFan", "FairOther")[0][0] == D


def test_named_programs_are_checked_in_the_seat_a_statement_runs_them(tmp_path):
    path = tmp_path / "a.spi"
    path.write_text(textwrap.dedent("""\
        game Chick {
          actions Row: Dare, Swerve
          actions Col: Go, Yield
          payoff (Dare, Go) = (0, 0)
          payoff (Dare, Yield) = (4, 1)
          payoff (Swerve, Go) = (1, 4)
          payoff (Swerve, Yield) = (3, 3)
        }
        program Goer { play Go }
        program Wary {
          if provable(opponent plays Go against Goer) { play Swerve } else { play Dare }
        }
        """))
    # `against Goer` seats Goer in Wary's own seat, Row, which has no action Go
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:Wary", f"{path}:Goer")
    assert "\n".join(render(e, info.value.sources) for e in info.value.errors).endswith("""\
error: 'Go' is not an action of player Row (seat 1) in game Chick; its actions are Dare, Swerve
9 | program Goer { play Go }
  |                     ^^""" + f"""
{path}:11:15: note: Goer plays in seat 1 (Row) here, in a provability statement of Wary
11 |   if provable(opponent plays Go against Goer) {{ play Swerve }} else {{ play Dare }}
   |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^""")


def test_modal_defaults_of_renegotiation_programs(bots):
    path = bots("""
    program RFair renegotiation {
      default FairBot
      map (Defect, Defect) -> (Cooperate, Cooperate)
    }
    program RDef renegotiation {
      default DefectBot
      map (Defect, Defect) -> (Cooperate, Cooperate)
    }
    """)
    # Alg. 1: the defaults FairBot vs DefectBot give a = (D, D) ([]false from world 1);
    # both maps send it to (C, C): payoffs (3, 3)
    assert actions(path, "RFair", "RDef") == ((C, C), (3, 3))
    # FairBot vs RFair: RFair plays its default FairBot against FairBot (line 8): Löb
    assert actions(path, "FairBot", "RFair") == ((C, C), (3, 3))
    # PrudentBot vs RFair: [1](RFair(DB) = D), RFair(DB) = FairBot(DB) = []false, D from
    # world 1: holds; [](RFair(PB) = C) = [](FB(PB) = C): Löb. (C, C)
    assert actions(path, "PrudentBot", "RFair") == ((C, C), (3, 3))
