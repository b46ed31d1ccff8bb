"""The static checks, one family: declarations without a game (`declarations`), csr
programs (`csr`), a program in a game and what it needs to take a seat (`in_game`),
beliefs (`beliefs`) and a whole world (`world`).

May import: the rest of load, geometry, syntax."""
