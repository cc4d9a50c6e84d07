"""Role rules, one place, per role."""

import pytest
from django.urls import reverse

from kinerja.core.permissions import (
    Peran,
    can_manage_org,
    can_view_audit,
    can_view_pegawai,
    roles_of,
    subordinate_ids,
)
from tests.factories import PegawaiFactory, UserFactory


def test_roles_follow_the_account_and_the_supervisor_chain(personas):
    assert roles_of(personas.pegawai) == {Peran.PEGAWAI}
    assert roles_of(personas.atasan) == {Peran.PEGAWAI, Peran.ATASAN}
    assert roles_of(personas.admin) == {Peran.ADMIN}
    assert roles_of(personas.pimpinan) == {Peran.PIMPINAN}
    assert roles_of(personas.auditor) == {Peran.AUDITOR}


def test_atasan_is_derived_from_active_subordinates_not_a_flag(personas):
    personas.pegawai_pegawai.aktif = False
    personas.pegawai_pegawai.save()
    personas.rekan_pegawai.aktif = False
    personas.rekan_pegawai.save()
    personas.atasan._kinerja_roles = None
    assert Peran.ATASAN not in roles_of(personas.atasan)


def test_an_inactive_account_has_no_roles(personas):
    personas.admin.is_active = False
    assert roles_of(personas.admin) == frozenset()


def test_indirect_subordinates_are_found_down_the_chain(personas):
    cucu = PegawaiFactory(instansi=personas.instansi, atasan=personas.pegawai_pegawai)
    ids = subordinate_ids(personas.atasan_pegawai.pk)
    assert ids == {personas.pegawai_pegawai.pk, personas.rekan_pegawai.pk, cucu.pk}
    assert subordinate_ids(personas.atasan_pegawai.pk, indirect=False) == {
        personas.pegawai_pegawai.pk, personas.rekan_pegawai.pk
    }  # fmt: skip


@pytest.mark.parametrize(
    ("viewer", "target", "allowed"),
    [
        ("pegawai", "pegawai_pegawai", True),
        ("pegawai", "rekan_pegawai", False),
        ("pegawai", "atasan_pegawai", False),
        ("atasan", "pegawai_pegawai", True),
        ("admin", "pegawai_pegawai", True),
        ("pimpinan", "pegawai_pegawai", True),
        ("auditor", "pegawai_pegawai", True),
        ("outsider", "pegawai_pegawai", False),
    ],
)
def test_who_may_see_an_employee_profile(personas, viewer, target, allowed):
    assert can_view_pegawai(getattr(personas, viewer), getattr(personas, target)) is allowed


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("pegawai", 200), ("rekan", 404), ("atasan", 200), ("admin", 200), ("outsider", 404)],
)
def test_profile_page_answers_by_role(personas, login, viewer, status):
    url = reverse("pegawai_detail", args=[personas.pegawai_pegawai.nip])
    assert login(getattr(personas, viewer)).get(url).status_code == status


def test_only_hr_manages_the_organisation(personas):
    assert can_manage_org(personas.admin)
    for name in ("pegawai", "atasan", "pimpinan", "auditor", "outsider"):
        assert not can_manage_org(getattr(personas, name)), name


def test_audit_log_is_for_hr_and_auditors(personas, login):
    assert can_view_audit(personas.auditor) and can_view_audit(personas.admin)
    assert not can_view_audit(personas.pimpinan)
    assert login(personas.auditor).get(reverse("audit_log")).status_code == 200
    assert login(personas.pegawai).get(reverse("audit_log")).status_code == 403


def test_changing_a_supervisor_is_refused_to_non_hr(personas, login):
    url = reverse("pegawai_set_atasan", args=[personas.pegawai_pegawai.nip])
    response = login(personas.atasan).post(url, {"nip_atasan": "", "version": 1})
    assert response.status_code == 403
    personas.pegawai_pegawai.refresh_from_db()
    assert personas.pegawai_pegawai.atasan_id == personas.atasan_pegawai.pk


def test_anonymous_visitors_are_sent_to_login(client, db):
    for name in ("home", "org_tree", "org_search", "audit_log"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_an_account_without_agency_is_told_so(db, client):
    client.force_login(UserFactory(instansi=None))
    response = client.get(reverse("org_tree"))
    assert response.status_code == 403
    assert "belum terhubung dengan instansi" in response.content.decode()
