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

import contextlib
import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import NOT_PROVIDED, Max
from django.utils import timezone

from kinerja.core.audit import record
from kinerja.org.models import Jabatan, Pegawai, UnitKerja
from kinerja.skp.models import (
    NILAI_INTI,
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

BATCH = 5000
FILE_SAMPLE = 200  # realisations whose evidence is a real stored PDF
MISSING_EVIDENCE_EVERY = 150  # one indicator in this many is reported without evidence
NILAI = NILAI_INTI

RHK_TEMPLATES = (
    "Terlaksananya {x} sesuai standar pelayanan",
    "Tersusunnya laporan {x} tepat waktu",
    "Meningkatnya kualitas {x}",
    "Terselenggaranya koordinasi {x}",
    "Tertanganinya pengaduan terkait {x}",
    "Terdokumentasinya data {x}",
)
TOPIK = (
    "pelayanan kesehatan dasar",
    "administrasi kepegawaian",
    "pengelolaan keuangan",
    "pelayanan perizinan",
    "pembelajaran di sekolah",
    "pengelolaan aset",
    "pelayanan kependudukan",
    "program prioritas daerah",
    "pengawasan internal",
)
"""Topics for a unit the demo's organisation does not know (any other agency)."""
TOPIK_SEKRETARIAT = ("administrasi kepegawaian", "pengelolaan keuangan", "pengelolaan aset")
TOPIK_UNIT = (  # (unit code prefix, topics): the first prefix that matches, longest first
    ("DINKES-PKM", ("pelayanan kesehatan di puskesmas", "upaya kesehatan masyarakat")),
    ("DINKES-P2P", ("pencegahan dan pengendalian penyakit", "surveilans dan imunisasi")),
    ("DINKES", ("pelayanan kesehatan dasar", "mutu fasilitas kesehatan")),
    ("DISDIK", ("pembelajaran di sekolah", "mutu pendidikan dasar")),
    ("DISHUB", ("pelayanan perhubungan", "manajemen lalu lintas dan angkutan")),
    ("DISDUKCAPIL", ("pelayanan kependudukan", "pencatatan sipil")),
    ("BKPSDM", ("manajemen kepegawaian", "penilaian kinerja pegawai")),
    ("SETDA-ORG", ("reformasi birokrasi", "akuntabilitas kinerja instansi")),
    ("SETDA-UMUM", ("ketatausahaan dan kearsipan", "rumah tangga pemerintah daerah")),
    ("SETDA", ("program prioritas daerah",)),
)
"""A plausible cascade: an employee's RHK speak of their own unit's work (a nurse's of the
puskesmas, a clerk's at a dinas secretariat of its administration), so they cascade from
their head's RHK on the same subject; the heads of the dinas cascade from the regional
priorities of the sekda."""


def topics_for(kode: str) -> tuple[str, ...]:
    """The RHK topics of a unit from its code (the demo organisation's unit codes)."""
    if "-SEK" in kode:
        return TOPIK_SEKRETARIAT
    for prefix, topics in TOPIK_UNIT:
        if kode == prefix or kode.startswith(prefix + "-"):
            return topics
    return TOPIK


# (uraian, aspek, target, satuan, arah, per-slice realisation as a share of target range)
INDIKATOR_TEMPLATES = (
    ("Jumlah dokumen {x} yang diselesaikan", "kuantitas", Decimal(12), "dokumen", "naik"),
    ("Persentase {x} sesuai standar", "kualitas", Decimal(90), "%", "naik"),
    ("Rata-rata waktu penyelesaian {x}", "waktu", Decimal(5), "hari", "turun"),
    ("Jumlah kegiatan {x} yang terlaksana", "kuantitas", Decimal(8), "kegiatan", "naik"),
    ("Tingkat kepuasan atas {x}", "kualitas", Decimal(85), "%", "naik"),
)


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


def _adapter(model, name):
    f = model._meta.get_field(name)
    ops = connection.ops
    if isinstance(f, models.DecimalField):
        return lambda v: (
            None if v is None else ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)
        )
    if isinstance(f, models.JSONField):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(f, models.DateTimeField):
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(f, models.DateField):
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    return None


def _memo(adapt):
    """Demo values repeat (a few timestamps, a few hundred numbers): adapt each once."""
    cache: dict = {}

    def adapted(value):
        try:
            return cache[value]
        except (KeyError, TypeError):
            result = adapt(value)
            if len(cache) < 100_000:
                with contextlib.suppress(TypeError):
                    cache[value] = result
            return result

    return adapted


