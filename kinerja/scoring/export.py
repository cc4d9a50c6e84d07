"""The scoring pages' tables as XLSX, through the one writer in core: the same rows the
curve page and the rater's team page show."""

from __future__ import annotations

from kinerja.core.formatting import round_half_up
from kinerja.core.spreadsheet import Sheet
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46

LABELS = {
    **{c.value: c.label for c in pp46.Category},
    **{r.value: r.label for r in pmp.Rating},
    **{p.value: p.label for p in pmp.Predikat},
}


def _label(code: str) -> str:
    return LABELS.get(code, code) if code else ""


def curve_sheets(scopes, *, tahun: int) -> list[Sheet]:
    order = list(pmp.PREDIKAT_ORDER)
    summary = Sheet(
        "Kurva distribusi",
        ["Cakupan", "Predikat organisasi", *[p.label for p in order], "Jumlah", "Sesuai pola",
         "Pelanggaran"],
        (
            [s.unit.nama if s.unit else "Seluruh instansi",
             s.organisasi.label if s.organisasi else "",
             *[s.counts.get(p.value, 0) for p in order], s.total,
             "" if not s.check else ("Ya" if s.check.compliant else "Tidak"),
             "; ".join(v.describe() for v in s.check.violations) if s.check else ""]
            for s in scopes
        ),
        subtitle=str(tahun),
    )  # fmt: skip
    moves = Sheet(
        "Usulan penyesuaian",
        ["Cakupan", "NIP", "Nama", "Dari", "Ke"],
        (
            [s.unit.nama if s.unit else "Seluruh instansi", m["nip"], m["nama"],
             m["dari"].label, m["ke"].label]
            for s in scopes for m in s.moves
        ),
        subtitle=str(tahun),
    )  # fmt: skip
    return [summary, moves]


def team_sheet(rows, *, judul: str) -> Sheet:
    return Sheet(
        "Penilaian tim",
        ["NIP", "Nama", "Capaian (%)", "Usulan hasil kerja", "Usulan perilaku kerja",
         "Usulan predikat", "Status", "Predikat akhir", "Alasan perubahan"],
        (
            [h.skp.pegawai.nip, h.skp.pegawai.nama_lengkap,
             None if h.galat or h.capaian is None else round_half_up(h.capaian, 2),
             _label(h.usulan_hasil_kerja), _label(h.usulan_perilaku), _label(h.usulan_predikat),
             h.get_status_display(), _label(h.final_predikat) if h.diputuskan else "",
             h.alasan if h.status == "diubah" else ""]
            for h in rows
        ),
        subtitle=judul,
    )  # fmt: skip
