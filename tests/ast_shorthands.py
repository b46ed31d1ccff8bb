"""Short constructors for expected ASTs in parser tests (`prog("P", play("A"))`)."""

from fractions import Fraction

from spi_lang.syntax import ast

N = ast.Name


def num(value) -> ast.Num:
    return ast.Num(Fraction(value))


def prof(*items: str) -> ast.Profile:
    return ast.Profile(tuple(ast.Wildcard() if i == "_" else N(i) for i in items))


def block(*stmts) -> ast.Block:
    return ast.Block(stmts)


def play(action: str) -> ast.Play:
    return ast.Play(N(action))


def prog(name: str, *stmts) -> ast.BaseProgram:
    return ast.BaseProgram(N(name), block(*stmts))


def ref(name: str | None):
    return ast.SelfRef() if name is None else ast.ProgramRef(N(name))


def eq(name: str | None = None) -> ast.OpponentEq:
    return ast.OpponentEq(ref(name))


def ne(name: str | None = None) -> ast.OpponentNe:
    return ast.OpponentNe(ref(name))


def if_(cond, body, orelse=None) -> ast.If:
    return ast.If((ast.Branch(cond, body),), orelse)


def mod(*decls) -> ast.Module:
    return ast.Module(decls)
