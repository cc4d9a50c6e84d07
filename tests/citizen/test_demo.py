"""The demo data: services with officers, months of answers, a burst, an overdue complaint."""

from datetime import timedelta

from django.utils import timezone

from kinerja.citizen.demo import build_citizen_data
from kinerja.citizen.models import Aduan, JawabanSurvei, Layanan
from kinerja.citizen.queries import ikm_rows, overdue_count
from kinerja.demo.generator import build_agency


def test_demo_agency_gets_services_answers_and_an_overdue_complaint(db):
    instansi = build_agency(pegawai=200, seed=3, with_accounts=False).instansi
    today = timezone.localdate()
    counts = build_citizen_data(instansi, seed=3, today=today)
    assert counts["layanan"] >= 4
    assert Layanan.objects.filter(instansi=instansi, penugasan__isnull=False).exists()
    assert JawabanSurvei.objects.filter(instansi=instansi).count() == counts["jawaban"] > 3000
    assert JawabanSurvei.objects.filter(ditandai=True, review="").count() == 15
    rows = ikm_rows(instansi.pk, today - timedelta(days=200), today)
    assert {r.hasil.mutu for r in rows} >= {"B"}
    assert Aduan.objects.filter(status="selesai").exists()
    assert overdue_count(instansi.pk) == 1
