"""The test suite's own hygiene: no test whose every check sits inside a loop, for such a test
passes when the loop runs zero times (STYLE.md: "a test that asserts inside a loop first
asserts the loop is not empty")."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# Calls that check something: Playwright's expect(...), pytest's raises/warns, and the query
# counters of pytest-django.
CHECKING_CALLS = {
    "expect",
    "raises",
    "warns",
    "django_assert_num_queries",
    "django_assert_max_num_queries",
}
NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_check(node: ast.AST) -> bool:
    return isinstance(node, ast.Assert) or (
        isinstance(node, ast.Call) and _called_name(node) in CHECKING_CALLS
    )


def _never_empty(iterable: ast.expr, constants: dict[str, ast.expr]) -> bool:
    """The loop runs at least once whatever happens: a non-empty literal (or its items, keys
    or values), ``range`` of a positive constant, ``enumerate``/``zip``/``sorted`` of such, or a
    name bound once (in the module or the test) to one of these."""
    if isinstance(iterable, ast.Name) and iterable.id in constants:
        iterable = constants[iterable.id]
    if isinstance(iterable, ast.List | ast.Tuple | ast.Set):
        return bool(iterable.elts)
    if isinstance(iterable, ast.Dict):
        return bool(iterable.keys)
    if isinstance(iterable, ast.Constant):
        return bool(iterable.value)
    if (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Name)
        and iterable.func.id == "range"
        and len(iterable.args) == 1
        and isinstance(iterable.args[0], ast.Constant)
        and isinstance(iterable.args[0].value, int)
    ):
        return iterable.args[0].value > 0
    if isinstance(iterable, ast.Call) and _called_name(iterable) in {"enumerate", "zip", "sorted"}:
        return bool(iterable.args) and all(_never_empty(a, constants) for a in iterable.args)
    if (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Attribute)
        and iterable.func.attr in {"items", "keys", "values"}
    ):
        return _never_empty(iterable.func.value, constants)
    return False


def _bound_once(scope: ast.AST) -> dict[str, ast.expr]:
    """Names assigned exactly once in ``scope`` (not in nested functions), to their value."""
    values: dict[str, ast.expr] = {}
    stores: dict[str, int] = {}
    nodes = list(ast.iter_child_nodes(scope))
    while nodes:
        node = nodes.pop()
        if isinstance(node, NESTED):
            continue
        nodes.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            stores[node.id] = stores.get(node.id, 0) + 1
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                values[target.id] = node.value
    return {name: value for name, value in values.items() if stores.get(name) == 1}


def _vacuous_when_empty(check: ast.AST, constants: dict[str, ast.expr]) -> bool:
    """``assert all(... for x in xs)``: a loop in one line, true when ``xs`` is empty."""
    if not isinstance(check, ast.Assert):
        return False
    parts = check.test.values if isinstance(check.test, ast.BoolOp) else [check.test]
    return all(
        isinstance(part, ast.Call)
        and _called_name(part) == "all"
        and len(part.args) == 1
        and isinstance(part.args[0], ast.GeneratorExp | ast.ListComp | ast.SetComp)
        and not all(_never_empty(g.iter, constants) for g in part.args[0].generators)
        for part in parts
    )


def _checks(node: ast.AST, constants: dict, *, in_loop: bool):
    """(check node, whether it sits inside a loop that may run zero times), depth first;
    nested functions and classes are left out (they run only where they are called)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, NESTED):
            continue
        if _is_check(child):
            yield child, in_loop or _vacuous_when_empty(child, constants)
        inside = in_loop
        if isinstance(child, ast.For | ast.AsyncFor):
            # The iterable is evaluated once, outside the body.
            if _is_check(child.iter):
                yield child.iter, in_loop
            yield from _checks(child.iter, constants, in_loop=in_loop)
            may_be_empty = not _never_empty(child.iter, constants)
            for part in child.body:
                if _is_check(part):
                    yield part, in_loop or may_be_empty or _vacuous_when_empty(part, constants)
                yield from _checks(part, constants, in_loop=in_loop or may_be_empty)
            for part in child.orelse:  # runs once the loop ends, even after no round at all
                yield from _checks(
                    ast.Module(body=[part], type_ignores=[]), constants, in_loop=in_loop
                )
            continue
        if isinstance(child, ast.While):
            forever = isinstance(child.test, ast.Constant) and bool(child.test.value)
            inside = in_loop or not forever
        yield from _checks(child, constants, in_loop=inside)


