"""Issue 17, F5d: a one-line file of thousands of errors prints at most
MAX_ERRORS_PER_FILE of them, each quoting a window of its line around the caret, and says
how many more there were (it used to reprint the whole line for each: 16 GB of stderr)."""

from spi_lang.syntax.errors import LINE_WINDOW, LONG_LINE, MAX_ERRORS_PER_FILE, Span, SpiError, render
from spi_lang.ui.cli import main


def test_a_long_line_is_quoted_as_a_window_around_the_caret():
    line = "".join(f"{k % 10}" for k in range(1000))  # 0123456789 repeated, 1000 characters
    error = SpiError("here", Span("f.spi", 1, 501, 1, 503))  # columns 501-502, i.e. "01"
    # The window starts LINE_WINDOW // 4 = 40 characters before the caret (index 500 - 40 =
    # 460) and holds 160 characters (460..619); "..." marks both cuts, so the caret is at
    # 3 + 40 = 43 and keeps its width of 2.
    assert (LONG_LINE, LINE_WINDOW, render(error, line)) == (400, 160, (
        "f.spi:1:501: error: here\n"
        f"1 | ...{line[460:620]}...\n"
        f"  | {' ' * 43}^^"))


def test_a_caret_near_either_end_of_a_long_line_keeps_its_place():
    line = "x" * 500  # past LONG_LINE = 400, so cut
    assert render(SpiError("a", Span.point("f.spi", 1, 3)), line).splitlines()[1:] == [
        f"1 | {'x' * 160}...", "  |   ^"]
    # Column 501 is the end of the line: the window is its last 160 characters.
    assert render(SpiError("b", Span.point("f.spi", 1, 501)), line).splitlines()[1:] == [
        f"1 | ...{'x' * 160}", f"  | {' ' * 163}^"]


def test_thousands_of_errors_in_one_line_are_capped(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    head = "game G { players P1, P2 actions "  # 32 characters: the first A is at column 33
    (tmp_path / "dup.spi").write_text(head + ", ".join(["A"] * 3000) + " payoff (_, _) = (0, 0) }\n")
    assert main(["check", "dup.spi"]) == 1
    err = capsys.readouterr().err.splitlines()
    # The k-th repeat of A is at column 33 + 3k; 2,999 repeats, 100 shown, 2,899 more.
    assert MAX_ERRORS_PER_FILE == 100 and len(err) == 3 * 100 + 2
    assert err[:3] == ["dup.spi:1:36: error: action 'A' is listed twice",
                       f"1 | {(head + 'A, ' * 43)[:160]}...", f"  | {' ' * 35}^"]
    # The 100th: column 333, index 332; its window starts at 292, a space of "A, ".
    assert err[297:] == ["dup.spi:1:333: error: action 'A' is listed twice",
                         f"1 | ... {'A, ' * 53}...", f"  | {' ' * 43}^",
                         "dup.spi: note: 2899 more errors in this file not shown (at most 100 per file)",
                         "2999 errors"]
