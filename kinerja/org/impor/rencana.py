"""Planning: every row checked against the file itself and the agency's data (loaded in a
fixed number of queries), every error collected, and what writing would do worked out. A plan
holds data only; ``kinerja.org.impor.tulis`` writes it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from kinerja.org.impor.baca import Baris, Tabel
from kinerja.org.impor.tata_letak import MAX_LENGTH, TIDAK, YA, BarisSalah
from kinerja.org.models import GOLONGAN_PNS, GOLONGAN_PPPK, Instansi, Jabatan, Pegawai, UnitKerja
from kinerja.org.nip import PNS, NipError, normalise_nip, parse_nip

LOAD_CHUNK = 5000  # stored employees read per round trip


@dataclass
class Rencana:
    """What writing the file will do; filled by a plan_* function."""

    kesalahan: list[BarisSalah] = field(default_factory=list)
    peringatan: list[BarisSalah] = field(default_factory=list)  # warnings, never refusals
    dibuat: int = 0
    diubah: int = 0
    tidak_berubah: int = 0
    keluar: list[int] = field(default_factory=list)  # employees the plan makes inactive


@dataclass
class RencanaUnit(Rencana):
    """Units to insert and to change; read by :func:`kinerja.org.impor.tulis.write_units`."""

    instansi_id: int = 0
    rows: dict = field(default_factory=dict)  # kode -> (row, nama, kode_induk)
    existing: dict = field(default_factory=dict)  # kode -> (pk, nama, induk_id) as stored
    final_parent: dict = field(default_factory=dict)  # kode -> kode of the parent after writing
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass
class RencanaPegawai(Rencana):
    """Employees, positions and headships to write; read by
    :func:`kinerja.org.impor.tulis.write_pegawai`."""

    instansi_id: int = 0
    rows: dict = field(default_factory=dict)  # NIP -> _PegawaiRow
    existing: dict = field(default_factory=dict)  # NIP -> _Tersimpan
    units: dict = field(default_factory=dict)  # kode -> (pk, kepala_id)
    jabatan_ids: dict = field(default_factory=dict)  # (nama, jenis) -> pk
    kepala_changes: dict = field(default_factory=dict)  # kode -> NIP of the new head, or None
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def atasan_of(self, nip: str) -> str | None:
        """The supervisor's NIP after writing: the row's, else the one stored."""
        return self.rows[nip].values.get("atasan", self.existing.get(nip, {}).get("atasan"))


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


def plan_units(table: Tabel, instansi: Instansi) -> RencanaUnit:
    """Check a unit file against itself and the agency's units (one query)."""
    plan = RencanaUnit(kesalahan=list(table.kesalahan), instansi_id=instansi.pk)
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
    plan.rows, plan.existing, plan.final_parent = rows, existing, final_parent
    plan.new, plan.changed = new_kode, changed
    return plan


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


def plan_pegawai(table: Tabel, instansi: Instansi) -> RencanaPegawai:
    """Check an employee file against itself and the agency's data (three queries)."""
    plan = RencanaPegawai(kesalahan=list(table.kesalahan), instansi_id=instansi.pk)
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
    existing, nip_by_id = _stored_pegawai(instansi, jabatan_by_id)

    jenis_lookup = _jenis_lookup()
    rows: dict[str, _PegawaiRow] = {}
    for row in table.ambil():
        parsed = _parse_pegawai_row(
            row, columns, units, existing, rows, errors, jenis_lookup, plan.peringatan
        )
        if parsed is not None and parsed.nip not in rows:
            rows[parsed.nip] = parsed
    errors.extend(_supervisor_errors(rows, existing))
    errors.extend(_headship_errors(rows))
    if errors:
        return plan

    kepala_changes, kepala_touched = _headship_changes(rows, existing, units, nip_by_id)
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
    plan.rows, plan.existing, plan.units = rows, existing, units
    plan.jabatan_ids = {key: pk for pk, key in jabatan_by_id.items()}
    plan.kepala_changes = kepala_changes
    plan.new, plan.changed = new_nips, changed_nips
    return plan


def _stored_pegawai(
    instansi: Instansi, jabatan_by_id: dict
) -> tuple[dict[str, _Tersimpan], dict[int, str]]:
    """The agency's employees by NIP (position as (nama, jenis), supervisor as NIP), and
    their NIPs by id; read a chunk at a time."""
    existing: dict[str, _Tersimpan] = {}
    nip_by_id: dict[int, str] = {}
    for nip, *values in Pegawai.objects.filter(instansi=instansi).values_list(
        "nip", "id", "gelar_depan", "nama", "gelar_belakang", "status", "golongan",
        "unit_id", "jabatan_id", "atasan_id", "aktif",
    ).iterator(chunk_size=LOAD_CHUNK):  # fmt: skip
        existing[nip] = _Tersimpan(*values)
        nip_by_id[values[0]] = nip
    for stored_row in existing.values():
        stored_row.jabatan = jabatan_by_id.get(stored_row.jabatan)
        stored_row.atasan = nip_by_id.get(stored_row.atasan)
    return existing, nip_by_id


