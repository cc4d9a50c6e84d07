"""The distribution curve (kurva distribusi): spec §2.5.

The organisation's own predikat selects a pattern of rules on its employees' predikat.
:func:`check_curve` counts, reports every rule broken with its numbers, and proposes the
smallest adjustment: the fewest people, each moved one predikat step, chosen lowest capaian
first (ties: lowest behaviour, then NIP). It never changes anyone's predikat itself.

How the proposal is found. Who may end where only matters through the counts per predikat,
so "the fewest moves that satisfy every rule" is a tiny min-cost flow: employees at each
predikat flow to the same predikat (cost 0) or one step either way (cost 1), into the
predikat counts, bounded by the rules. The rules of a pattern are on single predikat or on
one pair of neighbours ({Butuh Perbaikan, Kurang}), a laminar family, so the bounds fit on
the edges of a tree and the flow is exact. The people are then taken in priority order; each
is given the move (down first, then up) that still leaves an optimal completion, or else
stays. This yields, among all minimal adjustments, the one that moves the earliest people in
the priority order, deterministically.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .common import Breakdown, Number, RuleInputError, fmt, parse_choice, to_decimal
from .permenpanrb_6_2022 import (
    PREDIKAT_ORDER,
    SOURCE,
    Predikat,
    Rating,
    parse_predikat,
    parse_rating,
)

VERSION = "1.0"
ADVISORY_BELOW = 10
"""[policy] §2.5: with fewer than 10 employees rated, the check is advice only."""


class OrgPredikat(StrEnum):
    """§2.5: the organisation's (or unit's) own predikat."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return ORG_PREDIKAT_LABELS[self]


ORG_PREDIKAT_LABELS: Mapping[OrgPredikat, str] = {
    OrgPredikat.ISTIMEWA: "Istimewa",
    OrgPredikat.BAIK: "Baik",
    OrgPredikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    OrgPredikat.KURANG: "Kurang",
    OrgPredikat.SANGAT_KURANG: "Sangat Kurang",
}


class Bound(StrEnum):
    AT_MOST = "paling_banyak"
    AT_LEAST = "paling_sedikit"


