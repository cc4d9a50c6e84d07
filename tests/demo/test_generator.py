"""The demo agency generator and ``manage.py demo``."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.audit import verify_chain
from kinerja.core.models import AuditEntry
from kinerja.demo.generator import (
    DEMO_PASSWORD,
    DemoError,
    build_agency,
    delete_agency,
    plan_agency,
)
from kinerja.org.models import (
    GOLONGAN_PNS,
    GOLONGAN_PPPK,
    Instansi,
    Jabatan,
    Pegawai,
    UnitKerja,
    User,
)
from kinerja.org.nip import parse_nip
from tests.factories import InstansiFactory, UserFactory

SIZE = 80


def _people(instansi) -> list[tuple]:
    return list(
        Pegawai.objects.filter(instansi=instansi)
        .order_by("id")
        .values_list("nip", "gelar_depan", "nama", "gelar_belakang", "status", "golongan")
    )


def test_the_same_seed_plans_the_same_agency_and_another_seed_another():
    def summary(plan):
        return [(p.nip, p.nama, p.gelar_belakang, p.jabatan, p.unit, p.atasan) for p in plan.people]

    assert summary(plan_agency(pegawai=SIZE, seed=5)) == summary(plan_agency(pegawai=SIZE, seed=5))
    assert summary(plan_agency(pegawai=SIZE, seed=5)) != summary(plan_agency(pegawai=SIZE, seed=6))


def test_an_agency_smaller_than_its_skeleton_is_refused():
    with pytest.raises(DemoError, match="paling sedikit"):
        plan_agency(pegawai=10, seed=1)


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_nips_and_names():
    first = _people(build_agency(pegawai=SIZE, seed=3).instansi)
    delete_agency(Instansi.objects.get(kode="DEMO"))
    second = _people(build_agency(pegawai=SIZE, seed=3).instansi)
    assert first == second
    assert len({nip for nip, *_ in first}) == SIZE


@pytest.mark.django_db
def test_every_nip_is_valid_for_its_status_and_unique():
    instansi = build_agency(pegawai=400, seed=2).instansi
    people = _people(instansi)
    for nip, _, _, _, status, _ in people:
        parsed = parse_nip(nip, status)
        assert parsed.peringatan == (), nip  # appointed at 18 or older
        assert 1965 <= parsed.tanggal_lahir.year <= 2000
        if status == Pegawai.Status.PPPK:
            assert int(nip[12:14]) > 12
    assert len({nip for nip, *_ in people}) == len(people)


@pytest.mark.django_db
def test_golongan_fits_status_and_about_fifteen_percent_are_pppk():
    people = _people(build_agency(pegawai=600, seed=4).instansi)
    for *_, status, golongan in people:
        allowed = GOLONGAN_PPPK if status == Pegawai.Status.PPPK else GOLONGAN_PNS
        assert golongan in allowed
    share = sum(1 for p in people if p[4] == Pegawai.Status.PPPK) / len(people)
    assert 0.08 <= share <= 0.25


@pytest.mark.django_db
def test_supervisor_chains_have_no_cycles_and_end_at_the_sekda():
    instansi = build_agency(pegawai=300, seed=1).instansi
    atasan = dict(Pegawai.objects.filter(instansi=instansi).values_list("id", "atasan_id"))
    tops = [pk for pk, boss in atasan.items() if boss is None]
    assert len(tops) == 1
    sekda = Pegawai.objects.select_related("jabatan").get(pk=tops[0])
    assert sekda.jabatan.nama == "Sekretaris Daerah"
    assert sekda.jabatan.jenis == Jabatan.Jenis.JPT_MADYA
    for start in atasan:
        seen, current = set(), start
        while atasan[current] is not None:
            assert current not in seen, f"siklus atasan pada pegawai {start}"
            seen.add(current)
            current = atasan[current]  # KeyError here: a supervisor outside the agency
        assert current == sekda.pk


@pytest.mark.django_db
def test_every_supervisor_heads_the_unit_or_its_parent():
    instansi = build_agency(pegawai=300, seed=1).instansi
    units = {u.pk: u for u in UnitKerja.objects.filter(instansi=instansi)}
    people = {p.pk: p for p in Pegawai.objects.filter(instansi=instansi)}
    assert units and people
    assert any(p.atasan_id is not None for p in people.values())
    for unit in units.values():
        assert unit.kepala_id in people, unit.kode
        assert people[unit.kepala_id].unit_id == unit.pk, unit.kode
    for person in people.values():
        if person.atasan_id is None:
            continue
        boss = people[person.atasan_id]
        unit = units[person.unit_id]
        if unit.kepala_id == person.pk:
            assert boss.pk == units[unit.induk_id].kepala_id
        else:
            assert boss.pk == unit.kepala_id


@pytest.mark.django_db
def test_the_city_has_its_dinas_and_their_front_line_units():
    instansi = build_agency(pegawai=500, seed=1).instansi
    units = UnitKerja.objects.filter(instansi=instansi)
    kode = set(units.values_list("kode", flat=True))
    assert {"SETDA", "SETDA-UMUM", "SETDA-ORG", "DINKES", "DISDIK", "DISHUB", "DISDUKCAPIL"} <= kode
    assert "BKPSDM" in kode
    assert units.filter(nama__startswith="UPTD Puskesmas").count() >= 2
    assert units.filter(nama__startswith="SD Negeri").exists()
    assert units.filter(nama__startswith="SMP Negeri").exists()
    jabatan = Jabatan.objects.filter(instansi=instansi, pegawai__isnull=False).distinct()
    names = set(jabatan.values_list("nama", flat=True))
    for career in ("Arsiparis", "Guru", "Dokter", "Perawat", "Bidan"):
        assert any(n.startswith(career) for n in names), career
    for loket in ("KTP-el", "Kartu Keluarga", "Akta Kelahiran"):
        assert any(n.startswith("Petugas Loket Pelayanan") and loket in n for n in names), loket
    kepala_dinas = Pegawai.objects.get(
        instansi=instansi, unit__kode="DINKES", jabatan__nama="Kepala Dinas Kesehatan"
    )
    assert kepala_dinas.jabatan.jenis == Jabatan.Jenis.JPT_PRATAMA
    assert kepala_dinas.gelar_depan == "dr."
    arsiparis = Pegawai.objects.filter(instansi=instansi, jabatan__nama__startswith="Arsiparis")
    assert arsiparis.filter(unit__kode="SETDA-UMUM-TU").exists()


@pytest.mark.django_db
def test_titles_fit_the_position():
    instansi = build_agency(pegawai=500, seed=1).instansi
    people = list(Pegawai.objects.filter(instansi=instansi).select_related("jabatan"))
    assert people
    assert any(p.jabatan.nama.startswith(("Dokter", "Guru", "Bidan")) for p in people)
    for person in people:
        jabatan = person.jabatan.nama
        if jabatan.startswith("Dokter Gigi"):
            assert person.gelar_depan == "drg."
        elif jabatan.startswith("Dokter"):
            assert person.gelar_depan == "dr."
        elif jabatan.startswith("Guru"):
            assert person.gelar_belakang.startswith(("S.Pd", "S.Ag", "S.Si")), person
        elif jabatan.startswith("Bidan"):
            assert "Keb" in person.gelar_belakang, person


@pytest.mark.django_db
def test_building_writes_one_audit_entry_on_a_whole_chain():
    instansi = build_agency(pegawai=SIZE, seed=1).instansi
    entries = AuditEntry.objects.filter(instansi=instansi)
    assert [e.action for e in entries] == ["demo.bangun"]
    assert entries[0].after["pegawai"] == SIZE
    assert verify_chain(instansi.pk) is None


@pytest.mark.django_db
def test_demo_logins_can_log_in(client):
    result = build_agency(pegawai=SIZE, seed=1)
    assert [x.username for x in result.logins][:3] == ["admin.bkpsdm", "walikota", "inspektorat"]
    assert len(result.logins) == 6
    for login in result.logins:
        assert login.password == DEMO_PASSWORD == "demo12345"
        response = client.post(
            reverse("login"), {"username": login.username, "password": login.password}
        )
        assert response.status_code == 302, login
        assert int(client.session["_auth_user_id"]) == User.objects.get(username=login.username).pk
        client.logout()
    admin = User.objects.get(username="admin.bkpsdm")
    assert admin.is_admin_kepegawaian and admin.instansi == result.instansi
    assert User.objects.get(username="walikota").is_pimpinan
    assert User.objects.get(username="inspektorat").is_auditor
    atasan = User.objects.get(username=result.logins[4].username)
    pegawai = User.objects.get(username=result.logins[5].username)
    assert pegawai.pegawai.atasan_id == atasan.pegawai_id


@pytest.mark.django_db
def test_every_employee_gets_an_account_unless_asked_not_to():
    result = build_agency(pegawai=SIZE, seed=1)
    assert User.objects.filter(instansi=result.instansi).count() == SIZE + 3
    assert result.akun == SIZE + 3
    lean = build_agency(pegawai=SIZE, seed=2, kode="TANPA", with_accounts=False)
    assert User.objects.filter(instansi=lean.instansi).count() == 6
    assert lean.akun == 6


@pytest.mark.django_db
def test_a_nip_that_is_another_agencys_username_moves_to_a_free_serial():
    wanted = plan_agency(pegawai=SIZE, seed=1).people[0].nip
    UserFactory(username=wanted, instansi=InstansiFactory(kode="LAIN"))
    instansi = build_agency(pegawai=SIZE, seed=1).instansi
    sekda = Pegawai.objects.get(instansi=instansi, atasan=None)
    assert sekda.nip != wanted and sekda.nip[:15] == wanted[:15]
    parse_nip(sekda.nip)
    assert User.objects.filter(username=sekda.nip, pegawai=sekda).exists()


@pytest.mark.django_db
def test_a_persona_username_in_use_is_refused_without_writing_anything():
    UserFactory(username="walikota", instansi=InstansiFactory(kode="LAIN"))
    with pytest.raises(DemoError, match="walikota"):
        build_agency(pegawai=SIZE, seed=1)
    assert not Instansi.objects.filter(kode="DEMO").exists()


@pytest.mark.django_db
def test_building_over_an_existing_kode_is_refused():
    build_agency(pegawai=SIZE, seed=1, kode="ADA", with_accounts=False)
    with pytest.raises(DemoError, match="ADA sudah ada"):
        build_agency(pegawai=SIZE, seed=2, kode="ADA", with_accounts=False)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_number_of_employees():
    with CaptureQueriesContext(connection) as small:
        build_agency(pegawai=60, seed=1, kode="KECIL")
    with CaptureQueriesContext(connection) as large:
        build_agency(pegawai=300, seed=2, kode="BESAR")
    assert len(large) == len(small)


@pytest.mark.django_db
def test_running_the_command_twice_leaves_one_agency():
    first = StringIO()
    call_command("demo", pegawai=SIZE, seed=1, stdout=first)
    counts = _counts()
    second = StringIO()
    call_command("demo", pegawai=SIZE, seed=1, stdout=second)
    assert Instansi.objects.filter(kode="DEMO").count() == 1
    assert _counts() == counts
    assert "Instansi demo DEMO sudah ada; tidak ada yang diubah." in second.getvalue()
    for output in (first.getvalue(), second.getvalue()):
        assert "admin.bkpsdm" in output and "walikota" in output and "demo12345" in output
        assert f"{SIZE} pegawai" in output
    # by default: a status line, the counts and the accounts table, nothing else
    lines = first.getvalue().splitlines()
    assert lines[0].startswith("Instansi demo DEMO (") and "dibangun dalam" in lines[0]
    assert lines[1].startswith(f"{SIZE} pegawai")
    assert lines[2:4] == ["", "Akun demo (masuk di /masuk/):"]
    assert "detik (" not in first.getvalue() and "<" not in first.getvalue()


@pytest.mark.django_db
def test_reset_rebuilds_the_agency():
    call_command("demo", pegawai=SIZE, seed=1, stdout=StringIO())
    out = StringIO()
    call_command("demo", pegawai=120, seed=2, reset=True, hanya_organisasi=True, stdout=out)
    instansi = Instansi.objects.get(kode="DEMO")
    assert Pegawai.objects.filter(instansi=instansi).count() == 120
    assert User.objects.filter(instansi=instansi).count() == 123
    assert AuditEntry.objects.filter(instansi=instansi).count() == 1
    assert verify_chain(instansi.pk) is None
    assert "dibangun" in out.getvalue()


@pytest.mark.django_db
def test_the_command_without_accounts_and_with_another_kode():
    out = StringIO()
    call_command(
        "demo", pegawai=SIZE, kode="UJI", tanpa_akun=True, hanya_organisasi=True, stdout=out
    )
    instansi = Instansi.objects.get(kode="UJI")
    assert User.objects.filter(instansi=instansi).count() == 6
    assert "admin.bkpsdm.uji" in out.getvalue()


@pytest.mark.django_db
def test_the_command_explains_a_refusal():
    with pytest.raises(CommandError, match="paling sedikit"):
        call_command("demo", pegawai=5, stdout=StringIO())


@pytest.mark.django_db
def test_deleting_an_agency_leaves_the_others_alone(personas):
    instansi = build_agency(pegawai=SIZE, seed=1, kode="HAPUS").instansi
    before = Pegawai.objects.count()
    delete_agency(instansi)
    assert not Instansi.objects.filter(kode="HAPUS").exists()
    assert Pegawai.objects.count() == before - SIZE
    assert not User.objects.filter(username__endswith=".hapus").exists()
    assert personas.pegawai_pegawai.atasan_id == personas.atasan_pegawai.pk
    assert User.objects.filter(pk=personas.admin.pk).exists()


def _counts() -> tuple[int, ...]:
    return (
        Instansi.objects.count(),
        UnitKerja.objects.count(),
        Jabatan.objects.count(),
        Pegawai.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_tells_the_whole_story_from_plan_to_follow_up():
    from kinerja.citizen.models import JawabanSurvei, Layanan
    from kinerja.followup.models import Keberatan
    from kinerja.scoring.models import Hasil
    from kinerja.skp.models import Indikator, Periode

    out = StringIO()
    call_command("demo", pegawai=SIZE, seed=1, stdout=out, verbosity=2)
    instansi = Instansi.objects.get(kode="DEMO")
    periods = {p.tahun: p.status for p in Periode.objects.filter(instansi=instansi)}
    assert sorted(periods.values()) == ["ditutup", "pelaksanaan"]
    closed = Periode.objects.get(instansi=instansi, status="ditutup")
    assert Hasil.objects.filter(periode=closed, bagian__isnull=True).exists()
    assert Hasil.objects.filter(periode=closed, usulan_predikat="sangat_baik").exists()
    assert Keberatan.objects.filter(instansi=instansi).exists()
    assert Layanan.objects.filter(instansi=instansi).exists()
    assert JawabanSurvei.objects.filter(instansi=instansi).count() > 100
    fed = Indikator.objects.filter(rhk__skp__periode__instansi=instansi).exclude(
        sumber=Indikator.Sumber.MANUAL
    )
    assert fed.filter(sumber=Indikator.Sumber.IKM_LAYANAN, aspek="kualitas").exists()
    assert not fed.filter(aspek__in=Indikator.ASPEK_DIJUMLAH).exists()  # IKM is never summed
    assert verify_chain(instansi.pk) is None
    assert "Tindak lanjut tahun lalu" in out.getvalue()
    assert "<" not in out.getvalue() and "Stored(" not in out.getvalue()
