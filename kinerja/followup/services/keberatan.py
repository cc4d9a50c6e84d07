"""Objections (keberatan), spec §2.6, PP 30/2019 pasal 59.

Kinerja's reading [kebijakan], written in docs/tindak-lanjut.md:
- objections are filed against the **annual** result of a **closed** period;
- the result counts as shown to the employee on the local date the period was closed (the
  close publishes every final result at once); the employee may file from that day until 14
  calendar days after it, both included (closed on 1 March: the last day is 15 March);
- the decider is the rater's own supervisor at the time of filing (``pemutus``); a rater with
  no supervisor is replaced by the pimpinan role;
- the decision is due within ``PengaturanPeriode.hari_keputusan_keberatan`` days (14 by
  default) of filing; a late decision is still accepted (the employee keeps the right to one)
  but the objection is shown as overdue;
- an upheld objection never edits the scoring app's ``Hasil`` row: the new ratings are stored
  on the objection beside a snapshot of the original, and both stay readable and audited;
  every page that shows the result reads them through ``hooks.final_after_close`` at once
  (team pages, curve, dashboards: their stored figures are refreshed on commit).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit, formatting
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.formatting import ukuran_berkas
from kinerja.core.versioning import bump
from kinerja.followup import queries
from kinerja.followup.models import CatatanKeberatan, Keberatan, LampiranKeberatan
from kinerja.followup.permissions import can_decide_objection, explanation_role
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import RuleInputError
from kinerja.skp.services.common import results_follow
from kinerja.skp.services.realisasi import detect_type, max_bytes

MIN_ALASAN = 20
"""[kebijakan] an objection's reasons and a decision's reasons say something: this many
characters at least."""
MAX_LAMPIRAN = 5


def _clean(text: str, *, kolom: str, what: str) -> str:
    cleaned = " ".join((text or "").split())
    if len(cleaned) < MIN_ALASAN:
        raise DomainError(f"Tuliskan {what} (minimal {MIN_ALASAN} karakter).", kolom=kolom)
    return cleaned


def check_upload(upload) -> tuple[str, str]:
    """The upload's kind and SHA-256 when its size and bytes are acceptable; else DomainError."""
    limit = max_bytes()
    if upload.size > limit:
        raise DomainError(
            f"Lampiran {ukuran_berkas(upload.size)} melebihi batas {ukuran_berkas(limit)}; "
            "perkecil atau pecah berkasnya.",
            kolom="lampiran",
        )
    try:
        kind = detect_type(upload.name, upload)
    except DomainError as exc:
        raise DomainError(str(exc), kolom="lampiran") from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, digest.hexdigest()


def _snapshot(k: Keberatan) -> dict:
    return {"status": k.status, "putusan": k.putusan, "predikat": k.akhir_predikat or None}


