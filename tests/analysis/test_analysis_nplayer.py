"""`analyze` and `spi-check` in a 3-player game, worked by hand: the stdlib's Division game
(all three name the same player i: i gets 3 and the others 1; otherwise all get 0) and the
programs of tests/golden/division3.spi. Beliefs over profiles of the others' programs, in
both written forms; expected utilities, best responses, Definition 1 holding and failing,
Assumptions 4 and 8 in Appendix A's form, Definition 2 for renegotiate:Share; the JSON,
golden CLI output, and every misuse of the n-player beliefs with its rendered error."""

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from error_helpers import checked, in_tmp, raised  # noqa: F401 (in_tmp is an autouse fixture)

import spi_lang
from spi_lang.syntax import ast
from spi_lang.syntax.parser import parse

GOLDEN = Path(__file__).parents[1] / "golden"
DIV = str(GOLDEN / "division3.spi")
EVERY_SEAT = [["Give1", "Give2"]] * 3


# ------------------------------------------------------------------ the language

def test_profile_entries_and_the_product_shorthand_parse():
    (decl,) = parse("beliefs B for P1 { (X, Y): 1/2, (X, Z): 1/2 }").decls
    assert decl.entries == (ast.ProfileBelief((ast.Name("X"), ast.Name("Y")), ast.Num(F(1, 2))),
                            ast.ProfileBelief((ast.Name("X"), ast.Name("Z")), ast.Num(F(1, 2))))
    (decl,) = parse("beliefs B for P1 { P2: { X: 1/2, Y: 1/2 }, P3: { Z: 1 }, }").decls
    assert decl.entries == (
        ast.SeatBelief(ast.Name("P2"), (ast.BeliefEntry(ast.Name("X"), ast.Num(F(1, 2))),
                                        ast.BeliefEntry(ast.Name("Y"), ast.Num(F(1, 2))))),
        ast.SeatBelief(ast.Name("P3"), (ast.BeliefEntry(ast.Name("Z"), ast.Num(F(1))),)))
    # The 2-player form is unchanged.
    (decl,) = parse("beliefs B for P1 { X: 1 }").decls
    assert decl.entries == (ast.BeliefEntry(ast.Name("X"), ast.Num(F(1))),)


DIVISION = 'import "games/division.spi"\nprogram Give1 { play To1 }\nprogram Give2 { play To2 }\n'


@pytest.mark.parametrize("line, message", [
    ("beliefs A for P1 { (Give1, Give1): 1/2, (Give1, Give1): 1/2 }", """\
b.spi:4:41: error: profile (Give1, Give1) is listed twice
4 | beliefs A for P1 { (Give1, Give1): 1/2, (Give1, Give1): 1/2 }
  |                                         ^^^^^^^^^^^^^^^^^^^"""),
    ("beliefs B for P1 { Give1: 1 }", """\
b.spi:4:20: error: this profile lists 1 program; beliefs for P1 in game Division list one program per other player, in seat order (P2, P3)
4 | beliefs B for P1 { Give1: 1 }
  |                    ^^^^^^^^"""),
    ("beliefs B for P2 { (Give1, Give1, Give2): 1 }", """\
b.spi:4:20: error: this profile lists 3 programs; beliefs for P2 in game Division list one program per other player, in seat order (P1, P3)
4 | beliefs B for P2 { (Give1, Give1, Give2): 1 }
  |                    ^^^^^^^^^^^^^^^^^^^^^^^^"""),
    ("beliefs C for P1 { P2: { Give1: 1 }, (Give1, Give2): 1 }", """\
b.spi:4:38: error: beliefs C mix profile entries with per-seat distributions (`P2: { X: p, ... }`); use one form
4 | beliefs C for P1 { P2: { Give1: 1 }, (Give1, Give2): 1 }
  |                                      ^^^^^^^^^^^^^^^^^"""),
    ("beliefs D for P1 { P2: { Give1: 1 } }", """\
b.spi:4:9: error: beliefs D give no distribution for P3; give one for each other player of game Division (P2, P3)
4 | beliefs D for P1 { P2: { Give1: 1 } }
  |         ^"""),
    ("beliefs E for P1 { P1: { Give1: 1 }, P2: { Give1: 1 }, P3: { Give2: 1 } }", """\
b.spi:4:20: error: P1 holds these beliefs; they are over the other players' programs
4 | beliefs E for P1 { P1: { Give1: 1 }, P2: { Give1: 1 }, P3: { Give2: 1 } }
  |                    ^^"""),
    ("beliefs F for P1 { P2: { Give1: 1 }, P3: { Give1: 1 }, P2: { Give2: 1 } }", """\
b.spi:4:56: error: P2 is given twice
4 | beliefs F for P1 { P2: { Give1: 1 }, P3: { Give1: 1 }, P2: { Give2: 1 } }
  |                                                        ^^
b.spi:4:20: note: the first
4 | beliefs F for P1 { P2: { Give1: 1 }, P3: { Give1: 1 }, P2: { Give2: 1 } }
  |                    ^^"""),
    ("beliefs G for P1 { P9: { Give1: 1 }, P3: { Give1: 1 } }", """\
b.spi:4:20: error: P9 is not a player of game Division (players: P1, P2, P3)
4 | beliefs G for P1 { P9: { Give1: 1 }, P3: { Give1: 1 } }
  |                    ^^"""),
    ("beliefs H for P1 { P2: { Give1: 1/2, Give2: 1/4 }, P3: { Give1: 1 } }", """\
b.spi:4:20: error: probabilities sum to 3/4, not 1
4 | beliefs H for P1 { P2: { Give1: 1/2, Give2: 1/4 }, P3: { Give1: 1 } }
  |                    ^^"""),
    ("beliefs I for P1 { P2: { Give1: 1/2, Give1: 1/2 }, P3: { Give1: 1 } }", """\
b.spi:4:38: error: program Give1 is listed twice
4 | beliefs I for P1 { P2: { Give1: 1/2, Give1: 1/2 }, P3: { Give1: 1 } }
  |                                      ^^^^^"""),
    ("beliefs J for P1 { (Give1, Nope): 1/2, (Give1, Give2): 3/2 }", """\
b.spi:4:9: error: probabilities sum to 2, not 1
4 | beliefs J for P1 { (Give1, Nope): 1/2, (Give1, Give2): 3/2 }
  |         ^
b.spi:4:28: error: unknown program 'Nope'
4 | beliefs J for P1 { (Give1, Nope): 1/2, (Give1, Give2): 3/2 }
  |                            ^^^^
b.spi:4:56: error: probability must be at most 1, not 3/2
4 | beliefs J for P1 { (Give1, Nope): 1/2, (Give1, Give2): 3/2 }
  |                                                        ^^^"""),
    ("beliefs K for P1 { (Give1, Give2): 0, (Give1, Give1): 1 }", """\
b.spi:4:36: error: probability must be positive, not 0
4 | beliefs K for P1 { (Give1, Give2): 0, (Give1, Give1): 1 }
  |                                    ^"""),
])
def test_misused_beliefs_are_positioned_errors(line, message):
    assert checked({"b.spi": DIVISION + line + "\n"}) == message


