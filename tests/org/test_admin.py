"""Django's admin at /admin/: the operator's (superuser's) tool, nobody else's."""

import pytest

from kinerja.core.models import AuditEntry
from kinerja.org.models import Pegawai
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ("/admin/", "/admin/org/pegawai/", "/admin/org/user/", "/admin/org/instansi/")


@pytest.fixture
def operator(db):
    return UserFactory(username="operator", instansi=None, is_staff=True, is_superuser=True)


def test_no_agency_persona_enters_the_admin_whatever_their_flags(personas, login):
    personas.admin.is_staff = True  # staff without superuser: still refused
    personas.admin.save()
    for user in (personas.pegawai, personas.admin, personas.pimpinan, personas.auditor):
        client = login(user)
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 302, (user, url)
            assert response["Location"].startswith("/admin/login/"), (user, url)


def test_a_superuser_without_staff_flag_is_refused_too(personas, login):
    personas.auditor.is_superuser = True
    personas.auditor.save()
    assert login(personas.auditor).get("/admin/").status_code == 302


def test_the_operator_lists_and_searches_every_agencys_employees(personas, login, operator):
    client = login(operator)
    for url in (*PAGES, f"/admin/org/user/{personas.admin.pk}/change/"):
        assert client.get(url).status_code == 200, url
    response = client.get("/admin/org/pegawai/", {"q": personas.outsider_pegawai.nip})
    assert personas.outsider_pegawai.nama in response.text
    assert personas.pegawai_pegawai.nama not in response.text


def test_the_operator_cannot_give_an_employee_another_agencys_supervisor(personas, login, operator):
    pegawai = personas.pegawai_pegawai
    client = login(operator)
    response = client.post(
        f"/admin/org/pegawai/{pegawai.pk}/change/",
        {
            "instansi": pegawai.instansi_id, "nip": pegawai.nip, "nama": pegawai.nama,
            "status": pegawai.status, "golongan": pegawai.golongan, "unit": pegawai.unit_id,
            "atasan": personas.outsider_pegawai.pk, "aktif": "on",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Harus dari instansi yang sama" in response.text
    assert Pegawai.objects.get(pk=pegawai.pk).atasan_id == personas.atasan_pegawai.pk


def test_an_operator_edit_is_written_to_the_agencys_audit_chain(personas, login, operator):
    pegawai = personas.pegawai_pegawai
    response = login(operator).post(
        f"/admin/org/pegawai/{pegawai.pk}/change/",
        {
            "instansi": pegawai.instansi_id, "nip": pegawai.nip, "nama": "Siti Diubah",
            "status": pegawai.status, "golongan": pegawai.golongan, "unit": pegawai.unit_id,
            "atasan": pegawai.atasan_id, "aktif": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.ubah")
    assert entry.instansi_id == personas.instansi.pk and entry.after == {"kolom": ["nama"]}
    assert entry.actor_label == "operator"


def test_the_operator_cannot_delete_an_agency_nor_bulk_delete(personas, login, operator):
    client = login(operator)
    instansi = personas.instansi
    assert client.get(f"/admin/org/instansi/{instansi.pk}/delete/").status_code == 403
    listing = client.get("/admin/org/pegawai/")
    assert "delete_selected" not in listing.text
