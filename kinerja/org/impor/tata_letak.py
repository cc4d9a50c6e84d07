"""The two import layouts (docs/impor.md, a public contract) and the shape of a problem."""

from dataclasses import dataclass

UNIT = "unit"
PEGAWAI = "pegawai"
JENIS_IMPOR = (UNIT, PEGAWAI)

YA, TIDAK = "ya", "tidak"


@dataclass(frozen=True)
class Kolom:
    nama: str
    wajib: bool
    keterangan: str


@dataclass(frozen=True)
class Layout:
    """One import layout: its columns in the documented order."""

    jenis: str
    kolom: tuple[Kolom, ...]

    @property
    def nama_kolom(self) -> tuple[str, ...]:
        return tuple(k.nama for k in self.kolom)

    @property
    def wajib(self) -> tuple[str, ...]:
        return tuple(k.nama for k in self.kolom if k.wajib)


LAYOUT_UNIT = Layout(
    UNIT,
    (
        Kolom("kode_unit", True, "Kode unit, unik dalam instansi (maks. 30 karakter)."),
        Kolom("nama_unit", True, "Nama unit (maks. 200 karakter)."),
        Kolom("kode_induk", False, "Kode unit induk; kosong untuk unit teratas."),
    ),
)
LAYOUT_PEGAWAI = Layout(
    PEGAWAI,
    (
        Kolom("nip", True, "18 digit; spasi boleh. Di XLSX format sel sebagai teks."),
        Kolom("gelar_depan", False, "Mis. dr., Ir., Drs. (maks. 50 karakter)."),
        Kolom("nama", True, "Nama tanpa gelar (maks. 150 karakter)."),
        Kolom("gelar_belakang", False, "Mis. S.Kom., M.Si. (maks. 80 karakter)."),
        Kolom("status", True, "PNS atau PPPK."),
        Kolom("golongan", False, "PNS: I/a sampai IV/e. PPPK: I sampai XVII."),
        Kolom("kode_unit", True, "Kode unit yang sudah ada (impor unit lebih dulu)."),
        Kolom("jabatan", False, "Nama jabatan; dibuat bila belum ada."),
        Kolom("jenis_jabatan", False, "Wajib bila jabatan diisi: kode atau label jenis jabatan."),
        Kolom("nip_atasan", False, "NIP atasan langsung: di berkas ini atau sudah ada."),
        Kolom("kepala_unit", False, "ya/tidak: pegawai ini kepala unit kode_unit."),
        Kolom("aktif", False, "ya/tidak; kosong berarti ya."),
    ),
)
LAYOUTS = {UNIT: LAYOUT_UNIT, PEGAWAI: LAYOUT_PEGAWAI}
NIP_COLUMNS = frozenset({"nip", "nip_atasan"})
UNIQUE_COLUMNS = frozenset({"nip", "nama"})  # a value per person: not worth sharing
# No column holds more than 200 characters; a longer cell is refused while reading, so that
# no message has to quote a megabyte back.
MAX_CELL = 1000

MAX_LENGTH = {
    "kode_unit": 30,
    "nama_unit": 200,
    "kode_induk": 30,
    "gelar_depan": 50,
    "nama": 150,
    "gelar_belakang": 80,
    "jabatan": 200,
}


@dataclass(frozen=True, order=True, slots=True)
class BarisSalah:
    """One problem: the row (header = row 1; None for the file as a whole), the column
    and what to fix, in Indonesian."""

    baris: int | None
    kolom: str
    pesan: str

    def __str__(self) -> str:
        if self.baris is None:
            return f"berkas: {self.pesan}"
        if not self.kolom:
            return f"baris {self.baris}: {self.pesan}"
        return f"baris {self.baris}: kolom {self.kolom}: {self.pesan}"
