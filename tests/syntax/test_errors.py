"""Golden error text, part 1: `render` itself, then every error of the parser and the
loader (syntax, numbers, nesting, files, imports, duplicate names), rendered exactly as the
user sees it: `path:line:col: error: message`, the source line behind a gutter and a caret
line under the offending text (or `path: error: message` when there is no position).
Part 2, the checks of games and programs, is test_checker.py. Files are written into
pytest's tmp_path and named relative to it (the working directory), since paths are shown
as given.
"""

import errno

import pytest
from error_helpers import checked, in_tmp, raised, syntax, write  # noqa: F401 (in_tmp is an autouse fixture)

import spi_lang
from spi_lang.syntax.errors import Span, SpiError, render
from spi_lang.syntax.parser import parse_outcome

# ------------------------------------------------------------------ render itself

def test_render_points_at_the_span():
    error = SpiError("oops", Span("x.spi", 2, 3, 2, 6))
    assert render(error, {"x.spi": "first\nsecond line\n"}) == """\
x.spi:2:3: error: oops
2 | second line
  |   ^^^"""


def test_render_accepts_the_text_of_the_errors_file():
    assert render(SpiError("oops", Span.point("x.spi", 1, 1)), "abc") == """\
x.spi:1:1: error: oops
1 | abc
  | ^"""


def test_render_shows_a_tab_as_one_column():
    # lark counts a tab as one column; the line is shown with each tab as one space
    error = SpiError("oops", Span("x.spi", 1, 7, 1, 8))
    assert render(error, {"x.spi": "\tplay\t3\n"}) == """\
x.spi:1:7: error: oops
1 |  play 3
  |       ^"""


def test_render_clips_a_span_past_the_end_of_the_line():
    sources = {"x.spi": "abc\n"}
    assert render(SpiError("oops", Span("x.spi", 1, 2, 1, 40)), sources) == """\
x.spi:1:2: error: oops
1 | abc
  |  ^^"""
    assert render(SpiError("oops", Span("x.spi", 1, 4, 1, 40)), sources) == """\
x.spi:1:4: error: oops
1 | abc
  |    ^"""


def test_render_underlines_a_multi_line_span_to_the_end_of_its_first_line():
    error = SpiError("oops", Span("x.spi", 2, 5, 3, 3))
    assert render(error, {"x.spi": "one\ntwo three\nfour\n"}) == """\
x.spi:2:5: error: oops
2 | two three
  |     ^^^^^"""


def test_render_widens_the_gutter_for_long_line_numbers():
    text = "\n" * 11 + "x = 1\n"
    assert render(SpiError("oops", Span("x.spi", 12, 3, 12, 4)), {"x.spi": text}) == """\
x.spi:12:3: error: oops
12 | x = 1
   |   ^"""


def test_render_without_a_span_names_the_file_or_spilang():
    assert render(SpiError("oops", path="x.spi"), {}) == "x.spi: error: oops"
    assert render(SpiError("oops"), {}) == "spilang: error: oops"


def test_render_without_the_source_line_shows_the_head_only():
    error = SpiError("oops", Span("x.spi", 5, 1, 5, 2))
    assert render(error, {"x.spi": "one line\n"}) == "x.spi:5:1: error: oops"
    assert render(error, {"other.spi": "one line\n"}) == "x.spi:5:1: error: oops"


def test_render_adds_notes_each_with_its_own_source():
    error = SpiError("X is declared twice", Span("b.spi", 1, 9, 1, 10),
                     notes=(("first declared here", Span("a.spi", 2, 6, 2, 7)),))
    sources = {"a.spi": "\ngame X {}\n", "b.spi": "program X { play A }\n"}
    assert render(error, sources) == """\
b.spi:1:9: error: X is declared twice
1 | program X { play A }
  |         ^
a.spi:2:6: note: first declared here
2 | game X {}
  |      ^"""


@pytest.mark.parametrize("separator", ["\x0c", "\u2028"])
def test_render_counts_lines_like_the_parser(separator):
    # A form feed or a Unicode line separator inside a comment is not a new line for the
    # parser (lines end at \n), so the rendered source line must not count it either.
    src = f"# a{separator}b\nprogram X {{ play 3 }}\n"
    assert syntax(src) == """\
b.spi:2:18: error: unexpected number '3', expected 'mix', a name
2 | program X { play 3 }
  |                  ^"""


# ------------------------------------------------------------------ syntax errors

