"""SKP pages: what each persona sees, one-click actions, tenancy, and query counts."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.skp import services
from kinerja.skp.models import Realisasi, Skp
from tests.factories import PegawaiFactory, UserFactory
from tests.skp.factories import (
    ALL_SESUAI,
    PDF,
    IndikatorFactory,
    PerilakuFactory,
    RealisasiFactory,
    RhkFactory,
    approved_skp,
)


@pytest.fixture
def skp(personas, periode, atasan_skp):
    return approved_skp(personas.pegawai_pegawai, periode, intervensi=atasan_skp.rhk.get())


@pytest.fixture
def realisasi(skp):
    return RealisasiFactory(indikator=skp.rhk.get().indikator.get())


def object_urls(skp, realisasi, bukti):
    ind = skp.rhk.get().indikator.get()
    return [
        ("get", reverse("skp_detail", args=[skp.pk])),
        ("get", reverse("skp_bagian", args=[skp.pk, 1])),
        ("get", reverse("skp_perilaku", args=[skp.pk, 1])),
        ("get", reverse("skp_dialog", args=[skp.pk, 1])),
        ("get", reverse("skp_bukti", args=[bukti.pk])),
        ("post", reverse("skp_rhk_add", args=[skp.pk])),
        ("post", reverse("skp_rhk_edit", args=[skp.rhk.get().pk])),
        ("post", reverse("skp_indikator_add", args=[skp.rhk.get().pk])),
        ("post", reverse("skp_indikator_edit", args=[ind.pk])),
        ("post", reverse("skp_transition", args=[skp.pk, "setujui"])),
        ("post", reverse("skp_bagian_simpan", args=[skp.pk, 1])),
        ("post", reverse("skp_bagian_verifikasi", args=[skp.pk, 1])),
        ("get", reverse("skp_bukti_lihat", args=[bukti.pk])),
        ("post", reverse("skp_bukti_hapus", args=[bukti.pk])),
        ("post", reverse("skp_dialog", args=[skp.pk, 1])),
        ("get", reverse("skp_periode", args=[skp.periode_id])),
    ]


@pytest.fixture
def bukti(realisasi):
    from kinerja.skp.models import BuktiDukung

    return BuktiDukung.objects.create(
        instansi=realisasi.instansi,
        realisasi=realisasi,
        nama="tautan",
        tautan="https://example.id/a",
    )


def test_outsider_gets_404_for_every_object_url(personas, login, skp, realisasi, bukti):
    client = login(personas.outsider)
    assert object_urls(skp, realisasi, bukti)
    for method, url in object_urls(skp, realisasi, bukti):
        if url.startswith("/skp/periode/"):
            continue  # outsider has no HR role: 403 before lookup, tested below
        response = getattr(client, method)(url)
        assert response.status_code == 404, url


def test_hr_of_another_agency_gets_404_for_the_period(personas, login, periode):
    other_admin = UserFactory(instansi=personas.outsider.instansi, is_admin_kepegawaian=True)
    response = login(other_admin).get(reverse("skp_periode", args=[periode.pk]))
    assert response.status_code == 404


def test_colleague_gets_404_for_someone_elses_skp(personas, login, skp, realisasi, bukti):
    client = login(personas.rekan)
    assert object_urls(skp, realisasi, bukti)[:-1]
    for method, url in object_urls(skp, realisasi, bukti)[:-1]:
        assert getattr(client, method)(url).status_code == 404, url


@pytest.mark.parametrize("who", ["pegawai", "atasan", "admin", "pimpinan", "auditor"])
def test_owner_rater_and_agency_roles_can_read_the_skp(personas, login, skp, who):
    response = login(getattr(personas, who)).get(reverse("skp_detail", args=[skp.pk]))
    assert response.status_code == 200
    assert "Tersusunnya laporan uji" in response.content.decode()


def test_indirect_supervisor_reads_but_cannot_approve(personas, login, periode):
    staff = PegawaiFactory(instansi=personas.instansi, atasan=personas.pegawai_pegawai)
    staff_skp = approved_skp(staff, periode)
    staff_skp.status = Skp.Status.DIAJUKAN
    staff_skp.save()
    client = login(personas.atasan)
    page = client.get(reverse("skp_detail", args=[staff_skp.pk])).content.decode()
    assert "Setujui" not in page
    client.post(
        reverse("skp_transition", args=[staff_skp.pk, "setujui"]), {"version": staff_skp.version}
    )
    staff_skp.refresh_from_db()
    assert staff_skp.status == Skp.Status.DIAJUKAN


def test_skp_saya_offers_a_new_skp_and_creates_it(personas, login, periode, atasan_skp):
    client = login(personas.pegawai)
    page = client.get(reverse("skp_saya")).content.decode()
    assert "Susun SKP baru" in page
    response = client.post(reverse("skp_create", args=[periode.pk]))
    skp = Skp.objects.get(pegawai=personas.pegawai_pegawai)
    assert response["Location"] == reverse("skp_detail", args=[skp.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Meningkatnya cakupan layanan kesehatan" in page  # the rater's RHK to pick from


def test_employee_adds_rhk_and_indicator_through_the_page(personas, login, draft, atasan_skp):
    client = login(personas.pegawai)
    client.post(
        reverse("skp_rhk_add", args=[draft.pk]),
        {
            "uraian": "Terlaksananya imunisasi",
            "jenis": "utama",
            "intervensi": atasan_skp.rhk.get().pk,
        },
    )
    rhk = draft.rhk.get()
    response = client.post(
        reverse("skp_indikator_add", args=[rhk.pk]),
        {"uraian": "Cakupan", "target": "0", "satuan": "%"},
        follow=True,
    )
    assert "Target tidak boleh 0" in response.content.decode()
    client.post(
        reverse("skp_indikator_add", args=[rhk.pk]),
        {
            "uraian": "Cakupan",
            "target": "95",
            "satuan": "%",
            "aspek": "kuantitas",
            "arah": "naik",
            "sumber": "manual",
        },
    )
    assert rhk.indikator.get().target == 95


def test_stale_form_shows_the_conflict_message(personas, login, draft):
    client = login(personas.pegawai)
    client.post(
        reverse("skp_lampiran", args=[draft.pk]), {"version": draft.version, "konsekuensi": "A"}
    )
    response = client.post(
        reverse("skp_lampiran", args=[draft.pk]),
        {"version": draft.version, "konsekuensi": "B"},
        follow=True,
    )
    assert "sudah diubah orang lain" in response.content.decode()
    draft.refresh_from_db()
    assert draft.konsekuensi == "A"


def test_employee_uploads_evidence_and_rater_verifies(personas, login, skp):
    ind = skp.rhk.get().indikator.get()
    client = login(personas.pegawai)
    client.post(
        reverse("skp_bagian_simpan", args=[skp.pk, 1]),
        {
            f"nilai-{ind.pk}": "3",
            f"catatan-{ind.pk}": "Tiga laporan",
            "aksi": "ajukan",
            f"berkas-{ind.pk}": SimpleUploadedFile("laporan.pdf", PDF),
        },
    )
    realisasi = Realisasi.objects.get()
    assert realisasi.status == "diajukan" and realisasi.bukti.get().nama == "laporan.pdf"
    download = client.get(reverse("skp_bukti", args=[realisasi.bukti.get().pk]))
    assert b"".join(download.streaming_content) == PDF
    rater = login(personas.atasan)
    page = rater.get(reverse("skp_bagian", args=[skp.pk, 1])).content.decode()
    assert "laporan.pdf" in page and "Verifikasi terpilih" in page
    rater.post(
        reverse("skp_bagian_verifikasi", args=[skp.pk, 1]),
        {"aksi": "verifikasi", "pilih": [realisasi.pk], f"versi-{realisasi.pk}": realisasi.version},
    )
    realisasi.refresh_from_db()
    assert realisasi.status == "diverifikasi"


def test_bad_upload_is_reported_on_the_page(personas, login, skp):
    ind = skp.rhk.get().indikator.get()
    response = login(personas.pegawai).post(
        reverse("skp_bagian_simpan", args=[skp.pk, 1]),
        {f"nilai-{ind.pk}": "3", f"berkas-{ind.pk}": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert response.status_code == 400
    assert "tidak diterima" in response.content.decode()
    assert not Realisasi.objects.exists()  # the whole save is atomic with its evidence


def _team(personas, periode, atasan_skp, size):
    for n in range(size):
        p = PegawaiFactory(
            instansi=personas.instansi,
            atasan=personas.atasan_pegawai,
            unit=personas.pegawai_pegawai.unit,
        )
        s = approved_skp(p, periode, indicators=2, intervensi=atasan_skp.rhk.get())
        ind = s.rhk.get().indikator.first()
        RealisasiFactory(indikator=ind)
        if n % 2:
            PerilakuFactory(skp=s)


@pytest.mark.parametrize("size", [3, 30])
def test_tim_saya_runs_a_constant_number_of_queries(
    personas, login, periode, atasan_skp, size, django_assert_num_queries
):
    _team(personas, periode, atasan_skp, size)
    client = login(personas.atasan)
    url = reverse("skp_tim") + "?bagian=1"
    client.get(url)
    # session, user, roles, periode, slices, the rater; the team: people, SKPs, indicators,
    # realisations, behaviour, unread messages (one query each, whatever the team size)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count('id="tim-') == size + 2  # + the two personas


def test_tim_saya_shows_status_and_one_click_approve(personas, login, periode, atasan_skp, draft):
    IndikatorFactory(rhk=RhkFactory(skp=draft, intervensi=atasan_skp.rhk.get()))
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    client = login(personas.atasan)
    page = client.get(reverse("skp_tim")).content.decode()
    assert "Setujui SKP" in page and 'hx-post="' in page
    # a plan not yet approved has nothing to verify: no "0/1" beside it
    cell = page[page.index('data-label="Terverifikasi"') :]
    assert cell[: cell.index("</td>")].endswith(">—")
    response = client.post(
        reverse("skp_tim_action", args=[draft.pk, 1, "setujui"]),
        {"version": draft.version},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert fragment.startswith("<tr") and "Disetujui" in fragment
    assert "SKP Siti Pegawai disetujui." in fragment
    draft.refresh_from_db()
    assert draft.status == "disetujui"


def test_tim_saya_one_click_verifies_a_slice(personas, login, skp, realisasi):
    client = login(personas.atasan)
    response = client.post(
        reverse("skp_tim_action", args=[skp.pk, 1, "verifikasi"]), HTTP_HX_REQUEST="true"
    )
    assert "1 realisasi Siti Pegawai diverifikasi." in response.content.decode()
    realisasi.refresh_from_db()
    assert realisasi.status == "diverifikasi"


def test_employee_cannot_open_tim_saya(personas, login, periode):
    assert login(personas.pegawai).get(reverse("skp_tim")).status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_hr_period_page_runs_a_constant_number_of_queries(
    personas, login, periode, atasan_skp, size, django_assert_num_queries
):
    import datetime

    periode.tenggat_perencanaan = datetime.date(2026, 1, 31)
    periode.save()
    _team(personas, periode, atasan_skp, size)
    client = login(personas.admin)
    url = reverse("skp_periode", args=[periode.pk])
    client.get(url)
    cache.clear()  # the report itself is cached by data version: count the first reading
    # 15 (17 at first): the page's own reads (the period's last slice, to tell whether moving
    # the stage now would be early; the data version), the slices once, units, two plan
    # counts and per late list one count of those on time per unit (the late ones are the
    # rest), the current slice's realisations, one query per late list with rows (its first
    # rows, from the first units that hold them) and, for the SKPs waiting for their rater,
    # one for the count and first ids (none wait here).
    with django_assert_num_queries(15):
        response = client.get(url)
    assert "Status SKP per unit" in response.content.decode()


def test_hr_period_page_is_read_from_the_cache_until_the_data_moves(
    personas, login, periode, atasan_skp, django_assert_max_num_queries
):
    from kinerja.core import audit

    _team(personas, periode, atasan_skp, 3)
    client = login(personas.admin)
    url = reverse("skp_periode", args=[periode.pk])
    first = client.get(url).context["report"]
    with django_assert_max_num_queries(8):
        again = client.get(url).context["report"]
    assert again.total.disetujui == first.total.disetujui == 4
    skp = Skp.objects.filter(periode=periode).exclude(pk=atasan_skp.pk).first()
    Skp.objects.filter(pk=skp.pk).update(status=Skp.Status.DRAF, disetujui_pada=None)
    audit.record(personas.instansi, actor=personas.admin, action="skp.uji", obj=skp)
    moved = client.get(url).context["report"]  # the change is audited: the figures move
    assert moved.total.disetujui == 3
    PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit)
    grown = client.get(url).context["report"]  # a row inserted without audit moves them too
    assert grown.total.pegawai == moved.total.pegawai + 1


def test_hr_period_page_lists_who_is_late(personas, login, periode, atasan_skp):
    import datetime

    periode.tenggat_perencanaan = datetime.date(2026, 1, 31)
    periode.save()
    page = login(personas.admin).get(reverse("skp_periode", args=[periode.pk])).content.decode()
    assert "SKP belum disetujui setelah tenggat perencanaan: 2" in page
    assert "Siti Pegawai" in page


def test_hr_opens_and_moves_a_period(personas, login):
    client = login(personas.admin)
    response = client.post(
        reverse("skp_periode_list"),
        {"tahun": "2030", "skema": "permenpanrb-6-2022", "kadens": "semesteran"},
    )
    from kinerja.skp.models import Periode

    periode = Periode.objects.get(tahun=2030)
    assert response["Location"] == reverse("skp_periode", args=[periode.pk])
    assert periode.bagian.count() == 2
    client.post(
        reverse("skp_periode_update", args=[periode.pk, "tahap"]),
        {"ke": "pelaksanaan", "version": periode.version},
    )
    periode.refresh_from_db()
    assert periode.status == "pelaksanaan"


def test_pimpinan_reads_the_period_page_but_cannot_open_periods(personas, login, periode):
    client = login(personas.pimpinan)
    assert client.get(reverse("skp_periode", args=[periode.pk])).status_code == 200
    assert client.post(reverse("skp_periode_list"), {"tahun": "2031"}).status_code == 403


def test_closed_period_page_is_read_only(personas, login, draft, periode):
    periode.status = "ditutup"
    periode.save()
    page = login(personas.pegawai).get(reverse("skp_detail", args=[draft.pk])).content.decode()
    assert "hanya dapat dibaca" in page
    assert "Ajukan kepada penilai" not in page and "Tambah RHK" not in page


def test_home_shows_what_waits_for_the_rater(personas, login, skp, realisasi):
    page = login(personas.atasan).get(reverse("home")).content.decode()
    assert "Menunggu saya" in page
    assert "1 realisasi Siti Pegawai (bagian 1) menunggu verifikasi" in page


def test_home_work_list_constant_queries(
    personas, login, periode, atasan_skp, django_assert_num_queries
):
    _team(personas, periode, atasan_skp, 5)
    client = login(personas.atasan)
    client.get(reverse("skp_menunggu"))
    with django_assert_num_queries(10):
        client.get(reverse("skp_menunggu"))


def test_cascade_tree_marks_supervisor_results_nobody_carries(personas, login, skp, atasan_skp):
    RhkFactory(skp=atasan_skp, uraian="Menurunnya angka stunting")
    page = (
        login(personas.atasan)
        .get(reverse("skp_kaskade", args=[personas.pegawai_pegawai.unit_id]) + "?periode=2026")
        .content.decode()
    )
    assert "Menurunnya angka stunting" in page and "belum diturunkan" in page
    assert page.count("belum diturunkan") == 1  # carried RHK and staff RHK are not flagged


def test_dialogue_page_marks_messages_read(personas, login, skp):
    services.post_message(
        skp, bagian=skp.periode.bagian.get(nomor=1), isi="Halo", by=personas.pegawai
    )
    login(personas.atasan).get(reverse("skp_dialog", args=[skp.pk, 1]))
    assert skp.dialog.get().dibaca_pada is not None


def test_rater_rates_behaviour_on_the_page_and_employee_sees_it(personas, login, skp):
    rater = login(personas.atasan)
    assert (
        "Minta masukan kepada rekan"
        in rater.get(reverse("skp_perilaku", args=[skp.pk, 1])).content.decode()
    )
    rater.post(reverse("skp_perilaku", args=[skp.pk, 1]), {**ALL_SESUAI, "adaptif": "di_atas"})
    page = login(personas.pegawai).get(reverse("skp_perilaku", args=[skp.pk, 1])).content.decode()
    assert "Di Atas Ekspektasi" in page and "Simpan penilaian perilaku" not in page


def test_360_request_reaches_the_peer_and_is_answered(personas, login, skp):
    login(personas.atasan).post(
        reverse("skp_minta_360", args=[skp.pk, 1]), {"responden": [personas.rekan_pegawai.pk]}
    )
    client = login(personas.rekan)
    home = client.get(reverse("home")).content.decode()
    assert "Beri masukan perilaku untuk Siti Pegawai" in home
    request_pk = skp.permintaan_360.get().pk
    assert client.get(reverse("skp_jawab_360", args=[request_pk])).status_code == 200
    client.post(reverse("skp_jawab_360", args=[request_pk]), ALL_SESUAI)
    assert skp.masukan_360.count() == 1
    assert (
        login(personas.pegawai).get(reverse("skp_jawab_360", args=[request_pk])).status_code == 404
    )


@pytest.mark.parametrize("size", [3, 30])
def test_cascade_page_runs_a_constant_number_of_queries(
    personas, login, periode, atasan_skp, size, django_assert_num_queries
):
    _team(personas, periode, atasan_skp, size)
    client = login(personas.admin)
    url = reverse("skp_kaskade", args=[personas.pegawai_pegawai.unit_id]) + "?periode=2026"
    client.get(url)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("Tersusunnya laporan uji") == size


@pytest.mark.parametrize("size", [1, 12])
def test_slice_page_runs_a_constant_number_of_queries(
    personas, login, periode, size, django_assert_num_queries
):
    skp = approved_skp(personas.pegawai_pegawai, periode, indicators=size)
    for ind in skp.rhk.get().indikator.all():
        RealisasiFactory(indikator=ind)
    client = login(personas.pegawai)
    url = reverse("skp_bagian", args=[skp.pk, 1])
    client.get(url)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.content.decode().count('class="indikator"') == size


@pytest.mark.parametrize("years", [1, 4])
def test_skp_saya_and_period_list_run_a_constant_number_of_queries(
    personas, login, years, django_assert_num_queries
):
    from tests.skp.factories import PeriodeFactory, SkpFactory

    for n in range(years):
        p = PeriodeFactory(instansi=personas.instansi, tahun=2020 + n)
        SkpFactory(pegawai=personas.pegawai_pegawai, periode=p)
    client = login(personas.pegawai)
    client.get(reverse("skp_saya"))
    with django_assert_num_queries(6):
        response = client.get(reverse("skp_saya"))
    assert response.content.decode().count("SKP 202") == years
    admin = login(personas.admin)
    admin.get(reverse("skp_periode_list"))
    with django_assert_num_queries(3):
        admin.get(reverse("skp_periode_list"))


def test_hr_period_page_rolls_units_up_and_drills_down(personas, login, periode):
    from tests.factories import UnitFactory

    dinas = personas.pegawai_pegawai.unit
    bidang = UnitFactory(
        instansi=personas.instansi, induk=dinas, kode="DINKES.1", nama="Bidang Pelayanan"
    )
    seksi = UnitFactory(
        instansi=personas.instansi, induk=bidang, kode="DINKES.1.1", nama="Seksi Imunisasi"
    )
    for _ in range(3):
        PegawaiFactory(instansi=personas.instansi, unit=seksi, atasan=personas.atasan_pegawai)
    client = login(personas.admin)
    url = reverse("skp_periode", args=[periode.pk])
    page = client.get(f"{url}?unit={dinas.pk}").content.decode()
    assert "Bidang Pelayanan" in page and "Seksi Imunisasi" not in page
    assert "pegawai langsung" in page  # the three personas of Dinas Kesehatan itself
    deeper = client.get(f"{url}?unit={bidang.pk}").content.decode()
    assert "Seksi Imunisasi" in deeper and "Dinas Kesehatan</a> ›" in deeper
    from kinerja.skp.queries import period_report

    report = period_report(periode, today=periode.bagian.first().mulai, unit_id=dinas.pk)
    assert [(u.nama, u.pegawai) for u in report.units] == [
        ("Dinas Kesehatan", 3),
        ("Bidang Pelayanan", 3),
    ]


def test_the_indicator_form_refuses_an_ikm_indicator_that_would_be_summed(
    personas, login, draft, atasan_skp
):
    rhk = services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=atasan_skp.rhk.get())
    fields = {"uraian": "IKM layanan KTP", "target": "80", "satuan": "nilai IKM", "arah": "naik",
              "sumber": "ikm_layanan", "sumber_kode": "LAY-KTP", "bobot": "1"}  # fmt: skip
    client = login(personas.pegawai)
    url = reverse("skp_indikator_add", args=[rhk.pk])
    page = client.post(url, fields | {"aspek": "kuantitas"}, follow=True).content.decode()
    assert "tidak boleh memakai aspek Kuantitas" in page and "Pilih aspek Kualitas" in page
    assert not rhk.indikator.exists()
    client.post(url, fields | {"aspek": "kualitas"})
    assert rhk.indikator.get().aspek == "kualitas"
