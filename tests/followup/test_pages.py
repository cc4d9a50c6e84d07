"""Pages: my results (transparency), objections end to end, plans; permissions; query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.errors import DomainError, NotAllowed
from kinerja.followup import queries, services
from kinerja.followup.models import Keberatan, RencanaPengembangan
from kinerja.scoring import services as scoring
from kinerja.skp.models import Periode
from tests.followup.conftest import B, S, annual, make_team
from tests.scoring.conftest import simple_skp
from tests.skp.factories import PeriodeFactory

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


def test_my_results_show_indicators_behaviour_position_and_what_to_improve(personas, kepala, login):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    make_team(personas, periode, extra=4)
    scoring.close_period(periode, by=personas.admin)
    page = login(personas.pegawai).get("/tindak-lanjut/?periode=2025").content.decode()
    assert "Predikat akhir" in page and "Baik" in page
    assert "urutan ke-6 dari 6" in page  # Siti has the lowest capaian of six
    assert "Ajukan keberatan" in page
    assert "Jumlah dokumen uji" in page  # the indicator
    slice_page = login(personas.pegawai).get("/tindak-lanjut/?periode=2025&bagian=1")
    assert "Berorientasi Pelayanan" in slice_page.content.decode()


def test_small_units_hide_the_position(personas, closed, login):
    page = login(personas.pegawai).get("/tindak-lanjut/?periode=2025").content.decode()
    assert "sedikitnya 5 pegawai" in page


def test_weak_behaviour_values_appear_in_what_to_improve(personas, kepala, login):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    simple_skp(personas.pegawai_pegawai, periode, real=(8, 8, 8, 8),
               perilaku=(B,) + (S,) * 6)  # fmt: skip
    scoring.close_period(periode, by=personas.admin)
    page = login(personas.pegawai).get("/tindak-lanjut/?periode=2025").content.decode()
    improve = page.split("Yang perlu ditingkatkan")[1].split("</section>")[0]
    assert "Jumlah dokumen uji" in improve and "Berorientasi Pelayanan" in improve


def test_an_employee_sees_only_their_own_results(personas, closed, login):
    rina = annual(closed.skp["rina"])
    page = login(personas.pegawai).get("/tindak-lanjut/?periode=2025").content.decode()
    assert personas.rekan_pegawai.nama not in page
    assert (
        login(personas.pegawai).get(f"/tindak-lanjut/keberatan/ajukan/{rina.pk}/").status_code
        == 404
    )  # noqa: E501
    assert (
        login(personas.outsider).get(f"/tindak-lanjut/keberatan/ajukan/{rina.pk}/").status_code
        == 404
    )  # noqa: E501


def test_objection_pages_file_explain_and_decide(personas, closed, login):
    hasil = annual(closed.skp["siti"])
    response = login(personas.pegawai).post(f"/tindak-lanjut/keberatan/ajukan/{hasil.pk}/",
                                            {"alasan": REASON})  # fmt: skip
    k = Keberatan.objects.get()
    assert response.status_code == 302 and response.url == f"/tindak-lanjut/keberatan/{k.pk}/"
    url = f"/tindak-lanjut/keberatan/{k.pk}/"
    assert login(personas.rekan).get(url).status_code == 404
    assert login(personas.outsider).get(url).status_code == 404
    assert "Tetapkan keputusan" not in login(personas.atasan).get(url).content.decode()
    login(personas.atasan).post(url, {"aksi": "jelaskan", "isi": "Realisasi diajukan terlambat."})
    decider = login(closed.kepala_user)
    assert "Tetapkan keputusan" in decider.get(url).content.decode()
    response = decider.post(url, {"aksi": "putus", "putusan": "dikabulkan_sebagian",
                                  "alasan": "Sebagian bukti sah, sebagian tidak.",
                                  "hasil_kerja": "di_atas", "perilaku": "di_atas"})  # fmt: skip
    assert response.status_code == 302
    k.refresh_from_db()
    assert k.putusan == "dikabulkan_sebagian" and k.akhir_predikat == "sangat_baik"
    home = login(personas.pegawai).get("/").content.decode()
    assert "Dikabulkan sebagian" in home
    mine = login(personas.pegawai).get("/tindak-lanjut/?periode=2025").content.decode()
    assert "setelah keberatan" in mine


def test_decider_sees_the_objection_waiting_with_its_deadline_on_home(personas, closed, login):
    services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON)
    home = login(closed.kepala_user).get("/").content.decode()
    assert "keberatan menunggu keputusan Anda" in home and "Siti Pegawai" in home


def test_plans_are_proposed_for_the_low_rated_from_their_weakest_points(personas, kepala):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    simple_skp(
        personas.pegawai_pegawai, periode, real=(8, 8, 8, 8), perilaku=(B,) + (S,) * 6
    )  # work below, one value below: Butuh Perbaikan
    simple_skp(personas.rekan_pegawai, periode, real=(10, 10, 10, 10))  # Baik
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.propose_plans(periode, by=personas.atasan)
    assert services.propose_plans(periode, by=personas.admin) == 1
    assert services.propose_plans(periode, by=personas.admin) == 0
    plan = RencanaPengembangan.objects.get()
    assert plan.pegawai == personas.pegawai_pegawai and plan.predikat == "butuh_perbaikan"
    assert [a["jenis"] for a in plan.usulan] == ["indikator", "perilaku"]
    assert plan.usulan[1]["kode"] == "berorientasi_pelayanan"
    kinds = sorted(plan.kegiatan.values_list("jenis", flat=True))
    assert kinds == ["mentoring", "pelatihan"]
    # the rater agrees it with the employee
    with pytest.raises(NotAllowed):
        services.agree_plan(plan, by=personas.pegawai)
    services.update_plan(plan, by=personas.atasan, tujuan="Capaian dokumen kembali 100%.",
                         kegiatan=[{"jenis": "coaching", "kompetensi": "Penyusunan laporan",
                                    "mulai": "2026-02-01", "selesai": "2026-03-31"}])  # fmt: skip
    services.submit_plan(plan, by=personas.atasan)
    services.agree_plan(plan, by=personas.pegawai)
    assert plan.status == "disepakati"
    later = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    kegiatan = plan.kegiatan.get()
    with pytest.raises(DomainError):
        services.record_progress(kegiatan, by=personas.pegawai,
                                 bagian=periode.bagian.get(nomor=1), status="berjalan")  # fmt: skip
    services.record_progress(kegiatan, by=personas.pegawai, bagian=later.bagian.get(nomor=1),
                             status="selesai", catatan="Coaching tiga sesi.")  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == "selesai"
    needs = queries.training_needs(personas.instansi.pk)
    assert needs == [{"kompetensi": "Penyusunan laporan", "jenis": "coaching", "orang": 1}]


def test_anyone_may_request_a_plan_for_themselves(personas, closed, login):
    response = login(personas.rekan).post("/tindak-lanjut/pengembangan/",
                                          {"periode": "2025", "aksi": "minta"})  # fmt: skip
    plan = RencanaPengembangan.objects.get()
    assert response.url == f"/tindak-lanjut/pengembangan/{plan.pk}/"
    assert plan.sumber == "permintaan" and plan.penilai == personas.atasan_pegawai
    assert login(personas.pegawai).get(response.url).status_code == 404
    assert login(personas.atasan).get(response.url).status_code == 200
    with pytest.raises(NotAllowed):
        services.request_plan(personas.rekan_pegawai, closed.periode, by=personas.pegawai)


def _bigger(personas, n):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2024,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    make_team(personas, periode, extra=n - 2)
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    for h in queries.annual_results(periode):
        services.record_potential(h.skp.pegawai, periode, by=personas.admin,
                                  skor=50 + h.pk % 40)  # fmt: skip
        services.record_award(h.skp.pegawai, periode, by=personas.admin, jenis="piagam",
                              tanggal=date(2025, 2, 1), dasar="SK 1/2025")  # fmt: skip
        services.file_objection(h, by=_user(h.skp.pegawai), alasan=REASON)
    services.propose_plans(periode, by=personas.admin)
    return periode


def _user(pegawai):
    from tests.factories import UserFactory

    return getattr(pegawai, "akun", None) or UserFactory(pegawai=pegawai)


LIST_PAGES = [
    ("admin", "/tindak-lanjut/penghargaan/?periode=2024"),
    ("admin", "/tindak-lanjut/talenta/?periode=2024"),
    ("admin", "/tindak-lanjut/talenta/kotak/5/?periode=2024"),
    ("admin", "/tindak-lanjut/talenta/potensi/?periode=2024"),
    ("admin", "/tindak-lanjut/keberatan/"),
    ("admin", "/tindak-lanjut/pengembangan/?periode=2024"),
    ("kepala", "/tindak-lanjut/keberatan/"),
]


@pytest.mark.parametrize(("who", "url"), LIST_PAGES)
def test_list_pages_run_a_constant_number_of_queries(personas, kepala, client, who, url):
    """3 rows and 30 rows: the same number of queries (everything joined or grouped)."""
    client.force_login(personas.admin if who == "admin" else kepala[1])
    periode = _bigger(personas, 3)
    counts = []
    for grow in (27, 0):
        client.get(url)  # warm the per-process caches (content types, roles)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
        if grow:
            _grow(personas, periode, grow)
    assert counts[0] == counts[1], counts


def _grow(personas, periode, n):
    """Add n more closed results to the same period (reopened only to add, then re-closed)."""
    from kinerja.scoring.models import PenutupanPeriode

    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
    PenutupanPeriode.objects.filter(periode=periode).delete()
    periode.refresh_from_db()
    before = set(queries.annual_results(periode).values_list("pk", flat=True))
    from tests.factories import PegawaiFactory

    for _ in range(n):
        p = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                           atasan=personas.atasan_pegawai)  # fmt: skip
        simple_skp(p, periode, real=(12, 12, 12, 12), perilaku=("di_atas",) * 4 + (S,) * 3)
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    for h in queries.annual_results(periode).exclude(pk__in=before):
        services.record_potential(h.skp.pegawai, periode, by=personas.admin, skor="65")
        services.record_award(h.skp.pegawai, periode, by=personas.admin, jenis="piagam",
                              tanggal=date(2025, 2, 1), dasar="SK 1/2025")  # fmt: skip
        services.file_objection(h, by=_user(h.skp.pegawai), alasan=REASON)
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.DITUTUP)
