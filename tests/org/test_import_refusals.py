"""The import refuses a bad file or a file with bad rows: every problem reported with its row
and column, in Indonesian, and nothing written (kinerja/org/impor/)."""

import pytest

from kinerja.org.models import Pegawai, UnitKerja
from tests.factories import PegawaiFactory, nip_for
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
)

# --- bad rows: every kind, reported with row and column, nothing written ----------------------


def bad_pegawai_cases():
    pppk_with_pns_status = nip_for(2001, pppk=True)
    return [
        pytest.param(
            pegawai_row(NIP_STAF[:17], "Hana"),
            "baris 2: kolom nip: NIP harus 18 digit angka; isian ini 17 digit.",
            id="nip-too-short",
        ),
        pytest.param(
            pegawai_row("19850101200501A001", "Hana"),
            "baris 2: kolom nip: NIP hanya boleh berisi angka; '19850101200501A001' berisi "
            "karakter lain.",
            id="nip-letters",
        ),
        pytest.param(
            pegawai_row("198502302005011001", "Hana"),
            "baris 2: kolom nip: Digit 1–8 NIP (19850230) harus tanggal lahir yang sah (TTTTBBHH).",
            id="nip-birth-date",
        ),
        pytest.param(
            pegawai_row(pppk_with_pns_status, "Hana"),
            f"baris 2: kolom nip: Digit 9–14 NIP ({pppk_with_pns_status[8:14]}) harus tahun dan "
            "bulan pengangkatan CPNS (TTTTBB) dengan bulan 01–12.",
            id="pppk-number-marked-pns",
        ),
        pytest.param(
            pegawai_row("198501012005013001", "Hana"),
            "baris 2: kolom nip: Digit ke-15 NIP menandai jenis kelamin: 1 (laki-laki) atau 2 "
            "(perempuan), bukan 3.",
            id="nip-sex-digit",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", status="honorer"),
            "baris 2: kolom status: Status harus PNS atau PPPK; isian ini “honorer”.",
            id="status",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", kode_unit="DINSOS"),
            "baris 2: kolom kode_unit: Unit dengan kode DINSOS tidak ada di instansi ini; "
            "impor unit lebih dulu.",
            id="unknown-unit",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", nip_atasan=NIP_STAF_2),
            f"baris 2: kolom nip_atasan: Atasan dengan NIP {NIP_STAF_2} tidak ada di berkas ini "
            "maupun di instansi ini.",
            id="unknown-supervisor",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", nip_atasan=NIP_STAF),
            "baris 2: kolom nip_atasan: Pegawai tidak dapat menjadi atasan dirinya sendiri.",
            id="own-supervisor",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", golongan="X"),
            "baris 2: kolom golongan: Golongan “X” tidak berlaku untuk PNS; gunakan I/a sampai "
            "IV/e.",
            id="pppk-golongan-for-pns",
        ),
        pytest.param(
            pegawai_row(NIP_PPPK, "Hana", status="PPPK", golongan="III/a"),
            "baris 2: kolom golongan: Golongan “III/a” tidak berlaku untuk PPPK; gunakan I sampai "
            "XVII.",
            id="pns-golongan-for-pppk",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", jabatan="Analis", jenis_jabatan="staf ahli"),
            "baris 2: kolom jenis_jabatan: Jenis jabatan “staf ahli” tidak dikenal; gunakan salah "
            "satu: jpt_utama, jpt_madya, jpt_pratama, administrator, pengawas, pelaksana, "
            "fungsional.",
            id="jenis-jabatan",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", jabatan="Analis"),
            "baris 2: kolom jenis_jabatan: Jenis jabatan wajib diisi bila jabatan diisi.",
            id="jabatan-without-jenis",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, ""),
            "baris 2: kolom nama: Nama wajib diisi.",
            id="nama-empty",
        ),
        pytest.param(
            pegawai_row(NIP_STAF, "Hana", aktif="mungkin"),
            "baris 2: kolom aktif: Isi ya atau tidak (kosong berarti ya).",
            id="aktif",
        ),
    ]


