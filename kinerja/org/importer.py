"""Import of units and employees from CSV or XLSX; docs/impor.md is the public contract.

Three steps. ``read_table`` turns the uploaded bytes into rows of trimmed text (or
file-level errors). ``plan_units`` / ``plan_pegawai`` check every row against the file
itself and the agency's data, loaded in a fixed number of queries, and collect every
error. ``import_file`` writes the plan in one transaction with set-based statements (no
query per row), and only when no row is bad: a file with one bad row writes nothing.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kinerja.core import audit, table_files
from kinerja.core.angka import ribuan
from kinerja.core.spreadsheet import csv_cell_read
from kinerja.org import accounts
from kinerja.org.models import GOLONGAN_PNS, GOLONGAN_PPPK, Instansi, Jabatan, Pegawai, UnitKerja
from kinerja.org.nip import PNS, NipError, normalise_nip, parse_nip

UNIT = "unit"
PEGAWAI = "pegawai"
JENIS_IMPOR = (UNIT, PEGAWAI)

YA, TIDAK = "ya", "tidak"
XLSX_SIGNATURE = table_files.XLSX_SIGNATURE
NIP_LOST_DIGITS = "NIP tersimpan sebagai angka dan kehilangan digit; format kolom NIP sebagai teks."


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


_NO_CELLS: frozenset[str] = frozenset()


class Baris:
    """A data row: its number as a spreadsheet shows it and its trimmed cells, in the order
    of the table's columns (``posisi``: column -> index, one dict shared by every row).

    Compact on purpose (slots, a tuple, no set unless a cell was reported): the largest
    allowed file holds 200,000 of these at once (bench/bench_import_memory.py --impor)."""

    __slots__ = ("nomor", "nilai", "posisi", "sel_salah")

    def __init__(
        self,
        nomor: int,
        nilai: tuple[str, ...],
        posisi: dict[str, int],
        sel_salah: frozenset[str] | set[str] = _NO_CELLS,  # cells already reported while reading
    ) -> None:
        self.nomor, self.nilai, self.posisi, self.sel_salah = nomor, nilai, posisi, sel_salah

    def get(self, kolom: str) -> str:
        position = self.posisi.get(kolom)
        return "" if position is None else self.nilai[position]


@dataclass
class Tabel:
    kolom: tuple[str, ...] = ()  # the layout's columns present in the file
    baris: list[Baris] = field(default_factory=list)
    kesalahan: list[BarisSalah] = field(default_factory=list)

    def ambil(self) -> Iterator[Baris]:
        """The rows in order, each released as the next is taken (the table is left
        empty): a planner holds its own compact form of a row, not both at once."""
        rows, self.baris = self.baris, []
        rows.reverse()
        while rows:
            yield rows.pop()


@dataclass
class ImportResult:
    """What an import did (or, with errors or on a dry run, would have done)."""

    jenis: str
    berkas: str
    sha256: str
    jumlah_baris: int = 0
    dibuat: int = 0
    diubah: int = 0
    tidak_berubah: int = 0
    kesalahan: list[BarisSalah] = field(default_factory=list)
    disimpan: bool = False
    akun_dinonaktifkan: int = 0  # accounts of employees the import made inactive
    peringatan: list[BarisSalah] = field(default_factory=list)
    """What spec §1 says to warn about and not refuse (a NIP appointed before 18): shown on
    the result page, never a reason to refuse the file."""

    @property
    def ok(self) -> bool:
        return not self.kesalahan

    def ringkasan(self) -> str:
        text = (
            f"{self.jumlah_baris} baris: {self.dibuat} dibuat, {self.diubah} diubah, "
            f"{self.tidak_berubah} tidak berubah."
        )
        if self.akun_dinonaktifkan:
            text += (
                f" {self.akun_dinonaktifkan} akun pegawai yang dinonaktifkan ditutup "
                "(sesi dan token API dicabut)."
            )
        return text


# --- reading ------------------------------------------------------------------------------


def read_table(content: bytes, filename: str, layout: Layout) -> Tabel:
    """Read a CSV or XLSX upload into rows (core's one reader, ``kinerja.core.table_files``);
    file-level problems come back as errors."""
    max_bytes = settings.KINERJA_IMPORT_MAX_BYTES
    if len(content) > max_bytes:
        return _fatal(
            f"Berkas terlalu besar ({ribuan(len(content))} byte); "
            f"batasnya {ribuan(max_bytes)} byte. Bagi berkas menjadi beberapa bagian."
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "xlsx"):
        return _fatal("Berkas harus CSV (.csv) atau Excel (.xlsx).")
    if table_files.is_blank(content):
        return _fatal("Berkas kosong.")
    if extension == "xlsx":
        if not table_files.is_xlsx(content):
            return _fatal("Berkas berekstensi .xlsx tetapi isinya bukan berkas Excel (XLSX).")
        records = table_files.xlsx_records(content, limits=table_files.XlsxLimits.for_uploads())
    else:
        if table_files.is_xlsx(content):
            return _fatal(
                "Berkas berekstensi .csv tetapi isinya berkas Excel; unggah dengan ekstensi .xlsx."
            )
        records = table_files.csv_records(content, max_cell=max_bytes)
    try:
        return _table_from_records((values for _, values in records), layout)
    except (table_files.Utf16, table_files.NulCharacter, table_files.NotUtf8) as exc:
        return Tabel(kesalahan=[_encoding_error(exc)])
    except table_files.BadXlsx:
        return _fatal("Berkas XLSX rusak atau tidak dapat dibaca; simpan ulang dari Excel.")
    except table_files.XlsxTooBig as exc:
        return _fatal(_too_big_text(exc))
    except table_files.BadCsv as exc:
        return _fatal(
            f"Berkas CSV tidak dapat dibaca ({exc.detail}); periksa tanda kutip pada isinya."
        )


def _fatal(pesan: str, baris: int | None = None) -> Tabel:
    return Tabel(kesalahan=[BarisSalah(baris, "", pesan)])


def _encoding_error(exc: table_files.Unreadable) -> BarisSalah:
    """Why the bytes are not a UTF-8 text, on the line at fault."""
    save_as = "Simpan ulang dari Excel sebagai “CSV UTF-8 (dipisahkan koma)”."
    if isinstance(exc, table_files.NulCharacter):
        return BarisSalah(
            exc.line,
            "",
            "Baris ini berisi karakter NUL (byte 0), yang tidak boleh ada dalam teks; berkasnya "
            f"mungkin rusak atau bukan CSV. Hapus karakter itu atau ekspor ulang. {save_as}",
        )
    if isinstance(exc, table_files.NotUtf8):
        guess = " (tampaknya Windows-1252/ANSI, pengodean bawaan Excel lama)" if exc.cp1252 else ""
        return BarisSalah(
            exc.line,
            "",
            f"Berkas CSV harus UTF-8; baris ini berisi karakter yang bukan UTF-8{guess}. {save_as}",
        )
    return BarisSalah(None, "", f"Berkas CSV harus UTF-8; berkas ini UTF-16. {save_as}")


def _too_big_text(exc: table_files.XlsxTooBig) -> str:
    if exc.limit == "members":
        return (
            f"Berkas XLSX berisi {ribuan(exc.found)} bagian; batasnya {ribuan(exc.allowed)}. "
            "Simpan ulang hanya lembar datanya."
        )
    if exc.limit == "unpacked":
        return (
            f"Isi berkas XLSX setelah dibuka {ribuan(exc.found // (1024 * 1024))} MB; batasnya "
            f"{ribuan(exc.allowed // (1024 * 1024))} MB (batas ukuran tak-terkompresi). Hapus "
            "lembar, format dan gambar yang tidak perlu, atau bagi menjadi beberapa berkas."
        )
    return (
        f"Lembar pertama berisi lebih dari {ribuan(exc.allowed)} sel (batas jumlah "
        "sel); hapus kolom dan baris kosong yang berformat, atau bagi menjadi "
        "beberapa berkas."
    )


def _table_from_records(records: Iterable[list], layout: Layout) -> Tabel:
    iterator = iter(records)
    header = next(iterator, None)
    if header is not None and not any(_is_filled(c) for c in header):
        return _fatal("Baris pertama harus berisi judul kolom; baris ini kosong.", 1)
    if header is None:
        return _fatal("Berkas kosong.")
    names = [_cell_text(c).strip().lower() for c in header]
    known = set(layout.nama_kolom)
    errors: list[BarisSalah] = []
    unknown = [n if len(n) <= 40 else f"{n[:40]}…" for n in names if n and n not in known]
    if unknown:
        errors.append(
            BarisSalah(
                1,
                ", ".join(unknown),
                f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang dikenal: "
                f"{', '.join(layout.nama_kolom)}.",
            )
        )
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        errors.append(
            BarisSalah(
                1, ", ".join(repeated), f"Kolom muncul lebih dari sekali: {', '.join(repeated)}."
            )
        )
    missing = [n for n in layout.wajib if n not in names]
    if missing:
        errors.append(
            BarisSalah(1, ", ".join(missing), f"Kolom wajib tidak ada: {', '.join(missing)}.")
        )
    if errors:
        return Tabel(kesalahan=errors)

    max_rows = settings.KINERJA_IMPORT_MAX_ROWS
    table = Tabel(kolom=tuple(n for n in layout.nama_kolom if n in names))
    posisi = {name: i for i, name in enumerate(table.kolom)}
    blank = [""] * len(table.kolom)
    # One string object per distinct value of the repetitive columns (status, unit, position,
    # supervisor, ya/tidak): 200,000 rows need not hold 200,000 copies of "PNS".
    shared: dict[str, str] = {}
    for number, record in enumerate(iterator, start=2):
        if not any(_is_filled(c) for c in record):
            continue
        if len(table.baris) == max_rows:
            return _fatal(
                f"Berkas berisi lebih dari {ribuan(max_rows)} baris data; "
                "bagi menjadi beberapa berkas."
            )
        values = blank.copy()
        reported: set[str] | None = None
        for position, cell in enumerate(record):
            name = names[position] if position < len(names) else ""
            if not name:
                if _is_filled(cell):
                    table.kesalahan.append(
                        BarisSalah(
                            number,
                            f"ke-{position + 1}",
                            "Sel berisi data tetapi kolomnya tidak berjudul; "
                            "hapus isinya atau beri judul kolom.",
                        )
                    )
                continue
            if name in NIP_COLUMNS and isinstance(cell, float):
                if cell.is_integer() and abs(cell) < 2**53:
                    cell = int(cell)
                else:
                    reported = (reported or set()) | {name}
                    table.kesalahan.append(BarisSalah(number, name, NIP_LOST_DIGITS))
                    continue
            text = cell.strip() if type(cell) is str else _cell_text(cell).strip()
            if len(text) > MAX_CELL:
                reported = (reported or set()) | {name}
                limit = MAX_LENGTH.get(name, MAX_CELL)
                table.kesalahan.append(
                    BarisSalah(
                        number,
                        name,
                        f"Isian terlalu panjang ({ribuan(len(text))} karakter); maks. {limit}.",
                    )
                )
                if name in NIP_COLUMNS:
                    continue
                text = f"{text[:80]}…"  # the checks below quote an excerpt, not the whole cell
            text = csv_cell_read(text) if text[:1] == "'" else text
            values[posisi[name]] = text if name in UNIQUE_COLUMNS else shared.setdefault(text, text)
        table.baris.append(Baris(number, tuple(values), posisi, reported or _NO_CELLS))
    if not table.baris and not table.kesalahan:
        return _fatal("Berkas tidak berisi baris data; hanya ada judul kolom.")
    return table


def _is_filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return YA if cell else TIDAK
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


# --- checking ------------------------------------------------------------------------------


@dataclass
class _Rencana:
    """What applying the file will do; filled by a plan_* function."""

    kesalahan: list[BarisSalah] = field(default_factory=list)
    peringatan: list[BarisSalah] = field(default_factory=list)  # warnings, never refusals
    dibuat: int = 0
    diubah: int = 0
    tidak_berubah: int = 0
    apply: Callable[[], None] | None = None  # writes the plan; set when there are no errors
    keluar: list[int] = field(default_factory=list)  # employees the plan makes inactive


def _length_errors(row: Baris, columns: Iterable[str]) -> list[BarisSalah]:
    errors = []
    for name in columns:
        if name in row.sel_salah:
            continue  # already reported while reading
        limit = MAX_LENGTH.get(name)
        value = row.get(name)
        if limit and len(value) > limit:
            errors.append(
                BarisSalah(
                    row.nomor,
                    name,
                    f"Isian terlalu panjang ({len(value)} karakter); maks. {limit}.",
                )
            )
    return errors


def find_cycles(parent: dict) -> list[list]:
    """Cycles in a graph where each node has at most one parent, each listed once."""
    state: dict = {}
    cycles = []
    for start in parent:
        if start in state:
            continue
        path: list = []
        position: dict = {}
        node = start
        while node is not None and node not in state:
            state[node] = "open"
            position[node] = len(path)
            path.append(node)
            node = parent.get(node)
        if node is not None and node in position:
            cycles.append(path[position[node] :])
        for visited in path:
            state[visited] = "done"
    return cycles


def _cycle_text(cycle: list[str]) -> str:
    shown = cycle if len(cycle) <= 8 else [*cycle[:7], "…"]
    return " → ".join([*shown, cycle[0]])


def plan_units(table: Tabel, instansi: Instansi) -> _Rencana:
    """Check a unit file against itself and the agency's units (one query)."""
    plan = _Rencana(kesalahan=list(table.kesalahan))
    errors = plan.kesalahan
    existing = {
        kode: (pk, nama, induk_id)
        for pk, kode, nama, induk_id in UnitKerja.objects.filter(instansi=instansi).values_list(
            "id", "kode", "nama", "induk_id"
        )
    }
    kode_by_id = {pk: kode for kode, (pk, _, _) in existing.items()}
    has_induk = "kode_induk" in table.kolom

    rows: dict[str, tuple[int, str, str | None]] = {}  # kode -> (row, nama, kode_induk)
    for row in table.ambil():
        kode, nama = row.get("kode_unit"), row.get("nama_unit")
        row_errors = _length_errors(row, ("kode_unit", "nama_unit", "kode_induk"))
        if not kode:
            row_errors.append(BarisSalah(row.nomor, "kode_unit", "Kode unit wajib diisi."))
        elif kode in rows:
            row_errors.append(
                BarisSalah(
                    row.nomor,
                    "kode_unit",
                    f"Kode unit {kode} sudah muncul di baris {rows[kode][0]}; "
                    "setiap unit hanya satu baris.",
                )
            )
        if not nama:
            row_errors.append(BarisSalah(row.nomor, "nama_unit", "Nama unit wajib diisi."))
        errors.extend(row_errors)
        if kode and kode not in rows:
            rows[kode] = (row.nomor, nama, row.get("kode_induk") if has_induk else None)

    final_parent = {kode: kode_by_id.get(induk_id) for kode, (_, _, induk_id) in existing.items()}
    for kode, (number, _, induk) in rows.items():
        if induk is None:
            final_parent.setdefault(kode, None)
            continue
        if induk == kode:
            errors.append(
                BarisSalah(number, "kode_induk", "Unit tidak dapat menjadi induk dirinya sendiri.")
            )
            induk = ""
        elif induk and induk not in rows and induk not in existing:
            errors.append(
                BarisSalah(
                    number,
                    "kode_induk",
                    f"Unit induk dengan kode {induk} tidak ada di berkas ini maupun di instansi.",
                )
            )
            induk = ""
        final_parent[kode] = induk or None
    for cycle in find_cycles(final_parent):
        for kode in cycle:
            if kode in rows:
                errors.append(
                    BarisSalah(
                        rows[kode][0],
                        "kode_induk",
                        f"Susunan unit induk membentuk lingkaran: {_cycle_text(cycle)}.",
                    )
                )
    if errors:
        return plan

    new_kode = [kode for kode in rows if kode not in existing]
    changed = [
        kode
        for kode, (_, nama, _) in rows.items()
        if kode in existing
        and (nama != existing[kode][1] or final_parent[kode] != kode_by_id.get(existing[kode][2]))
    ]
    plan.dibuat, plan.diubah = len(new_kode), len(changed)
    plan.tidak_berubah = len(rows) - plan.dibuat - plan.diubah

    def apply() -> None:
        ids = {kode: pk for kode, (pk, _, _) in existing.items()}
        insert_rows(
            UnitKerja,
            ["instansi_id", "kode", "nama", "induk_id", "version"],
            [(instansi.pk, k, rows[k][1], ids.get(final_parent[k]), 1) for k in new_kode],
        )
        if new_kode:
            ids = dict(UnitKerja.objects.filter(instansi=instansi).values_list("kode", "id"))
        update_rows(
            UnitKerja,
            ["nama", "induk_id"],
            [(ids[k], rows[k][1], ids.get(final_parent[k])) for k in changed],
            bump_version=True,
        )
        # New units whose parent is new too: the parent's id is known only now.
        update_rows(
            UnitKerja,
            ["induk_id"],
            [
                (ids[k], ids[final_parent[k]])
                for k in new_kode
                if final_parent[k] and final_parent[k] not in existing
            ],
        )

    plan.apply = apply
    return plan


PEGAWAI_COLUMNS = [
    "gelar_depan", "nama", "gelar_belakang", "status", "golongan",
    "unit_id", "jabatan_id", "atasan_id", "aktif", "diubah",
]  # fmt: skip


# --- set-based writes --------------------------------------------------------------------------
# Django's bulk_create and bulk_update compile every row and field in Python (bulk_update a
# CASE per row and field): minutes for 100,000 employees. These two write many rows with one
# statement per chunk: on PostgreSQL from arrays (unnest), on SQLite, which runs in-process,
# by one prepared statement executed for all rows (executemany).

WRITE_CHUNK = 5000


def _chunks(rows: Iterable[tuple], size: int = WRITE_CHUNK) -> Iterator[list]:
    """Lists of up to ``size`` rows taken from an iterable as they are written, so that only
    one chunk of prepared rows exists at a time (the rows may come from a generator)."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Values of these types go to the driver as they are; others (dates) need Django's adaptation.
PLAIN_TYPES = frozenset(
    {"AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
     "IntegerField", "PositiveIntegerField", "TextField"}
)  # fmt: skip


def _prepared(columns, rows: Iterable[tuple]) -> list[list]:
    adapt = [
        None if column.get_internal_type() in PLAIN_TYPES else column.get_db_prep_save
        for column in columns
    ]
    if not any(adapt):
        return [list(row) for row in rows]
    return [
        [
            value if prepare is None else prepare(value, connection)
            for prepare, value in zip(adapt, row, strict=True)
        ]
        for row in rows
    ]


def _array_type(field) -> str:
    return f"{field.rel_db_type(connection) if field.primary_key else field.db_type(connection)}[]"


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> None:
    """Insert many rows given as tuples of ``fields`` values (attnames), a chunk at a time."""
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    names = ", ".join(quote(column.column) for column in columns)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{_array_type(column)}" for column in columns)
            sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})"  # noqa: S608
            for chunk in _chunks(rows):
                cursor.execute(sql, [list(c) for c in zip(*_prepared(columns, chunk), strict=True)])
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            for chunk in _chunks(rows):
                cursor.executemany(sql, _prepared(columns, chunk))


def update_rows(
    model, fields: list[str], rows: Iterable[tuple], *, bump_version: bool = False
) -> None:
    """Set ``fields`` (attnames) on many rows, each given as ``(pk, *values)``, a chunk at a
    time; with ``bump_version`` also add one to each row's version."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    version = f", {quote('version')} = {table}.{quote('version')} + 1" if bump_version else ""
    if "diubah" not in fields and any(f.name == "diubah" for f in meta.concrete_fields):
        version += f", {quote('diubah')} = CURRENT_TIMESTAMP"  # .update() skips auto_now
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{_array_type(column)}" for column in columns)
            aliases = [f"c{i}" for i in range(len(columns))]
            assignments = ", ".join(
                f"{quote(column.column)} = v.{alias}"
                for column, alias in zip(columns[1:], aliases[1:], strict=True)
            )
            sql = (
                f"UPDATE {table} SET {assignments}{version} "  # noqa: S608
                f"FROM unnest({arrays}) AS v({', '.join(aliases)}) WHERE {table}.{pk} = v.c0"
            )
            for chunk in _chunks(rows):
                cursor.execute(sql, [list(c) for c in zip(*_prepared(columns, chunk), strict=True)])
        else:
            assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns[1:])
            sql = f"UPDATE {table} SET {assignments}{version} WHERE {pk} = %s"  # noqa: S608
            for chunk in _chunks(rows):
                cursor.executemany(sql, [[*r[1:], r[0]] for r in _prepared(columns, chunk)])


