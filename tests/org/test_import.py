"""The unit and employee importer (kinerja/org/impor/) and its commands."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.models import AuditEntry
from kinerja.org import impor
from kinerja.org.models import Jabatan, Pegawai, UnitKerja
from tests.factories import InstansiFactory, PegawaiFactory, UnitFactory, nip_for
from tests.org.spreadsheets import (
    NIP_KEPALA,
    NIP_PPPK,
    NIP_STAF,
    NIP_STAF_2,
    PEGAWAI_HEADER,
    csv_bytes,
    good_rows,
    messages,
    pegawai_row,
    run,
    stored_counts,
    xlsx_bytes,
)

# --- good files ---------------------------------------------------------------------------


def test_good_csv_creates_employees_positions_headship_and_one_audit_entry(instansi):
    result = run(csv_bytes(good_rows()), instansi)

    assert result.ok and result.disimpan
    assert (result.dibuat, result.diubah, result.tidak_berubah) == (3, 0, 0)
    kepala = Pegawai.objects.get(nip=NIP_KEPALA)
    staf = Pegawai.objects.get(nip=NIP_STAF)
    pppk = Pegawai.objects.get(nip=NIP_PPPK)
    assert kepala.nama_lengkap == "dr. Ani Wijaya, M.Kes."
    assert (kepala.jabatan.nama, kepala.jabatan.jenis) == ("Kepala Dinas Kesehatan", "jpt_pratama")
    assert staf.jabatan.jenis == Jabatan.Jenis.FUNGSIONAL
    assert staf.atasan == kepala and pppk.atasan == staf
    assert (pppk.status, pppk.golongan) == (Pegawai.Status.PPPK, "IX")
    assert UnitKerja.objects.get(kode="DINKES").kepala == kepala
    entry = AuditEntry.objects.get()
    assert entry.action == "org.impor_pegawai"
    assert entry.actor_label == "uji"
    assert entry.after["dibuat"] == 3 and entry.after["sha256"] == result.sha256


def test_semicolon_csv_with_bom_and_columns_in_any_order_is_read(instansi):
    content = csv_bytes(
        [["  Kode_Unit ", "NAMA", "Status", "NIP"], ["DINKES", "Dewi Anggraini", "pns", NIP_STAF]],
        delimiter=";",
        bom=True,
    )

    result = run(content, instansi)

    assert result.ok, messages(result)
    dewi = Pegawai.objects.get(nip=NIP_STAF)
    assert (dewi.nama, dewi.unit.kode, dewi.aktif, dewi.atasan) == (
        "Dewi Anggraini",
        "DINKES",
        True,
        None,
    )


def test_nip_written_with_spaces_is_stored_as_eighteen_digits(instansi):
    spaced = f"{NIP_STAF[:8]} {NIP_STAF[8:14]} {NIP_STAF[14]} {NIP_STAF[15:]}"
    result = run(csv_bytes([PEGAWAI_HEADER, pegawai_row(spaced, "Eko")]), instansi)

    assert result.ok, messages(result)
    assert Pegawai.objects.filter(nip=NIP_STAF).exists()


def test_good_xlsx_with_nip_as_text_is_read(instansi):
    result = run(xlsx_bytes(good_rows()), instansi, name="pegawai.xlsx")

    assert result.ok, messages(result)
    assert result.dibuat == 3
    assert Pegawai.objects.get(nip=NIP_PPPK).atasan.nip == NIP_STAF


def with_number_cell(content: bytes, placeholder: int, digits: str) -> bytes:
    """The workbook with one numeric cell holding all the digits, as some exporters write
    it (openpyxl itself would round an 18-digit number the way Excel does)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(f"<v>{placeholder}</v>".encode(), f"<v>{digits}</v>".encode())
            out.writestr(item, data)
    return target.getvalue()


def test_xlsx_nip_stored_as_a_whole_number_with_all_digits_is_accepted(instansi):
    rows = [PEGAWAI_HEADER, pegawai_row(4242, "Fajar")]
    content = with_number_cell(xlsx_bytes(rows), 4242, NIP_STAF)

    result = run(content, instansi, name="pegawai.xlsx")

    assert result.ok, messages(result)
    assert Pegawai.objects.filter(nip=NIP_STAF).exists()


def test_xlsx_nip_that_lost_digits_as_a_number_is_refused_and_nothing_written(instansi):
    rows = [PEGAWAI_HEADER, pegawai_row(float(NIP_STAF), "Fajar")]
    before = stored_counts()

    result = run(xlsx_bytes(rows), instansi, name="pegawai.xlsx")

    assert messages(result) == [
        "baris 2: kolom nip: NIP tersimpan sebagai angka dan kehilangan digit; "
        "format kolom NIP sebagai teks."
    ]
    assert stored_counts() == before


