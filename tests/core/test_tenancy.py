"""A user of one agency never sees or changes another agency's objects (404)."""

import pytest
from django.urls import reverse

from kinerja.core.tenancy import for_agency
from kinerja.org.models import Pegawai, UnitKerja
from tests.factories import UserFactory


@pytest.fixture
def outsider_admin(personas):
    return UserFactory(
        username="admin.lain", instansi=personas.outsider_pegawai.instansi,
        is_admin_kepegawaian=True, is_pimpinan=True, is_auditor=True,
    )  # fmt: skip


def object_urls(personas):
    p = personas.pegawai_pegawai
    return [
        ("get", reverse("unit_detail", args=[p.unit_id])),
        ("get", reverse("pegawai_detail", args=[p.nip])),
        ("post", reverse("pegawai_set_atasan", args=[p.nip])),
        ("post", reverse("pegawai_reset_password", args=[p.nip])),
    ]


def test_every_org_object_of_another_agency_is_not_found(personas, outsider_admin, login):
    client = login(outsider_admin)
    assert object_urls(personas)
    for method, url in object_urls(personas):
        response = getattr(client, method)(url, {"nip_atasan": "", "version": 1})
        assert response.status_code == 404, url


def test_another_agencys_object_is_not_changed_by_its_admin(personas, outsider_admin, login):
    client = login(outsider_admin)
    pegawai = personas.pegawai_pegawai
    client.post(reverse("pegawai_set_atasan", args=[pegawai.nip]), {"nip_atasan": "", "version": 1})
    pegawai.refresh_from_db()
    assert pegawai.atasan_id == personas.atasan_pegawai.pk


def test_scoped_queries_only_return_the_users_agency(personas):
    mine = for_agency(Pegawai.objects.all(), personas.admin)
    assert personas.outsider_pegawai not in mine
    assert set(mine) == {
        personas.atasan_pegawai, personas.pegawai_pegawai, personas.rekan_pegawai
    }  # fmt: skip


def test_a_user_without_an_agency_sees_nothing(db):
    loner = UserFactory(instansi=None)
    assert not for_agency(UnitKerja.objects.all(), loner).exists()


def test_search_does_not_find_people_of_another_agency(personas, outsider_admin, login):
    client = login(outsider_admin)
    for text in (personas.pegawai_pegawai.nama, personas.pegawai_pegawai.nip):
        response = client.get(reverse("org_search"), {"q": text})
        assert response.context["found"] == []
        assert "Tidak ada pegawai yang cocok" in response.content.decode()


def test_the_org_tree_shows_only_the_users_agency(personas, login):
    response = login(personas.outsider).get(reverse("org_tree"))
    assert response.status_code == 200
    assert "Dinas Kesehatan" not in response.content.decode()
