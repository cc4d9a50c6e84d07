"""Rater training ("Latihan penilai"): ten practice cases, the rater's decisions, the feedback.

Cases come from the agency's own closed periods, anonymised (no name, NIP, unit or position of
a real person: free texts are scrubbed of them; numbers are kept), up to seven; the rest are
designed cases (kasus_rancangan.py) that make the common rater errors visible: a strong or weak
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

import string
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.formats import number_format

from kinerja.belajar.kasus_nyata import kasus_nyata
from kinerja.belajar.kasus_rancangan import CONTOH
from kinerja.insight import stats
from kinerja.insight.calibration import BATAS_HALO, BATAS_TENGAH, MIN_SELISIH, SELISIH_TENGAH
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import registry
from kinerja.scoring.services import canonical, engine

JUMLAH_KASUS = 10

LANGKAH = {"di_bawah": 0, "sesuai": 1, "di_atas": 2}
LABEL = {rating.value: rating.label for rating in pmp.Rating}


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


def susun_kasus(instansi) -> list[dict]:
    """Ten cases: the agency's anonymised closed results first, designed cases to fill."""
    nyata = kasus_nyata(instansi)
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
