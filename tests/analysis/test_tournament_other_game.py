"""A tournament with `--game G` rejects, once and before any match, the programs whose files
see games but not G (programs written for another game), instead of a failed cell for
every match they are in."""

import pytest

import spi_lang
from spi_lang.ui.cli import main

PD = 'import "games/prisoners_dilemma.spi"\nprogram C { play Cooperate }\nprogram D { play Defect }\n'
CHICKEN = 'import "games/chicken.spi"\nprogram S { play Swerve }\nprogram T { play Dare }\n'


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pd.spi").write_text(PD)
    (tmp_path / "chicken.spi").write_text(CHICKEN)


def test_programs_for_another_game_are_rejected_up_front(files, capsys):
    assert main(["tournament", "pd.spi", "chicken.spi", "--game", "PrisonersDilemma"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == """\
chicken.spi:1:1: error: the programs of chicken.spi (S, T) are written for Chicken, not for PrisonersDilemma (--game)
1 | import "games/chicken.spi"
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^
"""


def test_the_api_raises_the_same_error(files):
    with pytest.raises(spi_lang.SpiErrors, match="written for Chicken, not for PrisonersDilemma"):
        spi_lang.tournament("pd.spi", "chicken.spi", game="PrisonersDilemma")
    with pytest.raises(spi_lang.SpiErrors, match="written for Chicken"):
        spi_lang.tournament(seat1=("pd.spi",), seat2=("chicken.spi:S",), game="PrisonersDilemma")


def test_programs_that_see_the_game_or_no_game_still_play(files, tmp_path, capsys):
    (tmp_path / "free.spi").write_text("program F { play Cooperate }\n")  # no game: --game decides
    assert main(["tournament", "pd.spi", "free.spi", "--game", "PrisonersDilemma"]) == 0
    assert "3 programs play both seats: 9 matches, 0 failed" in capsys.readouterr().out


def test_the_repls_tournament_of_everything_in_scope_takes_the_games_programs(files, capsys, monkeypatch):
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.StringIO(":tournament --game Chicken\n:tournament S C --game Chicken\n"))
    assert main(["repl", "pd.spi", "chicken.spi"]) == 1
    out, err = capsys.readouterr()
    assert "2 programs play both seats: 4 matches, 0 failed" in out  # S and T, not C and D
    assert "the programs of pd.spi (C) are written for PrisonersDilemma, not for Chicken (--game)" in err

