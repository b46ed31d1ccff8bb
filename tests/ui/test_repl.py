"""`spilang repl` through real input: piped sessions through `main(["repl", ...])` for every
command and for declarations (definition, redefinition, errors with carets, multi-line
input). The pieces and a pseudo-terminal session are in test_repl_terminal.py."""

import io
import sys
from pathlib import Path

from spi_lang.ui.cli import main
from spi_lang.ui.repl import Repl

CSR = ["scheduling/bold1.spi", "scheduling/modest2.spi"]


# ------------------------------------------------------------------ declarations

def test_declarations_import_define_and_play(repl):
    code, out, err = repl('import "games/scheduling.spi"\n'
                          "program Left { play Slot1 }\n"
                          "program Right { play Slot2 }\n"
                          ":play Left Right\n")
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == ["imported games/scheduling.spi", "defined program Left",
                                    "defined program Right"]
    # Slot1 against Slot2: the table's catch-all rule, payoffs (0, 0).
    assert "(Slot1, Slot2)  1            0   0" in out


def test_a_declaration_continues_while_a_brace_is_open(repl):
    code, out, err = repl('import "games/scheduling.spi"\n'
                          "program Picky {\n"
                          "  if opponent == self {   # a { in a comment: }}}\n"
                          "    play Slot3\n"
                          "  }\n"
                          "  play Slot1\n"
                          "}\n"
                          ":play Picky Picky\n")
    assert (code, err) == (0, "")
    assert "defined program Picky" in out
    # Picky meets its own code: both play Slot3, payoffs (1, 1).
    assert "(Slot3, Slot3)  1            1   1" in out


def test_a_game_can_be_declared_at_the_prompt(repl):
    code, out, err = repl("game Coord {\n  actions A, B\n  payoff (A, A) = (2, 1)\n"
                          "  payoff (B, B) = (1, 2)\n  payoff (_, _) = (0, 0)\n}\n:pmm\n")
    assert (code, err) == (0, "")
    # Frontier (1, 2) - (2, 1): PMM = (min x1, min x2) over it = (1, 1).
    assert out.splitlines() == ["defined game Coord", "Pareto meet minimum of Coord: (1, 1)"]


def test_redefining_replaces_only_that_declaration(repl):
    code, out, err = repl('import "games/scheduling.spi"\n'
                          "program A { play Slot1 } program B { play Slot2 }\n"
                          "program A { play Slot3 }\n"
                          ":list\n:play A B\n")
    assert (code, err) == (0, "")
    assert "redefined program A" in out
    rows = {line.split()[0]: line.split()[-2:] for line in out.splitlines() if "base program" in line}
    assert rows["A"] == ["<input", "3>"] and rows["B"] == ["<input", "2>"]
    # The new A plays Slot3 against B's Slot2: (0, 0).
    assert "(Slot3, Slot2)  1            0   0" in out


def test_an_error_in_an_earlier_input_points_into_that_input(repl):
    # C refers to A; redefining A as a game breaks C, whose input is shown with its caret,
    # and the session stays as it was (A is still the program).
    code, out, err = repl('import "games/scheduling.spi"\n'
                          "program A { play Slot1 }\n"
                          "program C { if opponent == A { play Slot1 } play Slot2 }\n"
                          "game A { actions X\n payoff (X, X) = (1, 1) }\n"
                          ":play A C\n")
    assert code == 1
    assert err.startswith("<input 3>:1:28: error: ")
    assert "1 | program C { if opponent == A { play Slot1 } play Slot2 }" in err
    assert "  |                            ^" in err
    assert "(Slot1, Slot1)  1            3   1" in out  # A still plays Slot1, C answers Slot1


def test_syntax_errors_show_a_caret_and_the_session_goes_on(repl):
    code, out, err = repl('import "games/scheduling.spi"\n'
                          "program Broken {\n  play\n}\n"
                          "program Fine { play Slot1 }\n")
    assert code == 1
    assert err == ("<input 2>:3:1: error: unexpected '}', expected 'mix', a name\n"
                   "3 | }\n"
                   "  | ^\n")
    assert out.splitlines() == ["imported games/scheduling.spi", "defined program Fine"]


def test_a_checked_error_rejects_the_declaration(repl):
    code, out, err = repl('import "games/scheduling.spi"\nprogram Bad { play Slot9 }\n:list\n')
    assert code == 1
    assert err.startswith("<input 2>:1:20: error: 'Slot9' is not an action in game Scheduling")
    assert "Bad" not in out


def test_a_name_from_a_file_cannot_be_redeclared(repl):
    code, _, err = repl("program Bold1 { play Slot1 }\n", "scheduling/bold1.spi")
    assert code == 1
    assert "<input 1>:1:9: error: Bold1 is declared twice" in err
    assert "<stdlib>/scheduling/bold1.spi:16:9: note: first declared here" in err


