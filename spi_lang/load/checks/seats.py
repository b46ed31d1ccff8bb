"""What must hold before a program can sit in a seat of a game: its actions, maps and
offers there, and those of the programs its offers run through `result(...)` (played in
the same seat) and `offers(...)` (their offers only). `api`, `matches` and `sessions` all
check seats through `seat_errors`."""

from __future__ import annotations

from spi_lang.geometry.games import Game
from spi_lang.load.checks.csr import check_offers_in_game, programs_run_by
from spi_lang.load.checks.in_game import check_in_game
from spi_lang.load.programs import Program
from spi_lang.syntax.errors import Span, SpiError


def seat_errors(program: Program, game: Game, seat: int, maps: bool = True) -> list[SpiError]:
    """Errors of `program` playing in `seat` of `game`, with what its offers evaluate there
    (`maps=False` skips its own map checks, already done in the other seat). An error in
    a program reached through `result(...)` notes the `result(...)` that plays it."""
    errors = check_in_game(program, game, seat, maps=maps)
    played, offered = programs_run_by(program)
    for other, node in played.items():
        note = (f"{other.name} plays in seat {seat + 1} ({game.players[seat]}) here, "
                f"in the offer of {program.name}", node.span)
        errors += [_with_note(e, note) for e in check_in_game(other, game, seat)]
    for other in offered:
        errors += check_offers_in_game(other, game)
    return errors


def _with_note(error: SpiError, note: tuple[str, Span]) -> SpiError:
    """The error with one more note."""
    return SpiError(error.message, error.span, path=error.path, notes=error.notes + (note,))
