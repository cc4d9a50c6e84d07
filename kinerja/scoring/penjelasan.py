"""The explanation of a result in plain Indonesian, built from the rules' own account.

The explanation page shows this first: each RHK by its own text with its indicators'
target, realisation and capaian, and sentences that say why the rating is what it is. The
technical part (rule version, input hash, unrounded values, formulas and thresholds) is
kept for the "Rincian teknis" disclosure, with codes replaced by their labels.

Every figure comes from :func:`kinerja.scoring.services.explain` of the stored inputs (one
source of truth); nothing here computes a rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.core.formatting import angka, dengan_satuan, persen
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import Indikator, Rhk

ASPEK = dict(Indikator.Aspek.choices)
ARAH = dict(Indikator.Arah.choices)
RATING = {r.value: r.label for r in pmp.Rating}
PREDIKAT = {p.value: p.label for p in pmp.Predikat}
CORE_VALUES = {c.value: label for c, label in pmp.CORE_VALUE_LABELS.items()}

THRESHOLD_LABELS = {
    "batas_atas": "Batas di atas ekspektasi (capaian ≥, %)",
    "batas_bawah": "Batas di bawah ekspektasi (capaian <, %)",
    "batas_capaian": "Batas capaian per indikator (%)",
    "bobot_rhk_tambahan": "Bobot RHK tambahan",
    "minimal_nilai_di_atas": "Paling sedikit nilai di atas ekspektasi untuk perilaku di atas",
}
"""The rules' threshold keys as people read them (codes are never shown raw)."""


@dataclass
class IndikatorPenjelasan:
    uraian: str
    aspek: str
    arah: str
    target: str
    realisasi: str | None
    jumlah_realisasi: int
    capaian: str
    dibatasi: bool
    tanpa_batas: str
    langkah: tuple[str, ...]
    bobot: str


@dataclass
class RhkPenjelasan:
    nomor: int
    jenis: str
    uraian: str
    capaian: str
    indikator: list[IndikatorPenjelasan] = field(default_factory=list)

    @property
    def judul(self) -> str:
        kind = "RHK tambahan" if self.jenis == "tambahan" else "RHK"
        return f"{kind} {self.nomor}"


@dataclass
class BagianTeknis:
    aturan: str
    rumus: str
    ambang: list[tuple[str, str]]
    langkah: tuple[str, ...]


def _target(masukan: dict, satuan: str) -> str:
    text = angka(Decimal(masukan["target"]))
    if masukan.get("target_atas") is not None:
        text = f"{text}–{angka(Decimal(masukan['target_atas']))}"
    return dengan_satuan(text, satuan)


def rhk_groups(hasil, explanation) -> list[RhkPenjelasan]:
    """Each RHK of the result by its own text, numbered within its kind, with its indicators
    (two queries: the RHK rows and the indicator rows, keyed by the result's own inputs)."""
    if not explanation.rhk:
        return []
    rhk_ids = [rhk["id"] for rhk, _scored in explanation.rhk]
    rhk_rows = Rhk.objects.filter(skp_id=hasil.skp_id).in_bulk(rhk_ids)
    indikator_rows = Indikator.objects.filter(rhk__skp_id=hasil.skp_id).in_bulk(
        [line.id for line in explanation.indicators]
    )
    lines = {}
    for line in explanation.indicators:
        lines.setdefault(line.rhk_id, []).append(line)
    groups, counters = [], {"utama": 0, "tambahan": 0}
    for rhk, scored in explanation.rhk:
        counters[rhk["jenis"]] = counters.get(rhk["jenis"], 0) + 1
        row = rhk_rows.get(rhk["id"])
        group = RhkPenjelasan(
            nomor=counters[rhk["jenis"]],
            jenis=rhk["jenis"],
            uraian=row.uraian if row else "(RHK dihapus)",
            capaian=persen(scored.value),
        )
        for line in lines.get(rhk["id"], ()):
            indikator = indikator_rows.get(line.id)
            satuan = indikator.satuan if indikator else ""
            m = line.masukan
            group.indikator.append(
                IndikatorPenjelasan(
                    uraian=indikator.uraian if indikator else "(indikator dihapus)",
                    aspek=ASPEK.get(m.get("aspek"), m.get("aspek", "")),
                    arah=ARAH.get(m.get("arah"), m.get("arah", "")),
                    target=_target(m, satuan),
                    realisasi=None
                    if m.get("realisasi") is None
                    else dengan_satuan(angka(Decimal(m["realisasi"])), satuan),
                    jumlah_realisasi=m.get("jumlah_realisasi") or 0,
                    capaian=persen(line.capaian),
                    dibatasi=line.capped,
                    tanpa_batas=persen(line.uncapped),
                    langkah=tuple(line.breakdown.steps),
                    bobot=angka(Decimal(str(m.get("bobot", "1")))),
                )
            )
        groups.append(group)
    return groups


