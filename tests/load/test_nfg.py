"""Gambit `.nfg` files: read (payoff and outcome versions) into a `game` declaration,
written back exactly, imported from `.spi`, and read by Gambit's own reader (pygambit)
with the same payoffs. Errors are positioned at their token."""

import io
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spi_lang
from spi_lang.geometry.games import Game, build_game
from spi_lang.geometry.nfg import to_nfg
from spi_lang.load.nfg import identifier, parse_nfg
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError, render
from tests.error_helpers import in_tmp, write  # noqa: F401 (in_tmp: a fixture)

# The prisoner's dilemma with Gambit's order: the first player's strategy varies fastest,
# so the entries are (C,C) (D,C) (C,D) (D,D).
PAYOFF_VERSION = """\
NFG 1 R "Prisoner's Dilemma" { "Row player" "2" }
{ { "Cooperate" "Defect" } { "C" "D" } }
"a comment"

3 3 5 0 0 5 1/2 1
"""

# The same game as outcomes: (C,C) is outcome 1, (D,C) 2, (C,D) 3, (D,D) 4.
OUTCOME_VERSION = """\
NFG 1 R "Prisoner's Dilemma" { "Row player" "2" }
{ { "Cooperate" "Defect" } { "C" "D" } }
""
{
{ "cc" 3, 3 }
{ "dc" 5, 0 }
{ "cd" 0 5 }
{ "dd" 0.5, 1 }
}
1 2 3 4
"""


def rule(row, col, u1, u2):
    return ast.PayoffRule(ast.Profile((ast.Name(row), ast.Name(col))),
                          (ast.Num(Fraction(u1)), ast.Num(Fraction(u2))))


def test_payoff_version_is_one_game_declaration():
    module = parse_nfg(PAYOFF_VERSION, "pd.nfg")
    assert module == ast.Module((ast.Game(ast.Name("Prisoner_s_Dilemma"), (
        ast.Players((ast.Name("Row_player"), ast.Name("P2"))),
        ast.SeatActions(ast.Name("Row_player"), (ast.Name("Cooperate"), ast.Name("Defect"))),
        ast.SeatActions(ast.Name("P2"), (ast.Name("C"), ast.Name("D"))),
        rule("Cooperate", "C", 3, 3), rule("Defect", "C", 5, 0),
        rule("Cooperate", "D", 0, 5), rule("Defect", "D", Fraction(1, 2), 1))),))


def table(text: str) -> dict:
    game, errors = build_game(parse_nfg(text, "x.nfg").decls[0])
    assert errors == []
    return game.table


def test_outcome_version_reads_as_the_same_game():
    assert table(OUTCOME_VERSION) == table(PAYOFF_VERSION) == {
        ("Cooperate", "C"): (3, 3), ("Cooperate", "D"): (0, 5),
        ("Defect", "C"): (5, 0), ("Defect", "D"): (Fraction(1, 2), 1)}


def test_counted_strategies_and_the_null_outcome():
    # `{ 2 1 }`: player 1 has strategies 1 and 2, player 2 one; outcome 0 pays nothing.
    text = 'NFG 1 D "" { "1" "2" } { 2 1 } { { "" 1, -2 } } 0 1\n'
    assert table(text) == {("S1", "S1"): (0, 0), ("S2", "S1"): (1, -2)}
    game, _ = build_game(parse_nfg(text, "my game.nfg").decls[0])
    assert (game.name, game.players) == ("my_game", ("P1", "P2"))  # empty title: the file's name


def test_numbers_are_exact():
    text = 'NFG 1 R "t" { "A" "B" } { 1 1 } 1e-3 -7/3\n'
    assert table(text) == {("S1", "S1"): (Fraction(1, 1000), Fraction(-7, 3))}


def test_labels_become_identifiers():
    assert identifier("Row player", "P") == "Row_player"
    assert identifier("1", "S") == "S1"
    assert identifier("play", "S") == "play_"    # a reserved word
    assert identifier("  ", "S") == ""           # then named by its place


def game_of(players, actions, payoffs) -> Game:
    return Game("G", players, actions, dict(payoffs))


