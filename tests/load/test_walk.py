"""Walking syntax trees (load/walk.py): every node once, depth first, parents before their
children and children in field order; a large tree's walk is kept and handed out again,
and a tuple of trees walks as its items in turn."""

from spi_lang.load import walk as walk_module
from spi_lang.load.walk import walk
from spi_lang.syntax.parser import parse


def _offer(operands: int) -> str:
    union = " | ".join(f"point ({i}, 1)" for i in range(operands))
    return f"program P csr {{ default D offer {union} }}\n"


def test_small_tree_in_depth_first_order():
    module = parse("program P { play a }\n")
    program = module.decls[0]
    nodes = walk(module)
    # the module, its one program, then the program's body below it
    assert nodes[0] is module and nodes[1] is program
    assert len(nodes) > 2 and all(id(node) != id(module) for node in nodes[1:])
    assert len(set(map(id, nodes))) == len(nodes)


def test_large_walk_is_kept_and_equals_a_fresh_walk():
    module = parse(_offer(2000))  # 2,000 points of at least 3 nodes each (set, coords, numbers): > 4,096
    first = walk(module)
    assert len(first) >= walk_module._LARGE
    assert walk(module) is first
    assert first == walk_module._walk(module)


def test_tuple_walks_its_items_in_turn():
    a, b = parse("program A { play a }\n"), parse("program B { play b }\n")
    assert walk((a, b)) == walk(a) + walk(b)


def test_at_most_keep_large_walks_are_kept():
    modules = [parse(_offer(1500)) for _ in range(walk_module._KEEP + 3)]
    for module in modules:
        walk(module)
    assert len(walk_module._walked) <= walk_module._KEEP
    assert id(modules[-1]) in walk_module._walked


def test_within_walks_kept_a_small_walk_is_handed_out_again_then_dropped():
    module = parse("program P { play a }\n")
    assert walk(module) is not walk(module)  # small: walked afresh each time outside
    with walk_module.walks_kept():
        first = walk(module)
        with walk_module.walks_kept():  # nested: the same kept walks
            assert walk(module) is first
        assert walk(module) is first
    assert walk(module) is not first and walk(module) == first


def test_walks_kept_on_one_thread_are_not_seen_on_another():
    import threading
    module = parse("program P { play a }\n")
    seen = []
    with walk_module.walks_kept():
        first = walk(module)
        thread = threading.Thread(target=lambda: seen.append(walk(module)))
        thread.start()
        thread.join()
    assert seen[0] == first and seen[0] is not first
