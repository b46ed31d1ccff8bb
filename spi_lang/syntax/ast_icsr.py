"""The syntax nodes of iterated csr programs (Algorithm 3), kept apart from ast.py (which
re-exports them): `program NAME icsr { default ...  round 1 { offer ... } ... }`."""

from __future__ import annotations

from spi_lang.syntax.node import node

# The children are ast.py's nodes (Name, Num, Offer, DefaultRef, DefaultBlock); ast.py
# imports this module, so the annotations say `object` and the comments say which.


@node
class OfferRound:
    """`round K { offer ... }` in an icsr program: the offers of renegotiation round K."""
    number: object               # Num
    offers: tuple[object, ...]   # Offer nodes


@node
class IcsrProgram:
    """An iterated csr program (Algorithm 3): a default and the offers of each round."""
    name: object                 # Name
    items: tuple[object, ...]    # DefaultRef, DefaultBlock and OfferRound nodes

    @property
    def defaults(self) -> tuple[object, ...]:
        return tuple(i for i in self.items if not isinstance(i, OfferRound))

    @property
    def rounds(self) -> tuple[OfferRound, ...]:
        return tuple(i for i in self.items if isinstance(i, OfferRound))
