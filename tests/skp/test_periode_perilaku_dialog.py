"""Periods, behaviour ratings with 360 input, and the performance dialogue."""

from datetime import date

import pytest

from kinerja.core.models import AuditEntry
from kinerja.skp import services
from kinerja.skp.models import BagianPeriode, DialogKinerja, Masukan360, Periode
from kinerja.skp.queries import aggregate_360
from tests.factories import PegawaiFactory, UserFactory
from tests.skp.factories import ALL_SESUAI, approved_skp


@pytest.mark.parametrize(
    ("kadens", "slices", "last_start"),
    [
        ("bulanan", 12, date(2027, 12, 1)),
        ("triwulanan", 4, date(2027, 10, 1)),
        ("semesteran", 2, date(2027, 7, 1)),
    ],
)
def test_hr_opens_a_period_with_slices_from_the_cadence(personas, kadens, slices, last_start):
    periode = services.create_periode(
        personas.instansi, tahun=2027, kadens=kadens, by=personas.admin
    )
    bagian = list(BagianPeriode.objects.filter(periode=periode).order_by("nomor"))
    assert len(bagian) == slices
    assert bagian[-1].mulai == last_start and bagian[-1].selesai == date(2027, 12, 31)
    assert periode.parameter == {"batas_atas": "110", "batas_bawah": "90", "batas_capaian": "120"}


def test_only_hr_opens_a_period(personas):
    with pytest.raises(services.NotAllowed):
        services.create_periode(personas.instansi, tahun=2027, by=personas.atasan)


def test_a_year_is_opened_once(personas, periode):
    with pytest.raises(services.DomainError, match="sudah ada"):
        services.create_periode(personas.instansi, tahun=periode.tahun, by=personas.admin)


def test_parameters_editable_only_while_planning(personas):
    periode = services.create_periode(personas.instansi, tahun=2027, by=personas.admin)
    services.set_parameter(
        periode, parameter={"batas_atas": "105"}, by=personas.admin, version=periode.version
    )
    assert periode.parameter["batas_atas"] == "105"
    with pytest.raises(services.DomainError, match="Batas bawah"):
        services.set_parameter(
            periode, parameter={"batas_bawah": "120"}, by=personas.admin, version=periode.version
        )
    services.move_stage(periode, to="pelaksanaan", by=personas.admin, version=periode.version)
    with pytest.raises(services.DomainError, match="tahap perencanaan"):
        services.set_parameter(
            periode, parameter={"batas_atas": "111"}, by=personas.admin, version=periode.version
        )


def test_stages_move_forward_one_at_a_time_and_closed_is_final(personas):
    periode = services.create_periode(personas.instansi, tahun=2027, by=personas.admin)
    with pytest.raises(services.DomainError, match="hanya dapat maju"):
        services.move_stage(periode, to="penilaian", by=personas.admin, version=periode.version)
    for stage in ("pelaksanaan", "penilaian"):
        services.move_stage(periode, to=stage, by=personas.admin, version=periode.version,
                            today=date(2028, 1, 5))  # fmt: skip
    with pytest.raises(services.DomainError, match="Penutupan periode"):
        services.move_stage(periode, to="ditutup", by=personas.admin, version=periode.version)
    assert Periode.objects.get(pk=periode.pk).status == "penilaian"
    Periode.objects.filter(pk=periode.pk).update(status="ditutup")  # as the scoring close does
    periode.refresh_from_db()
    with pytest.raises(services.PeriodClosed):
        services.set_tenggat(
            periode, by=personas.admin, version=periode.version, tenggat_penilaian=date(2028, 1, 31)
        )
    assert AuditEntry.objects.filter(action="periode.pindah_tahap").count() == 2


@pytest.fixture
def skp(personas, periode):
    return approved_skp(personas.pegawai_pegawai, periode)


@pytest.fixture
def bagian(periode):
    return periode.bagian.get(nomor=1)


def test_rater_rates_behaviour_and_below_needs_a_note(personas, skp, bagian):
    with pytest.raises(services.DomainError, match="wajib disertai catatan"):
        services.rate_perilaku(
            skp, bagian=bagian, nilai={**ALL_SESUAI, "loyal": "di_bawah"}, by=personas.atasan
        )
    row = services.rate_perilaku(
        skp,
        bagian=bagian,
        nilai={**ALL_SESUAI, "loyal": "di_bawah"},
        catatan={"loyal": "Sering absen rapat"},
        by=personas.atasan,
    )
    assert row.loyal == "di_bawah" and row.catatan_loyal == "Sering absen rapat"
    assert AuditEntry.objects.filter(action="perilaku.nilai").exists()


