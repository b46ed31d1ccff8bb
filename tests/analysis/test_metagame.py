"""The meta-game of a tournament (`spilang metagame`, `analysis.metagame`): its Nash
equilibria computed exactly by Gambit and checked against equilibria worked out by hand,
the symmetric equilibria of one population, the .nfg export, and the errors."""

import builtins
import json
from fractions import Fraction as F

import pytest

import spi_lang
from spi_lang.analysis import metagame
from spi_lang.analysis.metagame import meta_game, solve
from spi_lang.syntax.errors import SpiError
from spi_lang.ui.cli import main
from tests.error_helpers import in_tmp, write  # noqa: F401 (in_tmp: a fixture)

# Rock-paper-scissors where Rock beats Scissors by 2 (zero-sum): three programs, each
# playing one action, so the meta-game is this matrix (row: the seat-1 program's payoff)
#             Rock  Paper  Scissors
#   Rock       0    -1      2
#   Paper      1     0     -1
#   Scissors  -2     1      0
# No pure equilibrium (every pure profile has a better reply), and no two-action support
# works either, so both seats mix all three, y = (r, p, s), and make every row pay the
# value v, which is 0 (a symmetric zero-sum game):
#   Rock:      -p + 2s = 0  ->  p = 2s
#   Paper:      r -  s = 0  ->  r = s
#   Scissors: -2r +  p = 0  ->  p = 2r (the same)
#   r + p + s = 1  ->  s + 2s + s = 1  ->  s = 1/4, r = 1/4, p = 1/2.
# The one equilibrium: both seats play Rock 1/4, Paper 1/2, Scissors 1/4, expected payoff
# 0, every program earning 0 against it; the game is symmetric, so it is also the one
# symmetric equilibrium.
RPS = """\
game Rps {
  actions Rock, Paper, Scissors
  payoff (Rock, Paper) = (-1, 1)
  payoff (Rock, Scissors) = (2, -2)
  payoff (Paper, Rock) = (1, -1)
  payoff (Paper, Scissors) = (-1, 1)
  payoff (Scissors, Rock) = (-2, 2)
  payoff (Scissors, Paper) = (1, -1)
  payoff (_, _) = (0, 0)
}
program AlwaysRock { play Rock }
program AlwaysPaper { play Paper }
program AlwaysScissors { play Scissors }
"""
MIX = (("AlwaysPaper", F(1, 2)), ("AlwaysRock", F(1, 4)), ("AlwaysScissors", F(1, 4)))
ZEROS = (("AlwaysPaper", F(0)), ("AlwaysRock", F(0)), ("AlwaysScissors", F(0)))


def test_three_programs_worked_by_hand(in_tmp):
    write({"rps.spi": RPS})
    solution = solve(spi_lang.tournament("rps.spi"))
    assert (solution.solver, solution.complete) == ("enummixed", True)
    the_one = metagame.MetaEquilibrium((MIX, MIX), (F(0), F(0)), (ZEROS, ZEROS))
    assert solution.equilibria == (the_one,)
    assert solution.symmetric == (the_one,)


# The prisoner's dilemma ((C,C) = 3, (C,D) = 0, (D,C) = 5, (D,D) = 1) with CliqueBot
# (cooperates with itself, else defects), CooperateBot, DefectBot and RandomBot (1/2 each):
# the row payoffs of the meta-game (rows and columns CliqueBot, Cooperate, Defect, Random)
#   Clique  3    5    1    1/2*5 + 1/2*1 = 3
#   Coop    0    3    0    1/2*3 + 1/2*0 = 3/2
#   Defect  1    5    1    3
#   Random  1/2  4    1/2  (3 + 0 + 5 + 1)/4 = 9/4
# Against CliqueBot the best reply is CliqueBot alone (3 > 1): (Clique, Clique) is an
# equilibrium; against DefectBot, CliqueBot and DefectBot tie at 1, but a seat mixing
# them invites CliqueBot from the other (3c + 1(1-c) > 1): so (Defect, Defect) and
# (Clique, Clique) are the equilibria, both symmetric. Each program's payoff against
# CliqueBot is its column 1 (3, 0, 1, 1/2), against DefectBot column 3 (1, 0, 1, 1/2).
BOTS = ["prisoners_dilemma/clique_bot.spi", "prisoners_dilemma/cooperate_bot.spi",
        "prisoners_dilemma/defect_bot.spi", "prisoners_dilemma/random_bot.spi"]