STATUS = {"pns": Pegawai.Status.PNS, "pppk": Pegawai.Status.PPPK}


def _jenis_lookup() -> dict[str, str]:
    """Codes of Jabatan.Jenis by how a file may write them: code, label, code with spaces."""
    lookup = {}
    for code, label in Jabatan.Jenis.choices:
        lookup.update({code: code, str(label).lower(): code, code.replace("_", " "): code})
    return lookup


def _golongan(raw: str, status: str) -> str | None:
    """The golongan written as the model stores it, or None when it does not fit the status."""
    compact = "".join(raw.split())
    if status == PNS:
        roman, _, ruang = compact.partition("/")
        value = f"{roman.upper()}/{ruang.lower()}"
        return value if value in GOLONGAN_PNS else None
    value = compact.upper()
    return value if value in GOLONGAN_PPPK else None


def _yes_no(raw: str, default: bool) -> bool | None:
    value = raw.strip().lower()
    if not value:
        return default
    return {YA: True, TIDAK: False}.get(value)


class _Tersimpan:
    """An employee as stored, the fields a row may change: slots, not a dict per employee
    (an update of 200,000 employees holds them all)."""

    __slots__ = ("id", "gelar_depan", "nama", "gelar_belakang", "status", "golongan",
                 "unit_id", "jabatan", "atasan", "aktif")  # fmt: skip

    def __init__(self, *values) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)

    def __getitem__(self, name: str):
        return getattr(self, name)

    def get(self, name: str, default=None):
        return getattr(self, name, default)