def test_the_empty_beliefs_error_still_names_the_2_player_form():
    with pytest.raises(spi_lang.SpiError) as info:
        parse("beliefs B for P1 { }")
    assert info.value.message == "unexpected '}', expected a name"


# ------------------------------------------------------------------ analyze

def test_expected_utilities_against_beliefs_over_profiles():
    result = spi_lang.analyze(DIV, candidates=[["Give1", "Give2"]], beliefs=["Mixed1"])
    p1 = result.player("P1")
    # Mixed1: (Give1, Give1) 1/2, (Give2, Give2) 1/4, (Give1, Give3) 1/4 for (P2, P3).
    # Give1 plays (To1, To1, To1) = (3, 1, 1) against the first, (To1, To2, To2) and
    # (To1, To1, To3) = (0, 0, 0) against the others: 3 * 1/2 = 3/2.
    # Give2 plays (To2, To1, To1) = 0, (To2, To2, To2) = (1, 3, 1), (To2, To1, To3) = 0:
    # 1 * 1/4 = 1/4.
    assert p1.support == ((("Give1", "Give1"), F(1, 2)), (("Give2", "Give2"), F(1, 4)),
                          (("Give1", "Give3"), F(1, 4)))
    assert [c.before.payoffs for c in p1.candidates] == [(3, 0, 0), (0, 1, 0)]
    assert p1.expected_utility("Give1") == F(3, 2) and p1.expected_utility("Give2") == F(1, 4)
    assert (p1.best, p1.best_responses) == (F(3, 2), ("Give1",))


def test_the_product_shorthand_is_the_product_distribution():
    p1 = spi_lang.analyze(DIV, candidates=[["Give1", "Give2"]], beliefs=["Independent1"]).player("P1")
    # P2: Give1 1/2, Give2 1/2; P3: Give1 1/3, Give2 2/3. The profiles in order:
    # (Give1, Give1) 1/2 * 1/3 = 1/6, (Give1, Give2) 1/2 * 2/3 = 1/3, (Give2, Give1) 1/6,
    # (Give2, Give2) 1/3. Give1 gets 3 only against (Give1, Give1): 3 * 1/6 = 1/2; Give2
    # gets 1 only against (Give2, Give2): 1/3.
    assert p1.support == ((("Give1", "Give1"), F(1, 6)), (("Give1", "Give2"), F(1, 3)),
                          (("Give2", "Give1"), F(1, 6)), (("Give2", "Give2"), F(1, 3)))
    assert (p1.expected_utility("Give1"), p1.expected_utility("Give2")) == (F(1, 2), F(1, 3))
    assert p1.best_responses == ("Give1",)