def test_supervisor_may_appear_after_the_employee_in_the_file(instansi):
    rows = good_rows()
    rows = [rows[0], rows[3], rows[2], rows[1]]

    result = run(csv_bytes(rows), instansi)

    assert result.ok, messages(result)
    assert Pegawai.objects.get(nip=NIP_PPPK).atasan.nip == NIP_STAF


def test_supervisor_may_be_an_employee_already_in_the_agency(instansi):
    unit = UnitKerja.objects.get(kode="DINKES")
    existing = PegawaiFactory(instansi=instansi, unit=unit)

    result = run(
        csv_bytes([PEGAWAI_HEADER, pegawai_row(NIP_STAF, "Gita", nip_atasan=existing.nip)]),
        instansi,
    )

    assert result.ok, messages(result)
    assert Pegawai.objects.get(nip=NIP_STAF).atasan == existing


# --- idempotence and updates ----------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(instansi):
    content = csv_bytes(good_rows())
    run(content, instansi)
    versions = dict(Pegawai.objects.values_list("nip", "version"))
    stamps = dict(Pegawai.objects.values_list("nip", "diubah"))
    unit_version = UnitKerja.objects.get(kode="DINKES").version

    second = run(content, instansi)

    assert second.ok and second.disimpan
    assert (second.dibuat, second.diubah, second.tidak_berubah) == (0, 0, 3)
    assert dict(Pegawai.objects.values_list("nip", "version")) == versions
    assert dict(Pegawai.objects.values_list("nip", "diubah")) == stamps
    assert UnitKerja.objects.get(kode="DINKES").version == unit_version
    last = AuditEntry.objects.order_by("seq").last()
    assert last.after["dibuat"] == 0 and last.after["diubah"] == 0
    assert last.after["tidak_berubah"] == 3


def test_the_second_import_writes_no_rows(instansi):
    content = csv_bytes(good_rows())
    run(content, instansi)

    with CaptureQueriesContext(connection) as queries:
        run(content, instansi)

    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE")) and "org_" in q["sql"]
    ]
    assert writes == []


def test_a_changed_row_is_updated_and_only_its_version_bumped(instansi):
    run(csv_bytes(good_rows()), instansi)
    rows = good_rows()
    rows[2] = pegawai_row(
        NIP_STAF, "Bayu Saputra", jabatan="Analis Kebijakan", jenis_jabatan="fungsional",
        nip_atasan=NIP_KEPALA, golongan="III/b", kode_unit="PUSKESMAS1",
    )  # fmt: skip

    result = run(csv_bytes(rows), instansi)

    assert (result.dibuat, result.diubah, result.tidak_berubah) == (0, 1, 2)
    staf = Pegawai.objects.get(nip=NIP_STAF)
    assert (staf.golongan, staf.unit.kode, staf.version) == ("III/b", "PUSKESMAS1", 2)
    assert Pegawai.objects.get(nip=NIP_KEPALA).version == 1


def test_absent_optional_columns_keep_what_is_stored(instansi):
    run(csv_bytes(good_rows()), instansi)
    content = csv_bytes(
        [["nip", "nama", "status", "kode_unit"], [NIP_STAF, "Bayu S.", "PNS", "DINKES"]]
    )

    result = run(content, instansi)

    assert (result.diubah, result.tidak_berubah) == (1, 0)
    staf = Pegawai.objects.get(nip=NIP_STAF)
    assert staf.nama == "Bayu S."
    assert (staf.golongan, staf.jabatan.nama, staf.atasan.nip) == (
        "III/a",
        "Analis Kebijakan",
        NIP_KEPALA,
    )


def test_kepala_unit_tidak_removes_the_headship_of_that_unit(instansi):
    run(csv_bytes(good_rows()), instansi)
    rows = good_rows()
    rows[1][PEGAWAI_HEADER.index("kepala_unit")] = "tidak"

    result = run(csv_bytes(rows), instansi)

    assert (result.diubah, result.tidak_berubah) == (1, 2)
    dinkes = UnitKerja.objects.get(kode="DINKES")
    assert dinkes.kepala is None and dinkes.version == 3


def test_dry_run_counts_without_writing(instansi):
    before = stored_counts()

    result = run(csv_bytes(good_rows()), instansi, dry_run=True)

    assert result.ok and not result.disimpan
    assert result.dibuat == 3
    assert stored_counts() == before


# --- the documented samples -------------------------------------------------------------------