def test_input_ending_inside_a_declaration_is_an_error(repl):
    code, _, err = repl('import "games/scheduling.spi"\nprogram Open {\n  play Slot1\n')
    assert code == 1
    assert err.startswith("<input 2>:2:13: error: unexpected end of file")


def test_echo_prints_prompts_and_inputs_for_transcripts(repl):
    code, out, _ = repl('import "games/scheduling.spi"\nprogram P {\n  play Slot1\n}\n', "--echo")
    assert code == 0
    assert out.splitlines() == ['spi> import "games/scheduling.spi"', "imported games/scheduling.spi",
                                "spi> program P {", "...    play Slot1", "...  }", "defined program P"]


def test_files_on_the_command_line_with_errors_are_left_out(repl, tmp_path):
    (tmp_path / "bad.spi").write_text("program {")
    code, out, err = repl(":list\n", "bad.spi", "scheduling/bold1.spi")
    assert code == 1
    assert err.startswith("bad.spi:1:9: error: unexpected '{'")
    assert "Bold1        csr program" in out


# ------------------------------------------------------------------ commands

def test_play_with_select_and_trace(repl):
    code, out, err = repl(":play Bold1 Generous2 --select dictator:P2 --trace\n",
                          "scheduling/bold1.spi", "scheduling/generous2.spi")
    assert (code, err) == (0, "")
    # I = {x in F: x1 <= 1, x2 <= 1} | {(3, 1)}; the most P2 gets there is 1, at (1/3, 1),
    # (1, 1) and (3, 1); leximin breaks the tie for (3, 1), paid by (Slot1, Slot1).
    assert "sel(I) = (3, 1) (dictator:P2), played as (Slot1, Slot1)" in out
    assert "expected payoffs: P1 3, P2 1" in out


def test_play_json(repl):
    code, out, _ = repl(":play Bold1 Modest2 --json\n", *CSR)
    assert code == 0
    assert '"payoffs": [\n    "1",\n    "1"\n  ]' in out


def test_offers_of_two_csr_programs(repl):
    code, out, err = repl(":offers Bold1 Modest2\n", *CSR)
    assert (code, err) == (0, "")
    # F = hull (0,0), (3,1), (1,3). RN_1 = F cut to x2 <= 1 (below (3, 1)): the edge
    # x2 = 3 x1 meets x2 = 1 at (1/3, 1). RN_2 mirrors it. I = F with x1, x2 <= 1: the edge
    # x2 = x1/3 meets x1 = 1 at (1, 1/3). Leximin: the largest min is 1, at (1, 1).
    assert out == ("Bold1 (P1) vs Modest2 (P2) in Scheduling, both csr (Algorithm 2)\n"
                   "default outcome a = (Slot1, Slot2), payoffs (0, 0)\n"
                   "  RN_1 (Bold1)     polygon (0, 0), (3, 1), (1/3, 1)\n"
                   "  RN_2 (Modest2)   polygon (0, 0), (1, 1/3), (1, 3)\n"
                   "  agreement set I  polygon (0, 0), (1, 1/3), (1, 1), (1/3, 1)\n"
                   "  sel(I)           (1, 1) (leximin)\n"
                   "  played           (Slot3, Slot3), payoffs (1, 1)\n")


def test_offers_of_renegotiation_programs_with_a_random_default(repl, tmp_path):
    (tmp_path / "mixed.spi").write_text((Path(__file__).parents[1] / "golden" / "mixed.spi").read_text())
    code, out, err = repl(":offers Coin Stubborn2\n", "mixed.spi")
    assert (code, err) == (0, "")
    # Coin's default is Slot1 or Slot2 with 1/2 each, Stubborn2's is Slot2: a is
    # (Slot1, Slot2) or (Slot2, Slot2). At the first both map to the same 1/2-1/2 lottery;
    # at the second no map applies, so rn_i(a) = a for both.
    assert "if a = (Slot1, Slot2) (probability 1/2):" in out
    assert "    rn_1(a) (Coin)       lottery {(Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2}" in out
    assert "if a = (Slot2, Slot2) (probability 1/2):" in out
    assert "    played               (Slot2, Slot2) (they agree)" in out


def test_offers_of_programs_that_do_not_renegotiate(repl):
    code, out, _ = repl(":offers Bold1 AlwaysSlot2\n", *CSR)
    assert code == 0
    assert "no renegotiation: Bold1 is a csr program, AlwaysSlot2 is a base program" in out


