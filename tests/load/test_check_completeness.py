"""`spilang check` reports every error that can be found without playing, each once: map
checks that do not stop at the first bad map, maps that never apply, errors in files that
see several games or a game that is not 2-player, and no duplicates."""

from error_helpers import checked, in_tmp, raised, write  # noqa: F401 (in_tmp is an autouse fixture)

import spi_lang
from spi_lang.ui.cli import main

SCHED = 'import "games/scheduling.spi"\n'


def test_a_shadowed_map_is_reported_and_its_target_still_checked():
    # (Slot1, Slot1) is matched by the first map already, so the second never applies; its
    # target (Slot2, Slot2) pays (1, 3), not >= (3, 1), the payoff of its source.
    assert checked({"m.spi": SCHED + "program R renegotiation {\n  default { play Slot1 }\n"
                                     "  map (Slot1, _) -> (Slot1, Slot1)\n"
                                     "  map (Slot1, Slot1) -> (Slot2, Slot2)\n}\n"}) == """\
m.spi:5:3: error: this map never applies: earlier maps match every profile it matches
5 |   map (Slot1, Slot1) -> (Slot2, Slot2)
  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
m.spi:5:25: error: map target pays (1, 3), which is not a weak Pareto improvement on (Slot1, Slot1), which pays (3, 1) (Definition 3)
5 |   map (Slot1, Slot1) -> (Slot2, Slot2)
  |                         ^^^^^^^^^^^^^^"""


def test_a_map_with_a_typo_does_not_hide_definition_3_in_the_others():
    text = checked({"t.spi": SCHED + "program R renegotiation {\n  default { play Slot1 }\n"
                                     "  map (Slot1, Slot1) -> (Slot2, Slot2)\n"
                                     "  map (Slot9, Slot2) -> (Slot3, Slot3)\n}\n"})
    heads = [line for line in text.splitlines() if ": error: " in line]
    assert heads == [
        "t.spi:4:25: error: map target pays (1, 3), which is not a weak Pareto improvement on "
        "(Slot1, Slot1), which pays (3, 1) (Definition 3)",
        "t.spi:5:8: error: 'Slot9' is not an action of player P1 (actions: Slot1, Slot2, Slot3)",
    ]


def test_wildcard_in_a_target_needs_no_game():
    # The file sees no game at all, and `_` in a target is still an error.
    assert checked({"w.spi": "program R renegotiation {\n  default { play A }\n"
                             "  map (A, B) -> (_, B)\n}\n"}) == """\
w.spi:3:18: error: `_` is only allowed in payoff rules and `map` sources; an outcome names every action
3 |   map (A, B) -> (_, B)
  |                  ^"""


def test_with_several_games_an_action_of_none_is_reported():
    text = checked({"two.spi": SCHED + 'import "games/chicken.spi"\n'
                                       "program P { if opponent == self { play Dare } play Nope }\n"})
    assert text == """\
two.spi:3:52: error: 'Nope' is not an action in any game this file sees (Chicken, Scheduling)
3 | program P { if opponent == self { play Dare } play Nope }
  |                                                    ^^^^"""


def test_actions_are_checked_in_a_game_of_three_players():
    assert checked({"three.spi": "game Three { players A, B, C actions X "
                                 "payoff (_, _, _) = (1, 2, 3) }\nprogram P { play Nope }\n"}) == """\
three.spi:2:18: error: 'Nope' is not an action in game Three
2 | program P { play Nope }
  |                  ^^^^"""


def test_errors_after_an_unreachable_statement_are_still_found():
    text = checked({"u.spi": SCHED + "program P {\n  play Slot1\n  play Slot2\n"
                                     "  if opponent == Nobody { play Slot3 }\n}\n"})
    heads = [line for line in text.splitlines() if ": error: " in line]
    assert heads == ["u.spi:4:3: error: unreachable statement: every path before it has played",
                     "u.spi:5:18: error: unknown program 'Nobody'"]


def test_a_named_default_and_a_duplicate_are_checked_once():
    text = checked({"d.spi": SCHED + "program P { play Slot9 }\nprogram P { play Slot1 }\n"
                                     "program R renegotiation { default P map (Slot1, Slot2) -> (Slot3, Slot3) }\n"})
    heads = [line for line in text.splitlines() if ": error: " in line]
    assert heads == ["d.spi:2:18: error: 'Slot9' is not an action in game Scheduling",
                     "d.spi:3:9: error: P is declared twice"]


def test_a_program_in_both_seats_reports_its_map_once():
    write({"r.spi": SCHED + "program R renegotiation { default { play Slot1 } "
                            "map (Slot1, Slot1) -> (Slot2, Slot2) }\n"})
    text = raised(spi_lang.play, "r.spi", "r.spi")
    assert text.count("error:") == 1


def test_trace_quotes_conditions_of_files_with_form_feeds(capsys):
    write({"ff.spi": SCHED + "# page\x0cbreak\nprogram B {\n  if opponent == self { play Slot1 }\n"
                             "  play Slot2\n}\n"})
    assert main(["play", "ff.spi", "ff.spi", "--trace"]) == 0
    assert "[P1 B] opponent == self: true (opponent is B)" in capsys.readouterr().out


def test_a_folder_and_a_file_with_a_colon_in_its_name(capsys):
    write({"dir.spi/x.spi": SCHED, "y.spi:A": SCHED + "program Q { play Slot1 }\n"})
    assert main(["check", "dir.spi"]) == 1
    assert capsys.readouterr().err == "dir.spi: error: this is a folder, not a .spi file\n"
    # The whole argument names an existing file, so it is not read as file:Name.
    assert main(["play", "y.spi:A", "y.spi:A"]) == 0
    assert "(Slot1, Slot1)" in capsys.readouterr().out


def test_pmp_of_a_three_player_game(capsys):
    write({"three.spi": "game Three { players A, B, C actions X payoff (_, _, _) = (1, 2, 3) }\n"})
    assert main(["game", "three.spi", "--pmp", "(X, X, X)"]) == 0
    # F is the single point (1, 2, 3), so every PMP_i of the only outcome is that point:
    # max(PMM_j, u_j) = u_j for each j.
    assert capsys.readouterr().out.endswith(
        "Pareto meet projections of (X, X, X), payoffs (1, 2, 3)\n"
        "  PMP_A  point (1, 2, 3)\n  PMP_B  point (1, 2, 3)\n  PMP_C  point (1, 2, 3)\n")


def test_a_closed_pipe_is_not_an_internal_error(monkeypatch, capsys):
    class ClosedPipe:
        def write(self, _text):
            raise BrokenPipeError

        def flush(self):
            pass

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["game", "games/chicken.spi"]) == 0
    assert "internal error" not in capsys.readouterr().err