@pytest.mark.parametrize(("row", "expected"), bad_pegawai_cases())
def test_a_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_written(
    instansi, row, expected
):
    before = stored_counts()

    result = run(csv_bytes([PEGAWAI_HEADER, row]), instansi)

    assert messages(result) == [expected]
    assert not result.disimpan
    assert stored_counts() == before


CYCLE = f"{NIP_STAF} → {NIP_STAF_2} → {NIP_STAF}"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [pegawai_row(NIP_STAF, "Indra"), pegawai_row(NIP_STAF, "Indah")],
            [
                f"baris 3: kolom nip: NIP {NIP_STAF} sudah muncul di baris 2; "
                "setiap pegawai hanya satu baris."
            ],
            id="duplicate-nip-on-the-second-row",
        ),
        pytest.param(
            [
                pegawai_row(NIP_STAF, "Joko", nip_atasan=NIP_STAF_2),
                pegawai_row(NIP_STAF_2, "Jaka", nip_atasan=NIP_STAF),
            ],
            [
                f"baris 2: kolom nip_atasan: Rantai atasan membentuk lingkaran: {CYCLE}.",
                f"baris 3: kolom nip_atasan: Rantai atasan membentuk lingkaran: {CYCLE}.",
            ],
            id="supervisor-cycle-on-each-of-its-rows",
        ),
        pytest.param(
            [
                pegawai_row(NIP_STAF, "Kiki", kepala_unit="ya"),
                pegawai_row(NIP_STAF_2, "Kika", kepala_unit="ya"),
            ],
            [
                "baris 3: kolom kepala_unit: Unit DINKES sudah diberi kepala di baris 2; "
                "satu unit hanya satu kepala."
            ],
            id="two-heads-for-one-unit",
        ),
    ],
)
def test_rows_that_clash_within_the_file_are_reported_and_nothing_is_written(
    instansi, rows, expected
):
    before = stored_counts()

    result = run(csv_bytes([PEGAWAI_HEADER, *rows]), instansi)

    assert messages(result) == expected
    assert stored_counts() == before


def test_supervisor_cycle_through_stored_employees_is_refused(instansi):
    unit = UnitKerja.objects.get(kode="DINKES")
    boss = PegawaiFactory(instansi=instansi, unit=unit)
    PegawaiFactory(instansi=instansi, unit=unit, nip=NIP_STAF, atasan=boss)
    # The file makes the boss report to the employee who already reports to the boss.
    rows = [PEGAWAI_HEADER, pegawai_row(boss.nip, boss.nama, nip_atasan=NIP_STAF)]
    before = stored_counts()

    result = run(csv_bytes(rows), instansi)

    assert messages(result) == [
        f"baris 2: kolom nip_atasan: Rantai atasan membentuk lingkaran: "
        f"{boss.nip} → {NIP_STAF} → {boss.nip}."
    ]
    assert stored_counts() == before
    assert Pegawai.objects.get(pk=boss.pk).atasan is None


def test_missing_required_columns_are_named_in_one_message(instansi):
    before = stored_counts()

    result = run(csv_bytes([["nip", "gelar_depan"], [NIP_STAF, "dr."]]), instansi)

    assert messages(result) == [
        "baris 1: kolom nama, status, kode_unit: Kolom wajib tidak ada: nama, status, kode_unit."
    ]
    assert stored_counts() == before


def test_unknown_column_is_refused_so_a_typo_cannot_drop_data(instansi):
    rows = [[*PEGAWAI_HEADER[:9], "nip atasan"], pegawai_row(NIP_STAF, "Lia")[:10]]

    result = run(csv_bytes(rows), instansi)

    assert messages(result)[0].startswith(
        "baris 1: kolom nip atasan: Kolom tidak dikenal: nip atasan. Kolom yang dikenal: nip, "
    )