@dataclass(slots=True)
class _PegawaiRow:
    nomor: int
    nip: str
    values: dict  # field -> value; jabatan as (nama, jenis) or None, atasan as NIP or None
    kode_unit: str
    kepala: bool | None  # None when the column is absent


def plan_pegawai(table: Tabel, instansi: Instansi) -> _Rencana:
    """Check an employee file against itself and the agency's data (three queries)."""
    plan = _Rencana(kesalahan=list(table.kesalahan))
    errors = plan.kesalahan
    columns = set(table.kolom)
    units = {
        kode: (pk, kepala_id)
        for pk, kode, kepala_id in UnitKerja.objects.filter(instansi=instansi).values_list(
            "id", "kode", "kepala_id"
        )
    }
    jabatan_by_id = {
        pk: (nama, jenis)
        for pk, nama, jenis in Jabatan.objects.filter(instansi=instansi).values_list(
            "id", "nama", "jenis"
        )
    }
    jabatan_ids = {key: pk for pk, key in jabatan_by_id.items()}
    existing: dict[str, _Tersimpan] = {}
    nip_by_id: dict[int, str] = {}
    for nip, *values in Pegawai.objects.filter(instansi=instansi).values_list(
        "nip", "id", "gelar_depan", "nama", "gelar_belakang", "status", "golongan",
        "unit_id", "jabatan_id", "atasan_id", "aktif",
    ).iterator(chunk_size=WRITE_CHUNK):  # fmt: skip
        existing[nip] = _Tersimpan(*values)
        nip_by_id[values[0]] = nip
    for stored_row in existing.values():
        stored_row.jabatan = jabatan_by_id.get(stored_row.jabatan)
        stored_row.atasan = nip_by_id.get(stored_row.atasan)

    jenis_lookup = _jenis_lookup()
    rows: dict[str, _PegawaiRow] = {}
    atasan_column: dict[str, int] = {}  # NIP -> row, for rows whose supervisor is looked up later
    for row in table.ambil():
        parsed = _parse_pegawai_row(
            row, columns, units, existing, rows, errors, jenis_lookup, plan.peringatan
        )
        if parsed is not None and parsed.nip not in rows:
            rows[parsed.nip] = parsed
            if parsed.values.get("atasan"):
                atasan_column[parsed.nip] = row.nomor

    for nip, number in atasan_column.items():
        atasan = rows[nip].values["atasan"]
        if atasan not in rows and atasan not in existing:
            errors.append(
                BarisSalah(
                    number,
                    "nip_atasan",
                    f"Atasan dengan NIP {atasan} tidak ada di berkas ini maupun di instansi ini.",
                )
            )
            rows[nip].values["atasan"] = None

    final_atasan = {nip: stored_row.atasan for nip, stored_row in existing.items()}
    final_atasan.update(
        {nip: row.values.get("atasan", final_atasan.get(nip)) for nip, row in rows.items()}
    )
    for cycle in find_cycles(final_atasan):
        for nip in cycle:
            if nip in rows:
                errors.append(
                    BarisSalah(
                        rows[nip].nomor,
                        "nip_atasan",
                        f"Rantai atasan membentuk lingkaran: {_cycle_text(cycle)}.",
                    )
                )

    kepala_rows: dict[str, int] = {}
    for row in rows.values():
        if row.kepala:
            if row.kode_unit in kepala_rows:
                errors.append(
                    BarisSalah(
                        row.nomor,
                        "kepala_unit",
                        f"Unit {row.kode_unit} sudah diberi kepala di baris "
                        f"{kepala_rows[row.kode_unit]}; satu unit hanya satu kepala.",
                    )
                )
            else:
                kepala_rows[row.kode_unit] = row.nomor
    if errors:
        return plan

    # Headships: "ya" makes the employee head of their unit; "tidak" removes them only
    # from the head of the unit named on the row, and only if no other row claims it.
    kepala_target: dict[str, str | None] = {}
    for row in rows.values():
        if row.kepala is False and row.nip in existing:
            unit_id, kepala_id = units[row.kode_unit]
            if kepala_id is not None and nip_by_id.get(kepala_id) == row.nip:
                kepala_target[row.kode_unit] = None
    for row in rows.values():
        if row.kepala:
            kepala_target[row.kode_unit] = row.nip
    kepala_changes = {
        kode: nip for kode, nip in kepala_target.items() if nip_by_id.get(units[kode][1]) != nip
    }
    kepala_touched = {nip for nip in kepala_changes.values() if nip} | {
        nip_by_id[units[kode][1]] for kode, nip in kepala_changes.items() if nip is None
    }

    new_nips = [nip for nip in rows if nip not in existing]
    changed_nips = [
        nip
        for nip, row in rows.items()
        if nip in existing and any(existing[nip][f] != v for f, v in row.values.items())
    ]
    plan.dibuat = len(new_nips)
    plan.diubah = len(set(changed_nips) | (kepala_touched - set(new_nips)))
    plan.tidak_berubah = len(rows) - plan.dibuat - plan.diubah
    plan.keluar = [
        existing[nip]["id"]
        for nip in changed_nips
        if existing[nip]["aktif"] and rows[nip].values.get("aktif") is False
    ]

    def apply() -> None:
        new_jabatan = {
            row.values["jabatan"]
            for nip in [*new_nips, *changed_nips]
            if (row := rows[nip]).values.get("jabatan")
        } - set(jabatan_ids)
        insert_rows(
            Jabatan,
            ["instansi_id", "nama", "jenis"],
            [(instansi.pk, nama, jenis) for nama, jenis in sorted(new_jabatan)],
        )
        if new_jabatan:
            jabatan_ids.update(
                {
                    (nama, jenis): pk
                    for pk, nama, jenis in Jabatan.objects.filter(instansi=instansi).values_list(
                        "id", "nama", "jenis"
                    )
                }
            )

        ids = {nip: stored_row.id for nip, stored_row in existing.items()}
        now = timezone.now()

        def atasan_of(nip: str) -> str | None:
            return rows[nip].values.get("atasan", existing.get(nip, {}).get("atasan"))

        def stored(nip: str) -> tuple:
            """The row's values for PEGAWAI_COLUMNS (absent columns keep what is stored)."""
            values, old = rows[nip].values, existing.get(nip)

            def value(name: str, default=None):
                if name in values:
                    return values[name]
                return default if old is None else getattr(old, name)

            jabatan = value("jabatan")
            return (
                value("gelar_depan", ""),
                value("nama"),
                value("gelar_belakang", ""),
                value("status"),
                value("golongan", ""),
                value("unit_id"),
                jabatan_ids[jabatan] if jabatan else None,
                ids.get(atasan_of(nip)),
                value("aktif", True),
                now,
            )

        insert_rows(
            Pegawai,
            ["instansi_id", "nip", "version", *PEGAWAI_COLUMNS],
            ((instansi.pk, nip, 1, *stored(nip)) for nip in new_nips),
        )
        if new_nips:
            ids = dict(Pegawai.objects.filter(instansi=instansi).values_list("nip", "id"))
        update_rows(
            Pegawai,
            PEGAWAI_COLUMNS,
            ((ids[nip], *stored(nip)) for nip in changed_nips),
            bump_version=True,
        )
        # New employees whose supervisor is new too: the supervisor's id is known only now.
        update_rows(
            Pegawai,
            ["atasan_id"],
            (
                (ids[nip], ids[atasan_of(nip)])
                for nip in new_nips
                if atasan_of(nip) and atasan_of(nip) not in existing
            ),
        )
        update_rows(
            UnitKerja,
            ["kepala_id"],
            [(units[kode][0], ids.get(nip)) for kode, nip in kepala_changes.items()],
            bump_version=True,
        )

    plan.apply = apply
    return plan


