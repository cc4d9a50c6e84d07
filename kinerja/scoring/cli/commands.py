"""One function per command: the rows of a table through the rules, into the report."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.scoring.cli.table import (
    REQUIRED,
    CellError,
    Report,
    Row,
    Table,
    excerpt,
    is_blank,
    nip_cell,
    number_cell,
    target_cell,
    text_cell,
)
from kinerja.scoring.rules import ikm as ikm_rules
from kinerja.scoring.rules import kurva as kurva_rules
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import RuleInputError


def _check_row(report: Report, row: Row, group: object) -> bool:
    if "#lebih" not in row.values:
        return True
    report.problem(
        row,
        "(di luar judul)",
        "baris ini berisi lebih banyak isian daripada judul kolom; bila "
        'memakai koma desimal dengan pemisah koma, beri tanda kutip ("87,5") atau pakai titik '
        "koma sebagai pemisah",
        group,
    )
    return False


_FAILED = object()


def _guard(
    report: Report, row: Row, group: object, column: str, read: Callable[[], object]
) -> object:
    """``read()``, or :data:`_FAILED` after recording its problem against ``row``."""
    try:
        return read()
    except CellError as error:
        report.problem(row, error.column or column, str(error), group)
    except RuleInputError as error:
        report.problem(row, error.field or column, str(error), group)
    return _FAILED


def run_predikat(table: Table, args: argparse.Namespace, report: Report) -> None:
    for row in table.rows:
        nip = _guard(report, row, ("baris", row.number), "nip", lambda r=row: nip_cell(r))
        if nip is _FAILED or not _check_row(report, row, nip):
            continue
        group = nip
        work = _guard(report, row, group, "hasil_kerja", lambda r=row: _rating(r, "hasil_kerja"))
        behaviour = _guard(report, row, group, "perilaku", lambda r=row: _rating(r, "perilaku"))
        if work is _FAILED or behaviour is _FAILED:
            continue
        scored = pmp.predikat(work, behaviour)  # type: ignore[arg-type]
        report.output.append(
            (
                group,
                {
                    "nip": nip,
                    "predikat": scored.value,
                    "label": scored.value.label,
                    "hasil_kerja": work,
                    "perilaku": behaviour,
                    "breakdown": scored.breakdown.as_dict(),
                },
            )
        )


def _rating(row: Row, column: str) -> pmp.Rating:
    return pmp.parse_rating(text_cell(row, column, "di_atas, sesuai atau di_bawah"), field=column)


@dataclass
class _Group:
    first_row: Row
    items: list[object] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


def _groups(table: Table, report: Report) -> Iterator[tuple[str, Row]]:
    for row in table.rows:
        nip = _guard(report, row, ("baris", row.number), "nip", lambda r=row: nip_cell(r))
        if nip is _FAILED:
            continue
        if _check_row(report, row, nip):
            yield str(nip), row


def run_capaian(table: Table, args: argparse.Namespace, report: Report) -> None:
    params = args.params
    groups: dict[str, _Group] = {}
    for nip, row in _groups(table, report):
        group = groups.setdefault(nip, _Group(row))

        def indicator(r: Row = row) -> tuple[dict[str, object], pmp.IndicatorCapaian, Decimal]:
            name = text_cell(r, "indikator", "nama indikator")
            target = target_cell(r)
            realisation = number_cell(r, "realisasi", percent=True)
            assert realisation is not None
            direction = pmp.parse_direction(text_cell(r, "arah", "naik, turun atau tepat"))
            weight = number_cell(r, "bobot", optional=True) if "bobot" in table.columns else None
            weight = Decimal(1) if weight is None else weight
            if weight < 0:
                raise RuleInputError("bobot tidak boleh negatif", field="bobot")
            result = pmp.indicator_capaian(
                target=target, realisation=realisation, direction=direction, params=params
            )
            shown_target: object = (
                f"{target.low}-{target.high}" if isinstance(target, pmp.TargetRange) else target
            )
            return (
                {
                    "indikator": name,
                    "target": shown_target,
                    "realisasi": realisation,
                    "arah": direction,
                    "bobot": weight,
                    "capaian": result.capaian,
                    "capaian_tanpa_batas": result.uncapped,
                    "dibatasi": result.capped,
                },
                result,
                weight,
            )

        item = _guard(report, row, nip, "indikator", indicator)
        if item is not _FAILED:
            group.items.append(item)
    for nip, group in groups.items():
        if nip in report.bad_groups:
            continue
        items: list[tuple[dict[str, object], pmp.IndicatorCapaian, Decimal]] = group.items  # type: ignore[assignment]
        try:
            combined = pmp.rhk_capaian([i[1] for i in items], [i[2] for i in items])
        except RuleInputError as error:
            report.problem(group.first_row, error.field or "bobot", str(error), nip)
            continue
        proposal = pmp.propose_work_rating(combined.value, params=params)
        breakdown = combined.breakdown.as_dict()
        breakdown["langkah"] = [*breakdown["langkah"], *proposal.breakdown.steps]  # type: ignore[misc]
        breakdown["ambang"] = params.as_dict()
        report.output.append(
            (
                nip,
                {
                    "nip": nip,
                    "capaian": combined.value,
                    "usulan_hasil_kerja": proposal.value,
                    "label_usulan": proposal.value.label,
                    "indikator": [i[0] for i in items],
                    "breakdown": breakdown,
                },
            )
        )


_SKP_GROUP_COLUMNS = ("nilai_perilaku", "tugas_tambahan", "kreativitas")
_SKP_NUMBERS = (*REQUIRED["skp"][2:], "target_biaya", "realisasi_biaya")
"""In the order of :class:`pp46.Activity`'s fields after the name."""