def test_definition_1_holds_for_everyone_naming_player_1():
    eq = spi_lang.analyze(DIV, candidates=EVERY_SEAT, beliefs=["Mixed1", "Sure2", "Sure3"],
                          profile=("Give1", "Give1", "Give1")).equilibrium
    # P1: Give1 is the best response (3/2 against 1/4). P2 and P3 are sure the others
    # play Give1: Give1 gets 1 from (To1, To1, To1), Give2 gets 0 from a mismatch.
    assert eq.holds and eq.payoffs == (3, 1, 1) and eq.outcome == "(To1, To1, To1)"
    assert [(s.expected, s.best) for s in eq.sides] == [(F(3, 2), F(3, 2)), (1, 1), (1, 1)]


def test_definition_1_fails_when_player_1_names_player_2():
    eq = spi_lang.analyze(DIV, candidates=EVERY_SEAT, beliefs=["Mixed1", "Sure2", "Sure3"],
                          profile=("Give2", "Give1", "Give1")).equilibrium
    # (To2, To1, To1) pays (0, 0, 0); P1's Give2 is worth 1/4 under Mixed1, Give1 3/2.
    assert not eq.holds and eq.payoffs == (0, 0, 0)
    assert [s.optimal for s in eq.sides] == [False, True, True]
    assert eq.sides[0].best_responses == ("Give1",)


def test_renegotiate_on_every_seat_and_assumption_4_in_n_player_form():
    result = spi_lang.analyze(DIV, candidates=EVERY_SEAT, beliefs=["Mixed1", "Sure2", "Sure3"],
                              profile=("Give2", "Give1", "Give1"), transform="renegotiate:Share")
    # f*(Give2, Give1, Give1): all three renegotiate with Share's maps; (To2, To1, To1)
    # maps to the fair lottery, (5/3, 5/3, 5/3).
    after = result.equilibrium_after
    assert after.payoffs == (F(5, 3),) * 3 and not after.holds
    # Beliefs are about untransformed programs: f*(Give1) meets base programs, plays Give1.
    assert result.player("P1").expected_utility("renegotiate(Give1, Share)") == F(3, 2)
    # 4(1): for each renegotiation image r of each player (2 per player) and each believed
    # profile (3 for P1, 1 each for P2 and P3), the others are base programs that play the
    # same against r and its default: 2 * 3 + 2 * 1 + 2 * 1 = 10 checks, all holding.
    found = [f for f in result.assumptions.findings if f.assumption == "4(1)"]
    assert len(found) == 10 and {f.status for f in found} == {"holds"}
    assert not [f for f in result.assumptions.findings if f.assumption == "4(2)"]


def test_assumption_8_in_n_player_form():
    result = spi_lang.analyze(DIV, candidates=[["Claim1", "Give2"]], beliefs=["Csr1"], transform="pmp")
    p1 = result.player("P1")
    # Against (Claim1, Claim1) every offer is {(3, 1, 1)}: agreement, (To1, To1, To1), 3.
    # Against (Give1, Give1) Claim1 plays its default Give1: (To1, To1, To1) again, 3.
    assert p1.expected_utility("Claim1") == 3 and p1.expected_utility("pmp_extension(Claim1)") == 3
    by = {}
    for f in result.assumptions.findings:
        by.setdefault(f.assumption, []).append(f)
    # 8(i): Give1 (believed in seats 2 and 3) against each profile of csr programs in the
    # other two seats: seat 1 Claim1 or its extension, the remaining seat Claim1: 2 * 2.
    assert len(by["8(i)"]) == 4 and {f.status for f in by["8(i)"]} == {"holds"}
    # 8(ii): Claim1 in seats 2 and 3 offers the point (3, 1, 1) whatever seat 1 plays.
    assert [(f.responder, f.status) for f in by["8(ii)"]] == [("Claim1", "holds")] * 2
    assert by["8(ii)"][0].detail.startswith("at all 27 default profiles, Claim1 (P2) offers")
    assert any(note.startswith("With 3 or more players a response is the marginal")
               for note in result.assumptions.not_checked)


def test_json_has_profiles_and_exact_numbers():
    data = json.loads(spi_lang.analyze(DIV, candidates=[["Give1", "Give2"]], beliefs=["Independent1"]).to_json())
    (p1,) = data["analyses"]
    assert p1["support"][1] == {"profile": ["Give1", "Give2"], "probability": "1/3"}
    assert [c["expected_utility"] for c in p1["candidates"]] == ["1/2", "1/3"]


