"""What the warning rules share: their default parameters and titles, the warning itself
(:class:`Peringatan`) and its subjects, and a period's parameter."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from kinerja.insight.models import PeringatanDitutup
from kinerja.skp.models import Indikator, Periode

LIMIT = 200


DEFAULTS = {
    "faktor_realisasi": Decimal(3),
    "min_pegawai_kembar": 5,
    "min_bagian_kembar": 3,
    "min_responden": 30,
}


PERCENT_UNITS = {"%", "persen", "percent", "prosen"}


SUMMED = (Indikator.Aspek.KUANTITAS, Indikator.Aspek.BIAYA)


MIN_ALASAN = 10


TITLES = {
    "realisasi_melampaui_target": "Realisasi jauh di atas target",
    "realisasi_tidak_wajar": "Realisasi tidak wajar untuk satuannya",
    "nilai_kembar_pegawai": "Nilai sama persis pada banyak pegawai",
    "nilai_kembar_periode": "Nilai sama persis di banyak bagian periode",
    "bukti_kosong": "Realisasi tanpa bukti dukung",
    "bukti_duplikat": "Bukti dukung yang sama dipakai beberapa pegawai",
    "target_berubah": "Target berubah setelah disetujui",
    "lonjakan_survei": "Lonjakan jawaban survei belum direview",
    "sampel_kurang": "Responden survei di bawah sampel minimal",
}


@dataclass(slots=True)
class Subjek:
    """A person a warning is about, with the page where their data can be fixed."""

    skp_id: int
    nama: str
    nip: str
    unit_id: int
    unit: str
    tautan: str


@dataclass
class Peringatan:
    kode: str
    kunci: str
    alasan: str
    skp_ids: tuple[int, ...] = ()
    realisasi_id: int | None = None
    ditutup: PeringatanDitutup | None = None
    indikator_id: int | None = None
    rhk_id: int | None = None
    bagian: dict[int, int] = field(default_factory=dict)
    """Slice number per SKP id, where the warning is about one slice's realisations."""
    layanan_id: int | None = None
    indikator: str = ""
    subjek: list[Subjek] = field(default_factory=list)

    @property
    def judul(self) -> str:
        return TITLES[self.kode]

    @property
    def pilihan(self) -> str:
        """The value of this warning's checkbox in the dismiss form."""
        return f"{self.kode}|{self.kunci}"

    @property
    def unit_ids(self) -> set[int]:
        return {s.unit_id for s in self.subjek}

    @property
    def tautan(self) -> str:
        """Where to fix it: the realisation's slice or the plan (one person), the review
        queue (survey bursts); empty when several people are concerned (each has a link)."""
        if self.kode == "lonjakan_survei":
            return reverse("citizen_review")
        return self.subjek[0].tautan if len(self.subjek) == 1 else ""

    @property
    def tautan_label(self) -> str:
        if self.kode == "lonjakan_survei":
            return "Buka antrean review survei"
        if self.bagian:
            return "Buka realisasi"
        return "Buka rencana SKP"


def parameter(periode: Periode, name: str):
    raw = (periode.parameter or {}).get(name)
    default = DEFAULTS[name]
    if raw in (None, ""):
        return default
    return type(default)(str(raw)) if isinstance(default, Decimal) else int(raw)
