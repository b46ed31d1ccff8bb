"""Golden error text, part 2: the checks of games and programs (checker.py and the game
builder in games.py) and the errors of choosing programs and games at play time, rendered
exactly as the user sees them. Part 1, render and the parser and loader errors, is
test_errors.py.
"""

import pytest
from error_helpers import (CHICKEN, GAME, checked, in_tmp,  # noqa: F401 (in_tmp is an autouse fixture)
                           raised, write)

import spi_lang

# ------------------------------------------------------------------ games

def test_game_items_declared_twice():
    files = {"g1.spi": "game G1 {\n  players A, B\n  players A, B\n  actions X, Y\n  actions X\n"
                       "  payoff (_, _) = (0, 0)\n}\n"}
    assert checked(files) == """\
g1.spi:3:3: error: `players` is declared twice in this game
3 |   players A, B
  |   ^^^^^^^^^^^^
g1.spi:5:3: error: `actions` is declared twice in this game
5 |   actions X
  |   ^^^^^^^^^"""


def test_game_mixing_action_forms_is_one_error_without_a_cascade():
    # B has the shared actions X, Y: "player B has no actions" would be misleading
    files = {"g1.spi": "game G1 {\n  players A, B\n  actions X, Y\n  actions A: X\n"
                       "  payoff (_, _) = (0, 0)\n}\n"}
    assert checked(files) == """\
g1.spi:4:3: error: use either `actions A, B` for every player or `actions Player: ...` per player, not both
4 |   actions A: X
  |   ^^^^^^^^^^^^"""


def test_game_without_actions():
    assert checked({"g2.spi": "game G2 {\n  players A, B\n}\n"}) == """\
g2.spi:1:6: error: game G2 declares no actions
1 | game G2 {
  |      ^^"""


def test_game_unknown_player_and_player_without_actions():
    files = {"g3.spi": "game G3 {\n  players Row, Col\n  actions Row: X\n  actions Colz: Y\n"
                       "  payoff (_, _) = (0, 0)\n}\n"}
    assert checked(files) == """\
g3.spi:2:16: error: player Col has no actions
2 |   players Row, Col
  |                ^^^
g3.spi:4:11: error: unknown player 'Colz'; the players are Row, Col
4 |   actions Colz: Y
  |           ^^^^"""


def test_game_names_listed_twice():
    files = {"g4.spi": "game G4 {\n  players P, P\n  actions P: X\n  actions P: Y\n}\n",
             "g5.spi": "game G5 {\n  actions Row: X, Y, X\n  actions Col: Z\n"
                       "  payoff (_, _) = (0, 0)\n}\n"}
    assert checked(files, "g4.spi", "g5.spi") == """\
g4.spi:2:14: error: player 'P' is listed twice
2 |   players P, P
  |              ^
g4.spi:4:11: error: `actions` for player 'P' is listed twice
4 |   actions P: Y
  |           ^
g5.spi:2:22: error: action 'X' is listed twice
2 |   actions Row: X, Y, X
  |                      ^"""


def test_game_shared_action_listed_twice_is_reported_once():
    # `actions` shared by both players is one list: one mistake, one error (not one per seat)
    assert checked({"g5.spi": "game G5 {\n  actions X, Y, X\n  payoff (_, _) = (0, 0)\n}\n"}) == """\
g5.spi:2:17: error: action 'X' is listed twice
2 |   actions X, Y, X
  |                 ^"""


def test_game_payoff_rules_of_the_wrong_shape_and_unknown_actions():
    files = {"g6.spi": "game G6 {\n  actions Row: X, Y\n  actions Col: Go, Stop\n"
                       "  payoff (X, Go) = (1, 2, 3)\n  payoff (X, Go, Y) = (1, 2)\n"
                       "  payoff (Go, _) = (1, 2)\n  payoff (_, X) = (1, 2)\n}\n"}
    assert checked(files) == """\
g6.spi:4:21: error: payoff has 3 entries but the game has 2 players
4 |   payoff (X, Go) = (1, 2, 3)
  |                     ^^^^^^^
g6.spi:5:10: error: profile has 3 actions but the game has 2 players
5 |   payoff (X, Go, Y) = (1, 2)
  |          ^^^^^^^^^^
g6.spi:6:11: error: 'Go' is not an action of player Row (actions: X, Y)
6 |   payoff (Go, _) = (1, 2)
  |           ^^
g6.spi:7:14: error: 'X' is not an action of player Col (actions: Go, Stop)
7 |   payoff (_, X) = (1, 2)
  |              ^"""


