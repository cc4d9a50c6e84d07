"""Periods: open a year, set its parameters and deadlines, move it through its stages."""

import calendar
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from kinerja.core import audit
from kinerja.skp.models import PARAMETER_BAWAAN, BagianPeriode, Periode
from kinerja.skp.permissions import can_manage_periode
from kinerja.skp.services.common import NotAllowed, SkpError, bump, ensure_open

BULAN_PER_BAGIAN = {
    Periode.Kadens.BULANAN: 1,
    Periode.Kadens.TRIWULANAN: 3,
    Periode.Kadens.SEMESTERAN: 6,
}
TENGGAT_FIELDS = ("tenggat_perencanaan", "tenggat_pelaksanaan", "tenggat_penilaian")


def slices_for(tahun: int, kadens: str) -> list[tuple[int, date, date]]:
    """(nomor, mulai, selesai) of each slice of a year for a cadence."""
    months = BULAN_PER_BAGIAN[Periode.Kadens(kadens)]
    result = []
    for nomor, first in enumerate(range(1, 13, months), start=1):
        last = first + months - 1
        end = date(tahun, last, calendar.monthrange(tahun, last)[1])
        result.append((nomor, date(tahun, first, 1), end))
    return result


def clean_parameter(skema: str, parameter: dict | None) -> dict:
    """The scheme's defaults overlaid with the given values, checked and kept as strings."""
    merged = dict(PARAMETER_BAWAAN[skema])
    for key, value in (parameter or {}).items():
        if key not in merged:
            raise SkpError(f"Parameter '{key}' tidak dikenal.", kolom=key)
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise SkpError(f"Parameter {key} harus berupa angka.", kolom=key) from None
        if number <= 0:
            raise SkpError(f"Parameter {key} harus lebih dari 0.", kolom=key)
        merged[key] = f"{number.normalize():f}"
    if Decimal(merged["batas_bawah"]) > Decimal(merged["batas_atas"]):
        raise SkpError(
            "Batas bawah tidak boleh lebih besar dari batas atas; perbaiki salah satunya.",
            kolom="batas_bawah",
        )
    return merged


@transaction.atomic
def create_periode(
    instansi,
    *,
    tahun: int,
    by,
    skema: str = Periode.Skema.PERMENPANRB_6_2022,
    kadens: str = Periode.Kadens.TRIWULANAN,
    parameter: dict | None = None,
    **tenggat,
) -> Periode:
    """Open an annual period with its slices generated from the cadence."""
    if not can_manage_periode(by) or by.instansi_id != instansi.pk:
        raise NotAllowed("Hanya admin kepegawaian yang dapat membuka periode.")
    if Periode.objects.filter(instansi=instansi, tahun=tahun).exists():
        raise SkpError(f"Periode {tahun} sudah ada; buka periode itu untuk mengubahnya.")
    if skema not in Periode.Skema.values:
        raise SkpError("Skema aturan tidak dikenal.", kolom="skema")
    if kadens not in Periode.Kadens.values:
        raise SkpError("Evaluasi berkala harus bulanan, triwulanan atau semesteran.")
    extra = {k: v for k, v in tenggat.items() if k in TENGGAT_FIELDS}
    try:
        with transaction.atomic():
            periode = Periode.objects.create(
                instansi=instansi,
                tahun=tahun,
                skema=skema,
                kadens=kadens,
                parameter=clean_parameter(skema, parameter),
                **extra,
            )
    except IntegrityError:
        raise SkpError("Tahun periode harus antara 2000 dan 2100.", kolom="tahun") from None
    BagianPeriode.objects.bulk_create(
        BagianPeriode(instansi=instansi, periode=periode, nomor=n, mulai=a, selesai=b)
        for n, a, b in slices_for(tahun, kadens)
    )
    audit.record(
        instansi,
        actor=by,
        action="periode.buka",
        obj=periode,
        after={"tahun": tahun, "skema": skema, "kadens": kadens, "parameter": periode.parameter},
    )
    return periode


@transaction.atomic
def set_parameter(periode: Periode, *, parameter: dict, by, version: int) -> Periode:
    """Change the thresholds; only while the period is still being planned."""
    if not can_manage_periode(by):
        raise NotAllowed("Hanya admin kepegawaian yang dapat mengubah parameter periode.")
    ensure_open(periode)
    if periode.status != Periode.Status.PERENCANAAN:
        raise SkpError(
            "Parameter hanya dapat diubah pada tahap perencanaan, sebelum periode berjalan."
        )
    new = clean_parameter(periode.skema, parameter)
    if new == periode.parameter:
        return periode
    before = dict(periode.parameter)
    bump(periode, version=version, what="Periode", parameter=new)
    audit.record(
        periode.instansi,
        actor=by,
        action="periode.ubah_parameter",
        obj=periode,
        before=before,
        after=new,
    )
    return periode


@transaction.atomic
def set_tenggat(periode: Periode, *, by, version: int, **tenggat) -> Periode:
    if not can_manage_periode(by):
        raise NotAllowed("Hanya admin kepegawaian yang dapat mengubah tenggat.")
    ensure_open(periode)
    changes = {k: v for k, v in tenggat.items() if k in TENGGAT_FIELDS}
    before = {k: getattr(periode, k) for k in changes}
    bump(periode, version=version, what="Periode", **changes)
    audit.record(
        periode.instansi,
        actor=by,
        action="periode.ubah_tenggat",
        obj=periode,
        before=before,
        after=changes,
    )
    return periode


@transaction.atomic
def move_stage(periode: Periode, *, to: str, by, version: int) -> Periode:
    """Move the period one stage forward (perencanaan → pelaksanaan → penilaian); the last
    step, ditutup, belongs to the scoring close, which freezes the results."""
    if not can_manage_periode(by):
        raise NotAllowed("Hanya admin kepegawaian yang dapat memindahkan tahap periode.")
    ensure_open(periode)
    order = list(Periode.URUTAN)
    current = order.index(periode.status)
    if to == Periode.Status.DITUTUP:
        # Closing freezes every result and its inputs; only the scoring close does that.
        raise SkpError(
            "Periode ditutup melalui halaman Penutupan periode (menu Penilaian), yang "
            "menghitung dan membekukan semua hasil."
        )
    if to not in order or order.index(to) != current + 1:
        raise SkpError(
            f"Dari tahap {periode.get_status_display()} periode hanya dapat maju ke tahap "
            f"{Periode.Status(order[current + 1]).label}."
        )
    before = periode.status
    bump(periode, version=version, what="Periode", status=to)
    audit.record(
        periode.instansi,
        actor=by,
        action="periode.pindah_tahap",
        obj=periode,
        before={"status": before},
        after={"status": to},
    )
    return periode