def spilang_table(text: str, path="g.nfg") -> Game:
    game, errors = build_game(parse_nfg(text, path).decls[0])
    assert errors == []
    return game


def test_written_file_is_the_payoff_version_in_gambit_order():
    game = spilang_table(PAYOFF_VERSION)
    assert to_nfg(game) == (
        'NFG 1 R "Prisoner_s_Dilemma" { "Row_player" "P2" }\n'
        '{ { "Cooperate" "Defect" } { "C" "D" } }\n'
        '""\n\n3 3\n5 0\n0 5\n1/2 1\n')


fractions_ = st.fractions(min_value=-50, max_value=50, max_denominator=20)


@st.composite
def games(draw):
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3))
    players = tuple(f"P{k + 1}" for k in range(len(sizes)))
    actions = tuple(tuple(f"A{k}_{j}" for j in range(n)) for k, n in enumerate(sizes))
    game = Game("G", players, actions, {})
    for profile in game.profiles():
        game.table[profile] = tuple(draw(fractions_) for _ in players)
    return game


@settings(max_examples=60, deadline=None)
@given(games())
def test_round_trip(game):
    back = spilang_table(to_nfg(game))
    assert (back.name, back.players, back.actions, back.table) == \
        (game.name, game.players, game.actions, game.table)


def test_pygambit_reads_the_written_file_with_the_same_payoffs():
    import pygambit
    game = spilang_table(PAYOFF_VERSION)
    theirs = pygambit.read_nfg(io.StringIO(to_nfg(game)))
    assert theirs.title == "Prisoner_s_Dilemma"
    assert [p for p in theirs.players] == ["Row_player", "P2"]
    for profile in game.profiles():
        payoffs = theirs.get_payoffs(dict(zip(game.players, profile)))
        assert tuple(Fraction(payoffs[p]) for p in game.players) == game.payoff(profile)


def test_spilang_reads_what_pygambit_writes():
    # pygambit writes the outcome version: reading it gives back the same game.
    import pygambit
    game = spilang_table(PAYOFF_VERSION)
    written = pygambit.read_nfg(io.StringIO(to_nfg(game))).to_nfg()
    assert '{ "1" 3, 3 }' in written  # outcomes listed: the outcome version
    back = spilang_table(written)
    assert (back.players, back.actions, back.table) == (game.players, game.actions, game.table)


def test_import_from_spi(in_tmp):
    write({"pd.nfg": PAYOFF_VERSION,
           "use.spi": 'import "pd.nfg"\nprogram Coop { play Cooperate }\nprogram C2 { play C }\n'})
    result = spi_lang.play("use.spi:Coop", "use.spi:C2")
    assert result.payoffs == (3, 3)


def test_game_command_writes_nfg(in_tmp, capsys):
    from spi_lang.ui.cli import main
    write({"g.spi": "game G { actions Row: A, B\n actions Col: X\n payoff (A, X) = (1/3, 2)\n"
                    " payoff (B, X) = (0, -1) }\n"})
    assert main(["game", "g.spi", "--nfg", "g.nfg"]) == 0
    assert (in_tmp / "g.nfg").read_text() == (
        'NFG 1 R "G" { "Row" "Col" }\n{ { "A" "B" } { "X" } }\n""\n\n1/3 2\n0 -1\n')
    capsys.readouterr()
    assert main(["game", "g.nfg"]) == 0
    assert capsys.readouterr().out.startswith(
        "game G: players Row, Col\n\nRow \\ Col  X\nA          1/3, 2\nB          0, -1\n")


def error(text: str, path="bad.nfg") -> str:
    with pytest.raises(SpiError) as info:
        parse_nfg(text, path)
    return render(info.value, {path: text})


def test_error_at_a_bad_payoff():
    assert error('NFG 1 R "x" { "A" "B" }\n{ 2 2 }\n\n3 3 5 0 0 x 1 1\n') == (
        "bad.nfg:4:11: error: expected a number, found `x`\n"
        "4 | 3 3 5 0 0 x 1 1\n"
        "  |           ^")