def _insert(model, names: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT rows (values in ``names`` order) with executemany, BATCH rows at a time."""
    if not rows:
        return
    meta = model._meta
    # Model defaults live in Python, not in the table: add them for the columns not given.
    defaults = [
        (f.name, f.get_default())
        for f in meta.concrete_fields
        if f.name not in names
        and f.attname not in names
        and not f.primary_key
        and f.db_default is NOT_PROVIDED  # the table fills those itself
    ]
    if defaults:
        names = (*names, *(n for n, _v in defaults))
        tail = tuple(v for _n, v in defaults)
        rows = [(*r, *tail) for r in rows]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    adapters = [(i, _memo(a)) for i, n in enumerate(names) if (a := _adapter(model, n))]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            if adapters:
                chunk = [list(r) for r in chunk]
                for r in chunk:
                    for i, adapt in adapters:
                        r[i] = adapt(r[i])
            cursor.executemany(sql, chunk)


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences(models_: list) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _pdf(text: str) -> bytes:
    return (
        f"%PDF-1.4\n% Bukti dukung demo: {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    )


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
    with _big_cache(), transaction.atomic():
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
    _analyze()
    return result


@contextlib.contextmanager
def _big_cache():
    """On SQLite, index pages stay in memory while the year's rows stream in; the
    connection's own setting comes back afterwards (the connection outlives the build)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def _analyze() -> None:
    """Fresh statistics after a bulk load, so the planner uses the (skp, …) indexes."""
    tables = [m._meta.db_table for m in (Skp, Rhk, Indikator, Realisasi, BuktiDukung,
                                         PenilaianPerilaku, DialogKinerja)]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


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
    first_day = _at(periode.tenggat_perencanaan, 8)

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

    skp_id, rhk_id, ind_id = _next_id(Skp), _next_id(Rhk), _next_id(Indikator)
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
                _at(periode.tenggat_perencanaan, 7) if st != "draf" else None,
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
    _insert(
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
    _insert(Rhk, ("id", "instansi", "skp", "jenis", "uraian", "intervensi", "urutan"), rhk_rows)
    _insert(
        Indikator,
        ("id", "instansi", "rhk", "uraian", "aspek", "target", "satuan", "arah", "urutan"),
        ind_rows,
    )
    _insert(SkpRevisi, ("instansi", "skp", "nomor", "isi", "disetujui_pada"), revisi_rows)
    result.skp, result.rhk, result.indikator = len(skp_rows), len(rhk_rows), len(ind_rows)
    _realisations(instansi, ended, indicators, waiting_first, rng, now, result)
    _behaviour_and_dialogue(instansi, ended, skp_of, status, by_id, revised, rng, now, result)
    _reset_sequences([Skp, Rhk, Indikator, Realisasi, BuktiDukung])


def _value(template, rng) -> Decimal:
    _u, aspek, target, _s, arah = template
    if aspek == "kuantitas":  # per-slice output against a quarter of the annual target
        return Decimal(max(0, round(float(target) / 4 * rng.uniform(0.6, 1.4))))
    if arah == "turun":
        return Decimal(str(round(float(target) * rng.uniform(0.6, 1.3), 1)))
    return Decimal(str(round(min(100.0, float(target) * rng.uniform(0.85, 1.15)), 1)))


def _realisations(instansi, ended, indicators, waiting_first, rng, now, result: SkpYear) -> None:
    if not ended:
        return
    real_id, bukti_id = _next_id(Realisasi), _next_id(BuktiDukung)
    real_rows, bukti_rows = [], []
    last = ended[-1]
    planted_done = False
    files: list[tuple[int, int, str, bytes]] = []  # (bukti id, realisasi id, name, bytes)
    dup_bytes = _pdf("daftar hadir rapat koordinasi triwulan")
    for bagian in ended:
        when = _at(bagian.selesai, 15)
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
    _insert(
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
    _insert(
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


def _behaviour_and_dialogue(
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
                _at(last.selesai, 10),
                _at(last.selesai, 16),
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
                _at(last.selesai, 17),
                None,
            )
        )
    names = ["instansi", "skp", "bagian", "penilai"]
    for n in NILAI:
        names += [n, f"catatan_{n}"]
    _insert(PenilaianPerilaku, (*names, "diubah"), perilaku_rows)
    _insert(
        DialogKinerja,
        ("instansi", "skp", "bagian", "penulis", "jenis", "isi", "dibuat", "dibaca_pada"),
        dialog_rows,
    )
    result.perilaku, result.dialog = len(perilaku_rows), len(dialog_rows)


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