def test_counts_of_one_are_singular():
    files = {"g7.spi": "game G7 {\n  actions X\n  payoff (_, _) = (1)\n  payoff (X) = (1, 1)\n}\n"}
    assert checked(files) == """\
g7.spi:3:20: error: payoff has 1 entry but the game has 2 players
3 |   payoff (_, _) = (1)
  |                    ^
g7.spi:4:10: error: profile has 1 action but the game has 2 players
4 |   payoff (X) = (1, 1)
  |          ^^^"""


def test_game_missing_payoffs():
    files = {"g8.spi": "game G8 {\n  actions X, Y\n  payoff (X, _) = (1, 1)\n}\n",
             "g9.spi": "game G9 {\n  actions X, Y, Z\n  payoff (X, X) = (1, 1)\n}\n"}
    assert checked(files, "g8.spi", "g9.spi") == """\
g8.spi:1:6: error: no payoff for (Y, X), (Y, Y) (add a rule, or a catch-all `payoff (_, _) = ...`)
1 | game G8 {
  |      ^^
g9.spi:1:6: error: no payoff for (X, Y), (X, Z), (Y, X) and 5 more (add a rule, or a catch-all `payoff (_, _) = ...`)
1 | game G9 {
  |      ^^"""


def test_game_with_too_many_profiles():
    actions = ", ".join(f"A{i}" for i in range(317))  # 317 * 317 > 100000
    line = f"game Big {{ actions {actions} payoff (_, _) = (0, 0) }}"
    # The line is longer than 400 characters, so only its first 160 are quoted (the caret
    # is at column 6, less than 40 from the start).
    assert checked({"big.spi": line + "\n"}) == (
        "big.spi:1:6: error: game Big has more than 100000 profiles\n"
        f"1 | {line[:160]}...\n"
        "  |      ^^^")


# ------------------------------------------------------------------ base programs

def test_program_names_in_conditions_and_defaults():
    files = {"p1.spi": 'import "g.spi"\nprogram P {\n  if opponent == Nobody { play A }\n'
                       '  if opponent != G { play A }\n  play B\n}\n'
                       'program R renegotiation {\n  default G\n  map (A, B) -> (A, A)\n}\n'}
    assert checked(files) == """\
p1.spi:3:18: error: unknown program 'Nobody'
3 |   if opponent == Nobody { play A }
  |                  ^^^^^^
p1.spi:4:18: error: G is a game, not a program
4 |   if opponent != G { play A }
  |                  ^
p1.spi:8:11: error: G is a game, not a program
8 |   default G
  |           ^"""


def test_program_paths_without_play_and_unreachable_statements():
    files = {"p2.spi": 'import "g.spi"\nprogram P {\n  if opponent == self { play A }\n}\n'
                       'program Q { }\nprogram R {\n  if opponent == self { play A play B }\n'
                       '  play A\n  play B\n}\n'}
    assert checked(files) == """\
p2.spi:4:1: error: a path reaches the end of this block without `play`
4 | }
  | ^
p2.spi:5:13: error: a path reaches the end of this block without `play`
5 | program Q { }
  |             ^
p2.spi:7:32: error: unreachable statement: every path before it has played
7 |   if opponent == self { play A play B }
  |                                ^^^^^^
p2.spi:9:3: error: unreachable statement: every path before it has played
9 |   play B
  |   ^^^^^^"""


def test_program_mix_probabilities():
    files = {"p3.spi": 'import "g.spi"\nprogram P {\n  play mix { A: 0, B: 1 }\n}\n'
                       'program Q {\n  play mix { A: 1/3, B: -1/3, }\n}\n'}
    assert checked(files) == """\
p3.spi:3:17: error: probability must be positive, not 0
3 |   play mix { A: 0, B: 1 }
  |                 ^
p3.spi:6:3: error: probabilities sum to 0, not 1
6 |   play mix { A: 1/3, B: -1/3, }
  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
p3.spi:6:25: error: probability must be positive, not -1/3
6 |   play mix { A: 1/3, B: -1/3, }
  |                         ^^^^"""


