"""The holiday calendar: national holidays and joint leave filled once per year, HR's edits
kept, and complaint deadlines counted over it."""

from datetime import date, datetime

import holidays
import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.citizen import libur
from kinerja.citizen.complaints import submit_complaint
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import HariLibur, TahunLibur
from kinerja.core.models import AuditEntry


def test_official_days_of_2026_hold_the_national_holidays_and_the_skb_joint_leave():
    days = {d.tanggal: d for d in libur.official_days(2026)}
    assert days[date(2026, 8, 17)].sumber == "nasional"
    assert days[date(2026, 3, 21)].nama == "Hari Raya Idul Fitri"
    joint = sorted(d.tanggal for d in days.values() if d.sumber == "cuti_bersama")
    assert joint == [
        date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23),
        date(2026, 3, 24), date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24),
    ]  # fmt: skip


@pytest.mark.parametrize("year", sorted(libur.joint_leave_file()))
def test_the_reviewed_file_agrees_with_the_library(year):
    """A library upgrade that changes a year we reviewed shows here: check the official list
    and correct whichever is wrong."""
    reviewed = {entry["tanggal"] for entry in libur.joint_leave_file()[year]["hari"]}
    assert reviewed, "a year in the file lists its days"
    library = set(holidays.Indonesia(years=year, categories=("government",)))
    assert reviewed == library
    assert all(day.year == year for day in reviewed)


def test_a_year_outside_the_file_takes_the_librarys_joint_leave():
    year = max(libur.joint_leave_file()) + 1
    days = libur.official_days(year)
    assert any(d.sumber == "nasional" for d in days)
    assert all(d.tanggal.year == year for d in days)


def test_filling_a_year_adds_the_missing_days_once_and_is_audited(personas):
    HariLibur.objects.create(instansi=personas.instansi, tanggal=date(2026, 8, 17), nama="HUT RI")
    added = libur.fill_year(personas.instansi, 2026, by=personas.admin)
    expected = len(libur.official_days(2026)) - 1
    assert added == expected
    assert HariLibur.objects.get(tanggal=date(2026, 8, 17)).nama == "HUT RI"  # HR's kept
    assert libur.fill_year(personas.instansi, 2026, by=personas.admin) == 0
    entries = AuditEntry.objects.filter(action="citizen.libur.isi_tahun")
    assert entries.count() == 2 and len(entries.order_by("seq").first().after["ditambah"]) == added


def test_only_hr_fills_a_year_and_the_year_must_be_sensible(personas):
    with pytest.raises(Refused):
        libur.fill_year(personas.instansi, 2026, by=personas.pegawai)
    with pytest.raises(Refused) as refused:
        libur.fill_year(personas.instansi, 1900, by=personas.admin)
    assert refused.value.kolom == "tahun"
    assert not HariLibur.objects.exists() and not TahunLibur.objects.exists()


def test_first_complaint_of_a_year_fills_it_and_a_removed_day_stays_removed(personas, layanan):
    received = timezone.make_aware(datetime(2026, 3, 13, 9))  # Friday before Nyepi
    aduan = submit_complaint(
        layanan.instansi, layanan=layanan, isi="Antrean tidak tertib sama sekali.", ip_hash="x",
        now=received,
    )  # fmt: skip
    assert TahunLibur.objects.filter(instansi=personas.instansi, tahun=2026).exists()
    # Mon 16, Tue 17 work; 18-24 March are Nyepi, Idulfitri and joint leave.
    assert aduan.tenggat_verifikasi == date(2026, 3, 25)
    HariLibur.objects.filter(tanggal=date(2026, 3, 18)).delete()  # HR decides to open
    again = submit_complaint(
        layanan.instansi, layanan=layanan, isi="Antrean tidak tertib sama sekali.", ip_hash="y",
        now=received,
    )  # fmt: skip
    assert again.tenggat_verifikasi == date(2026, 3, 18)
    assert not HariLibur.objects.filter(tanggal=date(2026, 3, 18)).exists()


def test_deadlines_running_into_next_year_fill_it_too(personas, layanan):
    received = timezone.make_aware(datetime(2026, 12, 21, 9))
    aduan = submit_complaint(
        layanan.instansi, layanan=layanan, isi="Antrean tidak tertib sama sekali.", ip_hash="x",
        now=received,
    )  # fmt: skip
    assert set(TahunLibur.objects.values_list("tahun", flat=True)) == {2026, 2027}
    # 22, 23 Dec; 24 joint leave, 25 Christmas; 28-31 Dec; 1 Jan New Year; 4, 5, ... Jan.
    assert aduan.tenggat_respons == date(2026, 12, 30)
    assert aduan.tenggat_selesai == date(2027, 1, 14)


def test_the_received_day_is_the_agencys_own_date(personas, layanan):
    personas.instansi.zona_waktu = "Asia/Jayapura"
    personas.instansi.save()
    # 23:30 WIB on Thursday is already Friday 01:30 WIT: 3 working days from Friday.
    received = timezone.make_aware(datetime(2026, 7, 9, 23, 30))
    aduan = submit_complaint(
        layanan.instansi, layanan=layanan, isi="Antrean tidak tertib sama sekali.", ip_hash="x",
        now=received,
    )  # fmt: skip
    assert aduan.tenggat_verifikasi == date(2026, 7, 15)


def test_hr_page_shows_the_year_with_sources_and_fills_it(personas, login):
    client = login(personas.admin)
    page = client.get(reverse("citizen_holidays") + "?tahun=2027").content.decode()
    assert "Belum diisi" in page and "BELUM dicocokkan" in page
    response = client.post(reverse("citizen_holidays_fill"), {"tahun": "2027"})
    assert response["Location"].endswith("?tahun=2027")
    page = client.get(reverse("citizen_holidays") + "?tahun=2027").content.decode()
    assert "Cuti Bersama Hari Raya Natal" in page and "Cuti bersama" in page
    assert "Sudah diisi" in page


def test_hr_page_refuses_a_bad_year_with_a_message(personas, login):
    response = login(personas.admin).post(
        reverse("citizen_holidays_fill"), {"tahun": "dua ribu"}, follow=True
    )
    assert "Tahun harus berupa angka" in response.content.decode()
    assert not TahunLibur.objects.exists()


def test_only_hr_opens_the_calendar(personas, login):
    assert login(personas.atasan).get(reverse("citizen_holidays")).status_code == 403
    assert (
        login(personas.pegawai)
        .post(reverse("citizen_holidays_fill"), {"tahun": "2026"})
        .status_code
        == 403
    )


def test_command_fills_a_year_for_one_agency_and_refuses_unknown_ones(personas):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("isi_hari_libur", "--tahun", "2027", "--instansi", "kota", stdout=out)
    assert f"KOTA: {len(libur.official_days(2027))} hari libur 2027 ditambahkan." in out.getvalue()
    assert not HariLibur.objects.exclude(instansi=personas.instansi).exists()
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("isi_hari_libur", "--tahun", "2027", "--instansi", "XYZ")
    with pytest.raises(CommandError, match="Tahun harus antara"):
        call_command("isi_hari_libur", "--tahun", "1800")
