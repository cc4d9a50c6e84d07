"""The unit import: codes, parents, cycles, updates (kinerja/org/impor/)."""

from kinerja.core.models import AuditEntry
from kinerja.org import impor
from kinerja.org.models import UnitKerja
from tests.factories import InstansiFactory, UnitFactory
from tests.org.spreadsheets import (
    csv_bytes,
    messages,
    run,
    stored_counts,
)

# --- units ------------------------------------------------------------------------------------


def test_units_are_imported_with_parents_listed_after_their_children(instansi):
    content = csv_bytes(
        [
            ["kode_unit", "nama_unit", "kode_induk"],
            ["SEKSI1", "Seksi Surveilans", "BIDANG1"],
            ["BIDANG1", "Bidang Pencegahan", "DINKES"],
            ["SETDA", "Sekretariat Daerah", ""],
        ]
    )

    result = run(content, instansi, name="unit.csv", jenis=impor.UNIT)

    assert result.ok, messages(result)
    assert (result.dibuat, result.diubah, result.tidak_berubah) == (3, 0, 0)
    seksi = UnitKerja.objects.get(instansi=instansi, kode="SEKSI1")
    assert seksi.induk.kode == "BIDANG1" and seksi.induk.induk.kode == "DINKES"
    assert UnitKerja.objects.get(kode="SETDA").induk is None
    assert AuditEntry.objects.get().action == "org.impor_unit"
    again = run(content, instansi, name="unit.csv", jenis=impor.UNIT)
    assert (again.dibuat, again.diubah, again.tidak_berubah) == (0, 0, 3)


def test_a_cycle_in_the_unit_tree_is_refused(instansi):
    content = csv_bytes(
        [
            ["kode_unit", "nama_unit", "kode_induk"],
            ["DINKES", "Dinas Kesehatan", "PUSKESMAS1"],
            ["PUSKESMAS1", "Puskesmas Satu", "DINKES"],
        ]
    )
    before = stored_counts()

    result = run(content, instansi, name="unit.csv", jenis=impor.UNIT)

    cycle = "DINKES → PUSKESMAS1 → DINKES"
    assert messages(result) == [
        f"baris 2: kolom kode_induk: Susunan unit induk membentuk lingkaran: {cycle}.",
        f"baris 3: kolom kode_induk: Susunan unit induk membentuk lingkaran: {cycle}.",
    ]
    assert stored_counts() == before


def test_unknown_parent_and_duplicate_unit_code_are_reported(instansi):
    content = csv_bytes(
        [
            ["kode_unit", "nama_unit", "kode_induk"],
            ["BIDANG1", "Bidang Satu", "TIDAKADA"],
            ["BIDANG1", "Bidang Dua", ""],
        ]
    )

    result = run(content, instansi, name="unit.csv", jenis=impor.UNIT)

    assert messages(result) == [
        "baris 2: kolom kode_induk: Unit induk dengan kode TIDAKADA tidak ada di berkas ini "
        "maupun di instansi.",
        "baris 3: kolom kode_unit: Kode unit BIDANG1 sudah muncul di baris 2; "
        "setiap unit hanya satu baris.",
    ]


def test_units_of_another_agency_are_neither_found_nor_changed(instansi):
    other = InstansiFactory(kode="LAIN")
    UnitFactory(instansi=other, kode="DINSOS", nama="Dinas Sosial")
    content = csv_bytes(
        [["kode_unit", "nama_unit", "kode_induk"], ["DINKES", "Dinkes Baru", "DINSOS"]]
    )

    result = run(content, instansi, name="unit.csv", jenis=impor.UNIT)

    assert [e.kolom for e in result.kesalahan] == ["kode_induk"]
    assert UnitKerja.objects.get(instansi=other, kode="DINSOS").nama == "Dinas Sosial"
