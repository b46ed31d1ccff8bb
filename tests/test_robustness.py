"""No input makes a command crash: mutated stdlib programs and random text fed to `check`,
`game`, `play` and `tournament` end in exit 0 or a rendered error with exit 1, never an
internal error. (Bounded for CI; the deep fuzzing campaign is separate.)"""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spi_lang.syntax.resources import stdlib_dir
from spi_lang.ui.cli import main


def _rooted(path) -> str:
    """The file's text with sibling imports made stdlib-relative, so it loads from anywhere."""
    folder = path.parent.relative_to(stdlib_dir()).as_posix()
    return re.sub(r'import "([^"/]+)"', rf'import "{folder}/\1"', path.read_text())


SOURCES = {p.name: _rooted(p) for p in sorted(stdlib_dir().rglob("*.spi"))}
TOKENS = re.compile(r'"[^"\n]*"|-?[0-9]+(?:[./][0-9]+)?|[A-Za-z_][A-Za-z0-9_]*|->|==|!=|\S')
VOCAB = ["{", "}", "(", ")", ",", ":", "=", "->", "==", "!=", "_", "play", "mix", "if", "else",
         "opponent", "self", "is", "not", "and", "or", "map", "default", "renegotiation", "csr",
         "lottery", "program", "game", "actions", "players", "payoff", "import", "1/0", "-1/3",
         "0.5", "9" * 300, '"x.spi"', '"/etc/passwd"', "Slot1", "Slot2", "Slot3", "Defect", "Zz"]


def mutate(tokens, edits):
    tokens = list(tokens)
    for kind, i, j, word in edits:
        if not tokens:
            break
        i, j = i % len(tokens), j % len(tokens)
        if kind == "delete":
            del tokens[i]
        elif kind == "duplicate":
            tokens.insert(i, tokens[i])
        elif kind == "swap":
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens.insert(i, word)
    return " ".join(tokens)


edits = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "swap", "insert"]),
                           st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(VOCAB)),
                 min_size=1, max_size=4)


def run_all(tmp_path, capsys, text: str) -> None:
    path = tmp_path / "fuzz.spi"
    path.write_text(text)
    for argv in (["check", str(path)], ["game", str(path)], ["play", str(path), str(path)],
                 ["tournament", str(path)]):
        code = main(argv)
        _, err = capsys.readouterr()
        assert code in (0, 1), (argv, code, err)
        assert "internal error" not in err and "Traceback" not in err
        if code == 1:
            assert re.search(r"(^|\n)\S[^\n]*: error: ", err), err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(SOURCES)), edits=edits)
def test_mutated_stdlib_programs_never_crash(tmp_path, capsys, name, edits):
    run_all(tmp_path, capsys, mutate(TOKENS.findall(SOURCES[name]), edits))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_random_text_never_crashes(tmp_path, capsys, text):
    run_all(tmp_path, capsys, text)


def test_deep_nesting_is_an_error_not_a_crash(tmp_path, capsys):
    deep = "program P { " + "if not " * 5000 + "opponent == self { play A } play A }"
    run_all(tmp_path, capsys, 'import "games/scheduling.spi"\n' + deep)
    deep_paren = "program P { if " + "(" * 5000 + "opponent == self" + ")" * 5000 + " { play A } play A }"
    run_all(tmp_path, capsys, deep_paren)


def test_a_100000_deep_nesting_is_a_result_or_an_error(tmp_path, capsys):
    # Parentheses around a condition leave no tree level of their own, so 100,000 of them
    # parse and play; 100,000 nested set unions are past the 200-level tree limit.
    parens = ('import "games/scheduling.spi"\nprogram P { if ' + "(" * 100_000 + "opponent == self"
              + ")" * 100_000 + " { play Slot1 } play Slot2 }")
    path = tmp_path / "parens.spi"
    path.write_text(parens)
    assert main(["play", str(path), str(path)]) == 0
    assert "(Slot1, Slot1)" in capsys.readouterr().out  # P == P: both play Slot1
    unions = ('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
              "program Q csr { default AlwaysSlot1 offer " + "(nothing | " * 100_000 + "all"
              + ")" * 100_000 + " }")
    path.write_text(unions)
    assert main(["check", str(path)]) == 1
    assert "nesting is too deep (the syntax tree may be at most 200 levels deep)" in capsys.readouterr().err