def run_skp(table: Table, args: argparse.Namespace, report: Report) -> None:
    groups: dict[str, _Group] = {}
    for nip, row in _groups(table, report):
        group = groups.setdefault(nip, _Group(row))
        numbers: dict[str, Decimal | None] = {}
        for name in _SKP_NUMBERS:
            value = _guard(
                report,
                row,
                nip,
                name,
                lambda r=row, n=name: number_cell(r, n, optional=n.endswith("_biaya")),
            )
            if value is not _FAILED:
                numbers[name] = value  # type: ignore[assignment]
        title = _guard(report, row, nip, "kegiatan", lambda r=row: text_cell(r, "kegiatan", "nama"))
        if len(numbers) == len(_SKP_NUMBERS) and title is not _FAILED:
            item = pp46.Activity(
                str(title),
                *(numbers[name] for name in _SKP_NUMBERS),  # type: ignore[arg-type]
            )
            if _guard(report, row, nip, "kegiatan", lambda a=item: pp46.activity_value(a)) is not (
                _FAILED
            ):
                group.items.append(item)
        for name in _SKP_GROUP_COLUMNS:
            if name in table.columns:
                _guard(report, row, nip, name, lambda r=row, n=name, g=group: _group_value(r, n, g))
    for nip, group in groups.items():
        if nip in report.bad_groups:
            continue
        try:
            value = pp46.skp_value(
                group.items,  # type: ignore[arg-type]
                additional_tasks=group.extra.get("tugas_tambahan", 0),  # type: ignore[arg-type]
                creativity=group.extra.get("kreativitas"),  # type: ignore[arg-type]
            )
        except RuleInputError as error:
            report.problem(group.first_row, error.field or "kegiatan", str(error), nip)
            continue
        line: dict[str, object] = {
            "nip": nip,
            "nilai_skp": value.value,
            "kategori": value.category,
            "label_kategori": value.category.label,
            "kegiatan": [
                {"kegiatan": a.name, **a.aspects, "nilai": a.value} for a in value.activities
            ],
        }
        parts = [value.breakdown.as_dict()]
        if "nilai_perilaku" in group.extra:
            overall = pp46.prestasi_kerja(value, group.extra["nilai_perilaku"])  # type: ignore[arg-type]
            line["nilai_perilaku"] = group.extra["nilai_perilaku"]
            line["nilai_prestasi_kerja"] = overall.value
            line["kategori_prestasi_kerja"] = overall.category
            parts.append(overall.breakdown.as_dict())
        line["breakdown"] = parts[0] if len(parts) == 1 else {"rincian": parts}
        report.output.append((nip, line))