def test_error_when_payoffs_run_out_or_remain():
    assert error('NFG 1 R "x" { "A" "B" } { 1 2 }\n1 2 3\n') == (
        "bad.nfg:2:6: error: expected a number, found end of file\n"
        "2 | 1 2 3\n"
        "  |      ^")
    assert error('NFG 1 R "x" { "A" "B" } { 1 1 }\n1 2 3\n').startswith(
        "bad.nfg:2:5: error: expected the end of the file after the payoffs, found `3`")


def test_error_at_a_bad_outcome_number():
    assert error('NFG 1 R "x" { "A" "B" }\n{ 2 1 }\n""\n{ { "o" 1, 2 } }\n1 2\n') == (
        "bad.nfg:5:3: error: expected an outcome number, a whole number from 0 to 1, found `2`\n"
        "5 | 1 2\n"
        "  |   ^")


def test_repeated_and_colliding_labels():
    assert error('NFG 1 R "x" { "A" "B" }\n{ { "C" "C" } { "C" } }\n').startswith(
        "bad.nfg:2:9: error: strategy 'C' is listed twice (first on line 2)")
    assert error('NFG 1 R "x" { "A" "B" }\n{ { "C D" "C-D" } { "C" } }\n').startswith(
        "bad.nfg:2:11: error: strategy 'C-D' is named C_D here, as 'C D' is on line 2: relabel one")


def test_sizes_are_bounded_before_anything_is_built():
    assert error('NFG 1 R "x" { "A" "B" }\n{ 1000 1000 }\n') == (
        "bad.nfg:2:1: error: this game has more than 100,000 profiles\n"
        "2 | { 1000 1000 }\n"
        "  | ^^^^^^^^^^^^^")
    assert "a game needs 2 to 32 players, not 1" in error('NFG 1 R "x" { "A" } { 1 } 0\n')
    assert "the exponent of this number is larger than 400" in error(
        'NFG 1 R "x" { "A" "B" } { 1 1 } 1e99999999 0\n')
    assert "number is too long" in error('NFG 1 R "x" { "A" "B" } { 1 1 } ' + "9" * 300 + " 0\n")


def test_the_largest_game_reads():
    # 100,000 profiles of 2 payoffs (the largest game): read and built; one entry short,
    # the error is at the end. (Equal payoffs share one node, so memory stays small.)
    body = " ".join(str(k % 1000) for k in range(200_000))
    text = f'NFG 1 R "big" {{ "A" "B" }} {{ 1000 100 }}\n{body}\n'
    game, errors = build_game(parse_nfg(text, "big.nfg").decls[0])
    assert errors == [] and len(game.table) == 100_000
    # (S1, S1) is entry 1; (S1000, S100) the last: 2 * 99,999 = 199,998 -> 998, 999.
    assert game.payoff(("S1", "S1")) == (0, 1) and game.payoff(("S1000", "S100")) == (998, 999)
    # Line 2 without its last " 999": each 1,000 entries have 10 + 90 * 2 + 900 * 3 = 2,890
    # digits, so 200 * 2,890 + 199,999 spaces - 4 = 777,995 characters; the end is after them.
    assert error(text.rsplit(" ", 1)[0] + "\n", "big.nfg").startswith(
        "big.nfg:2:777996: error: expected a number, found end of file")


def test_error_at_the_header_and_an_open_string():
    assert error("NFG 2 R\n").startswith("bad.nfg:1:5: error: expected `1` (the version of the format), found `2`")
    # `"x { "` is the title, `A` a word, and the `"` at column 16 opens a string.
    assert error('NFG 1 R "x { "A" }\n') == (
        "bad.nfg:1:16: error: this string is never closed (a `\"` is missing)\n"
        '1 | NFG 1 R "x { "A" }\n'
        "  |                ^")


def test_a_malformed_import_is_reported_where_it_is(in_tmp):
    write({"bad.nfg": 'NFG 1 R "x" { "A" "B" } { 1 1 } 1 z\n', "use.spi": 'import "bad.nfg"\n'})
    errors, sources = spi_lang.check("use.spi")
    assert [render(e, sources) for e in errors] == [
        "bad.nfg:1:35: error: expected a number, found `z`\n"
        '1 | NFG 1 R "x" { "A" "B" } { 1 1 } 1 z\n'
        "  |                                   ^"]
