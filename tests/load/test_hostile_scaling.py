"""Issue 17, F5a, F5b and F6b: loading is linear in the input. Speed is not timed here:
each test counts the Python and C function calls a step makes (with `sys.setprofile`) at
size n and 2n. Linear work doubles; the quadratic work these inputs used to cause
quadruples, so a ratio under 2.5 tells them apart whatever the machine."""

import sys

import pytest

from spi_lang.load import files, programs
from spi_lang.load.files import load_files
from spi_lang.load.project import load
from spi_lang.syntax.parser import parse

GAME = "game G { players P1, P2 actions A, B payoff (_, _) = (0, 0) }\n"


def calls(fn, *args):
    """How many function calls (Python and C) running fn(*args) makes."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1
    sys.setprofile(profile)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return count


@pytest.fixture
def preparsed(monkeypatch):
    """Parse every file before it is counted (the parser's work per file is constant and
    large, and would hide the loader's)."""
    trees = {}

    def remember(folder, texts):
        for name, text in texts.items():
            (folder / name).write_text(text)
            trees[text] = parse(text, name)
    monkeypatch.setattr(files, "parse", lambda text, label: trees[text])
    return remember


def test_an_import_chain_loads_in_linear_work(tmp_path, monkeypatch, preparsed):
    monkeypatch.chdir(tmp_path)

    def chain(n):  # f{k} imports f{k-1}; each declares a program
        texts = {"c0_0.spi": GAME + "program C0 { play A }\n"}
        texts.update({f"c{n}_{k}.spi": f'import "c{n}_{k - 1}.spi"\nprogram C{k} {{ play A }}\n'
                      for k in range(1, n)})
        texts[f"c{n}_0.spi"] = texts.pop("c0_0.spi")
        preparsed(tmp_path, texts)
        return f"c{n}_{n - 1}.spi"
    small, large = chain(250), chain(500)
    # Old: the cycle test scanned the whole chain (n/2 comparisons per file) and each file
    # copied the scope of everything below it (n/2 entries per file), about n**2 in all.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(6000)  # loading recurses once per import (spi_lang.api runs it deep)
    try:
        ratio = calls(load, large) / calls(load, small)
    finally:
        sys.setrecursionlimit(limit)
    assert ratio < 2.5


def test_files_importing_one_hub_share_its_scope(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hub.spi").write_text(GAME + "".join(f"program H{k} {{ play A }}\n" for k in range(1000)))
    users = [f"u{k}.spi" for k in range(30)]
    for k, name in enumerate(users):
        (tmp_path / name).write_text(f'import "hub.spi"\nprogram U{k} {{ play A }}\n')
    world, roots, errors = load_files(users)
    assert errors == []
    # Each user sees the hub's 1,001 names (1,000 programs and G) and its own. A copy of
    # them per user costs at least one call per name (the old `setdefault`): 1,001 calls;
    # a shared scope answers a look-up in a few dozen, whatever the hub's size.
    per_user = calls(lambda: [world.visible(f)["H999"] for f in roots]) / len(roots)
    assert per_user < 100
    assert all(world.visible(f)["H999"] is world.visible(roots[0])["H999"] for f in roots)
    assert len(world.visible(roots[0])) == 1002 and "U1" not in world.visible(roots[0])


def test_code_comparison_is_near_linear_in_references(tmp_path):
    def world(n):  # n one-line programs and one that compares the opponent with each
        test = " or ".join(f"opponent == W{k}" for k in range(n))
        text = GAME + "".join(f"program W{k} {{ play A }}\n" for k in range(n))
        (tmp_path / f"w{n}.spi").write_text(text + f"program Big {{ if {test} {{ play B }} play A }}\n")
        found, _, errors = load_files([str(tmp_path / f"w{n}.spi")])
        assert errors == []
        built = programs.build_programs(found)
        return list(built.values())
    small, large = world(300), world(600)
    # Old: every block was a splitter once per edge position (up to n positions, Big's
    # n references), each time scanning its members: about blocks x n x n steps.
    assert calls(programs.assign_codes, large) < 2.5 * calls(programs.assign_codes, small)
    codes = {p.name: p.code for p in large}
    assert len({codes[f"W{k}"] for k in range(600)}) == 1 and codes["Big"] != codes["W0"]


def test_repl_snippets_share_one_scope_without_importing_each_other(tmp_path, monkeypatch):
    # Issue 17, F5c (in part): each reload of a REPL session of n inputs used to give every
    # input a list of the n - 1 others (n**2 entries in all: 999,000 for 1,000 inputs).
    monkeypatch.chdir(tmp_path)
    snippets = [("<input 0>", 'import "games/scheduling.spi"')]
    snippets += [(f"<input {k}>", f"program R{k} {{ play Slot1 }}") for k in range(1, 301)]
    world, _, errors = load_files([], snippets=snippets)
    assert errors == []
    typed = [f for f in world.files.values() if f.path.startswith("<input")]
    # Only input 0 imports a file; the 301 inputs see each other through one shared scope.
    assert sum(len(f.imports) for f in typed) == 1
    assert all("R300" in world.visible(f) and "R1" in world.visible(f) and "Scheduling" in world.visible(f)
               for f in (typed[0], typed[150], typed[-1]))
