"""The rater training's real cases: up to seven employees' years from the agency's own closed
periods, anonymised (no name, NIP, unit or position of a real person: free texts are scrubbed of
them; numbers are kept), chosen to show a strong or weak last quarter where the year has one."""

from __future__ import annotations

import json
import re

from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.services import canonical

KASUS_NYATA_MAKS = 7
SELISIH_TRIWULAN = 15  # points of capaian between the last quarter and the year: a "pattern"


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


def kasus_nyata(instansi) -> list[dict]:
    """Up to KASUS_NYATA_MAKS anonymised cases from ``instansi``'s closed periods, in the
    shape of the designed cases (kasus_rancangan.py)."""
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
    kolom = [f"catatan_{value.value}" for value in pmp.CoreValue]
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
