"""Rater training ("Latihan penilai"): ten practice cases, the rater's decisions, the feedback.

Cases come from the agency's own closed periods, anonymised (no name, NIP, unit or position of
a real person: free texts are scrubbed of them; numbers are kept), up to seven; the rest are
designed cases (built in below) that make the common rater errors visible: a strong or weak
last quarter (recency) and a colleague "like you" (similar-to-me). With no closed period all ten
are designed cases.

The proposal shown after the rater's answers is computed by the scoring engine itself
(``engine.evaluate`` on the case's inputs in the engine's own input shape), so the training
teaches exactly the rule the real close applies. The errors are judged on the rater's own ten
answers with the calibration page's measures and thresholds (kinerja/insight/calibration.py):
leniency/severity as the mean step away from the proposal (MIN_SELISIH), central tendency as the
share of "Sesuai" (BATAS_TENGAH, SELISIH_TENGAH), halo as the correlation of their work and
behaviour ratings (BATAS_HALO) where the proposals' own correlation is lower.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.formats import number_format

from kinerja.insight import stats
from kinerja.insight.calibration import BATAS_HALO, BATAS_TENGAH, MIN_SELISIH, SELISIH_TENGAH
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import registry
from kinerja.scoring.services import canonical, engine

JUMLAH_KASUS = 10
KASUS_NYATA_MAKS = 7
SELISIH_TRIWULAN = 15  # points of capaian between the last quarter and the year: a "pattern"

LANGKAH = {"di_bawah": 0, "sesuai": 1, "di_atas": 2}
LABEL = {rating.value: rating.label for rating in pmp.Rating}
NILAI_BERAKHLAK = tuple((value.value, pmp.CORE_VALUE_LABELS[value]) for value in pmp.CoreValue)


# --------------------------------------------------------------------------- designed cases


def _ind(uraian, satuan, aspek, target, triwulan, arah="naik", catatan=()):
    return {
        "uraian": uraian,
        "satuan": satuan,
        "aspek": aspek,
        "arah": arah,
        "target": str(target),
        "triwulan": [
            {"nomor": n + 1, "nilai": str(v), "catatan": catatan[n] if n < len(catatan) else ""}
            for n, v in enumerate(triwulan)
        ],
    }


def _rhk(uraian, *indikator, jenis="utama"):
    return {"uraian": uraian, "jenis": jenis, "indikator": list(indikator)}


def _perilaku(*per_triwulan):
    """Each quarter as (rating, note) of the rater's BerAKHLAK assessment summary."""
    return [
        {"triwulan": n + 1, "penilaian": r, "catatan": c} for n, (r, c) in enumerate(per_triwulan)
    ]


S = ("sesuai", "")
A = ("di_atas", "Menonjol dalam melayani dan membantu rekan.")

