"""Issue 17, F5c: a piped REPL session loads runs of declarations together, one load per
run instead of one per input (1,000 one-line programs were 1,000 loads of a growing
session: quadratic), and says exactly what evaluating the inputs one at a time says."""

from __future__ import annotations

import io

from spi_lang.ui import repl_state
from spi_lang.ui.repl import Repl, run_piped

INPUTS = [
    'import "games/scheduling.spi"',
    "program A { play Slot1 }",
    "program B { if opponent == C { play Slot2 } play Slot1 }",  # C is not declared yet: an error
    "program C { play Slot2 }",
    "program A { play Slot2 }",  # a redefinition
    "program D { play Nope }",  # an error
    "program E { if opponent == A { play Slot3 } play Slot1 }",
    ":play E A",
    "program F {\n  play Slot3\n}",
]


def transcript(evaluate) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(out=out, err=err)
    evaluate(repl)
    return out.getvalue(), err.getvalue()


def test_piped_batches_say_what_one_input_at_a_time_says():
    lines = [line + "\n" for text in INPUTS for line in text.split("\n")]
    piped = transcript(lambda repl: run_piped(repl, lines))
    one_by_one = transcript(lambda repl: [repl.evaluate(text) for text in INPUTS])
    assert piped == one_by_one
    out, err = piped
    assert out.splitlines()[:4] == ["imported games/scheduling.spi", "defined program A",
                                    "defined program C", "redefined program A"]
    assert "<input 3>:1:28: error: unknown program 'C'" in err
    assert "<input 6>:1:18: error:" in err
    # E meets the redefined A (Slot2) and plays Slot3: (Slot3, Slot2) pays (0, 0).
    assert "(Slot3, Slot2)" in out and out.endswith("defined program F\n")


def test_a_piped_session_of_one_line_programs_is_a_few_loads(monkeypatch):
    loads = []
    original = repl_state.Session._load
    monkeypatch.setattr(repl_state.Session, "_load", lambda self, files, entries: loads.append(len(entries))
                        or original(self, files, entries))
    lines = ['import "games/scheduling.spi"\n'] + [f"program R{k} {{ play Slot1 }}\n" for k in range(1000)]
    out, err = transcript(lambda repl: run_piped(repl, lines))
    assert err == "" and out.count("defined program R") == 1000
    # The import alone, then the 1,000 programs at once (the empty session loads with api.load).
    assert loads == [1, 1001]


def test_an_error_after_many_declarations_costs_two_more_loads(monkeypatch):
    loads = []
    original = repl_state.Session._load
    monkeypatch.setattr(repl_state.Session, "_load", lambda self, files, entries: loads.append(len(entries))
                        or original(self, files, entries))
    lines = (['import "games/scheduling.spi"\n'] + [f"program R{k} {{ play Slot1 }}\n" for k in range(500)]
             + ["program Bad { play Nope }\n"] + [f"program S{k} {{ play Slot1 }}\n" for k in range(500)])
    out, err = transcript(lambda repl: run_piped(repl, lines))
    assert out.count("defined program") == 1000 and "<input 502>:1:20: error:" in err
    # The import; all 1,001 together (fails at input 502); the 500 before it; Bad alone
    # (fails); the 500 after it.
    assert loads == [1, 1002, 501, 502, 1001]
