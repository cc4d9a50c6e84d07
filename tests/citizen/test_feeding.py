"""Indicators fed by the public's voice get their realisation computed per slice."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kinerja.citizen.complaints import move_complaint, submit_complaint
from kinerja.citizen.feeding import compute_fed_realisations, parse_source
from kinerja.core.errors import DomainError
from kinerja.skp.models import Periode, Realisasi
from tests.citizen.conftest import add_answers
from tests.skp.factories import IndikatorFactory, PeriodeFactory, approved_skp


@pytest.fixture
def periode(personas):
    return PeriodeFactory(instansi=personas.instansi, tahun=2025)


def _at(day, hour=9):
    return timezone.make_aware(datetime(2025, 2, day, hour))


def test_source_codes():
    assert parse_source("ktp") == ("layanan", "ktp")
    assert parse_source("unit:DINKES") == ("unit", "DINKES")
    assert parse_source("petugas:199001012015011001") == ("petugas", "199001012015011001")


def test_ikm_and_complaint_indicators_are_computed_and_explained(personas, layanan, periode):
    bagian = periode.bagian.order_by("nomor").first()  # first quarter of 2025
    skp = approved_skp(personas.pegawai_pegawai, periode)
    rhk = skp.rhk.get()
    by_service = IndikatorFactory(rhk=rhk, sumber="ikm_layanan", sumber_kode="ktp", target=80)
    by_officer = IndikatorFactory(
        rhk=rhk, sumber="ikm_layanan", sumber_kode=f"petugas:{personas.pegawai_pegawai.nip}",
        target=80,
    )  # fmt: skip
    response = IndikatorFactory(
        rhk=rhk, sumber="waktu_respons_aduan", sumber_kode="unit:DINKES", target=5, arah="turun"
    )
    resolved = IndikatorFactory(rhk=rhk, sumber="penyelesaian_aduan", sumber_kode="ktp", target=90)
    unknown = IndikatorFactory(rhk=rhk, sumber="ikm_layanan", sumber_kode="tidak-ada", target=80)

    add_answers(layanan, [[3, 3, 3, 3, 3, 3, 4, 3, 3]] * 10, diterima_pada=_at(10))
    add_answers(layanan, [[4] * 9] * 2, diterima_pada=_at(11), petugas=personas.pegawai_pegawai)
    add_answers(layanan, [[1] * 9] * 50, diterima_pada=_at(11) + timedelta(days=200))  # not Q1
    # Friday 7 Feb received, answered Wednesday 12 Feb: 3 working days; then resolved.
    first = submit_complaint(
        layanan.instansi, layanan=layanan, isi="Antrean tidak tertib.", ip_hash="a",
        now=timezone.make_aware(datetime(2025, 2, 7, 10)),
    )  # fmt: skip
    for ke, extra in [("diverifikasi", {}), ("diteruskan", {"petugas": personas.pegawai_pegawai}),
                      ("direspons", {"tanggapan": "Sudah ditata."})]:  # fmt: skip
        first = move_complaint(
            first, ke=ke, by=personas.admin, now=timezone.make_aware(datetime(2025, 2, 12, 10)),
            **extra,
        )  # fmt: skip
    move_complaint(first, ke="selesai", by=personas.admin)
    submit_complaint(
        layanan.instansi, layanan=layanan, isi="Loket tutup lebih awal.", ip_hash="b",
        now=timezone.make_aware(datetime(2025, 3, 3, 10)),
    )  # fmt: skip

    report = compute_fed_realisations(periode, bagian, by=personas.admin)

    assert report.dihitung == 4
    assert report.dilewati == [(unknown.pk, "kode sumber 'tidak-ada' tidak dikenal")]
    values = {r.indikator_id: r for r in Realisasi.objects.filter(bagian=bagian)}
    service = values[by_service.pk]
    assert service.dihitung_sistem and service.status == "diverifikasi"
    # 10 worked-example answers + 2 all-4 answers: element sums 38 (U7: 48) over 12.
    expected = (Decimal(38 * 8 + 48) / 12 / 9 * 25).quantize(Decimal("0.01"))
    assert service.nilai == expected
    assert service.penjelasan_sistem["responden"] == 12
    assert values[by_officer.pk].nilai == Decimal(100)
    assert values[response.pk].nilai == Decimal(3)
    assert values[response.pk].penjelasan_sistem["hari_kerja_per_aduan"] == [3]
    assert values[resolved.pk].nilai == Decimal(50)  # 1 of 2 complaints resolved


def test_a_slice_without_data_is_left_alone(personas, layanan, periode):
    bagian = periode.bagian.order_by("nomor").first()
    skp = approved_skp(personas.pegawai_pegawai, periode)
    ind = IndikatorFactory(rhk=skp.rhk.get(), sumber="ikm_layanan", sumber_kode="ktp")
    report = compute_fed_realisations(periode, bagian, by=personas.admin)
    assert report.dilewati == [(ind.pk, "belum ada data pada bagian ini")]
    assert not Realisasi.objects.exists()


def test_closed_period_is_refused(personas, periode):
    periode.status = Periode.Status.DITUTUP
    periode.save()
    with pytest.raises(DomainError):
        compute_fed_realisations(periode, periode.bagian.first(), by=personas.admin)
