"""What the demo year holds for each slice that has ended: realisations with evidence (links,
and real PDF files for a sample), behaviour ratings, and a dialogue per employee."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kinerja.skp.demo.bulk import insert, next_id
from kinerja.skp.models import (
    NILAI_INTI,
    BuktiDukung,
    DialogKinerja,
    PenilaianPerilaku,
    Realisasi,
)

if TYPE_CHECKING:
    from kinerja.skp.demo.year import SkpYear

FILE_SAMPLE = 200  # realisations whose evidence is a real stored PDF
NILAI = NILAI_INTI


def _pdf(text: str) -> bytes:
    return (
        f"%PDF-1.4\n% Bukti dukung demo: {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    )


def at(day: date, hour: int = 9) -> datetime:
    """``hour`` o'clock (UTC) of ``day``: the demo's timestamps."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _value(template, rng) -> Decimal:
    _u, aspek, target, _s, arah = template
    if aspek == "kuantitas":  # per-slice output against a quarter of the annual target
        return Decimal(max(0, round(float(target) / 4 * rng.uniform(0.6, 1.4))))
    if arah == "turun":
        return Decimal(str(round(float(target) * rng.uniform(0.6, 1.3), 1)))
    return Decimal(str(round(min(100.0, float(target) * rng.uniform(0.85, 1.15)), 1)))


def write_realisations(
    instansi, ended, indicators, waiting_first, rng, now, result: SkpYear
) -> None:
    if not ended:
        return
    real_id, bukti_id = next_id(Realisasi), next_id(BuktiDukung)
    real_rows, bukti_rows = [], []
    last = ended[-1]
    planted_done = False
    files: list[tuple[int, int, str, bytes]] = []  # (bukti id, realisasi id, name, bytes)
    dup_bytes = _pdf("daftar hadir rapat koordinasi triwulan")
    for bagian in ended:
        when = at(bagian.selesai, 15)
        for ind, skp, pegawai, template, with_evidence in indicators:
            value = _value(template, rng)
            roll = rng.random()
            if bagian.pk == last.pk and pegawai in waiting_first:
                st, komentar = "diajukan", ""
            elif bagian.pk == last.pk and roll < 0.02:
                st, komentar = "dikembalikan", "Lampirkan daftar hadir kegiatan sebagai bukti."
            elif bagian.pk == last.pk and roll < 0.03:
                st, komentar = "draf", ""
            else:
                st, komentar = "diverifikasi", ""
            if (
                not planted_done
                and bagian.pk == last.pk
                and pegawai in waiting_first
                and template[1] == "kuantitas"
            ):
                value = template[2] * 50
                result.planted["realisasi_50x_target"] = real_id
                planted_done = True
            real_rows.append(
                (
                    real_id,
                    instansi.pk,
                    skp,
                    ind,
                    bagian.pk,
                    value,
                    "Sesuai laporan kegiatan.",
                    st,
                    komentar,
                    when if st != "draf" else None,
                    when if st == "diverifikasi" else None,
                    now,
                )
            )
            if not with_evidence:
                pass
            elif len(files) < FILE_SAMPLE:
                content = dup_bytes if len(files) in (0, 1) else _pdf(f"realisasi {real_id}")
                files.append((bukti_id, real_id, f"bukti-{real_id}.pdf", content))
            else:
                bukti_rows.append(
                    (
                        bukti_id,
                        instansi.pk,
                        real_id,
                        "",
                        "Arsip dokumen",
                        0,
                        "",
                        "",
                        f"https://arsip.demo.go.id/bukti/{real_id}",
                        False,
                        now,
                    )
                )
            bukti_id += 1
            real_id += 1
    # The duplicate must be two different employees: move the second copy if needed.
    if len(files) > 1 and len(real_rows) > 1:
        file_rids = {f[1] for f in files}
        owner = {r[0]: r[2] for r in real_rows if r[0] in file_rids}
        first_skp = owner[files[0][1]]
        for i in range(1, len(files)):
            if owner[files[i][1]] != first_skp:
                files[1], files[i] = (
                    (files[i][0], files[i][1], files[i][2], dup_bytes),
                    (files[1][0], files[1][1], files[1][2], files[i][3]),
                )
                break
    seen = set()
    for bid, rid, name, content in files:
        sha = hashlib.sha256(content).hexdigest()
        path = default_storage.save(
            f"bukti/{instansi.pk}/{sha[:2]}/{sha}/{name}", ContentFile(content)
        )
        bukti_rows.append(
            (bid, instansi.pk, rid, path, name, len(content), "pdf", sha, "", sha in seen, now)
        )
        if sha in seen:
            result.planted["bukti_duplikat"] = [bid, files[0][0]]
        seen.add(sha)
    insert(
        Realisasi,
        (
            "id",
            "instansi",
            "skp",
            "indikator",
            "bagian",
            "nilai",
            "catatan",
            "status",
            "komentar_penilai",
            "diajukan_pada",
            "diverifikasi_pada",
            "diubah",
        ),
        real_rows,
    )
    insert(
        BuktiDukung,
        (
            "id",
            "instansi",
            "realisasi",
            "berkas",
            "nama",
            "ukuran",
            "tipe",
            "sha256",
            "tautan",
            "duplikat",
            "dibuat",
        ),
        bukti_rows,
    )
    result.realisasi, result.bukti = len(real_rows), len(bukti_rows)


def write_behaviour_and_dialogue(
    instansi, ended, skp_of, status, by_id, revised, rng, now, result: SkpYear
) -> None:
    if not ended:
        return
    levels = ("di_atas", "sesuai", "sesuai", "sesuai", "sesuai", "di_atas")
    perilaku_rows, dialog_rows = [], []
    last = ended[-1]
    for pegawai, skp in skp_of.items():
        if status[pegawai] != "disetujui" and pegawai not in revised:
            continue
        rater = by_id[pegawai][1] if by_id[pegawai][1] in by_id else None
        for bagian in ended:
            values = [rng.choice(levels) for _ in NILAI]
            notes = [""] * len(NILAI)
            if rng.random() < 0.01:
                values[1], notes[1] = "di_bawah", "Laporan sering terlambat tanpa pemberitahuan."
            row = [instansi.pk, skp, bagian.pk, rater]
            for v, n in zip(values, notes, strict=True):
                row += [v, n]
            perilaku_rows.append((*row, now))
        if rater is None:
            continue
        dialog_rows.append(
            (
                instansi.pk,
                skp,
                last.pk,
                pegawai,
                "pesan",
                "Realisasi triwulan ini sudah saya isi beserta buktinya.",
                at(last.selesai, 10),
                at(last.selesai, 16),
            )
        )
        dialog_rows.append(
            (
                instansi.pk,
                skp,
                last.pk,
                rater,
                "umpan_balik",
                "Capaian sudah baik; pertahankan ketepatan waktu laporan.",
                at(last.selesai, 17),
                None,
            )
        )
    names = ["instansi", "skp", "bagian", "penilai"]
    for n in NILAI:
        names += [n, f"catatan_{n}"]
    insert(PenilaianPerilaku, (*names, "diubah"), perilaku_rows)
    insert(
        DialogKinerja,
        ("instansi", "skp", "bagian", "penulis", "jenis", "isi", "dibuat", "dibaca_pada"),
        dialog_rows,
    )
    result.perilaku, result.dialog = len(perilaku_rows), len(dialog_rows)