def loop_only_tests(source: str) -> list[str]:
    """The names of the test functions in ``source`` that check something, but only inside
    loops that may run zero times."""
    tree = ast.parse(source)
    constants = _bound_once(tree)
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        functions += [n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    found = []
    for function in functions:
        if not function.name.startswith("test"):
            continue
        checks = list(_checks(function, constants | _bound_once(function), in_loop=False))
        if checks and all(in_loop for _, in_loop in checks):
            found.append(function.name)
    return found


def test_a_test_checking_only_inside_a_loop_is_found():
    source = """
def test_every_row_is_valid(rows):
    for row in rows:
        assert row.valid

def test_every_page_answers(client):
    for url in client.urls():
        with pytest.raises(ValueError):
            client.get(url)

def test_waits(page):
    while page.loading():
        expect(page.spinner).to_be_visible()

def test_all_of_a_generator(rows):
    assert all(row.valid for row in rows)

def test_rebound_local(rows):
    urls = {"a": "/a"}
    urls = rows
    for url in urls:
        assert url

class TestRows:
    def test_nested_loops(self, rows):
        for row in rows:
            for cell in row:
                assert cell
"""
    assert loop_only_tests(source) == [
        "test_every_row_is_valid",
        "test_every_page_answers",
        "test_waits",
        "test_all_of_a_generator",
        "test_rebound_local",
        "test_nested_loops",
    ]


def test_a_check_outside_the_loop_or_a_loop_that_cannot_be_empty_passes():
    source = """
CASES = [("a", 1), ("b", 2)]
NOTHING = []

def test_rows_first_proved_present(rows):
    assert rows
    for row in rows:
        assert row.valid

def test_counted_after(rows):
    seen = 0
    for row in rows:
        assert row.valid
        seen += 1
    assert seen == 3

def test_literal_loop():
    for value in (1, 2, 3):
        assert value

def test_constant_loop():
    for name, value in CASES:
        assert name

def test_enumerated_constant():
    for n, (name, value) in enumerate(CASES):
        assert name

def test_local_literal_dict():
    urls = {"a": "/a", "b": "/b"}
    for name, url in urls.items():
        assert url

def test_range_loop():
    for n in range(3):
        assert n >= 0

def test_all_of_a_literal():
    assert all(x > 0 for x in (1, 2))

def test_all_after_a_count(rows):
    assert len(rows) == 2 and all(row.valid for row in rows)

def test_checked_in_the_loops_else(rows):
    for row in rows:
        assert row.valid
    else:
        assert len(rows) == 2

def test_no_checks_at_all(rows):
    for row in rows:
        row.save()

def test_raises_in_the_iterable():
    for x in pytest.raises(ValueError):
        pass

def test_nested_helper_is_not_counted(rows):
    def check(row):
        assert row
    assert len(rows) == 2
"""
    assert loop_only_tests(source) == []
    assert loop_only_tests(source.replace("for name, value in CASES", "for x in NOTHING")) == [
        "test_constant_loop"
    ]


def _test_modules() -> list[Path]:
    return sorted(TESTS.rglob("test_*.py"))


def test_no_test_checks_only_inside_a_loop_that_may_be_empty():
    modules = _test_modules()
    assert len(modules) > 100  # the walk found the suite
    found = [
        f"{path.relative_to(TESTS.parent)}::{name}"
        for path in modules
        for name in loop_only_tests(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "Uji berikut hanya memeriksa di dalam perulangan; tambahkan `assert <iterable>` (atau "
        "hitungannya) sebelum perulangan:\n" + "\n".join(found)
    )
