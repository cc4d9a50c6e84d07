"""Awards HR records after the close, and the period's follow-up policy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.versioning import bump
from kinerja.followup.models import PengaturanPeriode, Penghargaan
from kinerja.followup.permissions import can_manage
from kinerja.org.models import Pegawai
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.skp.models import Periode


def _ensure_hr(periode: Periode, by) -> None:
    if not can_manage(by) or by.instansi_id != periode.instansi_id:
        raise NotAllowed("Hanya admin kepegawaian yang dapat melakukan ini.")


@transaction.atomic
def record_award(
    pegawai: Pegawai, periode: Periode, *, by, jenis: str, tanggal: date, dasar: str
) -> Penghargaan:
    """Record an award for a closed period; one award of each kind per person and period."""
    _ensure_hr(periode, by)
    if pegawai.instansi_id != periode.instansi_id:
        raise NotAllowed("Pegawai ini bukan pegawai instansi Anda.")
    if not periode.ditutup:
        raise DomainError("Penghargaan dicatat setelah periode ditutup dan hasilnya final.")
    if jenis not in Penghargaan.Jenis.values:
        raise DomainError("Pilih jenis penghargaan.", kolom="jenis")
    basis = " ".join((dasar or "").split())
    if len(basis) < 5:
        raise DomainError("Tuliskan dasar pemberian penghargaan (misalnya nomor keputusan).",
                       kolom="dasar")  # fmt: skip
    if not isinstance(tanggal, date):
        raise DomainError("Isi tanggal penghargaan.", kolom="tanggal")
    try:
        with transaction.atomic():
            award = Penghargaan.objects.create(
                instansi_id=periode.instansi_id, periode=periode, pegawai=pegawai, jenis=jenis,
                tanggal=tanggal, dasar=basis, dicatat_oleh=by,
            )  # fmt: skip
    except IntegrityError:
        raise DomainError(
            f"{pegawai.nama} sudah tercatat menerima penghargaan jenis ini untuk periode "
            f"{periode.tahun}."
        ) from None
    audit.record(periode.instansi, actor=by, action="penghargaan.catat", obj=award,
                 after={"pegawai": pegawai.nip, "jenis": jenis, "tanggal": tanggal,
                        "dasar": basis})  # fmt: skip
    return award


PREDIKAT_CODES = tuple(p.value for p in pmp.PREDIKAT_ORDER) + tuple(
    c.value for c in pp46.Category if c.value not in {p.value for p in pmp.PREDIKAT_ORDER}
)


def _percent(value, code: str) -> str | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"Persentase TPP untuk {code} harus angka 0–100.", kolom=code) from None
    if not (0 <= number <= 100) or not number.is_finite():
        raise DomainError(f"Persentase TPP untuk {code} harus antara 0 dan 100.", kolom=code)
    return format(number.normalize(), "f")


@transaction.atomic
def set_period_settings(
    periode: Periode,
    *,
    by,
    hari_keputusan_keberatan: int | None = None,
    potensi_menengah=None,
    potensi_tinggi=None,
    persen_tpp: dict | None = None,
) -> PengaturanPeriode:
    """HR sets the period's follow-up policy (agency policy, never regulation)."""
    _ensure_hr(periode, by)
    current, _ = PengaturanPeriode.objects.get_or_create(
        periode=periode, defaults={"instansi_id": periode.instansi_id}
    )
    before = {
        "hari_keputusan_keberatan": current.hari_keputusan_keberatan,
        "potensi_menengah": current.potensi_menengah,
        "potensi_tinggi": current.potensi_tinggi,
        "persen_tpp": current.persen_tpp,
    }
    changes = {}
    if hari_keputusan_keberatan is not None:
        if not 1 <= int(hari_keputusan_keberatan) <= 90:
            raise DomainError("Tenggat keputusan keberatan 1–90 hari.",
                           kolom="hari_keputusan_keberatan")  # fmt: skip
        changes["hari_keputusan_keberatan"] = int(hari_keputusan_keberatan)
    low = Decimal(str(potensi_menengah)) if potensi_menengah not in (None, "") else None
    high = Decimal(str(potensi_tinggi)) if potensi_tinggi not in (None, "") else None
    low = current.potensi_menengah if low is None else low
    high = current.potensi_tinggi if high is None else high
    if not (0 < low < high <= 100):
        raise DomainError("Ambang potensial: 0 < menengah < tinggi ≤ 100.", kolom="potensi_tinggi")
    changes["potensi_menengah"], changes["potensi_tinggi"] = low, high
    if persen_tpp is not None:
        mapping = {}
        for code in PREDIKAT_CODES:
            value = _percent(persen_tpp.get(code), code)
            if value is not None:
                mapping[code] = value
        changes["persen_tpp"] = mapping
    bump(current, version=None, what="Pengaturan", **changes)
    audit.record(periode.instansi, actor=by, action="tindak_lanjut.pengaturan", obj=current,
                 before=before, after={k: changes.get(k, before[k]) for k in before})  # fmt: skip
    return current
