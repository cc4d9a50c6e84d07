"""Issue 21: a home per role answers "what needs me and where do I stand", each figure linking
to its list and counted by the list's own query function; a constant number of queries."""

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.skp.models import Periode
from tests.insight.conftest import annual_result
from tests.skp.factories import IndikatorFactory, PeriodeFactory, RhkFactory, SkpFactory


def _home(client) -> str:
    return client.get(reverse("home")).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    return len(ctx.captured_queries)


def test_an_employee_sees_their_skp_their_slices_and_the_next_deadline(personas, login, periode):
    periode.tenggat_perencanaan = timezone.localdate() + timedelta(days=10)
    periode.save()
    skp = SkpFactory(pegawai=personas.pegawai_pegawai, periode=periode, status="diajukan")
    IndikatorFactory(rhk=RhkFactory(skp=skp))
    html = _home(login(personas.pegawai))
    assert "Kinerja saya 2026" in html
    assert f'href="{reverse("skp_detail", args=[skp.pk])}">Diajukan</a>' in html
    assert f"0 dari {periode.bagian.count()} bagian terverifikasi" in html
    assert "Persetujuan rencana SKP" in html


def test_an_employee_sees_their_last_final_predikat(personas, login, periode):
    last = PeriodeFactory(instansi=personas.instansi, tahun=2025, status=Periode.Status.DITUTUP)
    old = SkpFactory(pegawai=personas.pegawai_pegawai, periode=last, status="disetujui",
                     disetujui_pada=datetime(2025, 1, 20, tzinfo=UTC))  # fmt: skip
    annual_result(old, "baik", status="dikonfirmasi")
    html = _home(login(personas.pegawai))
    assert "Predikat terakhir" in html and ">Baik</a>" in html
    assert f"{reverse('followup_hasil')}?periode=2025" in html


def test_an_employee_without_a_plan_is_sent_to_make_one(personas, login, periode):
    html = _home(login(personas.pegawai))
    assert "Belum dibuat: susun rencana SKP" in html and reverse("skp_saya") in html


def test_a_supervisor_sees_plans_to_approve_realisations_to_verify_and_ratings(
    personas, login, periode
):
    SkpFactory(pegawai=personas.pegawai_pegawai, periode=periode, status="diajukan")
    html = _home(login(personas.atasan))
    assert "<strong>1</strong> rencana SKP menunggu persetujuan" in html
    assert "<strong>0</strong> realisasi menunggu verifikasi" in html
    assert "hasil menunggu konfirmasi Anda" in html
    assert f'href="{reverse("skp_tim")}"' in html and f'href="{reverse("scoring_tim")}"' in html


def test_hr_sees_the_stage_the_open_warnings_with_their_year_and_the_accounts(
    personas, login, periode
):
    html = _home(login(personas.admin))
    assert "Periode 2026" in html and "Pelaksanaan" in html
    assert "peringatan data terbuka (2026)" in html
    assert f"{reverse('insight_peringatan')}?tahun=2026" in html
    assert "akun belum mengganti sandi awal" in html
    assert "sudah ditutup dengan alasan." not in html  # the old sentence without a number


def test_the_head_and_the_auditor_see_the_stage_but_no_link_they_cannot_open(
    personas, login, periode
):
    for who in (personas.pimpinan, personas.auditor):
        html = _home(login(who))
        assert "Periode 2026" in html and reverse("skp_periode", args=[periode.pk]) in html
        assert reverse("insight_peringatan") not in html
        assert reverse("akun_list") not in html


def test_the_homes_run_a_constant_number_of_queries(personas, login, periode, atasan_skp):
    """More indicators, more submitted plans and more staff add no query to any role's home."""
    skp = SkpFactory(pegawai=personas.pegawai_pegawai, periode=periode, status="diajukan")
    IndikatorFactory(rhk=RhkFactory(skp=skp))
    clients = {who: login(getattr(personas, who)) for who in
               ("pegawai", "atasan", "admin", "pimpinan", "auditor")}  # fmt: skip
    before = {}
    for who, client in clients.items():
        client.force_login(getattr(personas, who))
        client.get(reverse("home"))
        before[who] = _queries(client)
    for _ in range(3):
        IndikatorFactory(rhk=RhkFactory(skp=skp))
    SkpFactory(pegawai=personas.rekan_pegawai, periode=periode, status="diajukan")
    assert len(before) == len(clients) == 5
    for who, client in clients.items():
        client.force_login(getattr(personas, who))
        assert _queries(client) == before[who], who
