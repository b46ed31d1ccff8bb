"""Issue 17, item 5: every adversarial shape of benchmarks/hostile.py (the issue's
repros, F1 and F4-F6), built small and run in-process with a small --fuel: a result or a
positioned user error, never an internal error. The full sizes are run by
`scripts/fuzz.py --shapes`, which records the worst time and memory per shape."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from spi_lang.ui.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import hostile  # noqa: E402

SMALL = {"chain": 30, "hub": 10, "comparisons": 50, "duplicates": 300, "plot": 6, "mix-bits": 24,
         "valid-mix": 46, "crossings": 20, "lottery": 12, "hulls": 300, "nash-hull": 100, "8ii": 20,
         "belows": 500}
FUELLED = {"play", "analyze", "tournament"}  # commands that take --fuel
# What the shapes must end in at these sizes: F1's repros in the bound on numbers (the
# chain's point passes 4,096 bits at level 17), F4's in fuel (on --fuel 2000: 144
# payoffs are 10,296 pairs to try; two 300-point hulls about 180,000 inclusion tests; 500
# intersections about 30 units each; 8(ii) 20 units at each of 400 profiles).
FAILS = {"mix-bits": "the probabilities' common denominator has more than 4,096 bits",
         "valid-mix": "the probabilities' common denominator has more than 4,096 bits",
         "crossings": "a number is too large: a vertex of a payoff set", "lottery": "out of fuel",
         "hulls": "out of fuel", "belows": "out of fuel", "8ii": "out of fuel: Assumption 8(ii)",
         "duplicates": "action 'A' is listed twice"}


@pytest.mark.parametrize("name", sorted(SMALL))
def test_each_hostile_shape_ends_in_a_result_or_a_positioned_error(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    build, _ = hostile.SHAPES[name]
    argv = build(tmp_path, SMALL[name])
    if argv[0] in FUELLED and name != "crossings":  # on 2000, its big numbers run out of fuel first
        argv = [*argv, "--fuel", "2000"]
    code = main(argv)
    err = capsys.readouterr().err
    assert code in (0, 1), (name, code, err[:500])
    assert "internal error" not in err and "Traceback" not in err
    assert code == (1 if name in FAILS else 0), (name, err[:500])
    if code == 1:
        assert re.match(r"\S+:\d+:\d+: error: " + re.escape(FAILS[name]), err), err[:500]
