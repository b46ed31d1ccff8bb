"""Loader: imports (relative, then stdlib), loading once, cycles, duplicate names,
`file.spi:Name` selection, and choosing the game of a match."""

from pathlib import Path

import pytest

import spi_lang
from spi_lang import SpiErrors, render
from spi_lang.load.files import STDLIB_PREFIX


def write(root: Path, name: str, text: str) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return name


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def messages(excinfo) -> list[str]:
    return [e.message for e in excinfo.value.errors]


def test_import_relative_to_the_importing_file(here):
    write(here, "lib/game.spi", "game G { actions A, B payoff (_, _) = (0, 0) }")
    write(here, "lib/bots.spi", 'import "game.spi"\nprogram Bot { play A }')
    write(here, "main.spi", 'import "lib/bots.spi"\nprogram Main { play B }')
    project = spi_lang.load("main.spi")
    assert project.world.file_of("G").path == "lib/game.spi"
    assert project.world.file_of("Bot").path == "lib/bots.spi"
    assert set(project.programs) == {"Bot", "Main"}


def test_local_file_shadows_the_stdlib(here):
    write(here, "games/scheduling.spi", "game MySchedule { actions X payoff (_, _) = (1, 1) }")
    write(here, "main.spi", 'import "games/scheduling.spi"\nprogram M { play X }')
    project = spi_lang.load("main.spi")
    assert set(project.games) == {"MySchedule"}


def test_import_falls_back_to_the_stdlib(here):
    write(here, "main.spi", 'import "games/chicken.spi"\nprogram M { play Dare }')
    project = spi_lang.load("main.spi")
    assert project.world.file_of("Chicken").path == STDLIB_PREFIX + "games/chicken.spi"


def test_command_line_file_falls_back_to_the_stdlib(here):
    project = spi_lang.load("scheduling/fair1.spi")
    assert project.world.roots["scheduling/fair1.spi"].path == STDLIB_PREFIX + "scheduling/fair1.spi"


def test_a_file_imported_twice_is_loaded_once(here):
    write(here, "game.spi", "game G { actions A payoff (_, _) = (0, 0) }")
    write(here, "a.spi", 'import "game.spi"\nprogram PA { play A }')
    write(here, "b.spi", 'import "game.spi"\nimport "./game.spi"\nprogram PB { play A }')
    project = spi_lang.load("a.spi", "b.spi")
    # Three files, not four: game.spi is one file however it is reached.
    assert len(project.world.files) == 3
    assert list(project.games) == ["G"]


def test_import_cycle_names_the_chain(here):
    write(here, "a.spi", 'import "b.spi"\nprogram PA { play A }')
    write(here, "b.spi", 'import "c.spi"')
    write(here, "c.spi", 'import "a.spi"')
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.load("a.spi")
    assert messages(excinfo) == ["import cycle: a.spi -> b.spi -> c.spi -> a.spi"]
    (error,) = excinfo.value.errors
    assert (error.span.path, error.span.line, error.span.col) == ("c.spi", 1, 1)


def test_self_import_is_a_cycle(here):
    write(here, "a.spi", 'import "a.spi"')
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.load("a.spi")
    assert messages(excinfo) == ["import cycle: a.spi -> a.spi"]


def test_duplicate_names_across_files_point_at_both(here):
    write(here, "a.spi", "program Same { play A }")
    write(here, "b.spi", "program Same { play B }")
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.load("a.spi", "b.spi")
    (error,) = excinfo.value.errors
    assert render(error, excinfo.value.sources) == (
        "b.spi:1:9: error: Same is declared twice\n"
        "1 | program Same { play B }\n"
        "  |         ^^^^\n"
        "a.spi:1:9: note: first declared here\n"
        "1 | program Same { play A }\n"
        "  |         ^^^^"
    )


def test_names_are_scoped_to_a_file_and_its_imports(here):
    # b.spi does not import a.spi, so it cannot name A even though both are loaded.
    write(here, "a.spi", "program A { play X }")
    write(here, "b.spi", "program B { if opponent == A { play X } play Y }")
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.load("a.spi", "b.spi")
    assert messages(excinfo) == ["unknown program 'A'"]


def test_program_selection(here):
    write(here, "game.spi", "game G { actions A, B payoff (_, _) = (0, 0) }")
    write(here, "two.spi", 'import "game.spi"\nprogram One { play A }\nprogram Two { play B }')
    write(here, "one.spi", 'import "two.spi"\nprogram Only { play A }')
    project = spi_lang.load("two.spi", "one.spi")
    assert project.program("two.spi:Two").name == "Two"
    # A file "defines" only its own programs: one.spi has exactly one though it imports two.
    assert project.program("one.spi").name == "Only"
    # `file:Name` may name a program the file imports.
    assert project.program("one.spi:One").name == "One"
    with pytest.raises(SpiErrors) as excinfo:
        project.program("two.spi")
    assert messages(excinfo) == ["this file declares 2 programs (One, Two); name one as two.spi:NAME"]
    with pytest.raises(SpiErrors) as excinfo:
        project.program("two.spi:G")
    assert messages(excinfo) == ["G is a game in game.spi, not a program"]


def test_game_resolution(here):
    write(here, "g1.spi", "game G1 { actions A payoff (_, _) = (0, 0) }")
    write(here, "g2.spi", "game G2 { actions A payoff (_, _) = (1, 1) }")
    write(here, "p1.spi", 'import "g1.spi"\nprogram P1 { play A }')
    write(here, "p2.spi", 'import "g2.spi"\nprogram P2 { play A }')
    write(here, "bare.spi", "program Bare { play A }")
    # Both programs see G1 only: that is the game.
    assert spi_lang.play("p1.spi", "p1.spi").game.name == "G1"
    # Two games are visible: --game must choose.
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.play("p1.spi", "p2.spi")
    assert messages(excinfo) == ["several games are visible (G1, G2); pick one with --game"]
    assert spi_lang.play("p1.spi", "p2.spi", game="G2").payoffs == (1, 1)
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.play("bare.spi", "bare.spi")
    assert messages(excinfo) == ["no game: the programs' files neither define nor import one "
                                 "(import one, or pass --game)"]
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.play("p1.spi", "p1.spi", game="Nope")
    assert messages(excinfo) == ["no game named Nope in the loaded files"]


def test_every_loading_error_is_reported_at_once(here):
    write(here, "a.spi", 'import "missing.spi"\nimport "b.spi"\nprogram A { play X }')
    write(here, "b.spi", "program B { play }")
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.load("a.spi", "nowhere.spi")
    assert [(e.path, e.span and e.span.line) for e in excinfo.value.errors] == [
        ("a.spi", 1), ("b.spi", 1), ("nowhere.spi", None)]


def test_import_must_name_a_spi_file(here):
    write(here, "a.spi", 'import "/etc/passwd"')
    with pytest.raises(SpiErrors) as excinfo:
        spi_lang.load("a.spi")
    assert messages(excinfo) == ["can only import .spi files (and Gambit .nfg games), not '/etc/passwd'"]
