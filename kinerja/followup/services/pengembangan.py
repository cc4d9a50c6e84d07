"""Development plans (rencana pengembangan).

[kebijakan] After the close, every employee whose final annual predikat is Butuh Perbaikan,
Kurang or Sangat Kurang (PP 46/2011: Kurang or Buruk) gets a proposed plan built from what
the transparency page lists as "what to improve": the weakest indicators become training on
that work, core values rated Di Bawah Ekspektasi become mentoring. The rater edits it (goals,
activities, dates), sends it to the employee, and the employee agrees. Progress is recorded
per slice of a later period. Anyone may ask for a plan for themselves.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.formatting import persen
from kinerja.core.permissions import AGENCY_WIDE, has_role, is_supervisor_of
from kinerja.core.versioning import bump
from kinerja.followup import queries
from kinerja.followup.models import (
    KegiatanPengembangan,
    ProgresPengembangan,
    RencanaPengembangan,
)
from kinerja.followup.permissions import (
    can_agree_plan,
    can_edit_plan,
    can_manage,
    can_record_progress,
)
from kinerja.org.models import Pegawai
from kinerja.scoring.models import Hasil
from kinerja.scoring.services import explain
from kinerja.skp.models import BagianPeriode, Indikator, PenilaianPerilaku, Periode


def _low(h: Hasil) -> bool:
    if h.skema == "pp-46-2011":
        return h.predikat_akhir in queries.LOW_PREDIKAT_PP46
    return h.predikat_akhir in queries.LOW_PREDIKAT


def _areas_for(results: list[Hasil]) -> dict[int, list[dict]]:
    """hasil id → improvement areas; three queries for any number of results."""
    skp_ids = [h.skp_id for h in results]
    ratings: dict[int, list] = defaultdict(list)
    for rating in PenilaianPerilaku.objects.filter(skp_id__in=skp_ids).order_by("bagian__nomor"):
        ratings[rating.skp_id].append(rating)
    explanations = {h.pk: explain(h.masukan) for h in results}
    ids = {line.id for e in explanations.values() for line in e.indicators}
    names = Indikator.objects.in_bulk(list(ids))
    return {
        h.pk: queries.improvement_areas(explanations[h.pk], ratings[h.skp_id], names)
        for h in results
    }


def _activities(areas: list[dict], tahun: int) -> list[dict]:
    start, end = date(tahun + 1, 2, 1), date(tahun + 1, 6, 30)
    found = []
    for area in areas:
        if area["jenis"] == "indikator":
            found.append({"jenis": "pelatihan", "kompetensi": f"Teknis: {area['uraian'][:100]}",
                          "uraian": f"Capaian {persen(area['capaian'])}: tingkatkan hasil "
                                    "kerja ini.",
                          "mulai": start, "selesai": end})  # fmt: skip
        else:
            found.append({"jenis": "mentoring", "kompetensi": f"Perilaku: {area['uraian']}",
                          "uraian": "Dinilai di bawah ekspektasi oleh pejabat penilai.",
                          "mulai": start, "selesai": end})  # fmt: skip
    if not found:
        found.append({"jenis": "coaching", "kompetensi": "Perilaku kerja (BerAKHLAK)",
                      "uraian": "Pembinaan umum dari pejabat penilai.",
                      "mulai": start, "selesai": end})  # fmt: skip
    return found


def _create(periode, pegawai_id, penilai_id, hasil, sumber, areas, by) -> RencanaPengembangan:
    rencana = RencanaPengembangan.objects.create(
        instansi_id=periode.instansi_id, periode=periode, pegawai_id=pegawai_id,
        penilai_id=penilai_id, hasil=hasil, sumber=sumber,
        predikat=getattr(hasil, "predikat_akhir", "") or "", usulan=areas,
        diminta_oleh=by if sumber == RencanaPengembangan.Sumber.PERMINTAAN else None,
    )  # fmt: skip
    KegiatanPengembangan.objects.bulk_create(
        KegiatanPengembangan(instansi_id=periode.instansi_id, rencana=rencana, **item)
        for item in _activities(areas, periode.tahun)
    )
    return rencana


@transaction.atomic
def propose_plans(periode: Periode, *, by) -> int:
    """HR: a proposed plan for every low-rated employee of a closed period who has none yet.
    Returns how many were created; running it again creates nothing."""
    if by is not None and (not can_manage(by) or by.instansi_id != periode.instansi_id):
        raise NotAllowed("Hanya admin kepegawaian yang dapat mengusulkan rencana pengembangan.")
    if not periode.ditutup:
        raise DomainError("Rencana diusulkan dari hasil final: tutup periode terlebih dahulu.")
    have = set(
        RencanaPengembangan.objects.filter(periode=periode).values_list("pegawai_id", flat=True)
    )
    results = [
        h for h in queries.annual_results(periode)
        if _low(h) and h.skp.pegawai_id not in have
    ]  # fmt: skip
    areas = _areas_for(results)
    for h in results:
        _create(periode, h.skp.pegawai_id, h.skp.penilai_id, h,
                RencanaPengembangan.Sumber.PREDIKAT, areas[h.pk], by)  # fmt: skip
    audit.record(periode.instansi, actor=by, action="pengembangan.usulkan", obj=periode,
                 after={"rencana": len(results)})  # fmt: skip
    return len(results)


@transaction.atomic
def request_plan(pegawai: Pegawai, periode: Periode, *, by) -> RencanaPengembangan:
    """A plan on request: by the employee, their supervisors, or HR."""
    allowed = pegawai.instansi_id == by.instansi_id and (
        by.pegawai_id == pegawai.pk or has_role(by, *AGENCY_WIDE) or is_supervisor_of(by, pegawai)
    )
    if not allowed or periode.instansi_id != pegawai.instansi_id:
        raise NotAllowed("Anda tidak dapat meminta rencana pengembangan untuk pegawai ini.")
    if RencanaPengembangan.objects.filter(periode=periode, pegawai=pegawai).exists():
        raise DomainError(
            f"Rencana pengembangan periode {periode.tahun} untuk pegawai ini sudah ada."
        )
    hasil = (
        queries.with_final(Hasil.objects.filter(periode=periode, skp__pegawai=pegawai))
        .order_by(F("bagian__nomor").desc(nulls_first=True))
        .first()
    )
    areas = _areas_for([hasil])[hasil.pk] if hasil else []
    rater = hasil.skp.penilai_id if hasil else pegawai.atasan_id
    rencana = _create(periode, pegawai.pk, rater, hasil, RencanaPengembangan.Sumber.PERMINTAAN,
                      areas, by)  # fmt: skip
    audit.record(periode.instansi, actor=by, action="pengembangan.minta", obj=rencana,
                 after={"pegawai": pegawai.nip})  # fmt: skip
    return rencana


def _parse_date(value, kolom: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError("Tanggal harus berformat TTTT-BB-HH.", kolom=kolom) from None


@transaction.atomic
def update_plan(rencana: RencanaPengembangan, *, by, tujuan: str, kegiatan: list[dict],
                version: int | None = None) -> RencanaPengembangan:  # fmt: skip
    """The rater writes the goals and the activities (replacing the previous list)."""
    if not can_edit_plan(by, rencana):
        raise NotAllowed("Hanya pejabat penilai yang menyusun rencana ini, sebelum disepakati.")
    goal = (tujuan or "").strip()
    if len(goal) < 10:
        raise DomainError("Tuliskan tujuan pengembangan (minimal 10 karakter).", kolom="tujuan")
    rows = []
    for n, item in enumerate(kegiatan, start=1):
        if item.get("jenis") not in KegiatanPengembangan.Jenis.values:
            raise DomainError(f"Kegiatan {n}: pilih pelatihan, mentoring atau coaching.",
                           kolom="jenis")  # fmt: skip
        name = (item.get("kompetensi") or "").strip()
        if not name:
            raise DomainError(
                f"Kegiatan {n}: isi kompetensi yang dikembangkan.", kolom="kompetensi"
            )
        start = _parse_date(item.get("mulai"), "mulai")
        end = _parse_date(item.get("selesai"), "selesai")
        if end < start:
            raise DomainError(f"Kegiatan {n}: tanggal selesai sebelum tanggal mulai.",
                           kolom="selesai")  # fmt: skip
        rows.append(KegiatanPengembangan(
            instansi_id=rencana.instansi_id, rencana=rencana, jenis=item["jenis"],
            kompetensi=name[:120], uraian=(item.get("uraian") or "").strip(), mulai=start,
            selesai=end,
        ))  # fmt: skip
    if not rows:
        raise DomainError("Tambahkan sedikitnya satu kegiatan.", kolom="jenis")
    bump(rencana, version=version, what="Rencana pengembangan", tujuan=goal,
         status=RencanaPengembangan.Status.USULAN)  # fmt: skip
    rencana.kegiatan.all().delete()
    KegiatanPengembangan.objects.bulk_create(rows)
    audit.record(rencana.periode.instansi, actor=by, action="pengembangan.ubah", obj=rencana,
                 after={"tujuan": goal, "kegiatan": len(rows)})  # fmt: skip
    return rencana


@transaction.atomic
def submit_plan(rencana: RencanaPengembangan, *, by) -> RencanaPengembangan:
    if not can_edit_plan(by, rencana):
        raise NotAllowed("Hanya pejabat penilai yang mengajukan rencana ini kepada pegawai.")
    if not rencana.tujuan or not rencana.kegiatan.exists():
        raise DomainError("Lengkapi tujuan dan kegiatan sebelum diajukan kepada pegawai.")
    bump(rencana, version=None, what="Rencana pengembangan",
         status=RencanaPengembangan.Status.DIAJUKAN)  # fmt: skip
    audit.record(rencana.periode.instansi, actor=by, action="pengembangan.ajukan", obj=rencana)
    return rencana


@transaction.atomic
def agree_plan(rencana: RencanaPengembangan, *, by) -> RencanaPengembangan:
    if not can_agree_plan(by, rencana):
        raise NotAllowed("Rencana ini disepakati oleh pegawai yang bersangkutan setelah diajukan.")
    bump(rencana, version=None, what="Rencana pengembangan",
         status=RencanaPengembangan.Status.DISEPAKATI, disepakati_pada=timezone.now())  # fmt: skip
    audit.record(rencana.periode.instansi, actor=by, action="pengembangan.sepakati", obj=rencana)
    return rencana


@transaction.atomic
def record_progress(kegiatan: KegiatanPengembangan, *, by, bagian: BagianPeriode, status: str,
                    catatan: str = "") -> ProgresPengembangan:  # fmt: skip
    """Progress of an activity in a slice of a later period; all done closes the plan."""
    rencana = kegiatan.rencana
    if not can_record_progress(by, rencana):
        raise NotAllowed("Progres dicatat oleh pegawai atau pejabat penilai pada rencana "
                         "yang sudah disepakati.")  # fmt: skip
    if bagian.instansi_id != rencana.instansi_id or bagian.periode.tahun <= rencana.periode.tahun:
        raise DomainError("Progres dicatat pada bagian periode sesudah periode rencana.",
                       kolom="bagian")  # fmt: skip
    if status not in ProgresPengembangan.Status.values:
        raise DomainError("Pilih status progres.", kolom="status")
    row, _ = ProgresPengembangan.objects.update_or_create(
        kegiatan=kegiatan, bagian=bagian,
        defaults={"instansi_id": rencana.instansi_id, "status": status,
                  "catatan": (catatan or "").strip(), "dicatat_oleh": by},
    )  # fmt: skip
    done = not rencana.kegiatan.exclude(progres__status=ProgresPengembangan.Status.SELESAI).exists()
    if done:
        bump(rencana, version=None, what="Rencana pengembangan",
             status=RencanaPengembangan.Status.SELESAI)  # fmt: skip
    audit.record(
        rencana.periode.instansi, actor=by, action="pengembangan.progres", obj=rencana,
        after={"kegiatan": kegiatan.pk, "bagian": bagian.nomor, "status": status},
    )  # fmt: skip
    return row