def test_program_mix_repeated_action_points_at_the_action():
    files = {"p4.spi": 'import "g.spi"\nprogram P {\n  play mix { A: 1/2, A: 1/2 }\n}\n'}
    assert checked(files) == """\
p4.spi:3:22: error: action A is listed twice
3 |   play mix { A: 1/2, A: 1/2 }
  |                      ^"""


def test_program_action_not_in_the_game():
    files = {"p5.spi": 'import "g.spi"\nprogram P {\n  play mix { A: 1/2, C: 1/2 }\n}\n'
                       'program Q { play Slot1 }\n'}
    assert checked(files) == """\
p5.spi:3:22: error: 'C' is not an action in game G
3 |   play mix { A: 1/2, C: 1/2 }
  |                      ^
p5.spi:5:18: error: 'Slot1' is not an action in game G
5 | program Q { play Slot1 }
  |                  ^^^^^"""


# ------------------------------------------------------------------ renegotiation programs

def test_renegotiation_program_defaults_and_maps():
    files = {"r1.spi": 'import "g.spi"\nprogram R1 renegotiation {\n  map (A, B) -> (A, A)\n}\n'
                       'program R2 renegotiation {\n  default { play A }\n  default { play B }\n'
                       '  map (A, B) -> (A, A)\n}\nprogram R3 renegotiation {\n  default R2\n'
                       '  map (A, B) -> (A, A)\n}\nprogram R4 renegotiation {\n  default { }\n}\n'}
    assert checked(files) == """\
r1.spi:2:9: error: renegotiation program R1 has no `default`
2 | program R1 renegotiation {
  |         ^^
r1.spi:7:3: error: a renegotiation program has exactly one `default`
7 |   default { play B }
  |   ^^^^^^^^^^^^^^^^^^
r1.spi:11:11: error: a default must be a base program; R2 is a renegotiation program
11 |   default R2
   |           ^^
r1.spi:14:9: error: a renegotiation program needs at least one `map`: the identity is not a renegotiation function (Definition 3)
14 | program R4 renegotiation {
   |         ^^
r1.spi:15:13: error: a path reaches the end of this block without `play`
15 |   default { }
   |             ^"""


def test_renegotiation_lottery_probabilities():
    files = {"r2.spi": 'import "g.spi"\nprogram R renegotiation {\n  default { play A }\n'
                       '  map (A, B) -> lottery { (A, A): 1/2, (B, B): 1/3 }\n'
                       '  map (B, A) -> lottery { (B, B): -1/2, (A, A): 3/2 }\n}\n'}
    assert checked(files) == """\
r2.spi:4:17: error: probabilities sum to 5/6, not 1
4 |   map (A, B) -> lottery { (A, A): 1/2, (B, B): 1/3 }
  |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
r2.spi:5:35: error: probability must be positive, not -1/2
5 |   map (B, A) -> lottery { (B, B): -1/2, (A, A): 3/2 }
  |                                   ^^^^"""


def test_an_invalid_lottery_is_not_also_judged_by_definition_3():
    # with probabilities -1/2 and 3/2 the target is no outcome: "pays (-1, -1)" is noise
    files = {"r2.spi": 'import "g.spi"\nprogram R renegotiation {\n  default { play A }\n'
                       '  map (B, A) -> lottery { (A, A): -1/2, (B, B): 3/2 }\n}\n'}
    assert checked(files) == """\
r2.spi:4:35: error: probability must be positive, not -1/2
4 |   map (B, A) -> lottery { (A, A): -1/2, (B, B): 3/2 }
  |                                   ^^^^"""


def test_renegotiation_lottery_repeated_profile_points_at_the_profile():
    files = {"r3.spi": 'import "g.spi"\nprogram R renegotiation {\n  default { play A }\n'
                       '  map (A, B) -> lottery { (A, A): 1/2, (A, A): 1/2 }\n}\n'}
    assert checked(files) == """\
r3.spi:4:40: error: profile (A, A) is listed twice
4 |   map (A, B) -> lottery { (A, A): 1/2, (A, A): 1/2 }
  |                                        ^^^^^^"""


