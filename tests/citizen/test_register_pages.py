"""HR's register pages: services, officers, holidays and receipt codes.

Bad input shows the message on its field and writes nothing; another agency's rows are not
found; anyone but HR is refused; list pages read in a constant number of queries.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.citizen.models import HariLibur, Layanan, PetugasLayanan, TokenSurvei
from kinerja.citizen.survey import create_tokens, submit_answer
from kinerja.core.models import AuditEntry
from tests.citizen.conftest import make_layanan
from tests.factories import PegawaiFactory, UnitFactory, UserFactory

GOOD = {f"u{i}": 3 for i in range(1, 10)}


def _layanan_post(unit, **changes):
    data = {
        "unit": unit.pk, "nama": "Loket Akta Kelahiran", "kode": "akta", "populasi": "1000",
        "tenggat_verifikasi": "3", "tenggat_respons": "5", "tenggat_selesai": "14",
        "aktif": "on",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def other_hr(personas):
    return UserFactory(
        username="admin.lain", instansi=personas.outsider_pegawai.instansi,
        is_admin_kepegawaian=True,
    )  # fmt: skip


def _audits(action):
    return AuditEntry.objects.filter(action=action).count()


# Services ---------------------------------------------------------------------------------


def test_hr_creates_a_service_with_a_public_code_and_an_audit_entry(personas, login):
    unit = personas.pegawai_pegawai.unit
    response = login(personas.admin).post(reverse("citizen_layanan_new"), _layanan_post(unit))
    layanan = Layanan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen_layanan_edit", args=[layanan.pk])
    assert (layanan.kode, layanan.kode_publik, layanan.populasi) == ("akta", "kota-akta", 1000)
    assert (layanan.instansi, layanan.unit) == (personas.instansi, unit)
    assert _audits("citizen.layanan.buat") == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kode": "akta kelahiran"}, "kode", "tanpa spasi"),
        ({"nama": ""}, "nama", "tidak boleh kosong"),
        ({"populasi": "0"}, "populasi", ""),
        ({"tenggat_respons": "2"}, "tenggat_respons", "tenggat verifikasi (3 hari kerja)"),
        ({"tenggat_selesai": "4"}, "tenggat_selesai", "tenggat tanggapan (5 hari kerja)"),
    ],
)
def test_bad_service_input_shows_the_field_message_and_writes_nothing(
    personas, login, changes, field, message
):
    unit = personas.pegawai_pegawai.unit
    response = login(personas.admin).post(
        reverse("citizen_layanan_new"), _layanan_post(unit, **changes)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message.lower() in " ".join(errors[field]).lower()
    assert not Layanan.objects.exists()
    assert _audits("citizen.layanan.buat") == 0


def test_a_unit_of_another_agency_cannot_be_chosen(personas, login):
    foreign = personas.outsider_pegawai.unit
    response = login(personas.admin).post(reverse("citizen_layanan_new"), _layanan_post(foreign))
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not Layanan.objects.exists()


def test_a_service_code_is_unique_within_the_agency(personas, login, layanan):
    unit = personas.pegawai_pegawai.unit
    response = login(personas.admin).post(
        reverse("citizen_layanan_new"), _layanan_post(unit, kode=layanan.kode)
    )
    assert response.status_code == 400
    assert "sudah dipakai" in " ".join(response.context["form"].errors["kode"])
    assert Layanan.objects.count() == 1


def test_hr_edits_a_service_and_its_public_code_stays(personas, login, layanan):
    unit = personas.pegawai_pegawai.unit
    url = reverse("citizen_layanan_edit", args=[layanan.pk])
    data = _layanan_post(unit, kode="ktp", nama="Loket KTP-el", tenggat_selesai="20", version=1)
    assert login(personas.admin).post(url, data).status_code == 302
    layanan.refresh_from_db()
    assert (layanan.nama, layanan.tenggat_selesai, layanan.version) == ("Loket KTP-el", 20, 2)
    assert layanan.kode_publik == "kota-ktp"
    entry = AuditEntry.objects.get(action="citizen.layanan.ubah")
    assert entry.before["nama"] == "Loket KTP" and entry.after["nama"] == "Loket KTP-el"


def test_a_stale_edit_is_refused(personas, login, layanan):
    url = reverse("citizen_layanan_edit", args=[layanan.pk])
    data = _layanan_post(personas.pegawai_pegawai.unit, kode="ktp", nama="Baru", version=0)
    response = login(personas.admin).post(url, data)
    assert response.status_code == 400
    assert "diubah orang lain" in response.content.decode()
    layanan.refresh_from_db()
    assert layanan.nama == "Loket KTP"


# Officers ---------------------------------------------------------------------------------


def test_hr_adds_an_officer_by_nip_with_the_next_card_code(personas, login, layanan):
    url = reverse("citizen_officer_add", args=[layanan.pk])
    response = login(personas.admin).post(url, {"nip": personas.rekan_pegawai.nip})
    assert response.status_code == 302
    officer = PetugasLayanan.objects.get(pegawai=personas.rekan_pegawai)
    assert (officer.kode, officer.aktif) == ("p02", True)
    assert _audits("citizen.petugas.tambah") == 1


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("12345", "18 digit"),
        ("19850101201001100X", "angka"),
        ("199001012015011999", "Tidak ada pegawai"),
    ],
)
def test_a_bad_nip_is_refused_on_its_field(personas, login, layanan, nip, message):
    response = login(personas.admin).post(
        reverse("citizen_officer_add", args=[layanan.pk]), {"nip": nip}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["officer_form"].errors["nip"])
    assert PetugasLayanan.objects.count() == 1
    assert _audits("citizen.petugas.tambah") == 0


def test_an_employee_of_another_agency_or_inactive_cannot_serve(personas, login, layanan):
    client = login(personas.admin)
    url = reverse("citizen_officer_add", args=[layanan.pk])
    foreign = client.post(url, {"nip": personas.outsider_pegawai.nip})
    assert "Tidak ada pegawai instansi ini" in foreign.content.decode()
    retired = PegawaiFactory(instansi=personas.instansi, unit=layanan.unit, aktif=False)
    response = client.post(url, {"nip": retired.nip})
    assert response.status_code == 400
    assert "tidak aktif" in " ".join(response.context["officer_form"].errors["nip"])
    assert PetugasLayanan.objects.count() == 1


def test_an_officer_card_code_cannot_be_taken_twice(personas, login, layanan):
    response = login(personas.admin).post(
        reverse("citizen_officer_add", args=[layanan.pk]),
        {"nip": personas.rekan_pegawai.nip, "kode": "p01"},
    )
    assert response.status_code == 400
    assert "sudah dipakai" in " ".join(response.context["officer_form"].errors["kode"])


def test_a_removed_officer_keeps_their_code_and_can_come_back(personas, login, layanan):
    officer = layanan.penugasan.get()
    client = login(personas.admin)
    remove = reverse("citizen_officer_remove", args=[layanan.pk, officer.pk])
    assert client.post(remove).status_code == 302
    officer.refresh_from_db()
    assert not officer.aktif
    assert _audits("citizen.petugas.hapus") == 1
    survey = reverse("citizen_survey_officer", args=[layanan.kode_publik, "p01"])
    assert client.get(survey).status_code == 404
    client.post(reverse("citizen_officer_add", args=[layanan.pk]), {"nip": officer.pegawai.nip})
    officer.refresh_from_db()
    assert officer.aktif and officer.kode == "p01"


# Holidays ---------------------------------------------------------------------------------


def test_hr_enters_and_deletes_a_holiday(personas, login):
    client = login(personas.admin)
    data = {"tanggal": "2025-03-31", "nama": "Idulfitri"}
    assert client.post(reverse("citizen_holidays"), data).status_code == 302
    holiday = HariLibur.objects.get()
    assert (holiday.tanggal, holiday.instansi) == (date(2025, 3, 31), personas.instansi)
    again = client.post(reverse("citizen_holidays"), data)
    assert again.status_code == 400
    assert "sudah tercatat" in " ".join(again.context["form"].errors["tanggal"])
    assert client.post(reverse("citizen_holiday_remove", args=[holiday.pk])).status_code == 302
    assert not HariLibur.objects.exists()
    assert (_audits("citizen.libur.tambah"), _audits("citizen.libur.hapus")) == (1, 1)


@pytest.mark.parametrize(
    ("data", "field"),
    [({"tanggal": "31/13/2025", "nama": "x"}, "tanggal"), ({"tanggal": "2025-01-01"}, "nama")],
)
def test_a_bad_holiday_is_refused_on_its_field(personas, login, data, field):
    response = login(personas.admin).post(reverse("citizen_holidays"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not HariLibur.objects.exists()


def test_a_holiday_moves_the_due_dates_of_new_complaints(personas, login, layanan):
    from kinerja.citizen.complaints import submit_complaint

    login(personas.admin).post(
        reverse("citizen_holidays"), {"tanggal": "2025-03-05", "nama": "Libur daerah"}
    )
    from django.utils import timezone

    received = timezone.make_aware(timezone.datetime(2025, 3, 3, 9))  # Monday
    aduan = submit_complaint(
        layanan.instansi, layanan=layanan, isi="Antrean terlalu lama.", ip_hash="a", now=received
    )
    assert aduan.tenggat_verifikasi == date(2025, 3, 7)  # Tue, Thu, Fri: Wed is a holiday


# Receipt codes ----------------------------------------------------------------------------


def test_hr_creates_receipt_codes_and_sees_the_batch_to_print(personas, login, layanan):
    client = login(personas.admin)
    url = reverse("citizen_tokens", args=[layanan.pk])
    response = client.post(url, {"jumlah": "25"})
    assert response.status_code == 302 and response["Location"].endswith("?n=25")
    assert TokenSurvei.objects.filter(layanan=layanan).count() == 25
    page = client.get(response["Location"])
    codes = [t.kode for t in page.context["tokens"]]
    assert len(codes) == 25 and codes[0] in page.content.decode()
    pdf = client.get(reverse("citizen_tokens_pdf", args=[layanan.pk]) + "?n=25")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_used_codes_are_not_offered_for_printing(personas, login, layanan):
    used, unused = create_tokens(layanan, jumlah=2, by=personas.admin)
    submit_answer(layanan, answers=GOOD, ip_hash="a", token=used.kode)
    page = login(personas.admin).get(reverse("citizen_tokens", args=[layanan.pk]))
    assert [t.kode for t in page.context["tokens"]] == [unused.kode]


@pytest.mark.parametrize("jumlah", ["0", "1001", "banyak"])
def test_a_bad_number_of_codes_writes_nothing(personas, login, layanan, jumlah):
    response = login(personas.admin).post(
        reverse("citizen_tokens", args=[layanan.pk]), {"jumlah": jumlah}
    )
    assert response.status_code == 400
    assert "jumlah" in response.context["form"].errors
    assert not TokenSurvei.objects.exists()


# Who may enter ----------------------------------------------------------------------------


def _urls(layanan, officer_pk, holiday_pk):
    return [
        ("get", reverse("citizen_layanan_new")),
        ("get", reverse("citizen_layanan_edit", args=[layanan.pk])),
        ("post", reverse("citizen_officer_add", args=[layanan.pk])),
        ("post", reverse("citizen_officer_remove", args=[layanan.pk, officer_pk])),
        ("get", reverse("citizen_holidays")),
        ("post", reverse("citizen_holiday_remove", args=[holiday_pk])),
        ("get", reverse("citizen_tokens", args=[layanan.pk])),
        ("get", reverse("citizen_tokens_pdf", args=[layanan.pk])),
    ]


@pytest.mark.parametrize("who", ["pegawai", "atasan", "pimpinan", "auditor"])
def test_anyone_but_hr_is_refused(personas, login, layanan, who):
    unit = personas.pegawai_pegawai.unit
    unit.kepala = personas.atasan_pegawai  # even the head of the service's unit
    unit.save()
    holiday = HariLibur.objects.create(instansi=personas.instansi, tanggal=date(2025, 1, 1))
    client = login(getattr(personas, who))
    for method, url in _urls(layanan, layanan.penugasan.get().pk, holiday.pk):
        assert getattr(client, method)(url).status_code == 403, url
    assert PetugasLayanan.objects.get().aktif and HariLibur.objects.exists()


def test_another_agencys_hr_finds_nothing(personas, login, layanan, other_hr):
    holiday = HariLibur.objects.create(instansi=personas.instansi, tanggal=date(2025, 1, 1))
    client = login(other_hr)
    urls = _urls(layanan, layanan.penugasan.get().pk, holiday.pk)
    for method, url in urls[1:4] + urls[5:]:  # all but the agency-wide pages
        assert getattr(client, method)(url).status_code == 404, url
    assert PetugasLayanan.objects.get().aktif and HariLibur.objects.exists()


def test_another_agencys_hr_does_not_see_our_holidays_or_units(personas, login, other_hr):
    HariLibur.objects.create(instansi=personas.instansi, tanggal=date(2025, 1, 1), nama="Ours")
    client = login(other_hr)
    assert "Ours" not in client.get(reverse("citizen_holidays")).content.decode()
    units = client.get(reverse("citizen_layanan_new")).context["form"].fields["unit"].queryset
    assert personas.pegawai_pegawai.unit not in units


# Constant query counts --------------------------------------------------------------------


def _grow(personas, layanan, n):
    for i in range(n):
        PetugasLayanan.objects.create(
            instansi=personas.instansi, layanan=layanan, kode=f"x{n}{i}",
            pegawai=PegawaiFactory(instansi=personas.instansi, unit=layanan.unit),
        )  # fmt: skip
        HariLibur.objects.create(
            instansi=personas.instansi, tanggal=date(2020 + n, 1, 1 + i), nama=f"Libur {i}"
        )
        make_layanan(personas.instansi, UnitFactory(instansi=personas.instansi), kode=f"l{i}{n}")
    create_tokens(layanan, jumlah=n, by=personas.admin)


@pytest.mark.parametrize(
    "name", ["citizen_layanan_edit", "citizen_holidays", "citizen_tokens", "citizen_services"]
)
def test_list_pages_read_in_constant_queries(
    personas, login, layanan, django_assert_num_queries, name
):
    client = login(personas.admin)
    args = [] if name in ("citizen_holidays", "citizen_services") else [layanan.pk]
    url = reverse(name, args=args)
    _grow(personas, layanan, 1)
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    baseline = len(captured.captured_queries)
    _grow(personas, layanan, 5)
    with django_assert_num_queries(baseline):
        assert client.get(url).status_code == 200
