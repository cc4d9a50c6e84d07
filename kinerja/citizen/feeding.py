"""Feeding SKP indicators whose source is the public's voice (DESIGN: "public surveys and
complaints feed indicators whose source is not manual").

An indicator with ``sumber`` ``ikm_layanan``, ``waktu_respons_aduan`` or
``penyelesaian_aduan`` names its source in ``sumber_kode``:

- ``<kode layanan>`` or ``layanan:<kode layanan>``: one service;
- ``unit:<kode unit>``: every service of a unit;
- ``petugas:<NIP>``: the answers and complaints of one officer.

Values per slice (the slice's own dates):
- ``ikm_layanan``: the converted IKM (25–100), §4, rounded half up to two decimals;
- ``waktu_respons_aduan``: mean working days from receipt to first response, §5;
- ``penyelesaian_aduan``: resolved complaints as a percentage of those received and not
  rejected, §5.

The values are computed set-based: one grouped query per kind of source and level,
whatever the number of indicators. Each value is then stored through the skp app's
``record_system_value`` (system-computed, verified, audited, refused on a closed period),
with the numbers behind it as the explanation the rater reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from kinerja.citizen import queries
from kinerja.citizen.complaints import holidays_of
from kinerja.citizen.models import Layanan
from kinerja.core import audit
from kinerja.org.models import Pegawai, UnitKerja
from kinerja.scoring.rules import ikm as ikm_rule
from kinerja.scoring.rules.common import round_half_up
from kinerja.skp.models import Indikator
from kinerja.skp.services.common import ensure_open
from kinerja.skp.services.realisasi import record_system_value

FED = (
    Indikator.Sumber.IKM_LAYANAN,
    Indikator.Sumber.WAKTU_RESPONS_ADUAN,
    Indikator.Sumber.PENYELESAIAN_ADUAN,
)
LEVELS = {"layanan", "unit", "petugas"}


@dataclass
class FeedReport:
    dihitung: int = 0
    dilewati: list[tuple[int, str]] = field(default_factory=list)


def parse_source(code: str) -> tuple[str, str]:
    """``unit:DUKCAPIL`` → (``unit``, ``DUKCAPIL``); a bare code is a service's."""
    level, sep, rest = code.strip().partition(":")
    if sep and level.lower() in LEVELS:
        return level.lower(), rest.strip()
    return "layanan", code.strip()


def _keys(instansi_id: int, level: str, codes: set[str]) -> dict[str, int]:
    """Source code → id of the service, unit or employee (one query)."""
    if level == "layanan":
        rows = Layanan.objects.filter(instansi_id=instansi_id, kode__in=codes)
        return dict(rows.values_list("kode", "pk"))
    if level == "unit":
        rows = UnitKerja.objects.filter(instansi_id=instansi_id, kode__in=codes)
        return dict(rows.values_list("kode", "pk"))
    rows = Pegawai.objects.filter(instansi_id=instansi_id, nip__in=codes)
    return dict(rows.values_list("nip", "pk"))


def _ikm_values(instansi_id, bagian, level) -> dict[int, tuple[Decimal, dict]]:
    rows = queries.ikm_rows(instansi_id, bagian.mulai, bagian.selesai, per=level)
    values = {}
    for row in rows:
        if row.key is None or row.hasil is None:
            continue
        explanation = {
            "sumber": "ikm_layanan",
            "aturan": ikm_rule.SOURCE + " §4",
            "responden": row.responden,
            "nrr": {c: str(round_half_up(v, 4)) for c, v in row.nrr},
            "ikm": str(round_half_up(row.hasil.ikm, 4)),
            "nilai": str(round_half_up(row.hasil.nilai)),
            "mutu": row.hasil.mutu,
            "kinerja": row.hasil.kinerja,
            "sampel_minimal": row.sampel_minimal,
            "langkah": list(row.hasil.breakdown.steps),
        }
        values[row.key] = (round_half_up(row.hasil.nilai), explanation)
    return values


