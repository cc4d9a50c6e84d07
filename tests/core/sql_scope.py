"""Does a SQL statement stay inside one agency? The check behind test_citus_readiness.

``AgencyScope`` is a ``connection.execute_wrapper``: it records every statement with its
parameters and the Python stack's declared national views, and ``violations()`` judges them
against the agencies the request acts for. A statement that reads or writes a domain table
(a model of ours with ``instansi``, not in ``REFERENCE_TABLES``) stays inside the agency when:

- an INSERT: every row's ``instansi_id`` is one of the agencies;
- otherwise: its WHERE (or a join's ON) compares ``instansi_id`` with one of the agencies, or,
  without that, compares keys (``id`` or a foreign key column, ``= %s`` or ``IN (%s, …)``)
  and every row those keys name belongs to one of the agencies (looked up afterwards, in the
  same transaction; a key naming no row cannot return one).

It is a text check, not a SQL parser: predicates are read as a conjunction (an OR next to
the agency's predicate would fool it), and a statement is judged as a whole (a subquery
without its own predicate passes when the outer query has one). Statements run inside a
function declared in ``kinerja.core.tenancy.NATIONAL`` are exempt.
"""

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps

from kinerja.core.tenancy import NATIONAL, REFERENCE_TABLES

_TABLE = re.compile(
    r'(?:\bFROM|\bJOIN|\bUPDATE|\bINTO)\s+"?(\w+)"?(?:\s+(?:AS\s+)?"?(\w+)"?)?', re.I
)
_KEYWORDS = {"ON", "WHERE", "INNER", "LEFT", "OUTER", "GROUP", "ORDER", "LIMIT", "SET", "AS"}
_KEYWORDS |= {"VALUES", "FOR", "UNION", "HAVING", "CROSS", "RIGHT", "FULL", "RETURNING"}
# The column a placeholder is compared with: `"t"."c" = %s`, `c = %s`, `"t"."c" IN (%s, %s`;
# PostgreSQL's prefetch writes `("t"."c") IN ((%s), (%s)`.
_COMPARED = re.compile(
    r'(?:"?(\w+)"?\.)?"?(\w+)"?\)?\s*(?:=|\bIN\s*\((?:\s*\(?%s\)?\s*,)*\s*\(?)\s*$', re.I
)
_PLACEHOLDER = re.compile(r"(?<!%)%s")


def domain_models() -> dict[str, type]:
    """db_table → model, for the models split by agency."""
    tables = {}
    for model in apps.get_models():
        if not model.__module__.startswith("kinerja.") or model._meta.label in REFERENCE_TABLES:
            continue
        tables[model._meta.db_table] = model
    return tables


@dataclass
class Statement:
    sql: str
    params: tuple
    national: str | None
    agencies: frozenset[int]
    origin: str = ""


@dataclass
class AgencyScope:
    """Record statements while ``agencies`` are the ones the code acts for."""

    agencies: frozenset[int] = frozenset()
    statements: list[Statement] = field(default_factory=list)
    judged: int = 0  # statements on domain tables that were checked (not national)

    def __call__(self, execute, sql, params, many, context):
        national, origin = _frames()
        if many:
            params = list(params or ())  # an iterator would be used up before execute
        for one in params if many else (params,):
            self.statements.append(
                Statement(sql, tuple(one or ()), national, self.agencies, origin)
            )
        return execute(sql, params, many, context)

    def violations(self) -> list[str]:
        """One line per statement that may cross agencies, resolving keys in one go (call it
        after the wrapper is removed, before the transaction is rolled back)."""
        tables = domain_models()
        judged = []
        wanted: dict[type, set] = defaultdict(set)
        for statement in self.statements:
            if statement.national:
                continue
            verdict = _judge(statement, tables)
            if verdict is None:
                continue
            judged.append((statement, verdict))
            for model, values in verdict.keys:
                wanted[model].update(values)
        self.judged += len(judged)
        owner = _owners(wanted)
        problems = []
        for statement, verdict in judged:
            reason = verdict.problem(owner, statement.agencies)
            if reason:
                problems.append(
                    f"{reason} di {statement.origin}: {statement.sql[:300]} {statement.params[:12]}"
                )
        return problems


