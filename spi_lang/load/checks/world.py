"""Every check of a loaded world that needs no chosen game: games built from their
declarations, then each file's programs and beliefs in the scope the file sees."""

from __future__ import annotations

from spi_lang.geometry.games import Game, build_game
from spi_lang.load.checks.beliefs import check_beliefs_decls
from spi_lang.load.checks.csr import check_csr_decls
from spi_lang.load.checks.simulation import check_offer_guards
from spi_lang.load.checks.declarations import check_base_block, check_renegotiation
from spi_lang.load.files import SourceFile, World
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError


def check_world(world: World) -> tuple[dict[str, Game], list[SpiError]]:
    """Every error that needs no game: the built games and the errors found."""
    errors: list[SpiError] = []
    games: dict[str, Game] = {}
    for name, (decl, _file) in world.decls.items():
        if isinstance(decl, ast.Game):
            game, game_errors = build_game(decl)
            errors.extend(game_errors)
            if game is not None:
                games[name] = game
    for file in world.files.values():
        scope = world.visible(file)
        for decl in file.own(ast.BaseProgram):
            errors.extend(check_base_block(decl.body, scope))
        for decl in file.own(ast.RenegotiationProgram):
            errors.extend(check_renegotiation(decl, scope))
        errors.extend(check_csr_decls(file, scope))
        errors.extend(check_offer_guards(file))
        errors.extend(check_beliefs_decls(world, file, games))
    return games, errors


def visible_games(world: World, file: SourceFile, games: dict[str, Game]) -> list[Game]:
    """The (well-formed) games a file can see, by name."""
    names = [d.name.text for d in world.visible(file).games()]
    return [games[n] for n in names if n in games]