def _complaint_values(instansi_id, bagian, level, kind, holidays) -> dict[int, tuple]:
    stats = queries.complaint_stats(
        instansi_id, bagian.mulai, bagian.selesai, per=level, holidays=holidays
    )
    values = {}
    for key, item in stats.items():
        if key is None:
            continue
        base = {
            "aturan": "Kinerja §5: tenggat aduan dalam hari kerja (kebijakan instansi)",
            "aduan_diterima": item.aduan,
            "ditolak": item.ditolak,
            "direspons": item.direspons,
            "selesai": item.selesai,
            "respons_tepat_waktu": item.respons_tepat_waktu,
        }
        if kind == Indikator.Sumber.WAKTU_RESPONS_ADUAN:
            mean = item.rerata_hari_kerja_respons
            if mean is None:
                continue
            values[key] = (
                round_half_up(mean),
                base | {
                    "sumber": kind,
                    "rumus": "rerata hari kerja dari diterima sampai tanggapan pertama",
                    "hari_kerja_per_aduan": item.hari_kerja_respons,
                    "rerata_jam": str(item.rerata_jam_respons),
                },
            )  # fmt: skip
        else:
            rate = item.tingkat_penyelesaian
            if rate is None:
                continue
            values[key] = (
                round_half_up(rate),
                base | {"sumber": kind, "rumus": "selesai / (diterima − ditolak) × 100%"},
            )
    return values


def compute_fed_realisations(periode, bagian, *, by) -> FeedReport:
    """Compute and store the realisation of every fed indicator of ``periode`` in the slice
    ``bagian``. Indicators whose source has no data in the slice are left alone and
    listed in the report with the reason."""
    ensure_open(periode)
    instansi_id = periode.instansi_id
    indicators = list(
        Indikator.objects.filter(instansi_id=instansi_id, rhk__skp__periode=periode, sumber__in=FED)
        .select_related("rhk__skp__periode", "rhk__skp__instansi")
        # One order for every run: two runs at once take the realisations (and their SKPs'
        # realisation summary rows, kept by triggers) in the same order, so they wait for
        # each other instead of deadlocking.
        .order_by("rhk__skp_id", "pk")
    )
    report = FeedReport()
    wanted: dict[tuple[str, str], set[str]] = {}
    parsed = {}
    for indikator in indicators:
        level, code = parse_source(indikator.sumber_kode)
        parsed[indikator.pk] = (level, code)
        wanted.setdefault((indikator.sumber, level), set()).add(code)
    holidays = holidays_of(instansi_id)
    computed: dict[tuple[str, str], dict[str, tuple]] = {}
    unknown: set[tuple[str, str, str]] = set()
    for (kind, level), codes in wanted.items():
        ids = _keys(instansi_id, level, codes)
        if kind == Indikator.Sumber.IKM_LAYANAN:
            by_id = _ikm_values(instansi_id, bagian, level)
        else:
            by_id = _complaint_values(instansi_id, bagian, level, kind, holidays)
        computed[(kind, level)] = {c: by_id[i] for c, i in ids.items() if i in by_id}
        unknown |= {(kind, level, code) for code in codes - ids.keys()}
    with transaction.atomic():
        for indikator in indicators:
            level, code = parsed[indikator.pk]
            found = computed[(indikator.sumber, level)].get(code)
            if found is None:
                if (indikator.sumber, level, code) in unknown:
                    reason = f"kode sumber {indikator.sumber_kode!r} tidak dikenal"
                else:
                    reason = "belum ada data pada bagian ini"
                report.dilewati.append((indikator.pk, reason))
                continue
            nilai, explanation = found
            explanation = explanation | {
                "kode_sumber": indikator.sumber_kode,
                "bagian": {"mulai": str(bagian.mulai), "selesai": str(bagian.selesai)},
            }
            record_system_value(
                indikator, bagian=bagian, nilai=nilai, penjelasan=explanation, by=by
            )
            report.dihitung += 1
        audit.record(
            periode.instansi, actor=by, action="citizen.realisasi.hitung", obj=periode,
            after={"bagian": bagian.pk, "dihitung": report.dihitung,
                   "dilewati": len(report.dilewati)},
        )  # fmt: skip
    return report