def _frames() -> tuple[str | None, str]:
    """Our innermost function on the stack, and it again when it is a declared national view
    (only its own statements are exempt, not those of the functions it calls)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = f"{frame.f_globals.get('__name__')}:{frame.f_code.co_qualname}"
        if name.startswith(("kinerja.", "tests.")):
            return (name if name in NATIONAL else None), name
        frame = frame.f_back
    return None, ""


@dataclass
class Verdict:
    inserted: list | None = None  # the instansi_id of each inserted row
    agency: list = field(default_factory=list)  # values compared with instansi_id
    keys: list = field(default_factory=list)  # (model, values) compared with a key

    def problem(self, owner: dict, agencies: frozenset[int]) -> str | None:
        if self.inserted is not None:
            if not self.inserted or not set(self.inserted) <= agencies:
                return f"INSERT untuk instansi {sorted(set(self.inserted), key=str)}"
            return None
        if any(values and set(values) <= agencies for values in self.agency):
            return None
        if not self.keys:
            return "tanpa instansi_id maupun kunci"
        found = {owner.get((model, v)) for model, values in self.keys for v in values}
        found.discard(None)
        if not found <= agencies:
            return f"kunci milik instansi {sorted(found - agencies)}"
        return None


def _judge(statement: Statement, tables: dict[str, type]) -> Verdict | None:
    sql = statement.sql
    aliases = {}
    for table, alias in _TABLE.findall(sql):
        aliases[table] = table
        if alias and alias.upper() not in _KEYWORDS:
            aliases[alias] = table
    touched = {t for t in aliases.values() if t in tables}
    if not touched:
        return None
    head = sql.lstrip().upper()
    if head.startswith("INSERT"):
        return Verdict(inserted=_inserted_agencies(sql, statement.params))
    verdict = Verdict()
    start = sql.upper().find(" WHERE ") if head.startswith("UPDATE") else 0
    values_at: list[tuple[str | None, str, object]] = []
    for index, match in enumerate(_PLACEHOLDER.finditer(sql)):
        if match.start() < start or index >= len(statement.params):
            continue
        compared = _COMPARED.search(sql[max(0, match.start() - 400) : match.start()])
        if compared:
            values_at.append((compared.group(1), compared.group(2), statement.params[index]))
    by_column: dict[tuple, list] = defaultdict(list)
    for alias, column, value in values_at:
        table = aliases.get(alias) if alias else _table_with_column(touched, tables, column)
        model = tables.get(table) if table else None
        if model is None:
            continue
        by_column[(model, column)].append(value)
    for (model, column), values in by_column.items():
        if column == "instansi_id":
            verdict.agency.append(values)
            continue
        target = _key_target(model, column)
        if target is not None:
            verdict.keys.append((target, values))
    return verdict


def _table_with_column(touched, tables, column) -> str | None:
    for table in sorted(touched):
        if any(f.column == column for f in tables[table]._meta.concrete_fields):
            return table
    return None


def _key_target(model, column):
    """The model whose row a value of this column names, when that row has an agency."""
    if column == model._meta.pk.column:
        return model
    for f in model._meta.concrete_fields:
        if f.column == column and f.is_relation:
            target = f.related_model
            if target._meta.label == "org.Instansi" or any(
                g.name == "instansi" for g in target._meta.concrete_fields
            ):
                return target
    return None


def _inserted_agencies(sql: str, params: tuple) -> list:
    columns = re.search(r"\(([^)]*)\)", sql)
    names = [c.strip().strip('"') for c in columns.group(1).split(",")] if columns else []
    if "instansi_id" not in names:
        return []
    at = names.index("instansi_id")
    if len(params) == len(names) and isinstance(params[at], list | tuple):
        return list(params[at])  # PostgreSQL bulk insert: one array per column (UNNEST)
    return list(params[at :: len(names)])


def _owners(wanted: dict[type, set]) -> dict[tuple, int]:
    """(model, key) → agency id, for the rows the statements named."""
    owner = {}
    for model, values in wanted.items():
        keys = [v for v in values if isinstance(v, int)]
        if model._meta.label == "org.Instansi":
            owner.update({(model, k): k for k in keys})
            continue
        for start in range(0, len(keys), 500):
            rows = model._base_manager.filter(pk__in=keys[start : start + 500])
            for pk, instansi_id in rows.values_list("pk", "instansi_id"):
                owner[(model, pk)] = instansi_id
    return owner