def test_renegotiation_map_profiles_in_the_game():
    files = {"r4.spi": 'import "g.spi"\nprogram R renegotiation {\n  default { play A }\n'
                       '  map (A, B) -> (_, A)\n  map (B, C) -> (A, A)\n  map (A, B, A) -> (A, A)\n'
                       '  map (B, A) -> lottery { (A, A): 1/2, (B, Slot3): 1/2 }\n}\n'}
    assert checked(files) == """\
r4.spi:4:18: error: `_` is only allowed in payoff rules and `map` sources; an outcome names every action
4 |   map (A, B) -> (_, A)
  |                  ^
r4.spi:5:11: error: 'C' is not an action of player P2 (actions: A, B)
5 |   map (B, C) -> (A, A)
  |           ^
r4.spi:6:7: error: profile has 3 actions but the game has 2 players
6 |   map (A, B, A) -> (A, A)
  |       ^^^^^^^^^
r4.spi:7:44: error: 'Slot3' is not an action of player P2 (actions: A, B)
7 |   map (B, A) -> lottery { (A, A): 1/2, (B, Slot3): 1/2 }
  |                                            ^^^^^"""


def test_renegotiation_map_not_weakly_pareto_improving():
    files = {"r5.spi": 'import "g.spi"\nprogram R renegotiation {\n  default { play A }\n'
                       '  map (A, B) -> (A, A)\n  map (_, _) -> lottery { (B, B): 1/2, (A, B): 1/2 }\n}\n'}
    assert checked(files) == """\
r5.spi:5:17: error: map target pays (0, 0), which is not a weak Pareto improvement on (A, A), which pays (2, 2) (Definition 3)
5 |   map (_, _) -> lottery { (B, B): 1/2, (A, B): 1/2 }
  |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"""


def test_renegotiation_map_never_strictly_improving():
    files = {"r6.spi": 'import "g.spi"\nprogram R renegotiation {\n  default { play A }\n'
                       '  map (A, B) -> (B, A)\n  map (A, A) -> (A, A)\n}\n'}
    assert checked(files) == """\
r6.spi:2:9: error: R renegotiates no profile to a strict Pareto improvement, so its map is not a renegotiation function (Definition 3)
2 | program R renegotiation {
  |         ^"""


def test_an_error_in_a_named_default_is_reported_once():
    # P's bad action is one mistake, whether P is played alone or as R's default
    files = {"r7.spi": 'import "g.spi"\nprogram P { play C }\nprogram R renegotiation {\n'
                       '  default P\n  map (A, B) -> (A, A)\n}\n'}
    assert checked(files) == """\
r7.spi:2:18: error: 'C' is not an action in game G
2 | program P { play C }
  |                  ^"""


# ------------------------------------------------------------------ play time: seats

SEATED = {"ch.spi": CHICKEN,
          "progs.spi": 'import "ch.spi"\nprogram Daring { play Dare }\nprogram Going { play Go }\n'
                       'program Mixed {\n  play mix { Dare: 1/2, Yield: 1/2 }\n}\n'
                       'program R renegotiation {\n  default { play Go }\n'
                       '  map (Dare, Go) -> (Swerve, Yield)\n}\n'}


def test_actions_of_the_other_seat_pass_check_and_play_in_their_own_seat():
    write(SEATED)
    assert spi_lang.check("progs.spi")[0] == []
    assert spi_lang.play("progs.spi:Daring", "progs.spi:Going").payoffs == (0, 0)


def test_play_time_action_of_the_wrong_seat():
    write(SEATED)
    assert raised(spi_lang.play, "progs.spi:Going", "progs.spi:Daring") == """\
progs.spi:3:22: error: 'Go' is not an action of player Row (seat 1) in game Chicken; its actions are Dare, Swerve
3 | program Going { play Go }
  |                      ^^
progs.spi:2:23: error: 'Dare' is not an action of player Col (seat 2) in game Chicken; its actions are Go, Yield
2 | program Daring { play Dare }
  |                       ^^^^"""