# ------------------------------------------------------------------ spi-check

def test_renegotiate_share_is_an_spi_on_small_seat_sets():
    result = spi_lang.spi_check(DIV, seats=[["Give1", "Give2"], ["Give1"], ["Give1", "Give3"]],
                                transform="renegotiate:Share")
    # (Give1, Give1, Give1) stays (3, 1, 1): Share leaves unanimous profiles alone. The
    # other three miscoordinate, (0, 0, 0), and f* takes each to the fair lottery over the
    # three unanimous profiles, (3 + 1 + 1) / 3 = 5/3 each.
    assert [(c.profile, c.before, c.after, c.verdict) for c in result.profiles] == [
        (("Give1", "Give1", "Give1"), (3, 1, 1), (3, 1, 1), "same"),
        (("Give1", "Give1", "Give3"), (0, 0, 0), (F(5, 3),) * 3, "better"),
        (("Give2", "Give1", "Give1"), (0, 0, 0), (F(5, 3),) * 3, "better"),
        (("Give2", "Give1", "Give3"), (0, 0, 0), (F(5, 3),) * 3, "better")]
    assert result.is_spi and not result.counterexamples
    data = json.loads(result.to_json())
    assert data["seat3"] == ["Give1", "Give3"] and data["profiles"][1]["after"] == ["5/3"] * 3


def test_pmp_on_a_unanimous_profile_is_not_strict():
    result = spi_lang.spi_check(DIV, seats=[["Claim1"], ["Claim1"], ["Claim1"]], transform="pmp")
    # Three Claim1 agree on (3, 1, 1); extended, each also offers PMP_i of it, and the
    # selected point is still (3, 1, 1) (leximin over the agreement): no strict gain.
    assert [c.verdict for c in result.profiles] == ["same"] and not result.is_spi


# ------------------------------------------------------------------ the command line

GOLDEN_CASES = [
    ("analyze_division.txt", ["analyze", "division3.spi", "--candidates1", "Give1", "Give2", "--candidates2",
                              "Give1", "Give2", "--candidates3", "Give1", "Give2", "--beliefs", "Mixed1",
                              "Sure2", "Sure3", "--profile", "Give2", "Give1", "Give1", "--transform",
                              "renegotiate:Share"]),
    ("spi_check_division.txt", ["spi-check", "division3.spi", "--seat1", "Give1", "Give2", "--seat2",
                                "Give1", "--seat3", "Give1", "Give3", "--transform", "renegotiate:Share",
                                "--all"]),
]


@pytest.mark.parametrize("golden, argv", GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(run, golden, argv):
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text()


@pytest.mark.parametrize("argv, message", [
    (["analyze", "division3.spi", "--candidates4", "Give1", "--beliefs", "Mixed1"],
     "--candidates4: error: game Division has 3 players; there is no player 4"),
    (["analyze", "division3.spi", "--candidates1", "Give1", "--beliefs", "Mixed1", "--profile", "Give1", "Give1"],
     "--profile: error: a profile is one program per player, among --candidates1, --candidates2 and "
     "--candidates3"),
    (["analyze", "division3.spi", "--candidates3", "Give1", "--beliefs", "Mixed1"],
     "--candidates3: error: no beliefs for P3: its candidates are valued against them (pass them with --beliefs)"),
    (["spi-check", "division3.spi", "--seat1", "Give1", "--seat2", "Give1", "--transform", "renegotiate:Share"],
     "<stdlib>/games/division.spi:9:6: error: game Division has 3 players: give --seat1 to --seat3, one set "
     "of programs per seat, not 2"),
])
def test_user_errors(run, argv, message):
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == message


def test_no_candidates_is_a_usage_error(run):
    code, out, err = run("analyze", "division3.spi", "--beliefs", "Mixed1")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "spilang analyze: error: no candidates: give --candidates1 and/or --candidates2"


def test_a_profile_of_one_program_is_a_usage_error(run):
    code, out, err = run("analyze", "division3.spi", "--candidates1", "Give1", "--beliefs", "Mixed1",
                         "--profile", "Give1")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "spilang analyze: error: argument --profile: give one program per player"


def test_beliefs_for_a_seat_of_another_game_are_checked_in_the_chosen_game(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("b.spi").write_text('import "games/division.spi"\nimport "games/scheduling.spi"\n'
                             'program G1 { play To1 }\nbeliefs B for P1 { P2: { G1: 1 }, P4: { G1: 1 } }\n')
    assert raised(spi_lang.analyze, "b.spi", candidates=[["G1"], [], []], beliefs=["B"],
                  game="Division") == """\
b.spi:4:35: error: P4 is not a player of game Division (players: P1, P2, P3)
4 | beliefs B for P1 { P2: { G1: 1 }, P4: { G1: 1 } }
  |                                   ^^"""