def test_tournament_of_named_programs_of_the_session(repl, tmp_path):
    # A typed program takes part too. By Table 1: Bold1 vs Modest2 renegotiates to (1, 1)
    # (Example 4.1); against Left, which is not csr, Bold1 and Modest2 play their defaults:
    # Bold1's Slot1 vs Left's Slot1 = (3, 1), Left's Slot1 vs Modest2's Slot2 = (0, 0); and
    # Left vs Left = (Slot1, Slot1) = (3, 1).
    code, out, err = repl("program Left { play Slot1 }\n"
                          ":tournament --seat1 Bold1 Left --seat2 Modest2 Left --plot t.png\n"
                          ":tournament Nobody\n", *CSR)
    assert code == 1 and "no program named Nobody" in err
    assert "P1 \\ P2  Left  Modest2\nBold1    3, 1  1, 1\nLeft     3, 1  0, 0\n" in out
    assert "wrote t.png" in out and (tmp_path / "t.png").stat().st_size > 10_000


def test_game_pmm_and_pmp(repl):
    code, out, err = repl(":game\n:pmm\n:pmp P1 (Slot1, Slot2)\n:pmp P2 (Slot1, Slot2)\n"
                          ":pmp lottery {(Slot1, Slot1): 1/2, (Slot1, Slot2): 1/2}\n",
                          "games/scheduling.spi")
    assert (code, err) == (0, "")
    assert "Pareto frontier E    (1, 3) - (3, 1)" in out
    # PMM: the lowest x1 and x2 on the frontier (1, 3) - (3, 1): (1, 1).
    assert "Pareto meet minimum of Scheduling: (1, 1)" in out
    # u(Slot1, Slot2) = (0, 0), floor max(PMM, u) = (1, 1). PMP_1: x2 = 1, x1 >= 1, and F
    # reaches x1 = 3 there: (1, 1) - (3, 1). PMP_2 mirrors it: (1, 1) - (1, 3).
    assert "  PMP_P1  (1, 1) - (3, 1)\n" in out and "  PMP_P2  (1, 1) - (1, 3)\n" in out
    # The lottery pays (3/2, 1/2); floor (3/2, 1). PMP_1: x2 = 1, x1 from 3/2 to 3. PMP_2:
    # x1 = 3/2, x2 from 1 up to the frontier x1 + x2 = 4, i.e. 5/2.
    assert ("payoffs (3/2, 1/2)\n  PMP_P1  (3/2, 1) - (3, 1)\n  PMP_P2  (3/2, 1) - (3/2, 5/2)\n"
            in out)


def test_commands_needing_a_game_say_which_is_missing(repl):
    code, _, err = repl(":pmm\n:pmp (A, B)\n")
    assert code == 1
    assert err.count('no game loaded: import one, e.g. import "games/scheduling.spi"') == 2


def test_a_bad_outcome_is_shown_with_a_caret(repl):
    code, _, err = repl(":pmp (Slot1, Slot9)\n", "games/scheduling.spi")
    assert code == 1
    assert "<outcome>:1:9: error: 'Slot9' is not an action of player P2" in err
    assert "1 | (Slot1, Slot9)\n  |         ^^^^^" in err


def test_show_prints_canonical_code(repl):
    code, out, _ = repl(":show Hardline1Pmp\n", "scheduling/hardline1_pmp.spi")
    assert code == 0
    # Definition 7: the extension has Hardline1's default and one clause, offers(B) | pmp(result(B)).
    assert out == ("program Hardline1Pmp (csr), declared at <stdlib>/scheduling/hardline1_pmp.spi:20\n"
                   "canonical code (@0 is Hardline1Pmp; equal code prints the same):\n"
                   "@0 = csr {  # Hardline1Pmp\n"
                   "  default @1\n"
                   "  offer offers(@2) | pmp(result(@2))\n"
                   "}\n"
                   "@1 = {  # AlwaysSlot1\n"
                   "  play Slot1\n"
                   "}\n"
                   "@2 = csr {  # Hardline1\n"
                   "  default @1\n"
                   "  offer point (3, 1)\n"
                   "}\n")


def test_show_prints_equal_code_the_same(repl):
    code, out, _ = repl(":show CliqueBot\n:show CliqueTwin\n:show CliqueParaphrase\n",
                        "prisoners_dilemma/clique_bot.spi", "prisoners_dilemma/clique_twin.spi",
                        "prisoners_dilemma/clique_paraphrase.spi")
    assert code == 0
    blocks = [b.split("\n", 2)[2] for b in out.split("program ")[1:]]
    code_only = [[line.split("  #")[0] for line in b.splitlines()] for b in blocks]
    assert code_only[0] == code_only[1] != code_only[2]


def test_show_a_game_and_an_unknown_name(repl):
    code, out, err = repl(":show Scheduling\n:show Nobody\n", "games/scheduling.spi")
    assert code == 1
    assert out.startswith("game Scheduling: players P1, P2")
    assert "no game or program named Nobody" in err