@transaction.atomic
def file_objection(
    hasil: Hasil, *, by, alasan: str, lampiran=(), today: date | None = None
) -> Keberatan:
    """The employee objects to their annual result, within the window; one per result."""
    today = today or timezone.localdate()
    skp = hasil.skp
    if hasil.instansi_id != by.instansi_id or skp.pegawai_id != by.pegawai_id:
        raise NotAllowed("Keberatan hanya dapat diajukan oleh pegawai atas hasilnya sendiri.")
    if hasil.bagian_id is not None:
        raise DomainError(
            "Keberatan diajukan atas hasil penilaian tahunan, bukan hasil per bagian."
        )
    if not hasil.periode.ditutup:
        raise DomainError(
            "Hasil ini belum final: keberatan dapat diajukan setelah periode ditutup."
        )
    window = queries.objection_window(hasil.periode)
    if window is None:
        raise DomainError("Periode ini tidak ditutup melalui Kinerja; hubungi admin kepegawaian.")
    first, last = window
    if today > last:
        raise DomainError(
            "Batas pengajuan keberatan sudah lewat: paling lambat "
            f"{formatting.tanggal_id(last)} (14 hari sejak hasil ditampilkan pada "
            f"{formatting.tanggal_id(first)}, PP 30/2019 pasal 59)."
        )
    if Keberatan.objects.filter(hasil=hasil).exists():
        raise DomainError("Keberatan atas hasil ini sudah diajukan; ikuti statusnya di halamannya.")
    predikat = hasil.final_predikat
    if not predikat:
        raise DomainError(
            "Hasil ini belum memiliki predikat; tidak ada yang dapat diajukan keberatan."
        )
    reason = _clean(alasan, kolom="alasan", what="alasan keberatan")
    files = list(lampiran or ())
    if len(files) > MAX_LAMPIRAN:
        raise DomainError(f"Lampirkan paling banyak {MAX_LAMPIRAN} berkas.", kolom="lampiran")
    checked = [(upload, *check_upload(upload)) for upload in files]
    rater = skp.penilai
    days = queries.settings_for(hasil.periode).hari_keputusan_keberatan
    keberatan = Keberatan.objects.create(
        instansi_id=hasil.instansi_id, hasil=hasil, pegawai_id=skp.pegawai_id,
        penilai=rater, pemutus_id=rater.atasan_id if rater else None, alasan=reason,
        diajukan_pada=timezone.now(), tanggal_diajukan=today,
        tenggat_putusan=today + timedelta(days=days),
        semula_hasil_kerja=hasil.final_hasil_kerja, semula_perilaku=hasil.final_perilaku,
        semula_predikat=predikat,
    )  # fmt: skip
    for upload, kind, sha in checked:
        item = LampiranKeberatan(
            instansi_id=hasil.instansi_id, keberatan=keberatan,
            nama=PurePath(upload.name).name[:200], ukuran=upload.size, tipe=kind, sha256=sha,
        )  # fmt: skip
        item.berkas.save(
            f"{kind}-{sha[:12]}{PurePath(upload.name).suffix.lower()}", upload, save=False
        )
        item.save()
    audit.record(
        hasil.instansi, actor=by, action="keberatan.ajukan", obj=keberatan,
        after={"hasil": hasil.pk, "predikat": predikat, "pemutus": keberatan.pemutus_id,
               "tenggat": keberatan.tenggat_putusan, "lampiran": [c[2] for c in checked]},
    )  # fmt: skip
    return keberatan


@transaction.atomic
def request_explanation(keberatan: Keberatan, *, by, isi: str) -> CatatanKeberatan:
    """The decider asks the rater and the employee to explain."""
    if not can_decide_objection(by, keberatan):
        raise NotAllowed("Hanya atasan pejabat penilai yang dapat meminta penjelasan.")
    text = _clean(isi, kolom="isi", what="permintaan penjelasan")
    note = CatatanKeberatan.objects.create(
        instansi_id=keberatan.instansi_id, keberatan=keberatan,
        jenis=CatatanKeberatan.Jenis.PERMINTAAN, penulis=by, isi=text,
    )  # fmt: skip
    if keberatan.status == Keberatan.Status.DIAJUKAN:
        bump(keberatan, version=None, what="Keberatan", status=Keberatan.Status.PENJELASAN)
    audit.record(keberatan.hasil.instansi, actor=by, action="keberatan.minta_penjelasan",
                 obj=keberatan, after={"catatan": note.pk})  # fmt: skip
    return note


@transaction.atomic
def explain_objection(keberatan: Keberatan, *, by, isi: str) -> CatatanKeberatan:
    """The rater or the employee writes their explanation (readable by all three)."""
    role = explanation_role(by, keberatan)
    if role is None:
        raise NotAllowed(
            "Penjelasan ditulis oleh pejabat penilai atau pegawai, selama keberatan belum "
            "diputuskan."
        )
    text = _clean(isi, kolom="isi", what="penjelasan")
    note = CatatanKeberatan.objects.create(
        instansi_id=keberatan.instansi_id, keberatan=keberatan, jenis=role, penulis=by, isi=text
    )
    audit.record(keberatan.hasil.instansi, actor=by, action=f"keberatan.penjelasan_{role}",
                 obj=keberatan, after={"catatan": note.pk})  # fmt: skip
    return note


RATING_CHOICES = "{}, {} atau {}".format(*(rating.label for rating in pmp.Rating))
NEW_RATING_FIELDS = {
    "hasil_kerja": "hasil kerja",
    "perilaku": "perilaku kerja",
    "predikat": "kategori",
}


