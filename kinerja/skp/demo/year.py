"""A performance year in progress for the demo agency, set-based.

``build_skp_year(instansi, seed=..., today=...)`` opens the year of ``today`` (quarterly,
stage pelaksanaan) and writes, with a fixed number of bulk statements per table:

- an SKP for almost every active employee, cascaded from the top down: each main RHK
  intervenes on one of the rater's RHK (2–4 RHK and about 6 indicators per SKP);
- realisations for every slice that has ended, mostly verified, with evidence (except about
  one indicator in 150, left for the missing-evidence warning): links for most, real PDF
  files for a sample (so downloads work);
- behaviour ratings per ended slice and a dialogue per employee (the rater's latest
  feedback is unread, so every employee has something in "menunggu saya");
- work for every rater: the first subordinate's last-slice realisations wait for
  verification, the second subordinate's revised SKP waits for approval; a few leaf
  employees are still in draft, returned, submitted or without an SKP (late lists);
- planted for analytics: one realisation at 50× its target, and one evidence file
  uploaded by two different employees (flagged duplicate).

``delete_skp_year(instansi)`` removes every SKP row of an agency (run it before deleting
the agency itself: SKP rows protect employees from deletion).
"""

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import record
from kinerja.org.models import Jabatan, Pegawai, UnitKerja
from kinerja.skp.demo.bulk import analyze, big_cache, insert, next_id, reset_sequences
from kinerja.skp.demo.slices import at, write_behaviour_and_dialogue, write_realisations
from kinerja.skp.demo.wording import INDIKATOR_TEMPLATES, RHK_TEMPLATES, topics_for
from kinerja.skp.models import (
    BagianPeriode,
    BuktiDukung,
    DialogKinerja,
    Indikator,
    Masukan360,
    PenilaianPerilaku,
    Periode,
    Permintaan360,
    Realisasi,
    Rhk,
    Skp,
    SkpRevisi,
)
from kinerja.skp.services.periode import clean_parameter, slices_for

MISSING_EVIDENCE_EVERY = 150  # one indicator in this many is reported without evidence


@dataclass
class SkpYear:
    periode: Periode
    skp: int = 0
    rhk: int = 0
    indikator: int = 0
    realisasi: int = 0
    bukti: int = 0
    perilaku: int = 0
    dialog: int = 0
    tanpa_skp: int = 0
    planted: dict = field(default_factory=dict)