def test_play_time_wrong_seat_in_a_mix_and_in_a_default():
    write(SEATED)
    assert raised(spi_lang.play, "progs.spi:Mixed", "progs.spi:Daring") == """\
progs.spi:5:25: error: 'Yield' is not an action of player Row (seat 1) in game Chicken; its actions are Dare, Swerve
5 |   play mix { Dare: 1/2, Yield: 1/2 }
  |                         ^^^^^
progs.spi:2:23: error: 'Dare' is not an action of player Col (seat 2) in game Chicken; its actions are Go, Yield
2 | program Daring { play Dare }
  |                       ^^^^"""
    assert raised(spi_lang.play, "progs.spi:R", "progs.spi:R") == """\
progs.spi:8:18: error: 'Go' is not an action of player Row (seat 1) in game Chicken; its actions are Dare, Swerve
8 |   default { play Go }
  |                  ^^"""


# ------------------------------------------------------------------ choosing programs and games

API_FILES = {"h.spi": GAME.replace("game G", "game H"),
             "two.spi": 'import "g.spi"\nprogram P { play A }\nprogram Q { play B }\n',
             "none.spi": 'import "g.spi"\n',
             "nog.spi": "program P { play A }\n",
             "both.spi": 'import "g.spi"\nimport "h.spi"\nprogram P { play A }\n',
             "three.spi": "game T {\n  players X, Y, Z\n  actions A\n  payoff (_, _, _) = (1, 1, 1)\n}\n"
                          "program P { play A }\n"}


@pytest.mark.parametrize("args, kwargs, expected", [
    (("two.spi", "two.spi"), {},
     "two.spi: error: this file declares 2 programs (P, Q); name one as two.spi:NAME"),
    (("none.spi", "none.spi"), {}, "none.spi: error: this file declares no program"),
    (("two.spi:Nope", "two.spi:P"), {}, "two.spi: error: two.spi has no program Nope"),
    (("two.spi:G", "two.spi:P"), {}, "two.spi: error: G is a game in g.spi, not a program"),
    (("nog.spi", "nog.spi"), {}, "nog.spi: error: no game: the programs' files neither define "
                                 "nor import one (import one, or pass --game)"),
    (("both.spi", "both.spi"), {}, "both.spi: error: several games are visible (G, H); pick one with --game"),
    (("three.spi", "three.spi"), {}, """\
three.spi:1:6: error: game T has 3 players: give one program per seat (3 programs, not 2)
1 | game T {
  |      ^"""),
    # the name of a game is not a path: the message must not look like an error in a file `Nope`
    (("two.spi:P", "two.spi:Q"), {"game": "Nope"}, "spilang: error: no game named Nope in the loaded files"),
])
def test_choosing_programs_and_games(args, kwargs, expected):
    write({"g.spi": GAME, **API_FILES})
    assert raised(spi_lang.play, *args, **kwargs) == expected


def test_a_3_player_game_takes_three_programs():
    write({"g.spi": GAME, **API_FILES})
    # T pays (1, 1, 1) at its only profile (A, A, A), which P plays in every seat.
    assert spi_lang.play("three.spi", "three.spi", "three.spi").payoffs == (1, 1, 1)


def test_project_lookups():
    write({"g.spi": GAME, **API_FILES})
    project = spi_lang.load("g.spi", "nog.spi")
    assert raised(project.file, "x.spi") == "x.spi: error: x.spi was not loaded"
    assert raised(project.games_in, "g.spi", "Z") == "g.spi: error: g.spi has no game Z"
    assert raised(project.games_in, "nog.spi") == "nog.spi: error: nog.spi neither defines nor imports a game"


def test_outcome_given_as_text_names_actions_of_the_game():
    write({"g.spi": GAME})
    game = spi_lang.load("g.spi").games["G"]
    assert raised(spi_lang.api.outcome, game, "lottery { (A, C): 1/2, (B, B): 1/3 }", "--pmp") == """\
--pmp:1:15: error: 'C' is not an action of player P2 (actions: A, B)
1 | lottery { (A, C): 1/2, (B, B): 1/3 }
  |               ^
--pmp:1:1: error: probabilities sum to 5/6, not 1
1 | lottery { (A, C): 1/2, (B, B): 1/3 }
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"""
