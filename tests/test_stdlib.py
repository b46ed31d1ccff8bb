"""The stdlib programs: every file passes `check`, and every result that a header comment
promises (`spilang play A B` followed by `-> OUTCOME, payoffs (x, y)`, or `spilang game`
followed by `PMM = (x, y)`) is what spilang gives."""

import re

import pytest

import spi_lang
from spi_lang.geometry.text import format_outcome
from spi_lang.syntax.resources import stdlib_dir

FILES = sorted(p.relative_to(stdlib_dir()).as_posix() for p in stdlib_dir().rglob("*.spi"))
PLAY = re.compile(r"^#\s+spilang play (\S+) (\S+)(?: --trace)?\s*\n#\s+-> (.*)$", re.M)
GAME = re.compile(r"^#\s+spilang game (\S+)\s*\n(?:#.*\n)*?#.*PMM = (\([^)]*\))", re.M)


def promises(pattern):
    return [(f, *m.groups()) for f in FILES
            for m in pattern.finditer((stdlib_dir() / f).read_text())]


@pytest.mark.parametrize("path", FILES)
def test_stdlib_file_checks_clean(path, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    errors, _ = spi_lang.check(path)
    assert errors == []


@pytest.mark.parametrize("path", FILES)
def test_every_stdlib_file_has_a_header_comment(path):
    assert (stdlib_dir() / path).read_text().startswith("# ")


PLAYS = promises(PLAY)


def test_headers_promise_results():
    # A program file that promised nothing would leave its claims untested. The n-player
    # files (division/) work out 3-player results, which tests/nplayer/test_nplayer_stdlib.py
    # plays: this 2-player `spilang play A B` form does not fit them.
    program_files = {f for f in FILES if not f.startswith(("games/", "division/"))}
    assert program_files <= {p[0] for p in PLAYS}


@pytest.mark.parametrize("path, a, b, promised", PLAYS, ids=[f"{p[1]} vs {p[2]}" for p in PLAYS])
def test_header_play_results(path, a, b, promised, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = spi_lang.play(a, b)
    payoffs = "(" + ", ".join(str(x) for x in result.payoffs) + ")"
    assert f"payoffs {payoffs}" in promised
    if result.outcome.is_pure:
        assert promised.startswith(format_outcome(result.outcome) + ", payoffs")


GAMES = promises(GAME)


@pytest.mark.parametrize("path, game_file, pmm", GAMES, ids=[g[1] for g in GAMES])
def test_header_game_pmm(path, game_file, pmm, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (game,) = spi_lang.load(game_file).games.values()
    assert "(" + ", ".join(str(x) for x in game.pmm) + ")" == pmm


def test_all_five_games_promise_a_pmm():
    assert len(GAMES) == 5
