"""Every table a page shows, as plain rows: the page renders these and the XLSX/CSV
downloads write the very same rows, so the numbers cannot differ."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.insight.summary import PREDIKAT, PREDIKAT_LABEL, Dashboard, Voice

PAGE_ROWS = 100
"""A page shows at most this many rows of a table; the downloads always carry all of them."""


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list]

    @property
    def shown(self) -> list[list]:
        return self.rows[:PAGE_ROWS]

    @property
    def hidden(self) -> int:
        return max(0, len(self.rows) - PAGE_ROWS)


def _r(value: float | None, places: int = 1):
    return None if value is None else round(value, places)


def dashboard_tables(board: Dashboard, voice: Voice) -> list[Table]:
    units = [
        [u.kode, u.nama, u.counts["pegawai"], u.counts["disetujui"], _r(u.rencana),
         u.counts["realisasi_tercatat"], _r(u.realisasi), u.counts["realisasi_diverifikasi"],
         _r(u.verifikasi), u.counts["perilaku_dinilai"], _r(u.perilaku)]
        for u in [*board.units, board.total]
    ]  # fmt: skip
    predikat_units = [
        [u.kode, u.nama, *[u.predikat.get(c, 0) for c in PREDIKAT], sum(u.predikat.values())]
        for u in [*board.units, board.total]
        if sum(u.predikat.values())
    ]
    curve = [
        [s["nama"], s["organisasi"] or "—", s["jumlah"],
         {True: "Ya", False: "Tidak", None: "—"}[s["patuh"]], "Ya" if s["saran"] else "",
         "; ".join(v.get("uraian", v.get("aturan", "")) if isinstance(v, dict) else str(v)
                   for v in s["pelanggaran"])]
        for s in board.kurva
    ]  # fmt: skip
    return [
        Table("unit", "Kemajuan per unit", [
            "Kode", "Unit", "Pegawai", "Rencana disetujui", "% rencana", "Realisasi tercatat",
            "% realisasi", "Realisasi terverifikasi", "% terverifikasi", "Penilaian perilaku",
            "% perilaku"], units),
        Table("predikat", "Sebaran predikat", [
            "Predikat", "Jumlah", "%"],
            [[label, n, pct] for _c, label, n, pct in board.distribusi]),
        Table("predikat_unit", "Predikat per unit", [
            "Kode", "Unit", *[PREDIKAT_LABEL[c] for c in PREDIKAT], "Jumlah"], predikat_units),
        Table("kurva", "Kurva distribusi", [
            "Cakupan", "Predikat organisasi", "Dinilai", "Patuh", "Saran saja", "Pelanggaran"],
            curve),
        Table("ikm", "IKM dan aduan per bulan", [
            "Bulan", "Responden", "Nilai IKM", "Mutu", "Aduan", "Selesai", "Lewat tenggat"],
            [[m.label, m.responden, m.nilai, m.mutu, m.aduan, m.selesai, m.lewat_tenggat]
             for m in voice.months]),
        Table("unit_perhatian", "Unit yang perlu perhatian", ["Kode", "Unit", "Alasan"],
              [[u.kode, u.nama, "; ".join(u.alasan)] for u in board.attention_units]),
        Table("pegawai_perhatian", "Pegawai yang perlu perhatian", [
            "NIP", "Nama", "Unit", "Predikat", "Capaian (%)"],
            [[p["nip"], p["nama"], p["unit"], p["predikat_label"],
              float(p["capaian"]) if p["capaian"] else None] for p in board.people]),
    ]  # fmt: skip


def calibration_tables(cal) -> list[Table]:
    def row_of(r):
        iv = r.interval
        return [
            r.nip, r.nama, r.unit, r.n, *[round(r.distribusi[c] * 100, 1) for c in PREDIKAT],
            _r(r.rerata, 2), _r(iv.difference, 2) if iv else None, _r(iv.low, 2) if iv else None,
            _r(iv.high, 2) if iv else None,
            _r(r.porsi_sesuai * 100, 1) if r.porsi_sesuai is not None else None,
            r.keputusan, r.diubah, r.naik, r.turun, _r(r.halo, 2), "; ".join(r.tanda),
        ]  # fmt: skip

    header = [
        "NIP", "Penilai", "Unit", "Dinilai", *[f"% {PREDIKAT_LABEL[c]}" for c in PREDIKAT],
        "Rerata (1–5)", "Selisih", "IK 95% bawah", "IK 95% atas", "% Sesuai (perilaku)",
        "Keputusan", "Diubah", "Naik", "Turun", "Halo r", "Catatan",
    ]  # fmt: skip
    rows = [row_of(r) for r in cal.raters]
    agency = cal.agency
    rows.append(["", agency.nama, "", agency.n,
                 *[round(agency.distribusi[c] * 100, 1) for c in PREDIKAT],
                 _r(agency.rerata, 2), None, None, None,
                 _r(agency.porsi_sesuai * 100, 1) if agency.porsi_sesuai is not None else None,
                 agency.keputusan, agency.diubah, agency.naik, agency.turun, _r(agency.halo, 2),
                 ""])  # fmt: skip
    return [Table("penilai", "Kalibrasi penilai", header, rows)]


def warnings_table(found) -> Table:
    def people(w, attr):
        return "; ".join(getattr(s, attr) for s in w.subjek)

    return Table("peringatan", "Peringatan data", [
        "Aturan", "Pegawai", "NIP", "Unit", "Indikator", "Alasan", "Ditutup",
        "Alasan penutupan"],
        [[w.judul, people(w, "nama"), people(w, "nip"),
          "; ".join(dict.fromkeys(s.unit for s in w.subjek)), w.indikator, w.alasan,
          "Ya" if w.ditutup else "", w.ditutup.alasan if w.ditutup else ""]
         for w in found])  # fmt: skip


def unit_recap_table(rows: list[dict]) -> Table:
    return Table("rekap", "Rekap unit", [
        "NIP", "Nama", "Pejabat penilai", "Capaian (%)", "Hasil kerja", "Perilaku kerja",
        "Predikat", "Status"],
        [[r["nip"], r["nama"], r["penilai"], r["capaian"], r["hasil_kerja"], r["perilaku"],
          r["predikat"], r["status"]] for r in rows])  # fmt: skip