def _parse_pegawai_row(
    row: Baris,
    columns: set[str],
    units: dict,
    existing: dict,
    seen: dict[str, "_PegawaiRow"],
    errors: list[BarisSalah],
    jenis_lookup: dict[str, str],
    warnings: list[BarisSalah] | None = None,
) -> _PegawaiRow | None:
    """Check one row on its own; append its errors (and its NIP's warnings to ``warnings``);
    return it parsed (even when bad, so later checks see its NIP) or None when it has no
    usable NIP."""
    number = row.nomor
    found: list[BarisSalah] = _length_errors(row, columns)

    status_raw = row.get("status")
    status = STATUS.get(status_raw.lower())
    if status is None:
        found.append(
            BarisSalah(number, "status", f"Status harus PNS atau PPPK; isian ini “{status_raw}”.")
        )

    nip = normalise_nip(row.get("nip"))
    # With an unreadable status, only the NIP's form can be checked, not its parts.
    well_formed = nip.isdigit() and len(nip) == 18
    if "nip" not in row.sel_salah and (status is not None or not well_formed):
        try:
            parsed_nip = parse_nip(row.get("nip"), status or PNS)
        except NipError as exc:
            found.append(BarisSalah(number, "nip", str(exc)))
        else:
            nip = parsed_nip.nip
            if warnings is not None and status is not None:
                warnings.extend(BarisSalah(number, "nip", text) for text in parsed_nip.peringatan)
    if nip and nip in seen:
        found.append(
            BarisSalah(
                number,
                "nip",
                f"NIP {nip} sudah muncul di baris {seen[nip].nomor}; "
                "setiap pegawai hanya satu baris.",
            )
        )

    values: dict = {}
    if not row.get("nama"):
        found.append(BarisSalah(number, "nama", "Nama wajib diisi."))
    values["nama"] = row.get("nama")
    if status is not None:
        values["status"] = status
    for name in ("gelar_depan", "gelar_belakang"):
        if name in columns:
            values[name] = row.get(name)

    if "golongan" in columns:
        golongan_raw = row.get("golongan")
        values["golongan"] = ""
        if golongan_raw and status is not None:
            golongan = _golongan(golongan_raw, status)
            if golongan is None:
                allowed = "I/a sampai IV/e" if status == PNS else "I sampai XVII"
                found.append(
                    BarisSalah(
                        number,
                        "golongan",
                        f"Golongan “{golongan_raw}” tidak berlaku untuk "
                        f"{'PNS' if status == PNS else 'PPPK'}; gunakan {allowed}.",
                    )
                )
            values["golongan"] = golongan or ""

    kode_unit = row.get("kode_unit")
    if not kode_unit:
        found.append(BarisSalah(number, "kode_unit", "Kode unit wajib diisi."))
    elif kode_unit not in units:
        found.append(
            BarisSalah(
                number,
                "kode_unit",
                f"Unit dengan kode {kode_unit} tidak ada di instansi ini; impor unit lebih dulu.",
            )
        )
    else:
        values["unit_id"] = units[kode_unit][0]

    if "jabatan" in columns or "jenis_jabatan" in columns:
        nama_jabatan, jenis_raw = row.get("jabatan"), row.get("jenis_jabatan")
        jenis = jenis_lookup.get(jenis_raw.lower()) if jenis_raw else None
        values["jabatan"] = None
        if jenis_raw and jenis is None:
            found.append(
                BarisSalah(
                    number,
                    "jenis_jabatan",
                    f"Jenis jabatan “{jenis_raw}” tidak dikenal; gunakan salah satu: "
                    f"{', '.join(code for code, _ in Jabatan.Jenis.choices)}.",
                )
            )
        elif nama_jabatan and not jenis_raw:
            found.append(
                BarisSalah(number, "jenis_jabatan", "Jenis jabatan wajib diisi bila jabatan diisi.")
            )
        elif jenis_raw and not nama_jabatan:
            found.append(
                BarisSalah(number, "jabatan", "Nama jabatan wajib diisi bila jenis jabatan diisi.")
            )
        elif nama_jabatan:
            values["jabatan"] = (nama_jabatan, jenis)

    if "nip_atasan" in columns:
        values["atasan"] = None
        atasan = normalise_nip(row.get("nip_atasan"))
        if "nip_atasan" in row.sel_salah or not atasan:
            pass
        elif not atasan.isdigit() or len(atasan) != 18:
            found.append(
                BarisSalah(
                    number,
                    "nip_atasan",
                    f"NIP atasan harus 18 digit angka; isian ini “{row.get('nip_atasan')}”.",
                )
            )
        elif atasan == nip:
            found.append(
                BarisSalah(
                    number, "nip_atasan", "Pegawai tidak dapat menjadi atasan dirinya sendiri."
                )
            )
        else:
            values["atasan"] = atasan

    kepala = None
    if "kepala_unit" in columns:
        kepala = _yes_no(row.get("kepala_unit"), default=False)
        if kepala is None:
            found.append(
                BarisSalah(number, "kepala_unit", "Isi ya atau tidak (kosong berarti tidak).")
            )
    if "aktif" in columns:
        aktif = _yes_no(row.get("aktif"), default=True)
        if aktif is None:
            found.append(BarisSalah(number, "aktif", "Isi ya atau tidak (kosong berarti ya)."))
        values["aktif"] = aktif if aktif is not None else True

    errors.extend(found)
    if not nip:
        return None
    return _PegawaiRow(number, nip, values, kode_unit, kepala)


