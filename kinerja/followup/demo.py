"""Demo follow-up data: after the demo period is closed, one objection filed and decided,
awards for the best, plans for the low-rated, and potential scores so the grid is populated.

Call it after the demo year is built (and closed, or ready to close):
``build_followup(instansi, today=...)``. Deterministic for the same database.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kinerja.followup import queries, services
from kinerja.followup.models import Keberatan, NilaiPotensi, Penghargaan
from kinerja.scoring import services as scoring
from kinerja.skp.models import Periode

AWARDS = 10


@transaction.atomic
def build_followup(instansi, *, today: date | None = None, periode: Periode | None = None) -> dict:
    """Close ``periode`` (default: the agency's newest) when it is in its assessment stage,
    then add the follow-up. Returns counts of what was written."""
    today = today or timezone.localdate()
    periode = periode or Periode.objects.filter(instansi=instansi).order_by("-tahun").first()
    if periode is None:
        return {}
    if periode.status != Periode.Status.DITUTUP:
        Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
        periode.refresh_from_db()
        scoring.close_period(periode, by=None)
        periode.refresh_from_db()
    admin = instansi.akun.filter(is_admin_kepegawaian=True, is_active=True).first()
    results = list(queries.annual_results(periode).order_by("skp__pegawai__nip"))
    # potential scores: a spread over 40–95 so every box can fill
    NilaiPotensi.objects.bulk_create(
        [NilaiPotensi(instansi=instansi, periode=periode, pegawai_id=h.skp.pegawai_id,
                      skor=40 + (int(h.skp.pegawai.nip[-3:]) * 7) % 56,
                      sumber=NilaiPotensi.Sumber.IMPOR, dicatat_oleh=admin)
         for h in results],
        ignore_conflicts=True, batch_size=2000,
    )  # fmt: skip
    awards = 0
    for h in queries.candidates(periode)[:AWARDS]:
        _, created = Penghargaan.objects.get_or_create(
            periode=periode, pegawai_id=h.skp.pegawai_id, jenis=Penghargaan.Jenis.PIAGAM,
            defaults={"instansi": instansi, "tanggal": today,
                      "dasar": f"Keputusan Kepala BKPSDM: pegawai berprestasi {periode.tahun}",
                      "dicatat_oleh": admin},
        )  # fmt: skip
        awards += created
    plans = services.propose_plans(periode, by=None)
    objection = _objection(periode, results, today)
    return {"potensi": len(results), "penghargaan": awards, "rencana": plans,
            "keberatan": objection}  # fmt: skip


def _objection(periode, results, today) -> int:
    """One employee whose rater has a supervisor objects; the supervisor upholds it."""
    if Keberatan.objects.filter(hasil__periode=periode).exists():
        return 0
    for h in results:
        rater = h.skp.penilai
        if (h.predikat_akhir != "baik" or rater is None or rater.atasan_id is None
                or not hasattr(h.skp.pegawai, "akun")):  # fmt: skip
            continue
        boss_user = getattr(rater.atasan, "akun", None)
        if boss_user is None:
            continue
        day = queries.shown_on(periode) or today
        k = services.file_objection(
            h, by=h.skp.pegawai.akun, today=day,
            alasan="Bukti realisasi triwulan IV sudah diunggah tepat waktu tetapi belum "
                   "diverifikasi, sehingga capaian saya tercatat lebih rendah.",
        )  # fmt: skip
        services.request_explanation(k, by=boss_user, isi="Mohon penjelasan pejabat penilai "
                                     "dan pegawai tentang realisasi triwulan IV.")  # fmt: skip
        rater_user = getattr(rater, "akun", None)
        if rater_user is not None:
            services.explain_objection(
                k, by=rater_user, isi="Realisasi diajukan setelah batas verifikasi triwulan."
            )
        services.decide_objection(
            k, by=boss_user, putusan="dikabulkan_sebagian",
            alasan="Sebagian bukti sah dan tepat waktu; hasil kerja dinaikkan.",
            hasil_kerja="di_atas", perilaku="di_atas",
        )  # fmt: skip
        return 1
    return 0