def _supervisor_errors(rows: dict[str, _PegawaiRow], existing: dict) -> list[BarisSalah]:
    """A supervisor neither in the file nor in the agency (the row then has none), and every
    row on a cycle of the supervisor chain as it would be after writing."""
    errors = []
    for nip, row in rows.items():
        atasan = row.values.get("atasan")
        if atasan and atasan not in rows and atasan not in existing:
            errors.append(
                BarisSalah(
                    row.nomor,
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
    return errors


def _headship_errors(rows: dict[str, _PegawaiRow]) -> list[BarisSalah]:
    """One head per unit in the file."""
    errors = []
    kepala_rows: dict[str, int] = {}
    for row in rows.values():
        if not row.kepala:
            continue
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
    return errors


def _headship_changes(
    rows: dict[str, _PegawaiRow], existing: dict, units: dict, nip_by_id: dict[int, str]
) -> tuple[dict[str, str | None], set[str]]:
    """The units whose head changes (kode -> NIP of the new head, or None), and the stored
    employees that gain or lose a headship. "ya" makes the employee head of their unit;
    "tidak" removes them only from the head of the unit named on the row, and only if no
    other row claims it."""
    kepala_target: dict[str, str | None] = {}
    for row in rows.values():
        if row.kepala is False and row.nip in existing:
            kepala_id = units[row.kode_unit][1]
            if kepala_id is not None and nip_by_id.get(kepala_id) == row.nip:
                kepala_target[row.kode_unit] = None
    for row in rows.values():
        if row.kepala:
            kepala_target[row.kode_unit] = row.nip
    changes = {
        kode: nip for kode, nip in kepala_target.items() if nip_by_id.get(units[kode][1]) != nip
    }
    touched = {nip for nip in changes.values() if nip} | {
        nip_by_id[units[kode][1]] for kode, nip in changes.items() if nip is None
    }
    return changes, touched


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
    usable NIP. Errors come in the order of the columns checked."""
    number = row.nomor
    found: list[BarisSalah] = _length_errors(row, columns)

    status_raw = row.get("status")
    status = STATUS.get(status_raw.lower())
    if status is None:
        found.append(
            BarisSalah(number, "status", f"Status harus PNS atau PPPK; isian ini “{status_raw}”.")
        )
    nip = _check_nip(row, status, seen, found, warnings)

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
        values["golongan"] = _check_golongan(row, status, found)
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
        values["jabatan"] = _check_jabatan(row, jenis_lookup, found)
    if "nip_atasan" in columns:
        values["atasan"] = _check_atasan(row, nip, found)

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


def _check_nip(
    row: Baris,
    status: str | None,
    seen: dict[str, "_PegawaiRow"],
    found: list[BarisSalah],
    warnings: list[BarisSalah] | None,
) -> str:
    """The row's NIP as stored (spec §1; with an unreadable status only its form is checked,
    not its parts), or what it normalises to when it cannot be read."""
    number = row.nomor
    nip = normalise_nip(row.get("nip"))
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
    return nip


def _check_golongan(row: Baris, status: str | None, found: list[BarisSalah]) -> str:
    golongan_raw = row.get("golongan")
    if not golongan_raw or status is None:
        return ""
    golongan = _golongan(golongan_raw, status)
    if golongan is None:
        allowed = "I/a sampai IV/e" if status == PNS else "I sampai XVII"
        found.append(
            BarisSalah(
                row.nomor,
                "golongan",
                f"Golongan “{golongan_raw}” tidak berlaku untuk "
                f"{'PNS' if status == PNS else 'PPPK'}; gunakan {allowed}.",
            )
        )
    return golongan or ""


def _check_jabatan(
    row: Baris, jenis_lookup: dict[str, str], found: list[BarisSalah]
) -> tuple[str, str] | None:
    """The position as (nama, jenis), or None (no position, or a bad pair)."""
    number = row.nomor
    nama_jabatan, jenis_raw = row.get("jabatan"), row.get("jenis_jabatan")
    jenis = jenis_lookup.get(jenis_raw.lower()) if jenis_raw else None
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
        return (nama_jabatan, jenis)
    return None


def _check_atasan(row: Baris, nip: str, found: list[BarisSalah]) -> str | None:
    """The supervisor's NIP as written on the row (whether it exists is checked later)."""
    atasan = normalise_nip(row.get("nip_atasan"))
    if "nip_atasan" in row.sel_salah or not atasan:
        return None
    if not atasan.isdigit() or len(atasan) != 18:
        found.append(
            BarisSalah(
                row.nomor,
                "nip_atasan",
                f"NIP atasan harus 18 digit angka; isian ini “{row.get('nip_atasan')}”.",
            )
        )
        return None
    if atasan == nip:
        found.append(
            BarisSalah(
                row.nomor, "nip_atasan", "Pegawai tidak dapat menjadi atasan dirinya sendiri."
            )
        )
        return None
    return atasan