def _behaviour_counts(perilaku: dict) -> tuple[int, int]:
    values = perilaku.get("nilai") or []
    return values.count("di_atas"), values.count("di_bawah")


def reasons(hasil, explanation, *, nama_bagian) -> list[str]:
    """Why the result is what it is, in sentences a person reads without the rule text.

    ``nama_bagian`` names a slice number ("Triwulan I")."""
    outcome = explanation.outcome
    masukan = hasil.masukan or {}
    if outcome.galat or outcome.capaian is None:
        return []
    if hasil.skema != pmp.SCHEME:
        found = [f"Capaian SKP {persen(outcome.capaian)}."]
        if outcome.nilai is not None:
            found.append(f"Nilai prestasi kerja {angka(outcome.nilai, 2)}.")
        return found
    params = masukan.get("parameter") or {}
    upper = Decimal(str(params.get("batas_atas", "110")))
    lower = Decimal(str(params.get("batas_bawah", "90")))
    mains = sum(1 for rhk, _s in explanation.rhk if rhk["jenis"] == "utama")
    extras = sum(1 for rhk, _s in explanation.rhk if rhk["jenis"] == "tambahan")
    capaian = persen(outcome.capaian)
    sentence = f"Capaian SKP {capaian} adalah rata-rata tertimbang capaian {mains} RHK utama"
    if extras:
        sentence += "; RHK tambahan hanya dihitung bila menaikkan capaian"
    found = [sentence + "."]
    work = RATING.get(outcome.hasil_kerja or "", "")
    if masukan.get("hasil_unit"):
        found.append(f"Sebagai JPT, usulan hasil kerja mengikuti hasil kerja unit: {work}.")
    elif outcome.hasil_kerja == "di_atas":
        found.append(
            f"Capaian {capaian} mencapai batas di atas ekspektasi ({persen(upper, 0)}), "
            f"jadi hasil kerja diusulkan {work}."
        )
    elif outcome.hasil_kerja == "di_bawah":
        found.append(
            f"Capaian {capaian} kurang dari {persen(lower, 0)}, jadi hasil kerja diusulkan {work}."
        )
    elif outcome.hasil_kerja:
        found.append(
            f"Capaian {capaian} berada antara {persen(lower, 0)} dan {persen(upper, 0)}, "
            f"jadi hasil kerja diusulkan {work}."
        )
    behaviour = RATING.get(outcome.perilaku or "", "")
    if masukan.get("bagian") is not None and masukan.get("perilaku"):
        above, below = _behaviour_counts(masukan["perilaku"])
        found.append(
            f"Perilaku kerja: {above} dari 7 nilai BerAKHLAK di atas ekspektasi dan {below} di "
            f"bawah ekspektasi, jadi perilaku kerja diusulkan {behaviour}."
        )
    elif masukan.get("perilaku_periodik"):
        parts = ", ".join(
            f"{nama_bagian(p['bagian'])} {RATING.get(p['penilaian'], p['penilaian'])}"
            for p in masukan["perilaku_periodik"]
        )
        found.append(f"Perilaku kerja setahun dari penilaian per bagian ({parts}): {behaviour}.")
    elif not outcome.perilaku:
        found.append("Perilaku kerja belum dinilai pejabat penilai, jadi predikat belum ada.")
    if outcome.predikat:
        found.append(
            f"Hasil kerja {work} dan perilaku kerja {behaviour} menghasilkan predikat "
            f"{PREDIKAT.get(outcome.predikat, outcome.predikat)} (matriks predikat "
            "PermenPANRB 6/2022)."
        )
    return found


def behaviour_by_slice(hasil, *, nama_bagian) -> list[tuple[str, str, str]]:
    """(slice name, rating label, who decided) of the year's behaviour, in time order."""
    return [
        (
            nama_bagian(p["bagian"]),
            RATING.get(p["penilaian"], p["penilaian"]),
            "pejabat penilai" if p.get("sumber") == "penilai" else "usulan dari nilai BerAKHLAK",
        )
        for p in (hasil.masukan or {}).get("perilaku_periodik") or ()
    ]


def technical(explanation) -> list[BagianTeknis]:
    """The rules' sections with thresholds under their names and numbers formatted."""
    return [
        BagianTeknis(
            aturan=section.rule,
            rumus=section.formula,
            ambang=[
                (THRESHOLD_LABELS.get(key, key.replace("_", " ")), angka(value))
                for key, value in (section.thresholds or {}).items()
            ],
            langkah=tuple(section.steps),
        )
        for section in explanation.sections
    ]