def build_skp_year(
    instansi, *, seed: int, today: date | None = None, tahun: int | None = None
) -> SkpYear:
    """Write the performance year ``tahun`` (default: the year of ``today``) for
    ``instansi``; slices that ended before ``today`` get realisations. See the module
    docstring."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    tahun = tahun or today.year
    now = timezone.now()
    with big_cache(), transaction.atomic():
        periode = Periode.objects.create(
            instansi=instansi,
            tahun=tahun,
            kadens=Periode.Kadens.TRIWULANAN,
            status=Periode.Status.PELAKSANAAN,
            parameter=clean_parameter("permenpanrb-6-2022", None),
            tenggat_perencanaan=date(tahun, 1, 31),
            tenggat_pelaksanaan=date(tahun, 12, 31),
            tenggat_penilaian=date(tahun + 1, 1, 31),
        )
        BagianPeriode.objects.bulk_create(
            BagianPeriode(instansi=instansi, periode=periode, nomor=n, mulai=a, selesai=b)
            for n, a, b in slices_for(tahun, periode.kadens)
        )
        slices = list(periode.bagian.order_by("nomor"))
        ended = [b for b in slices if b.selesai < today]
        result = SkpYear(periode=periode)
        _build(instansi, periode, ended, rng, now, result)
        record(
            instansi,
            actor="generator data demo",
            action="skp.demo",
            obj=periode,
            after={
                "seed": seed,
                "skp": result.skp,
                "realisasi": result.realisasi,
                "bukti": result.bukti,
                "ditanam": result.planted,
            },
        )
    analyze()
    return result


def _build(instansi, periode, ended, rng, now, result: SkpYear) -> None:
    people = list(
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .order_by("pk")
        .values_list("pk", "atasan_id", "unit_id", "jabatan__jenis")
    )
    by_id = {p[0]: p for p in people}
    unit_kode = dict(UnitKerja.objects.filter(instansi=instansi).values_list("pk", "kode"))
    children: dict[int | None, list[int]] = {}
    for pk, atasan, _unit, _jenis in people:
        children.setdefault(atasan if atasan in by_id else None, []).append(pk)
    order, queue = [], list(children.get(None, []))
    while queue:  # breadth first: every rater before their staff
        pk = queue.pop(0) if len(queue) < 2 else queue.pop()
        order.append(pk)
        queue.extend(children.get(pk, []))
    jpt = {j.value for j in Jabatan.JPT}
    first_day = at(periode.tenggat_perencanaan, 8)

    # Plan statuses: work for every rater, a few late or unfinished leaf employees.
    status: dict[int, str] = {}
    revised: set[int] = set()
    waiting_first: set[int] = set()
    for rater, staff in children.items():
        if rater is None:
            continue
        ordered = sorted(staff)
        waiting_first.add(ordered[0])
        if len(ordered) >= 3:
            revised.add(ordered[1])
    for pk in order:
        leaf = pk not in children
        roll = rng.random()
        if leaf and pk not in waiting_first and pk not in revised and roll < 0.045:
            status[pk] = ("none", "draf", "draf", "diajukan", "dikembalikan")[int(roll / 0.009)]
        else:
            status[pk] = "diajukan" if pk in revised else "disetujui"
    result.tanpa_skp = sum(1 for s in status.values() if s == "none")

    skp_id, rhk_id, ind_id = next_id(Skp), next_id(Rhk), next_id(Indikator)
    skp_of: dict[int, int] = {}
    main_rhk_of: dict[int, list[int]] = {}
    skp_rows, rhk_rows, ind_rows, revisi_rows = [], [], [], []
    # (indikator, skp, pegawai, template, evidence?): evidence for all but about one
    # indicator in 150 (deterministic on the id), so a few show up as missing evidence
    indicators: list[tuple[int, int, int, tuple, bool]] = []
    for pk in order:
        st = status[pk]
        if st == "none":
            continue
        _pk, atasan, unit, jenis = by_id[pk]
        atasan = atasan if atasan in by_id else None
        approved = st == "disetujui" or pk in revised
        komentar = (
            "Target RHK kedua belum terukur; mohon perjelas indikatornya."
            if st == "dikembalikan"
            else ""
        )
        skp_rows.append(
            (
                skp_id,
                instansi.pk,
                periode.pk,
                pk,
                atasan,
                unit,
                "jpt" if jenis in jpt else "non_jpt",
                st,
                komentar,
                1 if pk in revised else 0,
                "Anggaran dan sarana sesuai DPA unit.",
                "Laporan triwulan kepada atasan langsung.",
                "Sesuai ketentuan disiplin dan kinerja.",
                at(periode.tenggat_perencanaan, 7) if st != "draf" else None,
                first_day if approved else None,
                now,
            )
        )
        skp_of[pk] = skp_id
        topik = rng.choice(topics_for(unit_kode.get(unit, "")))
        parent_rhk = main_rhk_of.get(atasan, []) if atasan else []
        mains = []
        for n in range(rng.randint(2, 4)):
            jenis_rhk = "tambahan" if n == 3 else "utama"
            intervensi = rng.choice(parent_rhk) if parent_rhk and jenis_rhk == "utama" else None
            rhk_rows.append(
                (
                    rhk_id,
                    instansi.pk,
                    skp_id,
                    jenis_rhk,
                    RHK_TEMPLATES[(n + pk) % len(RHK_TEMPLATES)].format(x=topik),
                    intervensi,
                    n + 1,
                )
            )
            if jenis_rhk == "utama":
                mains.append(rhk_id)
            for m in range(2 if n < 2 else 1 + (n % 2)):
                t = INDIKATOR_TEMPLATES[(n * 2 + m + pk) % len(INDIKATOR_TEMPLATES)]
                ind_rows.append(
                    (
                        ind_id,
                        instansi.pk,
                        rhk_id,
                        t[0].format(x=topik),
                        t[1],
                        t[2],
                        t[3],
                        t[4],
                        m + 1,
                    )
                )
                if approved:
                    indicators.append((ind_id, skp_id, pk, t, ind_id % MISSING_EVIDENCE_EVERY != 0))
                ind_id += 1
            rhk_id += 1
        main_rhk_of[pk] = mains
        if pk in revised:
            revisi_rows.append(
                (
                    instansi.pk,
                    skp_id,
                    0,
                    {"revisi": 0, "rhk": [], "catatan": "versi awal (data demo)"},
                    first_day,
                )
            )
        skp_id += 1
    insert(
        Skp,
        (
            "id",
            "instansi",
            "periode",
            "pegawai",
            "penilai",
            "unit",
            "jenis",
            "status",
            "komentar",
            "revisi",
            "dukungan_sumber_daya",
            "skema_pertanggungjawaban",
            "konsekuensi",
            "diajukan_pada",
            "disetujui_pada",
            "dibuat",
        ),
        skp_rows,
    )
    insert(Rhk, ("id", "instansi", "skp", "jenis", "uraian", "intervensi", "urutan"), rhk_rows)
    insert(
        Indikator,
        ("id", "instansi", "rhk", "uraian", "aspek", "target", "satuan", "arah", "urutan"),
        ind_rows,
    )
    insert(SkpRevisi, ("instansi", "skp", "nomor", "isi", "disetujui_pada"), revisi_rows)
    result.skp, result.rhk, result.indikator = len(skp_rows), len(rhk_rows), len(ind_rows)
    write_realisations(instansi, ended, indicators, waiting_first, rng, now, result)
    write_behaviour_and_dialogue(instansi, ended, skp_of, status, by_id, revised, rng, now, result)
    reset_sequences([Skp, Rhk, Indikator, Realisasi, BuktiDukung])


def delete_skp_year(instansi) -> None:
    """Remove every SKP row of an agency, a few statements per table (demo and bench only)."""
    with transaction.atomic():
        Rhk.objects.filter(instansi=instansi).update(intervensi=None)
        for model in (
            Masukan360,
            Permintaan360,
            DialogKinerja,
            PenilaianPerilaku,
            BuktiDukung,
            Realisasi,
            SkpRevisi,
            Indikator,
            Rhk,
            Skp,
            BagianPeriode,
            Periode,
        ):
            queryset = model.objects.filter(instansi=instansi)
            queryset._raw_delete(queryset.db)
