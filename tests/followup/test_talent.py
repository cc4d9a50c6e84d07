"""The 9-box grid (spec §6): placement at the box edges, potential import, the pages."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kinerja.core.errors import NotAllowed
from kinerja.core.spreadsheet import read_table
from kinerja.followup import queries, services
from kinerja.followup.models import NilaiPotensi
from tests.factories import PegawaiFactory
from tests.followup.conftest import annual


@pytest.mark.parametrize(
    ("score", "expected"),
    [("59.99", "rendah"), ("60", "menengah"), ("79.99", "menengah"), ("80", "tinggi"),
     ("0", "rendah"), ("100", "tinggi")],
)  # fmt: skip
def test_potential_category_at_the_default_edges(personas, closed, score, expected):
    pengaturan = queries.settings_for(closed.periode)
    assert queries.potential_of(Decimal(score), pengaturan) == expected
    services.record_potential(personas.pegawai_pegawai, closed.periode, by=personas.admin,
                              skor=score)  # fmt: skip
    row = queries.talent_results(closed.periode).get(skp__pegawai=personas.pegawai_pegawai)
    assert row.potensi == expected


def test_boxes_follow_the_spec_table(personas, closed):
    # Siti: sesuai (capaian 100%); Rina: di atas (120%)
    services.record_potential(personas.pegawai_pegawai, closed.periode, by=personas.admin,
                              skor="80")  # fmt: skip
    services.record_potential(personas.rekan_pegawai, closed.periode, by=personas.admin,
                              skor="59.99")  # fmt: skip
    grid = queries.talent_grid(closed.periode)
    assert grid.counts == {8: 1, 4: 1}
    assert [h.skp.pegawai for h in queries.box_people(closed.periode, 8)] == [
        personas.pegawai_pegawai
    ]
    assert queries.box_label(9).startswith("Kotak 9: kinerja di atas ekspektasi, potensial tinggi")
    assert [[c[0] for c in row] for row in grid.rows] == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]


def test_thresholds_are_agency_policy_per_period(personas, closed):
    services.set_period_settings(closed.periode, by=personas.admin, potensi_menengah="50",
                                 potensi_tinggi="70")  # fmt: skip
    services.record_potential(personas.pegawai_pegawai, closed.periode, by=personas.admin,
                              skor="70")  # fmt: skip
    assert queries.talent_grid(closed.periode).counts == {8: 1}


def test_potential_import_with_a_bad_row_writes_nothing(personas, closed):
    good = personas.pegawai_pegawai.nip
    content = (f"nip;skor\n{good};85\n123;70\n{personas.rekan_pegawai.nip};101\n"
               f"{personas.outsider_pegawai.nip};50\n").encode()  # fmt: skip
    result = services.import_potential(closed.periode, by=personas.admin, name="p.csv",
                                       content=content)  # fmt: skip
    assert not result.berhasil and not NilaiPotensi.objects.exists()
    assert result.galat[0].startswith("baris 3: kolom nip")
    assert result.galat[1].startswith("baris 4: kolom skor")
    assert result.galat[2].startswith("baris 5: kolom nip")


def test_potential_import_from_xlsx_writes_every_row(personas, closed):
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Skor", "tanggal_asesmen"])
    sheet.append([personas.pegawai_pegawai.nip, 85.5, "2026-01-10"])
    sheet.append([personas.rekan_pegawai.nip, "62,5", None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = services.import_potential(closed.periode, by=personas.admin, name="p.xlsx",
                                       content=buffer.getvalue())  # fmt: skip
    assert result.berhasil and result.jumlah == 2
    assert NilaiPotensi.objects.get(pegawai=personas.rekan_pegawai).skor == Decimal("62.50")
    with pytest.raises(NotAllowed):
        services.import_potential(closed.periode, by=personas.pimpinan, name="p.xlsx",
                                  content=buffer.getvalue())  # fmt: skip


def test_grid_and_candidates_are_for_hr_and_pimpinan_only(personas, closed, login):
    for url in (
        "/tindak-lanjut/talenta/",
        "/tindak-lanjut/penghargaan/",
        "/tindak-lanjut/talenta/kotak/5/",
        "/tindak-lanjut/talenta/talenta.xlsx",
    ):
        for user in (personas.pegawai, personas.atasan, closed.kepala_user, personas.auditor):
            assert login(user).get(url).status_code == 403, (url, user)
        assert login(personas.admin).get(url).status_code == 200
        assert login(personas.pimpinan).get(url).status_code == 200
    assert login(personas.outsider).get("/tindak-lanjut/talenta/").status_code == 403


def test_clicking_a_box_lists_its_people_and_the_export_opens(personas, closed, login):
    services.record_potential(personas.pegawai_pegawai, closed.periode, by=personas.admin,
                              skor="65")  # fmt: skip
    client = login(personas.admin)
    page = client.get("/tindak-lanjut/talenta/")
    assert 'data-box="5">1<' in page.content.decode()
    part = client.get("/tindak-lanjut/talenta/kotak/5/", headers={"HX-Request": "true"})
    assert personas.pegawai_pegawai.nama in part.content.decode()
    assert "<html" not in part.content.decode()
    people = read_table(client.get("/tindak-lanjut/talenta/talenta.xlsx").content, "Pegawai")
    assert people[1][0] == 5 and people[1][1] == personas.pegawai_pegawai.nip
    assert annual(closed.skp["siti"]).capaian_bulat == Decimal("100.00")


def _team(personas, closed_periode, n):
    for k in range(n):
        p = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit)
        NilaiPotensi.objects.create(instansi=personas.instansi, periode=closed_periode,
                                    pegawai=p, skor=50 + k)  # fmt: skip


def test_the_potential_upload_runs_as_a_job_and_shows_every_bad_row(personas, closed, login):
    from django.urls import reverse

    from kinerja.core.models import PekerjaanLatar

    client = login(personas.admin)
    url = f"/tindak-lanjut/talenta/potensi/?periode={closed.periode.tahun}"
    bad = f"nip;skor\n{personas.pegawai_pegawai.nip};85\n123;70\n".encode()
    form = {"periode": closed.periode.tahun, "berkas": SimpleUploadedFile("p.csv", bad)}
    response = client.post(url, form, follow=True)
    job = PekerjaanLatar.objects.get()
    assert response.redirect_chain == [(reverse("pekerjaan", args=[job.pk]), 302)]
    page = response.content.decode()
    assert "Impor dibatalkan: tidak ada data yang disimpan" in page
    assert "baris 3: kolom nip: NIP 123 tidak ditemukan di instansi ini" in page
    assert "Dibatalkan" in page and not NilaiPotensi.objects.exists()
    assert "Kembali ke nilai potensial" in page

    good = f"nip;skor\n{personas.pegawai_pegawai.nip};85\n".encode()
    page = client.post(url, {"periode": closed.periode.tahun,
                             "berkas": SimpleUploadedFile("p.csv", good)},
                       follow=True).content.decode()  # fmt: skip
    assert "1 skor potensial dari p.csv diimpor." in page
    assert NilaiPotensi.objects.get().skor == Decimal("85.00")
    # A file of the wrong kind is refused on the page itself: no job.
    form = {"periode": closed.periode.tahun, "berkas": SimpleUploadedFile("p.pdf", b"%PDF")}
    response = client.post(url, form, follow=True)
    assert "Unggah berkas .csv atau .xlsx." in response.content.decode()
    assert PekerjaanLatar.objects.count() == 2


def test_a_kurang_misconduct_employee_never_lands_in_the_talent_pool(personas, kepala, login):
    """Issue 24 (PermenPANRB 3/2020, spec §2.1/§6): work above expectations with behaviour
    below them is predikat Kurang/Misconduct; with a high potential that was box 9. It is
    placed on the Di Bawah row (box 6), and the grid and the box say why."""
    from kinerja.scoring import services as scoring
    from kinerja.skp.models import NILAI_INTI, Periode
    from tests.scoring.conftest import A, B, S, V, build_skp, simple_skp
    from tests.skp.factories import PeriodeFactory

    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    spec = {"target": 40, "real": {n: (12, V) for n in range(1, 5)}}  # 48 / 40 = 120%
    below = ([B] + [S] * 6, {NILAI_INTI[0]: "Menolak melayani pemohon."})
    siti = build_skp(personas.pegawai_pegawai, periode, [("utama", [spec])],
                     perilaku={n: below for n in range(1, 5)})  # fmt: skip
    simple_skp(personas.rekan_pegawai, periode, real=(12, 12, 12, 12),
               perilaku=(A,) * 4 + (S,) * 3)  # fmt: skip
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    hasil = annual(siti)
    assert (hasil.usulan_hasil_kerja, hasil.usulan_perilaku, hasil.usulan_predikat) == (
        "di_atas", "di_bawah", "kurang",
    )  # fmt: skip
    for person in (personas.pegawai_pegawai, personas.rekan_pegawai):
        services.record_potential(person, periode, by=personas.admin, skor="85")
    grid = queries.talent_grid(periode)
    assert grid.counts == {9: 1, 6: 1} and grid.karena_perilaku == 1
    (in_pool,) = queries.box_people(periode, 9)
    assert in_pool.skp.pegawai == personas.rekan_pegawai and not in_pool.karena_perilaku
    (moved,) = queries.box_people(periode, 6)
    assert moved.skp.pegawai == personas.pegawai_pegawai and moved.karena_perilaku
    client = login(personas.admin)
    page = client.get(f"/tindak-lanjut/talenta/?periode={periode.tahun}").content.decode()
    assert 'data-box="9">1<' in page and 'data-box="6">1<' in page
    assert "1 pegawai berpredikat Kurang/Misconduct" in page and "PermenPANRB 3/2020" in page
    part = client.get(f"/tindak-lanjut/talenta/kotak/6/?periode={periode.tahun}",
                      headers={"HX-Request": "true"}).content.decode()  # fmt: skip
    assert personas.pegawai_pegawai.nama in part and "tidak masuk kelompok talenta" in part
    people = read_table(
        client.get(f"/tindak-lanjut/talenta/talenta.xlsx?periode={periode.tahun}").content,
        "Pegawai",
    )
    assert sorted(row[0] for row in people[1:]) == [6, 9]