def test_prisoners_dilemma_bots():
    solution = solve(spi_lang.tournament(*BOTS))
    names = ("CliqueBot", "CooperateBot", "DefectBot", "RandomBot")

    def values(*us):
        return tuple(zip(names, map(F, us)))
    clique = metagame.MetaEquilibrium(((("CliqueBot", F(1)),),) * 2, (F(3), F(3)),
                                      (values(3, 0, 1, F(1, 2)),) * 2)
    defect = metagame.MetaEquilibrium(((("DefectBot", F(1)),),) * 2, (F(1), F(1)),
                                      (values(1, 0, 1, F(1, 2)),) * 2)
    assert set(solution.equilibria) == set(solution.symmetric) == {clique, defect}


def test_lcp_finds_one_equilibrium_exactly(in_tmp):
    write({"rps.spi": RPS})
    solution = solve(spi_lang.tournament("rps.spi"), metagame.LCP)
    assert (solution.complete, solution.equilibria[0].mixtures) == (False, (MIX, MIX))


def test_separate_seats_worked_by_hand(in_tmp):
    # Seat 1 has all three, seat 2 only Rock and Paper. Against seat 2's (q Rock, 1-q
    # Paper) seat 1's programs earn Rock -(1-q), Paper q, Scissors -2q + (1-q) = 1 - 3q.
    # Paper beats Rock for every q, so seat 1 mixes Paper and Scissors, and seat 2 makes
    # them equal: q = 1 - 3q, q = 1/4, each earning 1/4 (Rock: -3/4). Seat 2 is paid
    # -(seat 1's payoff) (zero-sum): against (x_P Paper, x_S Scissors) its Rock earns
    # -(x_P - 2 x_S) and its Paper -(x_S); equal when x_P = 3 x_S: x = (3/4, 1/4), both -1/4.
    write({"rps.spi": RPS})
    results = spi_lang.tournament(seat1=("rps.spi",), seat2=("rps.spi:AlwaysRock", "rps.spi:AlwaysPaper"))
    solution = solve(results)
    assert solution.symmetric is None
    assert solution.equilibria == (metagame.MetaEquilibrium(
        ((("AlwaysPaper", F(3, 4)), ("AlwaysScissors", F(1, 4))),
         (("AlwaysPaper", F(3, 4)), ("AlwaysRock", F(1, 4)))),
        (F(1, 4), F(-1, 4)),
        ((("AlwaysPaper", F(1, 4)), ("AlwaysRock", F(-3, 4)), ("AlwaysScissors", F(1, 4))),
         (("AlwaysPaper", F(-1, 4)), ("AlwaysRock", F(-1, 4))))),)


def test_enummixed_is_refused_past_its_size(in_tmp, monkeypatch):
    write({"rps.spi": RPS})
    monkeypatch.setattr(metagame, "MAX_ENUMERATED", 2)
    results = spi_lang.tournament("rps.spi")
    with pytest.raises(SpiError) as info:
        solve(results, metagame.ENUMMIXED)
    assert info.value.message == ("enummixed is practical for at most 2 programs per seat, and a "
                                  "seat has 3; --solver lcp finds one equilibrium, exactly, up to "
                                  "100 (docs/commands/metagame.md)")
    assert solve(results).solver == "lcp"  # auto: lcp past the size


