"""The static checks, one family: declarations without a game (`declarations`), csr
programs (`csr`), a program in a game (`in_game`), beliefs (`beliefs`), a whole world
(`world`) and what a program needs to take a seat (`seats`).

May import: the rest of load, geometry, syntax."""
