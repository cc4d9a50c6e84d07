"""Periods: open a year, set its parameters and deadlines, move it through its stages."""

import calendar
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.versioning import bump
from kinerja.skp.models import PARAMETER_BAWAAN, BagianPeriode, Periode
from kinerja.skp.permissions import can_manage_periode
from kinerja.skp.services.common import ensure_open

BULAN_PER_BAGIAN = {
    Periode.Kadens.BULANAN: 1,
    Periode.Kadens.TRIWULANAN: 3,
    Periode.Kadens.SEMESTERAN: 6,
}
TENGGAT_FIELDS = ("tenggat_perencanaan", "tenggat_pelaksanaan", "tenggat_penilaian")
TENGGAT_LABEL = {
    "tenggat_perencanaan": "Tenggat perencanaan",
    "tenggat_pelaksanaan": "Tenggat pelaksanaan",
    "tenggat_penilaian": "Tenggat penilaian",
}
BULAN = (
    "", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
)  # fmt: skip


def tanggal(value: date) -> str:
    """A date as people write it in Indonesian: 31 Desember 2026."""
    return f"{value.day} {BULAN[value.month]} {value.year}"


def check_tenggat(tahun: int, tenggat: dict) -> None:
    """[kebijakan] A period's deadlines make sense for its year: planning may start the year
    before and ends within the year; execution ends within the year (it is the year's work);
    assessment ends in the year or the next one; and they come in order (planning ≤ execution
    ≤ assessment). Raises DomainError naming the field."""
    plan, run, rate = (tenggat.get(name) for name in TENGGAT_FIELDS)
    if run is not None and run.year != tahun:
        raise DomainError(
            f"Tenggat pelaksanaan harus di dalam tahun {tahun} (1 Januari–31 Desember "
            f"{tahun}); tertulis {tanggal(run)}.",
            kolom="tenggat_pelaksanaan",
        )
    if plan is not None and not tahun - 1 <= plan.year <= tahun:
        raise DomainError(
            f"Tenggat perencanaan harus pada tahun {tahun - 1} atau {tahun}; tertulis "
            f"{tanggal(plan)}.",
            kolom="tenggat_perencanaan",
        )
    if rate is not None and not tahun <= rate.year <= tahun + 1:
        raise DomainError(
            f"Tenggat penilaian harus pada tahun {tahun} atau {tahun + 1}; tertulis "
            f"{tanggal(rate)}.",
            kolom="tenggat_penilaian",
        )
    ordered = [(name, tenggat.get(name)) for name in TENGGAT_FIELDS if tenggat.get(name)]
    for (first, a), (second, b) in zip(ordered, ordered[1:], strict=False):
        if a > b:
            raise DomainError(
                f"{TENGGAT_LABEL[second]} ({tanggal(b)}) tidak boleh sebelum "
                f"{TENGGAT_LABEL[first].lower()} ({tanggal(a)}); urutannya perencanaan, "
                "pelaksanaan, lalu penilaian.",
                kolom=second,
            )


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
            raise DomainError(f"Parameter '{key}' tidak dikenal.", kolom=key)
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise DomainError(f"Parameter {key} harus berupa angka.", kolom=key) from None
        if number <= 0:
            raise DomainError(f"Parameter {key} harus lebih dari 0.", kolom=key)
        merged[key] = f"{number.normalize():f}"
    if Decimal(merged["batas_bawah"]) > Decimal(merged["batas_atas"]):
        raise DomainError(
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
        raise DomainError(f"Periode {tahun} sudah ada; buka periode itu untuk mengubahnya.")
    if skema not in Periode.Skema.values:
        raise DomainError("Skema aturan tidak dikenal.", kolom="skema")
    if kadens not in Periode.Kadens.values:
        raise DomainError("Evaluasi berkala harus bulanan, triwulanan atau semesteran.")
    extra = {k: v for k, v in tenggat.items() if k in TENGGAT_FIELDS}
    if not 2000 <= tahun <= 2100:
        raise DomainError("Tahun periode harus antara 2000 dan 2100.", kolom="tahun")
    check_tenggat(tahun, extra)
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
        raise DomainError("Tahun periode harus antara 2000 dan 2100.", kolom="tahun") from None
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
        raise DomainError(
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
    check_tenggat(periode.tahun, {k: getattr(periode, k) for k in TENGGAT_FIELDS} | changes)
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


MIN_ALASAN = 10
"""[kebijakan] a reason for moving a stage early must say something: at least this many
characters."""


def early_move(periode: Periode, today: date) -> str:
    """Why moving ``periode`` to its next stage on ``today`` would be early, in Indonesian
    (empty when it is not): the current stage's deadline has not passed (the deadline day
    still belongs to the stage), or, leaving execution, the last slice has not ended."""
    reasons = []
    deadline = {
        Periode.Status.PERENCANAAN: periode.tenggat_perencanaan,
        Periode.Status.PELAKSANAAN: periode.tenggat_pelaksanaan,
    }.get(periode.status)
    if deadline is not None and today <= deadline:
        label = TENGGAT_LABEL[f"tenggat_{periode.status}"]
        reasons.append(f"{label.lower()} {tanggal(deadline)} belum lewat")
    if periode.status == Periode.Status.PELAKSANAAN:
        last = periode.bagian.order_by("-selesai").first()
        if last is not None and today <= last.selesai:
            reasons.append(f"bagian terakhir baru berakhir {tanggal(last.selesai)}")
    if not reasons:
        return ""
    text = "; ".join(reasons)
    return text[0].upper() + text[1:] + "."


@transaction.atomic
def move_stage(
    periode: Periode,
    *,
    to: str,
    by,
    version: int,
    alasan: str = "",
    konfirmasi: str = "",
    today: date | None = None,
) -> Periode:
    """Move the period one stage forward (perencanaan → pelaksanaan → penilaian); the last
    step, ditutup, belongs to the scoring close, which freezes the results. Before the
    current stage's deadline (:func:`early_move`) the move needs the period's name typed
    (``konfirmasi``) and a reason, both audited."""
    if not can_manage_periode(by):
        raise NotAllowed("Hanya admin kepegawaian yang dapat memindahkan tahap periode.")
    ensure_open(periode)
    order = list(Periode.URUTAN)
    current = order.index(periode.status)
    if to == Periode.Status.DITUTUP:
        # Closing freezes every result and its inputs; only the scoring close does that.
        raise DomainError(
            "Periode ditutup melalui halaman Penutupan periode (menu Penilaian), yang "
            "menghitung dan membekukan semua hasil."
        )
    if to not in order or order.index(to) != current + 1:
        raise DomainError(
            f"Dari tahap {periode.get_status_display()} periode hanya dapat maju ke tahap "
            f"{Periode.Status(order[current + 1]).label}."
        )
    early = early_move(periode, today or timezone.localdate())
    reason = " ".join((alasan or "").split())
    if early:
        if len(reason) < MIN_ALASAN:
            raise DomainError(
                f"{early} Tuliskan alasan memajukan tahap (minimal {MIN_ALASAN} karakter); "
                "alasan ini dicatat di log audit.",
                kolom="alasan",
            )
        if (konfirmasi or "").strip() != str(periode):
            raise DomainError(
                f'Ketik nama periode persis "{periode}" untuk memastikan tahap dimajukan '
                "sebelum tenggatnya.",
                kolom="konfirmasi",
            )
    before = periode.status
    bump(periode, version=version, what="Periode", status=to)
    after = {"status": to}
    if early:
        after |= {"lebih_awal": early, "alasan": reason}
    audit.record(
        periode.instansi,
        actor=by,
        action="periode.pindah_tahap",
        obj=periode,
        before={"status": before},
        after=after,
    )
    return periode