def test_behaviour_rating_needs_every_value(personas, skp, bagian):
    values = {**ALL_SESUAI}
    del values["adaptif"]
    with pytest.raises(services.DomainError, match="Adaptif"):
        services.rate_perilaku(skp, bagian=bagian, nilai=values, by=personas.atasan)


@pytest.mark.parametrize("who", ["pegawai", "rekan", "admin"])
def test_only_the_rater_rates_behaviour(personas, skp, bagian, who):
    with pytest.raises(services.NotAllowed):
        services.rate_perilaku(skp, bagian=bagian, nilai=ALL_SESUAI, by=getattr(personas, who))


def test_behaviour_rating_conflict(personas, skp, bagian):
    row = services.rate_perilaku(skp, bagian=bagian, nilai=ALL_SESUAI, by=personas.atasan)
    stale = row.version
    services.rate_perilaku(
        skp,
        bagian=bagian,
        nilai={**ALL_SESUAI, "adaptif": "di_atas"},
        by=personas.atasan,
        version=stale,
    )
    with pytest.raises(services.VersionConflict):
        services.rate_perilaku(
            skp, bagian=bagian, nilai=ALL_SESUAI, by=personas.atasan, version=stale
        )


def test_360_answers_are_anonymous_and_shown_from_three(personas, skp, bagian):
    peers = [
        PegawaiFactory(instansi=personas.instansi, atasan=personas.atasan_pegawai) for _ in range(2)
    ] + [personas.rekan_pegawai]
    users = [UserFactory(pegawai=p) for p in peers[:2]] + [personas.rekan]
    assert services.request_360(skp, bagian=bagian, responden=peers, by=personas.atasan) == 3
    for i, (user, request) in enumerate(
        zip(users, skp.permintaan_360.order_by("pk"), strict=False)
    ):
        request = skp.permintaan_360.get(responden_id=user.pegawai_id)
        services.answer_360(
            request, nilai={**ALL_SESUAI, "harmonis": "di_atas"}, by=user, catatan=f"catatan {i}"
        )
        if i == 1:
            assert aggregate_360(skp, bagian) == {"jumlah": 2, "cukup": False}
    summary = aggregate_360(skp, bagian)
    assert summary["jumlah"] == 3 and summary["nilai"]["harmonis"]["di_atas"] == 3
    assert not hasattr(Masukan360, "responden")
    with pytest.raises(services.DomainError, match="sudah Anda kirim"):
        services.answer_360(
            skp.permintaan_360.get(responden=personas.rekan_pegawai),
            nilai=ALL_SESUAI,
            by=personas.rekan,
        )


def test_360_cannot_be_answered_for_someone_else(personas, skp, bagian):
    services.request_360(skp, bagian=bagian, responden=[personas.rekan_pegawai], by=personas.atasan)
    with pytest.raises(services.NotAllowed):
        services.answer_360(skp.permintaan_360.get(), nilai=ALL_SESUAI, by=personas.pegawai)


def test_dialogue_read_receipts(personas, skp, bagian):
    services.post_message(skp, bagian=bagian, isi="Mohon arahan target Q1", by=personas.pegawai)
    services.post_message(
        skp, bagian=bagian, isi="Fokus pada laporan", by=personas.atasan, jenis="umpan_balik"
    )
    assert services.mark_read(skp, bagian=bagian, by=personas.atasan) == 1
    assert services.mark_read(skp, bagian=bagian, by=personas.admin) == 0
    unread = DialogKinerja.objects.filter(dibaca_pada__isnull=True).get()
    assert unread.isi == "Fokus pada laporan"
    assert AuditEntry.objects.filter(action="dialog.umpan_balik").exists()


def test_feedback_is_written_by_the_rater_only(personas, skp, bagian):
    with pytest.raises(services.NotAllowed):
        services.post_message(skp, bagian=bagian, isi="x", by=personas.pegawai, jenis="umpan_balik")
    with pytest.raises(services.NotAllowed):
        services.post_message(skp, bagian=bagian, isi="x", by=personas.rekan)