@pytest.mark.parametrize("src, expected", [
    ("program X { play 3 }", """\
b.spi:1:18: error: unexpected number '3', expected 'mix', a name
1 | program X { play 3 }
  |                  ^"""),
    ("program X { playX }", """\
b.spi:1:13: error: unexpected name 'playX', expected 'if', 'play', 'within', '}'
1 | program X { playX }
  |             ^^^^^"""),
    ('program "X" { play A }', """\
b.spi:1:9: error: unexpected string '"X"', expected a name
1 | program "X" { play A }
  |         ^^^"""),
    ("program if { play A }", """\
b.spi:1:9: error: unexpected keyword 'if', expected a name
1 | program if { play A }
  |         ^^"""),
    ("program X {\n  if opponent == self {\n    play A\n  } else play B\n}\n", """\
b.spi:4:10: error: unexpected keyword 'play', expected 'if', '{'
4 |   } else play B
  |          ^^^^"""),
    ("program X { if opponent { play A } play B }", """\
b.spi:1:25: error: unexpected '{', expected '!=', '(', '==', 'is'
1 | program X { if opponent { play A } play B }
  |                         ^"""),
    ("game G { actions A, }", """\
b.spi:1:21: error: unexpected '}', expected a name
1 | game G { actions A, }
  |                     ^"""),
    ("program X { play A } }", """\
b.spi:1:22: error: unexpected '}', expected 'beliefs', 'game', 'import', 'program', end of file
1 | program X { play A } }
  |                      ^"""),
    ("program X { play _ }", """\
b.spi:1:18: error: unexpected '_', expected 'mix', a name
1 | program X { play _ }
  |                  ^"""),
    ("program X { play A } $", """\
b.spi:1:22: error: unexpected character '$'
1 | program X { play A } $
  |                      ^"""),
    ("program Xé { play A }", """\
b.spi:1:10: error: unexpected character 'é'
1 | program Xé { play A }
  |          ^"""),
    ("game G { payoff (A, B) = (1, .5) }", """\
b.spi:1:30: error: unexpected character '.'
1 | game G { payoff (A, B) = (1, .5) }
  |                              ^"""),
    ("program X { play A", """\
b.spi:1:19: error: unexpected end of file, expected 'if', 'play', 'within', '}'
1 | program X { play A
  |                   ^"""),
    ("program X { if opponent == self { play A } else", """\
b.spi:1:48: error: unexpected end of file, expected 'if', '{'
1 | program X { if opponent == self { play A } else
  |                                                ^"""),
])
def test_syntax_errors(src, expected):
    assert syntax(src) == expected


@pytest.mark.parametrize("src", ["program X {\n  play A\n", "program X {\n  play A\n\n\n"])
def test_end_of_file_after_a_final_newline_still_shows_a_line(src):
    # Almost every file ends with a newline: the error must still show the source and a
    # caret, at the end of the last line that has text (where the `}` is missing).
    assert syntax(src) == """\
b.spi:2:9: error: unexpected end of file, expected 'if', 'play', 'within', '}'
2 |   play A
  |         ^"""


def test_syntax_error_in_an_outcome_given_as_text():
    with pytest.raises(SpiError) as info:
        parse_outcome("(A, B) (C, D)", "--pmp")
    assert render(info.value, {"--pmp": "(A, B) (C, D)"}) == """\
--pmp:1:8: error: unexpected '(', expected end of file
1 | (A, B) (C, D)
  |        ^"""


# ------------------------------------------------------------------ number literals, nesting

def test_division_by_zero_in_a_number_literal():
    assert syntax("game G { payoff (A, B) = (1, 1/0) }") == """\
b.spi:1:30: error: division by zero in number literal
1 | game G { payoff (A, B) = (1, 1/0) }
  |                              ^^^"""


def test_number_literal_too_long():
    digits = "1" * 201
    src = f"program X {{ play mix {{ A: {digits} }} }}"
    assert syntax(src) == (
        "b.spi:1:27: error: number literal is too long (more than 200 characters)\n"
        f"1 | {src}\n"
        f"  | {' ' * 26}{'^' * 201}")


def test_nesting_too_deep():
    # 66 nested ifs: the block of the 66th is the first tree node past MAX_TREE_DEPTH (200)
    src = "program P {\n" + "if opponent == self {\n" * 66 + "play A\n" + "}\n" * 66 + "}\n"
    assert syntax(src, "deep.spi") == """\
deep.spi:67:21: error: nesting is too deep (the syntax tree may be at most 200 levels deep)
67 | if opponent == self {
   |                     ^"""


