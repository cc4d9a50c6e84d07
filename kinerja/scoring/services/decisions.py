"""The rater's decision on a proposal: confirm it, or override it with a written reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.versioning import bump
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import RuleInputError
from kinerja.skp.permissions import is_rater
from kinerja.skp.services.common import ensure_open
from kinerja.skp.services.periode import tanggal

MIN_ALASAN = 10
"""[kebijakan] an override's reason must say something: at least this many characters."""


def today_local():
    """The agency's date now (one place, so tests can set the day)."""
    return timezone.localdate()


def _early(hasil: Hasil, today) -> dict:
    early = annual_early(hasil, today or today_local())
    return {"lebih_awal": early} if early else {}


def _snapshot(hasil: Hasil) -> dict:
    return {
        "status": hasil.status,
        "hasil_kerja": hasil.final_hasil_kerja,
        "perilaku": hasil.final_perilaku,
        "predikat": hasil.final_predikat,
        "alasan": hasil.alasan,
    }


def _ensure_rater(hasil: Hasil, by, *, lebih_awal: bool = False, today=None) -> None:
    ensure_open(hasil.periode)
    if not is_rater(by, hasil.skp):
        raise NotAllowed("Hanya pejabat penilai pegawai ini yang dapat memutuskan hasilnya.")
    early = annual_early(hasil, today or today_local())
    if early and not lebih_awal:
        raise DomainError(
            f"{early} Hasil tahunan masih dapat berubah sampai bagian terakhir selesai "
            "diverifikasi; putuskan setelah itu, atau centang bahwa Anda memutuskan lebih awal.",
            kolom="lebih_awal",
        )


def annual_early(hasil: Hasil, today) -> str:
    """[kebijakan] The year's result is decided once its last slice has ended; before that
    (the last slice's end day included) deciding it needs an explicit acknowledgement. The
    message, in Indonesian, or empty when the decision is not early (a slice's result, or
    the year after its last slice)."""
    if hasil.bagian_id is not None:
        return ""
    last = hasil.periode.bagian.order_by("-selesai").values_list("selesai", flat=True).first()
    if last is None or today > last:
        return ""
    return f"Bagian terakhir periode {hasil.periode.tahun} baru berakhir {tanggal(last)}."


@transaction.atomic
def confirm_result(
    hasil: Hasil, *, by, version: int | None = None, lebih_awal: bool = False, today=None
) -> Hasil:
    """The rater accepts the proposal as it stands; audited. The year's result before its
    last slice has ended only with ``lebih_awal`` (:func:`annual_early`), recorded."""
    _ensure_rater(hasil, by, lebih_awal=lebih_awal, today=today)
    if hasil.galat or not hasil.usulan_predikat:
        raise DomainError(
            "Usulan ini belum lengkap (perilaku kerja belum dinilai atau data belum dapat "
            "dihitung); lengkapi datanya atau ubah hasilnya dengan alasan."
        )
    if hasil.status == Hasil.Status.DIKONFIRMASI and hasil.hash_keputusan == hasil.hash_masukan:
        return hasil
    before = _snapshot(hasil)
    bump(
        hasil, version=version, what="Hasil penilaian",
        status=Hasil.Status.DIKONFIRMASI, akhir_hasil_kerja=hasil.usulan_hasil_kerja,
        akhir_perilaku=hasil.usulan_perilaku, akhir_predikat=hasil.usulan_predikat, alasan="",
        diputuskan_oleh=by, diputuskan_pada=timezone.now(), hash_keputusan=hasil.hash_masukan,
    )  # fmt: skip
    audit.record(hasil.instansi, actor=by, action="penilaian.konfirmasi", obj=hasil,
                 before=before, after=_snapshot(hasil) | _early(hasil, today))  # fmt: skip
    return hasil


@transaction.atomic
def override_result(
    hasil: Hasil,
    *,
    by,
    alasan: str,
    hasil_kerja: str = "",
    perilaku: str = "",
    predikat: str = "",
    version: int | None = None,
    lebih_awal: bool = False,
    today=None,
) -> Hasil:
    """The rater sets other ratings than proposed, with a reason shown to the employee.

    Under ``permenpanrb-6-2022`` the rater sets the work and behaviour ratings and the
    predikat follows from the §2.1 matrix; under ``pp-46-2011`` the rater sets the category.
    Refused without a reason of at least :data:`MIN_ALASAN` characters. The year's result
    before its last slice has ended only with ``lebih_awal``, as :func:`confirm_result`.
    """
    _ensure_rater(hasil, by, lebih_awal=lebih_awal, today=today)
    reason = " ".join((alasan or "").split())
    if len(reason) < MIN_ALASAN:
        raise DomainError(
            f"Tuliskan alasan perubahan (minimal {MIN_ALASAN} karakter); alasan ini "
            "ditampilkan kepada pegawai dan dicatat.",
            kolom="alasan",
        )
    try:
        if hasil.skema == pp46.SCHEME:
            work = behaviour = ""
            final = pp46.parse_category(predikat).value
        else:
            work_r = pmp.parse_rating(hasil_kerja, field="hasil_kerja")
            behaviour_r = pmp.parse_rating(perilaku, field="perilaku")
            work, behaviour = work_r.value, behaviour_r.value
            final = pmp.predikat(work_r, behaviour_r).value.value
    except RuleInputError as error:
        raise DomainError(str(error), kolom=error.field) from None
    proposal = (hasil.usulan_hasil_kerja, hasil.usulan_perilaku, hasil.usulan_predikat)
    if (work, behaviour, final) == proposal and not hasil.galat:
        raise DomainError("Pilihan Anda sama dengan usulan; gunakan tombol Konfirmasi.")
    before = _snapshot(hasil)
    bump(
        hasil, version=version, what="Hasil penilaian",
        status=Hasil.Status.DIUBAH, akhir_hasil_kerja=work, akhir_perilaku=behaviour,
        akhir_predikat=final, alasan=reason, diputuskan_oleh=by,
        diputuskan_pada=timezone.now(), hash_keputusan=hasil.hash_masukan,
    )  # fmt: skip
    audit.record(hasil.instansi, actor=by, action="penilaian.ubah", obj=hasil,
                 before=before, after=_snapshot(hasil) | _early(hasil, today))  # fmt: skip
    return hasil