@dataclass(frozen=True)
class CurveRule:
    """One rule of a pattern: at most / at least ``percent``% (or ``count`` people) of N
    having one of ``predikat``."""

    bound: Bound
    predikat: tuple[Predikat, ...]
    percent: int | None = None
    count: int | None = None

    @property
    def code(self) -> str:
        amount = f"{self.percent}_persen" if self.percent is not None else f"{self.count}_orang"
        return f"{self.bound.value}_{amount}_{'_atau_'.join(p.value for p in self.predikat)}"

    def limit(self, total: int) -> int:
        """§2.5 [policy]: at most p% → floor(p × N / 100); at least p% → ceil(p × N / 100)."""
        if self.percent is None:
            assert self.count is not None
            return self.count
        if self.bound is Bound.AT_MOST:
            return self.percent * total // 100
        return -(-self.percent * total // 100)

    def describe(self) -> str:
        amount = f"{self.percent}%" if self.percent is not None else f"{fmt(self.count)} orang"
        words = "paling banyak" if self.bound is Bound.AT_MOST else "paling sedikit"
        names = " atau ".join(p.label for p in self.predikat)
        if self.bound is Bound.AT_MOST and self.count == 0:
            return f"tidak boleh ada {names}"
        return f"{words} {amount} {names}"


_SB, _B, _BP, _K, _SK = PREDIKAT_ORDER

PATTERNS: Mapping[OrgPredikat, tuple[CurveRule, ...]] = {
    OrgPredikat.ISTIMEWA: (CurveRule(Bound.AT_MOST, (_SB,), percent=70),),
    OrgPredikat.BAIK: (
        CurveRule(Bound.AT_MOST, (_B,), percent=70),
        CurveRule(Bound.AT_LEAST, (_BP, _K), count=1),
    ),
    OrgPredikat.BUTUH_PERBAIKAN: (
        CurveRule(Bound.AT_LEAST, (_BP,), percent=60),
        CurveRule(Bound.AT_MOST, (_SB,), percent=10),
    ),
    OrgPredikat.KURANG: (
        CurveRule(Bound.AT_LEAST, (_K,), percent=60),
        CurveRule(Bound.AT_LEAST, (_BP,), percent=10),
        CurveRule(Bound.AT_MOST, (_SB,), percent=10),
    ),
    OrgPredikat.SANGAT_KURANG: (
        CurveRule(Bound.AT_LEAST, (_SK,), percent=60),
        CurveRule(Bound.AT_LEAST, (_K, _BP), percent=10),
        CurveRule(Bound.AT_MOST, (_SB,), count=0),
    ),
}
"""§2.5: the rules each organisation predikat sets on its employees' predikat.

"The rest any", "the rest Sangat Baik or Sangat Kurang" (Baik) and "the rest Baik"
(Sangat Kurang) add no rule: together with the listed groups they cover every predikat.
"""

PATTERN_TEXT: Mapping[OrgPredikat, str] = {
    OrgPredikat.ISTIMEWA: "paling banyak 70% Sangat Baik; sisanya bebas",
    OrgPredikat.BAIK: (
        "paling banyak 70% Baik; paling sedikit 1 Butuh Perbaikan atau Kurang/Misconduct; "
        "sisanya Sangat Baik atau Sangat Kurang"
    ),
    OrgPredikat.BUTUH_PERBAIKAN: (
        "paling sedikit 60% Butuh Perbaikan; paling banyak 10% Sangat Baik; sisanya bebas"
    ),
    OrgPredikat.KURANG: (
        "paling sedikit 60% Kurang/Misconduct; paling sedikit 10% Butuh Perbaikan; "
        "paling banyak 10% Sangat Baik; sisanya bebas"
    ),
    OrgPredikat.SANGAT_KURANG: (
        "paling sedikit 60% Sangat Kurang; paling sedikit 10% Kurang/Misconduct atau Butuh "
        "Perbaikan; tidak ada Sangat Baik; sisanya Baik"
    ),
}


ORG_PREDIKAT_ALIASES: Mapping[str, OrgPredikat] = {
    "Butuh Perbaikan/Cukup": OrgPredikat.BUTUH_PERBAIKAN,
}
"""§2.5: other names of an organisation predikat in circulation, accepted as the level they
name. The middle level is written "Butuh Perbaikan/Cukup" in agencies' documents (refused
before issue 24). [reg, check]: the wording is not confirmed against PermenPANRB 6/2022's
lampiran here; the code and label stay "butuh_perbaikan" / "Butuh Perbaikan"."""


def parse_org_predikat(value: OrgPredikat | str) -> OrgPredikat:
    """Read an organisation predikat from its code (``butuh_perbaikan``), its label or an
    alias of :data:`ORG_PREDIKAT_ALIASES` ("Butuh Perbaikan/Cukup")."""
    return parse_choice(
        OrgPredikat, value, ORG_PREDIKAT_LABELS, field="organisasi", aliases=ORG_PREDIKAT_ALIASES
    )


@dataclass(frozen=True)
class Employee:
    """An employee rated in the scope: NIP, predikat, and optionally capaian and behaviour
    (used only to choose whom an adjustment proposes to move)."""

    nip: str
    predikat: Predikat
    capaian: Decimal | None = None
    behaviour: Rating | None = None

    @classmethod
    def of(
        cls,
        nip: str,
        predikat: Predikat | str,
        capaian: Number | None = None,
        behaviour: Rating | str | None = None,
    ) -> Employee:
        """Build an employee from codes, labels or numbers, validating each."""
        clean = "".join(str(nip).split())
        if not clean:
            raise RuleInputError("NIP kosong", field="nip")
        return cls(
            nip=clean,
            predikat=parse_predikat(predikat),
            capaian=None if capaian is None else to_decimal(capaian, field="capaian"),
            behaviour=None if behaviour is None else parse_rating(behaviour, field="perilaku"),
        )


@dataclass(frozen=True)
class Violation:
    """A broken rule: what it says, the limit for this N, and the count found."""

    rule: CurveRule
    limit: int
    actual: int

    def describe(self) -> str:
        if self.rule.bound is Bound.AT_MOST:
            return (
                f"{self.rule.describe()}: batas {fmt(self.limit)} orang, ada {fmt(self.actual)} "
                f"(kelebihan {fmt(self.actual - self.limit)})"
            )
        return (
            f"{self.rule.describe()}: perlu {fmt(self.limit)} orang, ada {fmt(self.actual)} "
            f"(kurang {fmt(self.limit - self.actual)})"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "aturan": self.rule.code,
            "uraian": self.describe(),
            "predikat": [p.value for p in self.rule.predikat],
            "jenis": self.rule.bound.value,
            "persen": self.rule.percent,
            "batas": self.limit,
            "jumlah": self.actual,
            "selisih": abs(self.actual - self.limit),
        }


@dataclass(frozen=True)
class Move:
    """A proposed one-step change of one employee's predikat (never applied by Kinerja)."""

    nip: str
    source: Predikat
    target: Predikat

    def as_dict(self) -> dict[str, str]:
        return {"nip": self.nip, "dari": self.source.value, "ke": self.target.value}


@dataclass(frozen=True)
class CurveCheck:
    """The result of :func:`check_curve`.

    ``compliant`` is whether every rule holds; ``advisory`` is true when N is below
    :data:`ADVISORY_BELOW` (the check is then advice only); ``adjustable`` is false when no
    set of one-step moves can satisfy every rule (``proposal`` is then empty).
    """

    organisation: OrgPredikat
    total: int
    counts: Mapping[Predikat, int]
    compliant: bool
    advisory: bool
    violations: tuple[Violation, ...]
    proposal: tuple[Move, ...]
    adjustable: bool
    breakdown: Breakdown


def _priority(employee: Employee) -> tuple[bool, Decimal, bool, int, str]:
    behaviour_rank = {Rating.DI_BAWAH: 0, Rating.SESUAI: 1, Rating.DI_ATAS: 2}
    return (
        employee.capaian is None,
        employee.capaian if employee.capaian is not None else Decimal(0),
        employee.behaviour is None,
        behaviour_rank[employee.behaviour] if employee.behaviour is not None else 0,
        employee.nip,
    )


def check_curve(
    organisation: OrgPredikat | str,
    employees: Iterable[Employee],
    *,
    advisory_below: int = ADVISORY_BELOW,
) -> CurveCheck:
    """§2.5: check the employees' predikat against the organisation's pattern.

    Reports every rule broken with its limit and count, flags N < ``advisory_below`` as advice
    only, and proposes the minimal adjustment described in the module docstring. Employees
    without capaian come after those with one in the priority order (likewise behaviour).
    """
    org = parse_org_predikat(organisation)
    people = list(employees)
    seen: set[str] = set()
    for person in people:
        if person.nip in seen:
            raise RuleInputError(f"NIP {person.nip} tercantum lebih dari sekali", field="nip")
        seen.add(person.nip)
    rules = PATTERNS[org]
    total = len(people)
    counts = {p: sum(1 for e in people if e.predikat is p) for p in PREDIKAT_ORDER}
    violations = []
    for rule in rules:
        limit = rule.limit(total)
        actual = sum(counts[p] for p in rule.predikat)
        broken = actual > limit if rule.bound is Bound.AT_MOST else actual < limit
        if broken and total:
            violations.append(Violation(rule, limit, actual))
    compliant = not violations
    proposal: tuple[Move, ...] = ()
    adjustable = True
    if not compliant:
        moves = _minimal_moves(people, rules, total)
        adjustable = moves is not None
        proposal = tuple(moves or ())
    advisory = total < advisory_below
    steps = [
        f"Organisasi {org.label}: {PATTERN_TEXT[org]}.",
        f"N = {fmt(total)} pegawai dinilai: "
        + ", ".join(f"{p.label} {fmt(counts[p])}" for p in PREDIKAT_ORDER)
        + ".",
    ]
    for rule in rules:
        limit = rule.limit(total)
        actual = sum(counts[p] for p in rule.predikat)
        how = (
            f"floor({rule.percent} × {fmt(total)} / 100)"
            if rule.bound is Bound.AT_MOST
            else f"ceil({rule.percent} × {fmt(total)} / 100)"
        )
        calc = f"{how} = {fmt(limit)}" if rule.percent is not None else fmt(limit)
        state = "dilanggar" if any(v.rule is rule for v in violations) else "terpenuhi"
        steps.append(f"{rule.describe()}: batas {calc}, ada {fmt(actual)} → {state}.")
    if advisory:
        steps.append(f"N < {advisory_below}: hasil pemeriksaan hanya sebagai saran.")
    if proposal:
        steps.append(
            f"Usulan penyesuaian: {len(proposal)} orang digeser satu langkah (dipilih dari "
            "capaian terendah; seri: perilaku terendah, lalu NIP); tidak diterapkan otomatis."
        )
        steps.extend(f"NIP {m.nip}: {m.source.label} → {m.target.label}" for m in proposal)
    elif not adjustable:
        steps.append(
            "Tidak ada penyesuaian satu langkah per orang yang memenuhi semua aturan; "
            "pejabat penilai perlu meninjau penilaian secara menyeluruh."
        )
    return CurveCheck(
        organisation=org,
        total=total,
        counts=counts,
        compliant=compliant,
        advisory=advisory,
        violations=tuple(violations),
        proposal=proposal,
        adjustable=adjustable,
        breakdown=Breakdown(
            rule=f"{SOURCE} §2.5 kurva distribusi (kurva versi {VERSION})",
            formula=(
                "paling banyak p% → floor(p × N / 100) orang; paling sedikit p% → "
                "ceil(p × N / 100) orang"
            ),
            inputs={"organisasi": org, "jumlah_pegawai": total, "jumlah_per_predikat": counts},
            thresholds={rule.code: rule.limit(total) for rule in rules},
            steps=tuple(steps),
        ),
    )


def _minimal_moves(
    people: Sequence[Employee], rules: Sequence[CurveRule], total: int
) -> list[Move] | None:
    bounds = _set_bounds(rules, total)
    pool = [0] * len(PREDIKAT_ORDER)
    for person in people:
        pool[person.predikat.rank] += 1
    fixed = [0] * len(PREDIKAT_ORDER)
    remaining = _min_cost(pool, fixed, bounds, total)
    if remaining is None:
        return None
    moves: list[Move] = []
    dead: set[tuple[int, int]] = set()
    for person in sorted(people, key=_priority):
        if remaining == 0:
            break
        level = person.predikat.rank
        pool[level] -= 1
        for step in (1, -1):
            to = level + step
            if not 0 <= to < len(PREDIKAT_ORDER) or (level, step) in dead:
                continue
            fixed[to] += 1
            if _min_cost(pool, fixed, bounds, total) == remaining - 1:
                moves.append(Move(person.nip, person.predikat, PREDIKAT_ORDER[to]))
                remaining -= 1
                break
            fixed[to] -= 1
            dead.add((level, step))
        else:
            fixed[level] += 1
    return moves


def _set_bounds(rules: Sequence[CurveRule], total: int) -> dict[frozenset[int], tuple[int, int]]:
    bounds: dict[frozenset[int], tuple[int, int]] = {}
    for rule in rules:
        levels = frozenset(p.rank for p in rule.predikat)
        low, high = bounds.get(levels, (0, total))
        limit = rule.limit(total)
        if rule.bound is Bound.AT_MOST:
            high = min(high, limit)
        else:
            low = max(low, limit)
        bounds[levels] = (low, high)
    groups = [levels for levels in bounds if len(levels) > 1]
    covered = [level for levels in groups for level in levels]
    assert len(covered) == len(set(covered)), "pattern sets must be laminar"
    return bounds


def _min_cost(
    pool: Sequence[int],
    fixed: Sequence[int],
    bounds: Mapping[frozenset[int], tuple[int, int]],
    total: int,
) -> int | None:
    """Fewest one-step moves of the ``pool`` (counts per level) that, with the people already
    ``fixed`` at their final level, meet ``bounds``; None when impossible."""
    levels = len(pool)
    infinite = total + 1
    source, sink = 0, 1
    origin = [2 + p for p in range(levels)]
    final = [2 + levels + q for q in range(levels)]
    groups = [s for s in bounds if len(s) > 1]
    group_node = {s: 2 + 2 * levels + i for i, s in enumerate(groups)}
    node_count = 2 + 2 * levels + len(groups)
    edges: list[tuple[int, int, int, int, int]] = []  # (from, to, low, high, cost)

    def bounded(members: frozenset[int]) -> tuple[int, int] | None:
        low, high = bounds.get(members, (0, infinite))
        already = sum(fixed[m] for m in members)
        if high - already < 0:
            return None
        return max(0, low - already), high - already

    for p in range(levels):
        edges.append((source, origin[p], pool[p], pool[p], 0))
        for q in (p - 1, p, p + 1):
            if 0 <= q < levels:
                edges.append((origin[p], final[q], 0, pool[p], 0 if q == p else 1))
    for q in range(levels):
        parent = next((group_node[s] for s in groups if q in s), sink)
        edge_bounds = bounded(frozenset({q}))
        if edge_bounds is None:
            return None
        edges.append((final[q], parent, *edge_bounds, 0))
    for s in groups:
        edge_bounds = bounded(s)
        if edge_bounds is None:
            return None
        edges.append((group_node[s], sink, *edge_bounds, 0))
    edges.append((sink, source, 0, infinite, 0))
    return _feasible_min_cost(node_count, edges)


def _feasible_min_cost(
    node_count: int, edges: Sequence[tuple[int, int, int, int, int]]
) -> int | None:
    """Min-cost feasible circulation with lower bounds (successive shortest paths)."""
    super_source, super_sink = node_count, node_count + 1
    graph: list[list[list[int]]] = [[] for _ in range(node_count + 2)]

    def add(u: int, v: int, cap: int, cost: int) -> None:
        graph[u].append([v, cap, cost, len(graph[v])])
        graph[v].append([u, 0, -cost, len(graph[u]) - 1])

    excess = [0] * node_count
    base_cost = 0
    for u, v, low, high, cost in edges:
        if high < low:
            return None
        add(u, v, high - low, cost)
        excess[v] += low
        excess[u] -= low
        base_cost += low * cost
    required = 0
    for node, amount in enumerate(excess):
        if amount > 0:
            add(super_source, node, amount, 0)
            required += amount
        elif amount < 0:
            add(node, super_sink, -amount, 0)
    flow = cost_total = 0
    size = node_count + 2
    while flow < required:
        dist: list[int | None] = [None] * size
        previous: list[tuple[int, int] | None] = [None] * size
        dist[super_source] = 0
        for _ in range(size - 1):
            changed = False
            for u in range(size):
                du = dist[u]
                if du is None:
                    continue
                for index, (v, cap, cost, _rev) in enumerate(graph[u]):
                    dv = dist[v]
                    if cap > 0 and (dv is None or du + cost < dv):
                        dist[v] = du + cost
                        previous[v] = (u, index)
                        changed = True
            if not changed:
                break
        end = dist[super_sink]
        if end is None:
            return None
        push = required - flow
        node = super_sink
        while node != super_source:
            link = previous[node]
            assert link is not None
            u, index = link
            push = min(push, graph[u][index][1])
            node = u
        node = super_sink
        while node != super_source:
            link = previous[node]
            assert link is not None
            u, index = link
            edge = graph[u][index]
            edge[1] -= push
            graph[edge[0]][edge[3]][1] += push
            node = u
        flow += push
        cost_total += push * end
    return base_cost + cost_total
