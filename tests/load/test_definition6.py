"""Definition 6(2): a csr program none of whose offers can ever strictly improve on its
default outcome for anyone is reported by `check`, as a warning (exit 0): the paper's own
proof of Theorem 3 uses such programs. Scheduling payoffs: (Slot1, Slot1) = (3, 1),
(Slot2, Slot2) = (1, 3), (Slot3, Slot3) = (1, 1), anything else (0, 0), so the default
profiles pay (0, 0), (3, 1), (1, 3) or (1, 1)."""

from pathlib import Path

import pytest

import spi_lang
from spi_lang.api import check
from spi_lang.syntax.errors import SpiWarning
from spi_lang.ui.cli import main

HEAD = 'import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'


def warnings(tmp_path, body: str, head: str = HEAD) -> list[str]:
    path = tmp_path / "w.spi"
    path.write_text(head + body)
    found, _ = check(str(path), warnings=True)
    assert all(isinstance(e, SpiWarning) for e in found)
    return [e.message.split(":")[0] for e in found]


@pytest.mark.parametrize("offers", [
    "offer nothing",
    # (0, 0) is u(a) at a = (Slot1, Slot2), no strict improvement; above (3, 1), (1, 3) or
    # (1, 1) nothing of it is left. A guard may hold: it does not save the program.
    "offer when opponent == AlwaysSlot1: point (0, 0) | below (0, 0)",
    # { (Slot1, Slot2) } is the point (0, 0); the intersection below is empty, and so is
    # nothing & anything, even a set that depends on the match.
    "offer { (Slot1, Slot2) }\n  offer below (1, 1) & above (2, 0)\n  offer nothing & pmp(outcome)",
])
def test_offers_that_never_improve(tmp_path, offers):
    assert warnings(tmp_path, f"program Never1 csr {{\n  default AlwaysSlot1\n  {offers}\n}}\n") == [
        "no offer of Never1 can ever strictly improve on its default outcome for anyone"]


@pytest.mark.parametrize("offers", [
    "offer below (1/2, 1/2)",                      # (1/2, 1/2) > (0, 0) at a = (Slot1, Slot2)
    "offer hull { (Slot1, Slot2), (Slot3, Slot3) }",  # (1, 1) > (0, 0)
    "offer pmp(outcome)",                          # depends on the match: may improve
    "offer nothing | offers(Hardline1)",           # offers(...) depends on the match
])
def test_offers_that_may_improve(tmp_path, offers):
    head = HEAD + 'import "scheduling/hardline1.spi"\n'
    assert warnings(tmp_path, f"program Fine1 csr {{\n  default AlwaysSlot1\n  {offers}\n}}\n", head) == []


def test_a_pmp_extension_of_a_program_that_never_improves_is_not_reported(tmp_path):
    # Its offer, offers(B) | pmp(result(B)), depends on the match.
    found = warnings(tmp_path, "program B csr { default AlwaysSlot1 offer nothing }\nprogram E = pmp_extension(B)\n")
    assert found == ["no offer of B can ever strictly improve on its default outcome for anyone"]


def test_the_cli_warns_and_exits_0(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("w.spi").write_text(HEAD + "program Never1 csr { default AlwaysSlot1 offer nothing }\n")
    assert main(["check", "w.spi"]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 1 file, no errors, 1 warning\n"
    assert err == (
        "w.spi:3:9: warning: no offer of Never1 can ever strictly improve on its default outcome for anyone: at "
        "every default profile a its offers hold no point x >= u(a) other than u(a) itself (Definition 6(2)), so "
        "it always plays its default\n3 | program Never1 csr { default AlwaysSlot1 offer nothing }\n"
        "  |         ^^^^^^\n")


def test_an_error_and_a_warning(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("w.spi").write_text(HEAD + "program Never1 csr { default AlwaysSlot1 offer nothing }\n"
                                    "program Bad { play Slot9 }\n")
    assert main(["check", "w.spi"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "warning: no offer of Never1" in err and err.endswith("\n1 error, 1 warning\n")


def test_the_api_check_reports_errors_only_by_default(tmp_path):
    path = tmp_path / "w.spi"
    path.write_text(HEAD + "program Never1 csr { default AlwaysSlot1 offer nothing }\n")
    assert spi_lang.check(str(path)) == ([], spi_lang.check(str(path))[1])


def test_three_players(tmp_path):
    # Division: the default profiles pay (3, 1, 1), (1, 3, 1), (1, 1, 3) or (0, 0, 0); the
    # point (0, 0, 0) never strictly improves on any of them; below (1, 1, 1) does on (0, 0, 0).
    head = 'import "games/division.spi"\nimport "division/selfish.spi"\n'
    body = ("program Never1 csr { default Selfish1 offer point (0, 0, 0) }\n"
            "program Fine1 csr { default Selfish1 offer below (1, 1, 1) }\n")
    assert warnings(tmp_path, body, head) == [
        "no offer of Never1 can ever strictly improve on its default outcome for anyone"]


def test_every_stdlib_file_checks_without_warnings(monkeypatch, tmp_path):
    from spi_lang.syntax.resources import stdlib_dir
    monkeypatch.chdir(tmp_path)
    for path in sorted(stdlib_dir().rglob("*.spi")):
        assert check(str(path), warnings=True)[0] == [], path