def _new_ratings(hasil: Hasil, hasil_kerja: str, perilaku: str, predikat: str):
    """The new ratings of an upheld objection; a missing or unknown choice is a sentence
    that names the field and the choices (never the rules' codes)."""
    if hasil.skema == pp46.SCHEME:
        wanted = {"predikat": predikat}
        choices = ", ".join(c.label for c in pp46.Category)
    else:
        wanted = {"hasil_kerja": hasil_kerja, "perilaku": perilaku}
        choices = RATING_CHOICES
    for kolom, value in wanted.items():
        if not (value or "").strip():
            raise DomainError(
                f"Keberatan yang dikabulkan mengubah hasil: pilih {NEW_RATING_FIELDS[kolom]} "
                f"yang baru ({choices}), atau putuskan ditolak.",
                kolom=kolom,
            )
    try:
        if hasil.skema == pp46.SCHEME:
            return "", "", pp46.parse_category(predikat).value
        work = pmp.parse_rating(hasil_kerja, field="hasil_kerja")
        behaviour = pmp.parse_rating(perilaku, field="perilaku")
        return work.value, behaviour.value, pmp.predikat(work, behaviour).value.value
    except RuleInputError as error:
        what = NEW_RATING_FIELDS.get(error.field, "penilaian")
        raise DomainError(
            f"Pilihan {what} tidak dikenal; pilih salah satu: {choices}.", kolom=error.field
        ) from None


@transaction.atomic
def decide_objection(
    keberatan: Keberatan,
    *,
    by,
    putusan: str,
    alasan: str,
    hasil_kerja: str = "",
    perilaku: str = "",
    predikat: str = "",
    version: int | None = None,
) -> Keberatan:
    """The final decision. Upheld (fully or partly) sets new ratings, which must differ from
    the original; rejected keeps the result. The original stays on the ``Hasil`` row."""
    if not can_decide_objection(by, keberatan):
        if keberatan.diputuskan:
            raise DomainError("Keberatan ini sudah diputuskan; keputusan bersifat final.")
        raise NotAllowed("Hanya atasan pejabat penilai yang dapat memutuskan keberatan ini.")
    if putusan not in Keberatan.Putusan.values:
        raise DomainError("Pilih keputusan: dikabulkan, dikabulkan sebagian, atau ditolak.",
                       kolom="putusan")  # fmt: skip
    reason = _clean(alasan, kolom="alasan_putusan", what="alasan keputusan")
    hasil = keberatan.hasil
    changes = {}
    if putusan in Keberatan.MENGUBAH:
        work, behaviour, final = _new_ratings(hasil, hasil_kerja, perilaku, predikat)
        original = (keberatan.semula_hasil_kerja, keberatan.semula_perilaku,
                    keberatan.semula_predikat)  # fmt: skip
        if (work, behaviour, final) == original:
            raise DomainError(
                "Keberatan yang dikabulkan mengubah hasil: pilih penilaian yang berbeda dari "
                "semula, atau putuskan ditolak.",
                kolom="predikat",
            )
        changes = {"akhir_hasil_kerja": work, "akhir_perilaku": behaviour,
                   "akhir_predikat": final}  # fmt: skip
    before = _snapshot(keberatan)
    bump(
        keberatan, version=version, what="Keberatan", status=Keberatan.Status.DIPUTUSKAN,
        putusan=putusan, alasan_putusan=reason, diputuskan_oleh=by,
        diputuskan_pada=timezone.now(), **changes,
    )  # fmt: skip
    audit.record(hasil.instansi, actor=by, action="keberatan.putus", obj=keberatan,
                 before=before, after=_snapshot(keberatan) | {"alasan": reason})  # fmt: skip
    if changes:
        audit.record(
            hasil.instansi, actor=by, action="penilaian.ubah_keberatan", obj=hasil,
            before={"hasil_kerja": keberatan.semula_hasil_kerja,
                    "perilaku": keberatan.semula_perilaku,
                    "predikat": keberatan.semula_predikat},
            after={"hasil_kerja": changes["akhir_hasil_kerja"],
                   "perilaku": changes["akhir_perilaku"], "predikat": changes["akhir_predikat"],
                   "keberatan": keberatan.pk, "alasan": reason},
        )  # fmt: skip
        # The result as the API shows it (the predikat that holds now) changed: its change
        # time moves so updated_since finds it; its ratings stay frozen as the close wrote them.
        type(hasil).objects.filter(pk=hasil.pk).update(diubah=timezone.now())
        # What follows from the SKP's results (the dashboards' stored figures of the closed
        # period) is brought up to date once this commits; the frozen row stays as it is.
        results_follow(hasil.skp_id)
    return keberatan


def mark_read(keberatan: Keberatan, *, by) -> None:
    """The employee has seen the decision: the home panel stops announcing it."""
    if (
        keberatan.diputuskan
        and by.pegawai_id == keberatan.pegawai_id
        and keberatan.dibaca_pegawai_pada is None
    ):
        Keberatan.objects.filter(pk=keberatan.pk).update(dibaca_pegawai_pada=timezone.now())