def documented_samples() -> list[str]:
    text = (Path(django_settings.BASE_DIR) / "docs" / "impor.md").read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```csv\n")[1:]]


def test_the_samples_in_the_guide_import_cleanly_and_in_one_go(db):
    agency = InstansiFactory(kode="CONTOH")
    unit_sample, pegawai_sample = documented_samples()

    units = run(unit_sample.encode(), agency, name="unit.csv", jenis=impor.UNIT)
    employees = run(pegawai_sample.encode(), agency, name="pegawai.csv")

    assert units.ok and employees.ok, messages(units) + messages(employees)
    assert (units.dibuat, employees.dibuat) == (4, 4)
    bayu = Pegawai.objects.get(nama="Bayu Saputra")
    assert bayu.atasan.nama == "Ani Wijaya"
    assert UnitKerja.objects.get(kode="DINKES-P2P").kepala == bayu


# --- query count ------------------------------------------------------------------------------


def employee_file(count: int) -> bytes:
    """An employee file: one head, then staff reporting to them, one position."""
    rows = [PEGAWAI_HEADER, pegawai_row(nip_for(5000), "Kepala", kepala_unit="ya")]
    rows += [
        pegawai_row(nip_for(5001 + i), f"Staf {i}", jabatan="Pelaksana Umum",
                    jenis_jabatan="pelaksana", nip_atasan=nip_for(5000))
        for i in range(count - len(rows) + 1)
    ]  # fmt: skip
    return csv_bytes(rows)


def count_queries(content: bytes, instansi) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = run(content, instansi)
    assert result.ok, messages(result)
    return len(queries)


@pytest.fixture
def two_agencies(db):
    agencies = []
    for kode in ("SATU", "DUA"):
        agency = InstansiFactory(kode=kode)
        UnitFactory(instansi=agency, kode="DINKES")
        agencies.append(agency)
    return agencies


def test_a_fresh_import_takes_the_same_queries_for_10_or_200_rows(two_agencies):
    small, large = two_agencies

    small_count = count_queries(employee_file(10), small)
    large_count = count_queries(employee_file(200), large)

    assert small_count == large_count


def test_a_fresh_import_takes_a_fixed_number_of_queries(two_agencies, django_assert_num_queries):
    # Savepoint and release, lock the agency, load units, positions and employees (3),
    # insert the position and re-read positions (2), insert the employees and re-read
    # their ids (2), link the staff to their new head, set the unit's head, and append
    # the agency's first audit entry (9, creating the chain head).
    with django_assert_num_queries(21):
        run(employee_file(200), two_agencies[0])


def test_reimporting_an_unchanged_file_takes_the_same_queries_for_10_or_200_rows(
    two_agencies, django_assert_num_queries
):
    small, large = two_agencies
    run(employee_file(10), small)
    run(employee_file(200), large)

    # 2 savepoints + their releases, lock the agency, load units, positions and employees,
    # append the audit entry (read, lock and update the chain head, insert the entry).
    with django_assert_num_queries(12):
        run(employee_file(10), small)
    with django_assert_num_queries(12):
        run(employee_file(200), large)


# --- commands ---------------------------------------------------------------------------------


def test_import_command_imports_and_prints_the_counts(instansi, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes(good_rows()))
    out = io.StringIO()

    call_command("import_pegawai", str(path), "--instansi", "KOTA", stdout=out)

    assert "3 baris: 3 dibuat, 0 diubah, 0 tidak berubah." in out.getvalue()
    assert Pegawai.objects.filter(instansi=instansi).count() == 3
    assert AuditEntry.objects.get().actor_label == "perintah import_pegawai"


def test_import_command_prints_each_error_and_exits_with_status_1(instansi, tmp_path):
    path = tmp_path / "pegawai.csv"
    rows = [
        PEGAWAI_HEADER,
        pegawai_row(NIP_STAF[:17], "Oki"),
        pegawai_row(NIP_STAF_2, "Ola", kode_unit="X"),
    ]
    path.write_bytes(csv_bytes(rows))
    before = stored_counts()

    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_pegawai", str(path), "--instansi", "KOTA", stderr=err)

    # manage.py turns a CommandError into its returncode as the exit status.
    assert failure.value.returncode == 1
    assert str(failure.value) == "Impor dibatalkan: 2 kesalahan; tidak ada data yang disimpan."
    assert err.getvalue().splitlines() == [
        "baris 2: kolom nip: NIP harus 18 digit angka; isian ini 17 digit.",
        "baris 3: kolom kode_unit: Unit dengan kode X tidak ada di instansi ini; "
        "impor unit lebih dulu.",
    ]
    assert stored_counts() == before


def test_import_unit_command_dry_run_writes_nothing(instansi, tmp_path):
    path = tmp_path / "unit.xlsx"
    path.write_bytes(xlsx_bytes([["kode_unit", "nama_unit"], ["BARU", "Unit Baru"]]))
    out = io.StringIO()
    before = stored_counts()

    call_command("import_unit", str(path), "--instansi", "KOTA", "--dry-run", stdout=out)

    assert "Uji coba (tidak ada yang disimpan). 1 baris: 1 dibuat" in out.getvalue()
    assert stored_counts() == before


def test_import_command_refuses_an_unknown_agency(db, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(b"nip\n")

    with pytest.raises(CommandError, match="Instansi dengan kode ENTAH tidak ada."):
        call_command("import_pegawai", str(path), "--instansi", "ENTAH")
