"""`--sandbox DIR`: files may only come from DIR and the stdlib. Absolute imports, `..`
that leaves DIR, symlinks pointing out of it, non-.spi files and command-line files
outside it are all positioned user errors; so are files past the size limits (a 10 MB
file, too many declarations)."""

import os

import pytest

from spi_lang.ui.cli import main


@pytest.fixture
def jail(tmp_path, monkeypatch):
    (tmp_path / "outside.spi").write_text('import "games/scheduling.spi"\nprogram Out { play Slot1 }\n')
    box = tmp_path / "a" / "b" / "box"
    box.mkdir(parents=True)
    (box / "ok.spi").write_text('import "games/scheduling.spi"\nprogram Ok { play Slot1 }\n')
    monkeypatch.chdir(box)
    return box


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_files_inside_the_sandbox_and_the_stdlib_load(jail, capsys):
    assert run(capsys, "check", "--sandbox", ".", "ok.spi") == (0, "")
    assert run(capsys, "play", "--sandbox", ".", "ok.spi", "scheduling/fair2.spi")[0] == 0


@pytest.mark.parametrize("target, message", [
    ("/etc/passwd", "can only import .spi files (and Gambit .nfg games), not '/etc/passwd'"),
    ("/tmp/x.spi", "absolute imports are not allowed in the sandbox"),
    ("../../../outside.spi", "this import leaves the sandbox\n"),
])
def test_imports_that_leave_the_sandbox_are_errors(jail, capsys, target, message):
    (jail / "bad.spi").write_text(f'import "{target}"\nprogram Bad {{ play Slot1 }}\n')
    code, err = run(capsys, "check", "--sandbox", ".", "bad.spi")
    assert code == 1
    assert err.startswith(f"bad.spi:1:1: error: {message}")


def test_the_same_escape_works_without_a_sandbox(jail, capsys):
    (jail / "bad.spi").write_text('import "../../../outside.spi"\n')
    assert run(capsys, "check", "bad.spi") == (0, "")


def test_a_symlink_out_of_the_sandbox_is_an_escape(jail, capsys):
    os.symlink(jail.parents[2] / "outside.spi", jail / "link.spi")
    (jail / "via.spi").write_text('import "link.spi"\n')
    code, err = run(capsys, "check", "--sandbox", ".", "via.spi")
    assert code == 1 and "this import leaves the sandbox" in err


def test_command_line_files_outside_the_sandbox_are_refused(jail, capsys):
    code, err = run(capsys, "check", "--sandbox", ".", "../../../outside.spi")
    assert code == 1
    assert err.startswith("../../../outside.spi: error: outside the sandbox ")


def test_size_limits_are_errors(tmp_path, monkeypatch, capsys):
    from spi_lang.load import files as loader
    monkeypatch.chdir(tmp_path)
    (tmp_path / "huge.spi").write_bytes(b"# " + b"x" * 10_000_000 + b"\n")  # a 10 MB file
    code, err = run(capsys, "check", "huge.spi")
    assert code == 1 and err == f"huge.spi: error: file is larger than {loader.MAX_SOURCE_BYTES} bytes\n"
    monkeypatch.setattr(loader, "MAX_DECLARATIONS", 3)
    (tmp_path / "many.spi").write_text("".join(f"program P{k} {{ play A }}\n" for k in range(5)))
    code, err = run(capsys, "check", "many.spi")
    assert code == 1 and err.startswith("many.spi:4:9: error: more than 3 games, programs and beliefs in one command")


def test_a_distribution_with_too_many_entries_is_an_error(tmp_path, monkeypatch, capsys):
    from spi_lang.load.checks import declarations as checker
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(checker, "MAX_DISTRIBUTION_ENTRIES", 2)
    (tmp_path / "mix.spi").write_text(
        'import "games/scheduling.spi"\n'
        "program M { play mix { Slot1: 1/3, Slot2: 1/3, Slot3: 1/3 } }\n")
    code, err = run(capsys, "check", "mix.spi")
    assert code == 1 and err.startswith(
        "mix.spi:2:13: error: a distribution may list at most 2 entries; this one lists 3")