# --- applying ------------------------------------------------------------------------------

PLANNERS = {UNIT: plan_units, PEGAWAI: plan_pegawai}


def import_file(
    content: bytes,
    filename: str,
    *,
    instansi: Instansi,
    jenis: str,
    actor,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a unit or employee file into one agency: all rows or none.

    Upserts by unit code / NIP within the agency; rows that would not change are not
    written and keep their version. Writes one audit entry per import (not per row).
    ``progress(rows)`` is called once the file is read, before the checking and writing
    transaction (a background job shows it).
    """
    layout = LAYOUTS[jenis]
    result = ImportResult(jenis=jenis, berkas=filename, sha256=hashlib.sha256(content).hexdigest())
    table = read_table(content, filename, layout)
    result.jumlah_baris = len(table.baris)
    if not table.baris:
        result.kesalahan = table.kesalahan
        return result
    if progress is not None:
        progress(len(table.baris))
    try:
        with transaction.atomic():
            # One import per agency at a time: the plan must not go stale before it is written.
            list(Instansi.objects.select_for_update().filter(pk=instansi.pk).values_list("pk"))
            plan = PLANNERS[jenis](table, instansi)
            result.kesalahan = sorted(plan.kesalahan, key=lambda e: _error_order(e, layout))
            result.peringatan = sorted(plan.peringatan, key=lambda e: _error_order(e, layout))
            result.dibuat, result.diubah = plan.dibuat, plan.diubah
            result.tidak_berubah = plan.tidak_berubah
            if result.kesalahan or dry_run:
                return result
            plan.apply()
            if plan.keluar:
                result.akun_dinonaktifkan = len(
                    accounts.deactivate_accounts_of(
                        plan.keluar, by=actor, alasan=f"impor {filename}: aktif=tidak"[:200]
                    )
                )
            audit.record(
                instansi,
                actor=actor,
                action=f"org.impor_{jenis}",
                obj=instansi,
                object_repr=f"impor {jenis}: {filename}"[:300],
                after={
                    "berkas": filename,
                    "sha256": result.sha256,
                    "baris": result.jumlah_baris,
                    "dibuat": result.dibuat,
                    "diubah": result.diubah,
                    "tidak_berubah": result.tidak_berubah,
                },
            )
            result.disimpan = True
    except IntegrityError:
        result.disimpan = False
        result.kesalahan = [
            BarisSalah(
                None,
                "",
                "Data instansi berubah saat impor berjalan; tidak ada yang disimpan. Ulangi impor.",
            )
        ]
    return result


def _error_order(error: BarisSalah, layout: Layout) -> tuple:
    names = layout.nama_kolom
    first = error.kolom.split(",")[0].strip()
    return (
        error.baris if error.baris is not None else -1,
        names.index(first) if first in names else len(names),
    )