def test_load_reload_and_list(repl, tmp_path):
    mine = tmp_path / "mine.spi"
    mine.write_text('import "games/scheduling.spi"\nprogram Mine { play Slot1 }\n')
    script = (":load mine.spi\n:load mine.spi\n:list\n:play Mine Mine\n"
              f":load {tmp_path / 'missing.spi'}\n:reload\n")
    code, out, err = repl(script)
    assert code == 1
    assert "loaded mine.spi: Mine" in out
    assert "mine.spi is already loaded (:reload reads it again)" in out
    assert "Mine        base program   mine.spi" in out
    assert "Scheduling  game (P1, P2)  <stdlib>/games/scheduling.spi" in out
    assert "(Slot1, Slot1)  1            3   1" in out
    assert "missing.spi: error: no such file" in err
    assert out.endswith("reloaded 1 file\n")


def test_reload_reads_files_again_and_keeps_the_session_on_errors(repl, tmp_path):
    mine = tmp_path / "mine.spi"
    mine.write_text('import "games/scheduling.spi"\nprogram Mine { play Slot1 }\n')
    repl_ = Repl(["mine.spi"], out=io.StringIO(), err=io.StringIO())
    mine.write_text('import "games/scheduling.spi"\nprogram Mine { play Slot2 }\n')
    repl_.evaluate(":reload")
    repl_.evaluate(":play Mine Mine")
    # Slot2 against Slot2 now: (1, 3).
    assert "(Slot2, Slot2)  1            1   3" in repl_.out.getvalue()
    mine.write_text("program Mine {")
    repl_.evaluate(":reload")
    repl_.evaluate(":play Mine Mine")
    assert "mine.spi:1:15: error: unexpected end of file" in repl_.err.getvalue()
    assert repl_.out.getvalue().count("(Slot2, Slot2)  1            1   3") == 2


def test_plot_writes_pictures(repl, tmp_path):
    code, out, err = repl(":plot Bold1 Modest2 -o match.png\n"
                          ":plot --pmp (Slot1, Slot2) lottery {(Slot1, Slot1): 1/2, (Slot1, Slot2): 1/2} "
                          "-o pmp.svg\n:plot Bold1 Modest2 -o match.pdf\n:plot Bold1 Modest2 -o match.gif\n", *CSR)
    assert code == 1
    assert out.splitlines() == ["wrote match.png", "wrote pmp.svg", "wrote match.pdf"]
    assert (tmp_path / "match.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "pmp.svg").read_bytes()
    assert (tmp_path / "match.pdf").read_bytes()[:5] == b"%PDF-"
    assert "cannot tell the picture format of 'match.gif': name a .png, .svg or .pdf file" in err


def test_help_lists_every_command(repl):
    code, out, _ = repl(":help\n:help offers\n")
    assert code == 0
    for name in ("play", "offers", "game", "pmm", "pmp", "plot", "load", "reload", "list",
                 "show", "help", "quit"):
        assert f"\n:{name}" in out
    assert "usage: :offers A B [C...] [--select S] [--game G] [--fuel N]" in out


def test_quit_stops_reading(repl):
    code, out, _ = repl(":list\n:quit\n:help\n")
    assert code == 0
    assert out == "nothing loaded yet: :load FILE, or type a declaration\n"


def test_usage_errors(repl):
    code, out, err = repl(":frob\n:play Bold1\n:play Bold1 Modest2 --fuel 0\n:\n:play (A\n", *CSR)
    assert code == 1
    assert "unknown command :frob (:help lists the commands)" in err
    assert "give one program per seat, at least two\nusage: :play A B [C...]" in err
    assert "expected a whole number of at least 1, not '0'" in err
    assert "a command name must follow ':'" in err
    assert "unclosed bracket or quote in the command" in err


def test_unknown_programs_are_named(repl):
    code, _, err = repl(":play Bold1 Nope\n", *CSR)
    assert code == 1
    assert "no program named Nope (programs: AlwaysSlot1, AlwaysSlot2, Bold1, Modest2)" in err


def test_tournament_without_programs_and_bytes_that_are_not_utf8(repl, monkeypatch, capsys):
    code, out, err = repl(":tournament\n")
    assert code == 1 and err == "spilang: error: no programs to play: load or declare some first\n"
    # A strict stdin (as under en_US.UTF-8) must not end the session at a bad byte: the
    # byte is read as U+FFFD and reported where it stands; the next input still runs.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        b'program X { play \xff }\nimport "games/scheduling.spi"\n'), encoding="utf-8"))
    code = main(["repl"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "imported games/scheduling.spi\n"
    assert err.startswith("<input 1>:1:18: error: unexpected character")