def _group_value(row: Row, name: str, group: _Group) -> object:
    """A per-person column: blank on some rows is fine, different values are not."""
    if is_blank(row.values.get(name)):
        return True
    value: object
    if name == "nilai_perilaku":
        value = number_cell(row, name)
        assert isinstance(value, Decimal)
        if not 0 <= value <= 100:
            raise CellError("harus 0–100")
    elif name == "tugas_tambahan":
        number = number_cell(row, name)
        assert number is not None
        if number != number.to_integral_value() or number < 0:
            raise CellError("harus bilangan bulat 0 atau lebih (jumlah tugas tambahan)")
        value = int(number)
    else:
        value = pp46.parse_creativity(row.text(name))
    previous = group.extra.setdefault(name, value)
    if previous != value:
        raise CellError(
            f"berbeda dengan baris sebelumnya untuk NIP yang sama ({previous}); isi satu nilai "
            "yang sama atau kosongkan di baris lain"
        )
    return True


def run_kurva(table: Table, args: argparse.Namespace, report: Report) -> None:
    employees: list[kurva_rules.Employee] = []
    seen: dict[str, int] = {}
    whole = "berkas"
    for row in table.rows:

        def employee(r: Row = row) -> kurva_rules.Employee:
            nip = nip_cell(r)
            if nip in seen:
                raise CellError(f"NIP {nip} sudah ada di baris {seen[nip]}; hapus salah satunya")
            seen[nip] = r.number
            predikat = pmp.parse_predikat(text_cell(r, "predikat", "kode atau label predikat"))
            capaian = number_cell(r, "capaian", optional=True, percent=True)
            behaviour = r.text("perilaku") or None
            return kurva_rules.Employee.of(nip, predikat, capaian, behaviour)

        if not _check_row(report, row, whole):
            continue
        person = _guard(report, row, whole, "nip", employee)
        if person is not _FAILED:
            employees.append(person)  # type: ignore[arg-type]
    if report.problems:
        return
    check = kurva_rules.check_curve(args.organisasi, employees)
    report.output.append(
        (
            whole,
            {
                "organisasi": check.organisation,
                "jumlah_pegawai": check.total,
                "patuh": check.compliant,
                "hanya_saran": check.advisory,
                "dapat_disesuaikan": check.adjustable,
                "jumlah_per_predikat": check.counts,
                "pelanggaran": [v.as_dict() for v in check.violations],
                "usulan": [m.as_dict() for m in check.proposal],
                "breakdown": check.breakdown.as_dict(),
            },
        )
    )


def run_ikm(table: Table, args: argparse.Namespace, report: Report) -> None:
    by_service = "layanan" in table.columns
    groups: dict[str | None, _Group] = {}
    for row in table.rows:
        service: str | None = row.text("layanan") if by_service else None
        if by_service and not service:
            report.problem(row, "layanan", "wajib diisi (nama layanan)", ("baris", row.number))
            continue
        group = groups.setdefault(service, _Group(row))
        if not _check_row(report, row, service):
            continue
        answers: list[int] = []
        for i in range(1, 10):
            answer = _guard(report, row, service, f"u{i}", lambda r=row, c=f"u{i}": _answer(r, c))
            if answer is not _FAILED:
                answers.append(answer)  # type: ignore[arg-type]
        if len(answers) == 9:
            group.items.append(answers)
    for service, group in groups.items():
        if service in report.bad_groups:
            continue
        result = ikm_rules.ikm_from_responses(group.items, weight=args.bobot)  # type: ignore[arg-type]
        report.output.append(
            (
                service,
                {
                    "layanan": service,
                    "responden": result.respondents,
                    "nrr": list(result.nrr),
                    "ikm": result.ikm,
                    "nilai": result.nilai,
                    "mutu": result.mutu,
                    "kinerja": result.kinerja,
                    "breakdown": result.breakdown.as_dict(),
                },
            )
        )


def _answer(row: Row, column: str) -> int:
    number = number_cell(row, column)
    assert number is not None
    if number != number.to_integral_value() or not 1 <= number <= 4:
        raise CellError(f"harus bilangan bulat 1–4, tertulis {excerpt(row.text(column))}")
    return int(number)


COMMANDS: Mapping[str, Callable[[Table, argparse.Namespace, Report], None]] = {
    "predikat": run_predikat,
    "capaian": run_capaian,
    "skp": run_skp,
    "kurva": run_kurva,
    "ikm": run_ikm,
}