# ------------------------------------------------------------------ files and imports

def test_file_not_found():
    assert raised(spi_lang.load, "nope.spi") == (
        "nope.spi: error: no such file (looked in the current directory and the stdlib)")
    assert checked({}, "sub/nope.spi") == (
        "sub/nope.spi: error: no such file (looked in the current directory and the stdlib)")


def test_file_cannot_be_read(monkeypatch):
    write({"x.spi": "program X { play A }\n"})

    def refuse(path, mode="r"):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    from spi_lang.load import paths  # sources are opened there (a chmod does not stop root)
    monkeypatch.setattr(paths, "open", refuse, raising=False)
    assert raised(spi_lang.load, "x.spi") == "x.spi: error: cannot read file: Permission denied"


def test_file_too_large():
    write({"big.spi": "#" + "x" * 2_000_000 + "\n"})
    assert raised(spi_lang.load, "big.spi") == "big.spi: error: file is larger than 2000000 bytes"


def test_file_not_utf8():
    write({"bad.spi": b"program X {\n  play A \xff\n}\n"})
    assert raised(spi_lang.load, "bad.spi") == """\
bad.spi:2:10: error: file is not valid UTF-8
2 |   play A \ufffd
  |          ^"""


def test_file_not_utf8_column_counts_characters_not_bytes():
    # `é` is two bytes but one column: the caret must sit under the bad byte.
    write({"bad.spi": "program X { play A } # é ".encode() + b"\xff\n"})
    assert raised(spi_lang.load, "bad.spi") == """\
bad.spi:1:26: error: file is not valid UTF-8
1 | program X { play A } # é \ufffd
  |                          ^"""


def test_a_utf8_byte_order_mark_is_not_an_error():
    # Editors on Windows write one; it is valid UTF-8 and not part of the program.
    assert checked({"bom.spi": '\ufeffimport "g.spi"\nprogram X { play A }\n'}) == ""


def test_import_not_found_and_not_a_spi_file():
    files = {"sub/imp.spi": 'import "missing.spi"\nimport "g.txt"\n'}
    assert checked(files) == """\
sub/imp.spi:1:1: error: cannot find 'missing.spi' (looked next to sub/imp.spi and in the stdlib)
1 | import "missing.spi"
  | ^^^^^^^^^^^^^^^^^^^^
sub/imp.spi:2:1: error: can only import .spi files (and Gambit .nfg games), not 'g.txt'
2 | import "g.txt"
  | ^^^^^^^^^^^^^^"""


def test_import_cycle():
    files = {"c2.spi": 'import "c1.spi"\n', "c1.spi": '# cycle\nimport "c2.spi"\n'}
    assert checked(files) == """\
c2.spi:1:1: error: import cycle: c1.spi -> c2.spi -> c1.spi
1 | import "c1.spi"
  | ^^^^^^^^^^^^^^^"""
    assert checked({"me.spi": 'import "me.spi"\n'}) == """\
me.spi:1:1: error: import cycle: me.spi -> me.spi
1 | import "me.spi"
  | ^^^^^^^^^^^^^^^"""


def test_syntax_error_in_an_imported_file_is_shown_in_that_file():
    files = {"lib/bad.spi": "program Y {\n  play 3\n}\n", "main.spi": 'import "lib/bad.spi"\n'}
    assert checked(files) == """\
lib/bad.spi:2:8: error: unexpected number '3', expected 'mix', a name
2 |   play 3
  |        ^"""


# ------------------------------------------------------------------ duplicate names

def test_duplicate_names_with_a_note_on_the_first_declaration():
    files = {"dup.spi": 'import "g.spi"\nprogram G { play A }\nprogram X { play A }\n'
                        'program X { play B }\n'}
    assert checked(files) == """\
dup.spi:2:9: error: G is declared twice
2 | program G { play A }
  |         ^
g.spi:1:6: note: first declared here
1 | game G {
  |      ^
dup.spi:4:9: error: X is declared twice
4 | program X { play B }
  |         ^
dup.spi:3:9: note: first declared here
3 | program X { play A }
  |         ^"""


def test_duplicate_names_across_files_given_together():
    write({"a.spi": "program X { play A }\n", "b.spi": "\nprogram X { play B }\n"})
    assert raised(spi_lang.load, "a.spi", "b.spi") == """\
b.spi:2:9: error: X is declared twice
2 | program X { play B }
  |         ^
a.spi:1:9: note: first declared here
1 | program X { play A }
  |         ^"""