def test_a_clear_message_without_pygambit(in_tmp, monkeypatch):
    write({"rps.spi": RPS})
    results = spi_lang.tournament("rps.spi")
    real = builtins.__import__

    def no_gambit(name, *args, **kwargs):
        if name == "pygambit":
            raise ImportError(name)
        return real(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_gambit)
    with pytest.raises(SpiError) as info:
        solve(results)
    assert info.value.message == metagame.MISSING


def test_three_seats_are_refused_and_failed_matches_named(in_tmp):
    with pytest.raises(SpiError) as info:
        solve(spi_lang.tournament("division/share.spi"))
    assert info.value.message == "the meta-game's equilibria are computed for two seats, not 3"
    write({"rps.spi": RPS})
    with pytest.raises(SpiError) as info:  # one step of fuel: every match runs out
        meta_game(spi_lang.tournament("rps.spi", fuel=1))
    assert info.value.message == (
        "the meta-game needs every match to finish, and 9 failed (first: AlwaysPaper vs "
        "AlwaysPaper: rps.spi:12:9: out of fuel: AlwaysPaper vs AlwaysPaper took more than 1 "
        "steps (raise it with --fuel))")


def test_metagame_command_text_json_and_nfg(in_tmp, capsys):
    write({"rps.spi": RPS})
    assert main(["metagame", "rps.spi", "--nfg", "meta.nfg"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("meta-game Rps_meta: 3 and 3 programs (one population)\n"
                          "Nash equilibria, exact (Gambit enummixed: every extreme equilibrium): 1\n\n"
                          "equilibrium 1\n"
                          "  P1 plays AlwaysPaper 1/2, AlwaysRock 1/4, AlwaysScissors 1/4: expected payoff 0\n")
    assert "symmetric equilibrium 1\n  both seats play AlwaysPaper 1/2, AlwaysRock 1/4, " \
           "AlwaysScissors 1/4: expected payoff 0\n" in out
    assert (in_tmp / "meta.nfg").read_text().startswith(
        'NFG 1 R "Rps_meta" { "P1" "P2" }\n'
        '{ { "AlwaysPaper" "AlwaysRock" "AlwaysScissors" } { "AlwaysPaper" "AlwaysRock" "AlwaysScissors" } }\n'
        '""\n\n0 0\n-1 1\n')  # (Paper, Paper), then (Rock, Paper): Gambit's order
    assert main(["metagame", "rps.spi", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[0] == "schema_version" and data["schema_version"] == 1
    assert data["equilibria"][0]["P2"]["mixture"] == {"AlwaysPaper": "1/2", "AlwaysRock": "1/4",
                                                      "AlwaysScissors": "1/4"}


def test_metagame_usage_and_user_errors(in_tmp, capsys):
    write({"rps.spi": RPS})
    assert main(["metagame", "rps.spi", "--seat1", "rps.spi"]) == 2
    assert "give FILE... or --seat1 and --seat2, not both" in capsys.readouterr().err
    assert main(["metagame", "rps.spi", "--fuel", "1"]) == 1
    assert "the meta-game needs every match to finish, and 9 failed" in capsys.readouterr().err


def test_tournament_nfg_is_the_meta_game_of_any_number_of_seats(in_tmp, capsys):
    # Division has 3 players: the exported game has a payoff for every profile of
    # programs, the one its match paid.
    assert main(["tournament", "division/share.spi", "--nfg", "meta.nfg"]) == 0
    results = spi_lang.tournament("division/share.spi")
    project = spi_lang.load("meta.nfg")
    (game,) = project.games_in("meta.nfg", None)
    assert (game.name, game.actions) == ("Division_meta", results.seats)
    assert game.table == {names: cell.payoffs for names, cell in results.profiles()}


def test_three_players_are_refused_before_playing(capsys):
    assert main(["metagame", "division/share.spi"]) == 1
    assert capsys.readouterr().err == (
        "<stdlib>/games/division.spi:9:6: error: metagame needs a two-player game, and Division "
        "has 3 players (tournament --nfg exports its meta-game)\n"
        "9 | game Division {\n"
        "  |      ^^^^^^^^\n")