def test_every_bad_row_is_reported_not_only_the_first(instansi):
    rows = [
        PEGAWAI_HEADER,
        pegawai_row(NIP_STAF[:10], "Mira"),
        pegawai_row(NIP_KEPALA, "Maya"),
        pegawai_row(NIP_STAF_2, "Mila", kode_unit="TIDAKADA", golongan="Z"),
    ]
    before = stored_counts()

    result = run(csv_bytes(rows), instansi)

    assert [(e.baris, e.kolom) for e in result.kesalahan] == [
        (2, "nip"),
        (4, "golongan"),
        (4, "kode_unit"),
    ]
    assert stored_counts() == before


# --- bad files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        pytest.param(b"", "pegawai.csv", "berkas: Berkas kosong.", id="empty"),
        pytest.param(
            b"nip,nama,status,kode_unit\r\n",
            "pegawai.csv",
            "berkas: Berkas tidak berisi baris data; hanya ada judul kolom.",
            id="header-only",
        ),
        pytest.param(
            "nip,nama,status,kode_unit\n".encode("utf-16"),
            "pegawai.csv",
            "berkas: Berkas CSV harus UTF-8; berkas ini UTF-16. Simpan ulang dari Excel sebagai "
            "“CSV UTF-8 (dipisahkan koma)”.",
            id="utf-16",
        ),
        pytest.param(
            f"nip,nama,status,kode_unit\n{NIP_STAF},Nur,PNS,DINKES\n{NIP_STAF_2},Jos\xe9,PNS,"
            "DINKES\n".encode("latin-1"),
            "pegawai.csv",
            "baris 3: Berkas CSV harus UTF-8; baris ini berisi karakter yang bukan UTF-8 "
            "(tampaknya Windows-1252/ANSI, pengodean bawaan Excel lama). "
            "Simpan ulang dari Excel sebagai “CSV UTF-8 (dipisahkan koma)”.",
            id="latin-1",
        ),
        pytest.param(
            b"nip\n1",
            "pegawai.txt",
            "berkas: Berkas harus CSV (.csv) atau Excel (.xlsx).",
            id="extension",
        ),  # fmt: skip
        pytest.param(
            b"nip,nama\n1,2\n",
            "pegawai.xlsx",
            "berkas: Berkas berekstensi .xlsx tetapi isinya bukan berkas Excel (XLSX).",
            id="xlsx-not-zip",
        ),
        pytest.param(
            b"PK\x03\x04 not really a workbook",
            "pegawai.xlsx",
            "berkas: Berkas XLSX rusak atau tidak dapat dibaca; simpan ulang dari Excel.",
            id="xlsx-damaged",
        ),
    ],
)
def test_a_bad_file_is_refused_with_one_clear_message(instansi, content, name, expected):
    before = stored_counts()

    result = run(content, instansi, name=name)

    assert messages(result) == [expected]
    assert stored_counts() == before


@pytest.mark.parametrize(
    ("setting", "limit", "expected"),
    [
        pytest.param(
            "KINERJA_IMPORT_MAX_BYTES",
            100,
            "berkas: Berkas terlalu besar ({size} byte); batasnya 100 byte. "
            "Bagi berkas menjadi beberapa bagian.",
            id="size",
        ),
        pytest.param(
            "KINERJA_IMPORT_MAX_ROWS",
            2,
            "berkas: Berkas berisi lebih dari 2 baris data; bagi menjadi beberapa berkas.",
            id="rows",
        ),
    ],
)
def test_a_file_above_a_limit_is_refused_and_nothing_is_written(
    instansi, settings, setting, limit, expected
):
    setattr(settings, setting, limit)
    content = csv_bytes(good_rows())
    before = stored_counts()

    result = run(content, instansi)

    assert messages(result) == [expected.format(size=f"{len(content):,}".replace(",", "."))]
    assert stored_counts() == before
