"""Writing a game as Gambit's `.nfg` strategic-form file, payoff version: exact rational
payoffs (`3/2`), the players' and actions' names as labels, one line per profile in
Gambit's order (the first player's action varies fastest). Gambit and OpenSpiel read it;
`spi_lang.load.nfg` reads it back."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from spi_lang.geometry.games import Game


def quoted(text: str) -> str:
    """A Gambit string: in double quotes, with `\\` and `"` escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def exact(value: Fraction) -> str:
    """`3`, `-3/2`: how Gambit writes a rational."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def to_nfg(game: Game, title: str | None = None, comment: str = "") -> str:
    """The game as the text of an `.nfg` file (titled with its name unless `title`)."""
    lines = [f"NFG 1 R {quoted(title or game.name)} {{ {' '.join(map(quoted, game.players))} }}",
             "{ " + " ".join("{ " + " ".join(map(quoted, seat)) + " }" for seat in game.actions) + " }",
             quoted(comment), ""]
    # itertools.product varies its last factor fastest: reversed seats, reversed back.
    for reversed_profile in product(*reversed(game.actions)):
        lines.append(" ".join(map(exact, game.payoff(reversed_profile[::-1]))))
    return "\n".join(lines) + "\n"