CONTOH = (
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Layanan administrasi kependudukan yang cepat dan tepat",
                _ind(
                    "Jumlah dokumen kependudukan yang diterbitkan",
                    "dokumen",
                    "kuantitas",
                    1200,
                    (340, 350, 330, 360),
                ),
                _ind(
                    "Persentase dokumen terbit tanpa perbaikan",
                    "%",
                    "kualitas",
                    95,
                    (97, 98, 99, 98),
                ),
            ),
        ],
        "perilaku": _perilaku(A, A, A, A),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Laporan keuangan unit yang tepat waktu",
                _ind("Jumlah laporan keuangan bulanan", "laporan", "kuantitas", 12, (3, 3, 3, 3)),
                _ind(
                    "Rata-rata keterlambatan penyampaian laporan",
                    "hari",
                    "waktu",
                    2,
                    (2, 2, 2, 2),
                    arah="turun",
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Verifikasi berkas kenaikan pangkat",
                _ind(
                    "Jumlah berkas yang diverifikasi",
                    "berkas",
                    "kuantitas",
                    200,
                    (40, 35, 45, 40),
                    catatan=("", "Dua minggu cuti sakit.", "", ""),
                ),
                _ind(
                    "Persentase berkas tanpa kesalahan verifikasi",
                    "%",
                    "kualitas",
                    95,
                    (88, 90, 86, 90),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Pelayanan pasien rawat jalan",
                _ind(
                    "Jumlah pasien yang dilayani", "orang", "kuantitas", 2000, (500, 490, 520, 510)
                ),
                _ind("Persentase pasien puas", "%", "kualitas", 85, (84, 86, 85, 85)),
            ),
        ],
        "perilaku": _perilaku(A, A, A, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Penyusunan naskah kebijakan daerah",
                _ind("Jumlah naskah akademik yang selesai", "naskah", "kuantitas", 4, (1, 1, 2, 1)),
                _ind(
                    "Persentase naskah diterima tanpa revisi besar",
                    "%",
                    "kualitas",
                    80,
                    (100, 100, 100, 100),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "akhir_kuat",
        "latar": "",
        "rhk": [
            _rhk(
                "Penagihan retribusi pasar",
                _ind(
                    "Jumlah wajib retribusi yang ditagih",
                    "orang",
                    "kuantitas",
                    800,
                    (120, 130, 140, 320),
                    catatan=("", "", "", "Penagihan besar-besaran menjelang akhir tahun."),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, A),
    },
    {
        "pola": "akhir_lemah",
        "latar": "",
        "rhk": [
            _rhk(
                "Pemeliharaan jaringan dan aplikasi kantor",
                _ind(
                    "Persentase waktu layanan aplikasi tersedia",
                    "%",
                    "kualitas",
                    98,
                    (100, 100, 100, 84),
                    catatan=("", "", "", "Server mati tiga hari pada bulan November."),
                ),
                _ind(
                    "Jumlah permintaan dukungan yang diselesaikan",
                    "tiket",
                    "kuantitas",
                    400,
                    (120, 120, 110, 80),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Pengawasan mutu pangan",
                _ind(
                    "Jumlah sampel pangan yang diuji", "sampel", "kuantitas", 240, (60, 58, 56, 60)
                ),
                _ind(
                    "Rata-rata waktu terbit hasil uji",
                    "hari",
                    "waktu",
                    5,
                    (5, 5, 6, 5),
                    arah="turun",
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "similar",
        "rhk": [
            _rhk(
                "Pengelolaan arsip dinamis",
                _ind(
                    "Jumlah arsip yang didigitalkan",
                    "berkas",
                    "kuantitas",
                    6000,
                    (1000, 1100, 1050, 1100),
                ),
                _ind(
                    "Persentase arsip dengan metadata lengkap",
                    "%",
                    "kualitas",
                    95,
                    (80, 82, 85, 84),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "similar",
        "rhk": [
            _rhk(
                "Pelatihan teknis aparatur",
                _ind("Jumlah peserta pelatihan", "orang", "kuantitas", 120, (30, 30, 30, 30)),
                _ind("Rata-rata nilai evaluasi peserta", "nilai", "kualitas", 80, (80, 81, 79, 80)),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
)

LATAR = {
    "similar": "Catatan pribadi: pegawai ini lulusan kampus yang sama dengan Anda dan sering "
    "bersepeda bersama Anda di akhir pekan.",
}


def _annual(ind: dict) -> str:
    """The year's realisation as the engine combines slices: summed aspects add up, the others
    are averaged (the current rule version's ``summed_aspects``)."""
    values = [Decimal(t["nilai"]) for t in ind["triwulan"]]
    total = sum(values, Decimal(0))
    if ind["aspek"] in registry.current(engine.PMP).summed_aspects:
        return canonical.text(total)
    return canonical.text(total / len(values))


def _masukan(kasus: dict) -> dict:
    """The case in the engine's own input shape (see Hasil.masukan), numbered from 1."""
    rhk, nomor = [], 0
    for r, item in enumerate(kasus["rhk"], start=1):
        inds = []
        for ind in item["indikator"]:
            nomor += 1
            inds.append(
                {
                    "arah": ind["arah"],
                    "aspek": ind["aspek"],
                    "bobot": "1",
                    "id": nomor,
                    "jumlah_realisasi": len(ind["triwulan"]),
                    "realisasi": ind.get("realisasi_tahunan") or _annual(ind),
                    "target": ind["target"],
                    "target_atas": None,
                }
            )
        rhk.append({"id": r, "indikator": inds, "jenis": item["jenis"]})
    return {
        "bagian": None,
        "hasil_unit": "",
        "jenis_skp": "jf",
        "jumlah_bagian": 4,
        "parameter": {"batas_atas": "110", "batas_bawah": "90", "batas_capaian": "120"},
        "perilaku_periodik": [
            {"bagian": p["triwulan"], "penilaian": p["penilaian"], "sumber": "penilai"}
            for p in kasus["perilaku"]
        ],
        "rhk": rhk,
        "skema": "permenpanrb-6-2022",
        "versi": registry.CURRENT[engine.PMP],
    }


# --------------------------------------------------------------------------- real cases


class Penyamar:
    """Replaces every name, NIP, unit and position of the agency in a free text."""

    _NIP = re.compile(r"\d[\d ]{7,}\d")

    def __init__(self, instansi_id: int):
        from kinerja.org.models import Jabatan, Pegawai, UnitKerja

        words: set[str] = set()
        for gd, nama, gb in Pegawai.objects.filter(instansi_id=instansi_id).values_list(
            "gelar_depan", "nama", "gelar_belakang"
        ):
            words.add(nama)
            words.update(part for part in re.split(r"[\s,.]+", nama) if len(part) >= 3)
            for gelar in (gd, gb):
                if gelar:
                    words.add(gelar)
        words.update(
            UnitKerja.objects.filter(instansi_id=instansi_id).values_list("nama", flat=True)
        )
        words.update(Jabatan.objects.filter(instansi_id=instansi_id).values_list("nama", flat=True))
        ordered = sorted((w for w in words if w and w.strip()), key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in ordered), re.IGNORECASE)
            if ordered
            else None
        )

    def __call__(self, text: str) -> str:
        text = self._NIP.sub("[NIP]", text or "")
        if self._pattern is not None:
            text = self._pattern.sub("[disamarkan]", text)
        return text


def _kasus_nyata(instansi) -> list[dict]:
    from kinerja.scoring.models import Hasil
    from kinerja.skp.models import Indikator, PenilaianPerilaku, Realisasi, Rhk

    annual = list(
        Hasil.objects.filter(
            instansi=instansi,
            bagian__isnull=True,
            periode__status="ditutup",
            skema="permenpanrb-6-2022",
        )
        .exclude(usulan_perilaku="")
        .order_by("-periode__tahun", "id")
        .values("id", "skp_id", "periode_id", "masukan", "usulan_hasil_kerja", "capaian_bulat")[
            :300
        ]
    )
    # Variety: take proposals in turn (di_atas, sesuai, di_bawah), lowest id first.
    buckets: dict[str, list[dict]] = {"di_atas": [], "sesuai": [], "di_bawah": []}
    for row in annual:
        buckets.setdefault(row["usulan_hasil_kerja"], []).append(row)
    chosen: list[dict] = []
    while len(chosen) < KASUS_NYATA_MAKS and any(buckets.values()):
        for key in ("di_atas", "sesuai", "di_bawah"):
            if buckets.get(key) and len(chosen) < KASUS_NYATA_MAKS:
                chosen.append(buckets[key].pop(0))
    if not chosen:
        return []
    samar = Penyamar(instansi.pk)
    skp_ids = [c["skp_id"] for c in chosen]
    rhk_text = dict(Rhk.objects.filter(skp_id__in=skp_ids).values_list("id", "uraian"))
    ind_rows = {
        i["id"]: i
        for i in Indikator.objects.filter(rhk__skp_id__in=skp_ids).values("id", "uraian", "satuan")
    }
    per_slice: dict[int, list[dict]] = {}
    for r in (
        Realisasi.objects.filter(skp_id__in=skp_ids)
        .order_by("bagian__nomor")
        .values("indikator_id", "bagian__nomor", "nilai", "catatan")
    ):
        per_slice.setdefault(r["indikator_id"], []).append(r)
    notes: dict[int, dict[int, str]] = {}
    kolom = [f"catatan_{k}" for k, _ in NILAI_BERAKHLAK]
    for p in PenilaianPerilaku.objects.filter(skp_id__in=skp_ids).values(
        "skp_id", "bagian__nomor", *kolom
    ):
        text = " ".join(p[k] for k in kolom if p[k])
        notes.setdefault(p["skp_id"], {})[p["bagian__nomor"]] = text
    last_slice = dict(
        Hasil.objects.filter(skp_id__in=skp_ids, bagian__nomor=4).values_list(
            "skp_id", "capaian_bulat"
        )
    )
    cases = []
    for row in chosen:
        m = row["masukan"] if isinstance(row["masukan"], dict) else json.loads(row["masukan"])
        kasus_rhk = []
        for r in m["rhk"]:
            inds = []
            for i in r["indikator"]:
                info = ind_rows.get(i["id"], {"uraian": "", "satuan": ""})
                inds.append(
                    {
                        "uraian": samar(info["uraian"]),
                        "satuan": samar(info["satuan"]),
                        "aspek": i["aspek"],
                        "arah": i["arah"],
                        "target": i["target"],
                        "realisasi_tahunan": i["realisasi"],
                        "triwulan": [
                            {
                                "nomor": s["bagian__nomor"],
                                "nilai": canonical.text(s["nilai"]),
                                "catatan": samar(s["catatan"]),
                            }
                            for s in per_slice.get(i["id"], [])
                        ],
                    }
                )
            kasus_rhk.append(
                {"uraian": samar(rhk_text.get(r["id"], "")), "jenis": r["jenis"], "indikator": inds}
            )
        slice_notes = notes.get(row["skp_id"], {})
        perilaku = [
            {
                "triwulan": p["bagian"],
                "penilaian": p["penilaian"],
                "catatan": samar(slice_notes.get(p["bagian"], "")),
            }
            for p in m["perilaku_periodik"]
        ]
        pola = ""
        q4 = last_slice.get(row["skp_id"])
        if q4 is not None and row["capaian_bulat"] is not None:
            gap = q4 - row["capaian_bulat"]
            pola = (
                "akhir_kuat"
                if gap >= SELISIH_TRIWULAN
                else "akhir_lemah"
                if gap <= -SELISIH_TRIWULAN
                else ""
            )
        cases.append(
            {"sumber": "periode", "pola": pola, "latar": "", "rhk": kasus_rhk, "perilaku": perilaku}
        )
    return cases


def susun_kasus(instansi) -> list[dict]:
    """Ten cases: the agency's anonymised closed results first, designed cases to fill."""
    nyata = _kasus_nyata(instansi)
    contoh = [dict(c, sumber="contoh") for c in CONTOH]
    if nyata:
        # keep the designed cases that show recency and similar-to-me
        pilihan = [c for c in contoh if c["pola"] or c["latar"]]
        contoh = pilihan + [c for c in contoh if c not in pilihan]
    cases = (nyata + contoh)[:JUMLAH_KASUS]
    for n, case in enumerate(cases):
        case["nomor"] = n + 1
        case["label"] = f"Pegawai {string.ascii_uppercase[n]}"
        masukan = _masukan(case)
        hasil = engine.evaluate(masukan)
        case["usulan"] = {
            "hasil_kerja": hasil.hasil_kerja,
            "perilaku": hasil.perilaku,
            "capaian": canonical.text(hasil.capaian) if hasil.capaian is not None else None,
        }
    return cases


@transaction.atomic
def latihan_instansi(instansi):
    """The agency's current case set, built once and kept (answers refer to it)."""
    from kinerja.belajar.models import Latihan

    current = Latihan.objects.select_for_update().filter(instansi=instansi).order_by("-id").first()
    if current is None:
        current = Latihan.objects.create(instansi=instansi, kasus=susun_kasus(instansi))
    return current


# --------------------------------------------------------------------------- feedback


def baca_jawaban(post, kasus: list[dict]) -> tuple[dict, dict]:
    """The rater's choices per case from a form, and a sentence for each case left incomplete."""
    jawaban, galat = {}, {}
    for case in kasus:
        nomor = str(case["nomor"])
        w = post.get(f"w{nomor}", "")
        b = post.get(f"b{nomor}", "")
        jawaban[nomor] = {"hasil_kerja": w, "perilaku": b}
        missing = [
            label
            for value, label in ((w, "hasil kerja"), (b, "perilaku kerja"))
            if value not in LANGKAH
        ]
        if missing:
            galat[nomor] = f"Pilih penilaian {' dan '.join(missing)} untuk {case['label']}."
    return jawaban, galat


@dataclass
class Umpan:
    """The feedback on a rater's ten answers."""

    benar: int
    jumlah: int
    per_kasus: list[dict] = field(default_factory=list)
    kesalahan: list[tuple[str, str]] = field(default_factory=list)  # (name, explanation)

    @property
    def skor(self) -> int:
        return round(100 * self.benar / self.jumlah) if self.jumlah else 0


def _angka(value: float) -> str:
    return number_format(round(value, 2), 2, use_l10n=True)


def nilai_jawaban(kasus: list[dict], jawaban: dict[str, dict]) -> Umpan:
    """Compare the answers with the engine's proposals and name the rater errors they show."""
    per_kasus, benar, jumlah = [], 0, 0
    mine_w, mine_b, prop_w, prop_b = [], [], [], []
    for case in kasus:
        answer = jawaban.get(str(case["nomor"]), {})
        usulan = case["usulan"]
        w, b = answer.get("hasil_kerja"), answer.get("perilaku")
        ok_w, ok_b = w == usulan["hasil_kerja"], b == usulan["perilaku"]
        benar += ok_w + ok_b
        jumlah += 2
        per_kasus.append(
            {"kasus": case, "hasil_kerja": w, "perilaku": b, "ok_w": ok_w, "ok_b": ok_b}
        )
        if w in LANGKAH and b in LANGKAH and usulan["perilaku"] in LANGKAH:
            mine_w.append(LANGKAH[w])
            mine_b.append(LANGKAH[b])
            prop_w.append(LANGKAH[usulan["hasil_kerja"]])
            prop_b.append(LANGKAH[usulan["perilaku"]])
    umpan = Umpan(benar=benar, jumlah=jumlah, per_kasus=per_kasus)
    n = len(mine_w)
    if not n:
        return umpan
    diff = (sum(mine_w) + sum(mine_b) - sum(prop_w) - sum(prop_b)) / (2 * n)
    if diff >= MIN_SELISIH:
        umpan.kesalahan.append(
            (
                "Murah hati (leniency)",
                f"Rata-rata penilaian Anda {_angka(diff)} tingkat di atas usulan aturan. Penilaian "
                "yang terlalu tinggi membuat predikat kehilangan arti dan merugikan pegawai yang "
                "benar-benar menonjol.",
            )
        )
    elif diff <= -MIN_SELISIH:
        umpan.kesalahan.append(
            (
                "Terlalu ketat (severity)",
                f"Rata-rata penilaian Anda {_angka(-diff)} tingkat di bawah usulan aturan. Periksa "
                "lagi apakah target memang tercapai sebelum menurunkan nilai.",
            )
        )
    share = sum(1 for v in mine_w + mine_b if v == 1) / (2 * n)
    share_prop = sum(1 for v in prop_w + prop_b if v == 1) / (2 * n)
    if share >= BATAS_TENGAH and share - share_prop >= SELISIH_TENGAH:
        umpan.kesalahan.append(
            (
                "Kecenderungan tengah (central tendency)",
                f"{round(share * 100)} % jawaban Anda “Sesuai”, padahal usulan aturan hanya "
                f"{round(share_prop * 100)} %. Memberi semua orang nilai tengah menyembunyikan "
                "yang berprestasi dan yang perlu dibina.",
            )
        )
    r_mine = stats.pearson([float(v) for v in mine_w], [float(v) for v in mine_b])
    r_prop = stats.pearson([float(v) for v in prop_w], [float(v) for v in prop_b])
    same = sum(1 for w, b in zip(mine_w, mine_b, strict=True) if w == b)
    differ = sum(1 for w, b in zip(prop_w, prop_b, strict=True) if w != b)
    if (r_mine is not None and r_mine >= BATAS_HALO and (r_prop or 0) < BATAS_HALO) or (
        differ >= 3 and same == n
    ):
        umpan.kesalahan.append(
            (
                "Efek halo",
                "Nilai perilaku Anda hampir selalu sama dengan nilai hasil kerja, padahal keduanya "
                "dinilai terpisah: hasil kerja dari capaian indikator, perilaku dari tujuh nilai "
                "BerAKHLAK. Nilai setiap sisi dengan buktinya sendiri.",
            )
        )
    recency = [
        (c, LANGKAH.get(a["hasil_kerja"]), LANGKAH[c["usulan"]["hasil_kerja"]])
        for c, a in ((p["kasus"], p) for p in per_kasus)
        if c.get("pola") and a["hasil_kerja"] in LANGKAH
    ]
    toward = sum(
        1
        for c, mine, prop in recency
        if (c["pola"] == "akhir_kuat" and mine > prop)
        or (c["pola"] == "akhir_lemah" and mine < prop)
    )
    if recency and toward * 2 >= len(recency) and toward:
        umpan.kesalahan.append(
            (
                "Efek kebaruan (recency)",
                f"Pada {toward} dari {len(recency)} kasus dengan triwulan terakhir yang sangat "
                "berbeda, nilai Anda mengikuti triwulan terakhir, bukan capaian setahun. Nilai "
                "tahunan dihitung dari realisasi seluruh tahun.",
            )
        )
    similar = [
        p for p in per_kasus if p["kasus"].get("latar") == "similar" and p["hasil_kerja"] in LANGKAH
    ]
    higher = sum(
        1
        for p in similar
        if LANGKAH[p["hasil_kerja"]] > LANGKAH[p["kasus"]["usulan"]["hasil_kerja"]]
    )
    if similar and higher:
        umpan.kesalahan.append(
            (
                "Kemiripan dengan diri sendiri (similar-to-me)",
                f"Pada {higher} dari {len(similar)} kasus pegawai yang mirip dengan Anda (kampus, "
                "hobi), nilai Anda di atas usulan aturan. Kedekatan pribadi bukan bukti kinerja.",
            )
        )
    return umpan
