"""Which mistakes are usage errors (exit 2, argparse's usage line and message): whatever is
wrong with the command line before any file is read (an unknown option or option value, a
missing or conflicting option); and `spilang --version`."""

import subprocess
import sys

import pytest

import spi_lang
from spi_lang.ui.cli import main

FAIR = ["scheduling/fair1.spi", "scheduling/fair2.spi"]
THM3 = "scheduling/theorem3.spi"
PROP2 = "scheduling/proposition2.spi"


@pytest.mark.parametrize("argv, message", [
    (["play", *FAIR, "--select", "foo"],
     "argument --select: unknown selection function 'foo'; choose one of leximin, utilitarian, nash, dictator:P"),
    (["play", *FAIR, "--select", "dictator:"],
     "argument --select: unknown selection function 'dictator:'; choose one of leximin, utilitarian, nash, "
     "dictator:P"),
    (["tournament", *FAIR, "--select", "fairest"], "argument --select: unknown selection function 'fairest'"),
    (["spi-check", THM3, "--seat1", "Hardline1", "--seat2", "Hardline2", "--transform", "foo"],
     "argument --transform: unknown transform 'foo'; expected renegotiate:NAME (NAME a renegotiation program), "
     "csr:NAME (NAME a csr program), pmp, pmp:revised or select:S (S a selection function)"),
    (["analyze", THM3, "--candidates1", "Hardline1", "--beliefs", "Theorem3Beliefs1", "--transform", "pmp:"],
     "argument --transform: unknown transform 'pmp:'"),
    (["analyze", PROP2, "--beliefs", "Example31Beliefs1"], "no candidates: give --candidates1 and/or --candidates2"),
    (["plot", *FAIR, "-o", "x.jpg"], "argument -o/--output: cannot tell the picture format of 'x.jpg': name a .png, .svg or .pdf file"),
    (["tournament", *FAIR, "--plot", "heat.gif"], "argument --plot: cannot tell the picture format of 'heat.gif'"),
    (["play", *FAIR, "--fuel", "0"], "argument --fuel: expected a whole number of at least 1, not '0'"),
])
def test_usage_errors_exit_2(run, argv, message):
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"usage: spilang {argv[0]}")
    assert f"spilang {argv[0]}: error: {message}" in err


@pytest.mark.parametrize("argv, message", [
    (["play", *FAIR, "--select", "dictator:P9"], "unknown player 'P9' in 'dictator:P9'"),
    (["spi-check", THM3, "--seat1", "Hardline1", "--seat2", "Hardline2", "--transform", "renegotiate:Nope"],
     "--transform: error: nothing named 'Nope' in the loaded files"),
    (["play", "scheduling/fair1.spi:Nope", FAIR[1]], "scheduling/fair1.spi has no program Nope"),
])
def test_what_needs_the_files_is_a_user_error(run, argv, message):
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert message in err and "usage:" not in err


def test_version(run):
    code, out, err = run("--version")
    assert (code, out, err) == (0, f"spilang {spi_lang.__version__}\n", "")


def test_version_in_a_subprocess():
    done = subprocess.run([sys.executable, "-m", "spi_lang", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"spilang {spi_lang.__version__}\n", "")


def test_main_without_arguments_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "usage: spilang" in capsys.readouterr().err


def test_the_repls_commands_follow_the_same_rule(repl):
    code, out, err = repl(":play Bold1 Modest2 --select foo\n:play Bold1 Modest2 --select dictator:P9\n",
                          "scheduling/bold1.spi", "scheduling/modest2.spi")
    usage, bad_form, wrong_player = err.splitlines()
    assert usage.startswith("usage: :play A B")
    assert bad_form == (":play: argument --select: unknown selection function 'foo'; choose one of "
                        "leximin, utilitarian, nash, dictator:P")
    assert wrong_player.startswith("spilang: error: unknown player 'P9' in 'dictator:P9'")
