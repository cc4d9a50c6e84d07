"""The slice page as one form: the employee saves or submits every indicator at once, the
rater verifies or returns several realisations at once with the evidence previewed inline."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.core.models import AuditEntry
from kinerja.skp import services
from kinerja.skp.models import BuktiDukung, Realisasi
from tests.factories import PegawaiFactory, UserFactory
from tests.skp.factories import PDF, PNG, RealisasiFactory, approved_skp


@pytest.fixture
def skp(personas, periode, atasan_skp):
    return approved_skp(
        personas.pegawai_pegawai, periode, indicators=3, intervensi=atasan_skp.rhk.get()
    )


@pytest.fixture
def indicators(skp):
    return list(skp.rhk.get().indikator.order_by("pk"))


def _save(client, skp, data, nomor=1):
    return client.post(reverse("skp_bagian_simpan", args=[skp.pk, nomor]), data)


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_slice_is_one_form_with_save_all_and_submit_all(personas, login, skp, indicators):
    page = login(personas.pegawai).get(reverse("skp_bagian", args=[skp.pk, 1])).content.decode()
    assert page.count('<form method="post" enctype="multipart/form-data"') == 1
    assert page.count("Simpan semua") == 2 and page.count("Ajukan semua") == 2  # hint + button
    for ind in indicators:
        assert f'name="nilai-{ind.pk}"' in page and f'name="berkas-{ind.pk}"' in page


def test_save_all_writes_every_filled_indicator_and_skips_the_empty(
    personas, login, skp, indicators
):
    a, b, c = indicators
    response = _save(
        login(personas.pegawai),
        skp,
        {f"nilai-{a.pk}": "3", f"catatan-{a.pk}": "Tiga laporan", f"nilai-{b.pk}": "87,5",
         f"nilai-{c.pk}": "", "aksi": "simpan"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "#" not in response["Location"]  # the page opens at its top, where the message is
    saved = {r.indikator_id: r for r in Realisasi.objects.all()}
    assert set(saved) == {a.pk, b.pk}
    assert {r.status for r in saved.values()} == {"draf"}
    assert str(saved[b.pk].nilai) == "87.5000" and saved[a.pk].catatan == "Tiga laporan"
    page = login(personas.pegawai).get(response["Location"]).content.decode()
    assert "2 realisasi disimpan sebagai draf. 1 indikator belum diisi." in page


def test_one_bad_value_saves_nothing_and_keeps_everything_typed(
    personas, login, skp, indicators, settings
):
    a, b, c = indicators
    client = login(personas.pegawai)
    response = _save(
        client,
        skp,
        {f"nilai-{a.pk}": "12", f"catatan-{a.pk}": "Dua belas dokumen",
         f"berkas-{a.pk}": SimpleUploadedFile("laporan-a.pdf", PDF),
         f"nilai-{b.pk}": "sembilan", f"catatan-{b.pk}": "Catatan B",
         f"nilai-{c.pk}": "4", f"tautan-{c.pk}": "https://drive.example.id/c",
         "aksi": "ajukan"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    # one message at the top of the form, focusable and announced, linking to the field
    assert 'id="ringkasan" class="msg error ringkasan" role="alert" tabindex="-1"' in page
    assert page.index('id="ringkasan"') < page.index(f'id="nilai-{a.pk}"')
    assert f'<a href="#nilai-{b.pk}">' in page
    # the error beside the field, the field marked
    assert f'<span class="field-error" id="g-nilai-{b.pk}">Realisasi harus berupa angka' in page
    assert f'name="nilai-{b.pk}" value="sembilan" aria-invalid="true"' in page
    # everything typed is back, the file is named and must be chosen again
    assert f'name="nilai-{a.pk}" value="12"' in page and "Dua belas dokumen" in page
    assert "Catatan B" in page and 'value="https://drive.example.id/c"' in page
    assert f'<span class="field-error" id="g-berkas-{a.pk}">' in page
    assert (
        "Berkas “laporan-a.pdf” belum tersimpan karena formulir ditolak; pilih berkas itu lagi"
        in page
    )
    # nothing half-written
    assert not Realisasi.objects.exists() and not BuktiDukung.objects.exists()
    assert not _stored_files(settings)
    assert not AuditEntry.objects.filter(action__startswith="realisasi").exists()


def test_submit_all_after_the_fix_submits_every_filled_indicator(personas, login, skp, indicators):
    a, b, c = indicators
    client = login(personas.pegawai)
    response = _save(
        client,
        skp,
        {f"nilai-{a.pk}": "12", f"berkas-{a.pk}": SimpleUploadedFile("laporan-a.pdf", PDF),
         f"nilai-{b.pk}": "9", f"nilai-{c.pk}": "4", "aksi": "ajukan"},
    )  # fmt: skip
    assert response.status_code == 302
    assert sorted(Realisasi.objects.values_list("status", flat=True)) == ["diajukan"] * 3
    assert BuktiDukung.objects.get().realisasi.indikator_id == a.pk
    page = client.get(response["Location"]).content.decode()
    assert "3 realisasi diajukan kepada pejabat penilai." in page
    assert 'name="nilai-' not in page  # submitted realisations wait for the rater


def test_submit_all_submits_saved_drafts_unchanged(personas, login, skp, indicators):
    a = indicators[0]
    draft = RealisasiFactory(indikator=a, status="draf", nilai=5)
    response = _save(
        login(personas.pegawai),
        skp,
        {f"nilai-{a.pk}": "5", f"version-{a.pk}": draft.version, "aksi": "ajukan"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "diajukan"


def test_a_conflict_while_writing_rolls_back_the_whole_slice_and_its_files(
    personas, login, skp, indicators, settings
):
    a, b, _c = indicators
    stale = RealisasiFactory(indikator=b, status="draf", nilai=1)
    response = _save(
        login(personas.pegawai),
        skp,
        {f"nilai-{a.pk}": "12", f"berkas-{a.pk}": SimpleUploadedFile("laporan-a.pdf", PDF),
         f"nilai-{b.pk}": "2", f"version-{b.pk}": stale.version - 1, "aksi": "simpan"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "sudah diubah orang lain" in response.content.decode()
    assert list(Realisasi.objects.values_list("indikator_id", "nilai")) == [(b.pk, 1)]
    assert not BuktiDukung.objects.exists() and not _stored_files(settings)


def test_only_the_owner_saves_the_slice(personas, login, skp, indicators):
    a = indicators[0]
    assert _save(login(personas.atasan), skp, {f"nilai-{a.pk}": "3"}).status_code == 403
    assert _save(login(personas.rekan), skp, {f"nilai-{a.pk}": "3"}).status_code == 404
    assert _save(login(personas.outsider), skp, {f"nilai-{a.pk}": "3"}).status_code == 404
    assert not Realisasi.objects.exists()


def test_the_service_refuses_an_indicator_of_another_skp(personas, skp, periode, atasan_skp):
    other = approved_skp(personas.rekan_pegawai, periode, intervensi=atasan_skp.rhk.get())
    foreign = services.SliceEntry(indikator=other.rhk.get().indikator.get(), nilai="3")
    with pytest.raises(services.DomainError, match="bukan bagian dari SKP"):
        services.record_slice(
            skp, bagian=periode.bagian.get(nomor=1), entries=[foreign], by=personas.pegawai
        )


# --- bulk review --------------------------------------------------------------------------


@pytest.fixture
def submitted(skp, indicators):
    return [RealisasiFactory(indikator=ind) for ind in indicators]


def _review(client, skp, aksi, chosen, komentar=None):
    data = {"aksi": aksi, "pilih": [r.pk for r in chosen]}
    for r in chosen:
        data[f"versi-{r.pk}"] = r.version
    for r, text in (komentar or {}).items():
        data[f"komentar-{r.pk}"] = text
    return client.post(reverse("skp_bagian_verifikasi", args=[skp.pk, 1]), data)


def test_rater_verifies_the_chosen_realisations_at_once(personas, login, skp, submitted):
    client = login(personas.atasan)
    page = client.get(reverse("skp_bagian", args=[skp.pk, 1])).content.decode()
    assert page.count('type="checkbox" name="pilih"') == 3 and "Verifikasi terpilih" in page
    response = _review(client, skp, "verifikasi", submitted[:2])
    assert response.status_code == 302 and "#" not in response["Location"]
    statuses = [Realisasi.objects.get(pk=r.pk).status for r in submitted]
    assert statuses == ["diverifikasi", "diverifikasi", "diajukan"]
    assert (
        "2 realisasi diverifikasi dan dikunci." in client.get(response["Location"]).content.decode()
    )


def test_returning_needs_a_note_per_item_and_changes_nothing_without(
    personas, login, skp, submitted
):
    first, second, _third = submitted
    client = login(personas.atasan)
    response = _review(client, skp, "kembalikan", [first, second], {first: "Lampirkan notulen"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<span class="field-error" id="g-kr-{second.pk}">Tulis alasan pengembalian' in page
    assert "Lampirkan notulen" in page  # the note typed for the first is kept
    assert page.count("checked") == 2  # and both stay ticked
    assert set(Realisasi.objects.values_list("status", flat=True)) == {"diajukan"}
    done = _review(
        client, skp, "kembalikan", [first, second], {first: "Lampirkan notulen", second: "Salah"}
    )
    assert done.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.komentar_penilai) == ("dikembalikan", "Lampirkan notulen")


def test_nothing_chosen_is_said_at_the_top_of_the_form(personas, login, skp, submitted):
    response = _review(login(personas.atasan), skp, "verifikasi", [])
    assert response.status_code == 400
    assert "Belum ada realisasi yang dipilih" in response.content.decode()


def test_only_the_rater_reviews_in_bulk(personas, login, skp, submitted):
    assert _review(login(personas.pegawai), skp, "verifikasi", submitted).status_code == 403
    assert _review(login(personas.outsider), skp, "verifikasi", submitted).status_code == 404
    other_head = PegawaiFactory(instansi=personas.instansi, nama="Kepala Tim Lain")
    assert _review(login(UserFactory(pegawai=other_head)), skp, "verifikasi",
                   submitted).status_code == 404  # fmt: skip
    assert set(Realisasi.objects.values_list("status", flat=True)) == {"diajukan"}


# --- the evidence inline ------------------------------------------------------------------


@pytest.fixture
def evidence(personas, skp, indicators):
    """A submitted realisation with a PDF and a PNG, added while it was a draft."""
    realisasi = RealisasiFactory(indikator=indicators[0], status="draf")
    pdf = services.add_bukti_file(
        realisasi, upload=SimpleUploadedFile("notulen.pdf", PDF), by=personas.pegawai
    )
    png = services.add_bukti_file(
        realisasi, upload=SimpleUploadedFile("foto.png", PNG), by=personas.pegawai
    )
    Realisasi.objects.filter(pk=realisasi.pk).update(status="diajukan")
    return pdf, png


def test_the_rater_sees_the_evidence_inside_the_page(personas, login, skp, evidence):
    pdf, png = evidence
    client = login(personas.atasan)
    page = client.get(reverse("skp_bagian", args=[skp.pk, 1])).content.decode()
    inline = reverse("skp_bukti_lihat", args=[pdf.pk])
    assert f'<iframe class="pratinjau" src="{inline}"' in page
    assert f'<img class="pratinjau" src="{reverse("skp_bukti_lihat", args=[png.pk])}"' in page
    response = client.get(inline)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert client.get(reverse("skp_bukti_lihat", args=[png.pk]))["Content-Type"] == "image/png"
    # every other page still refuses to be framed
    assert "frame-ancestors 'none'" in page_csp(client, skp)
    assert "frame-src 'self'" in page_csp(client, skp)  # and frames only our own pages


def page_csp(client, skp) -> str:
    return client.get(reverse("skp_bagian", args=[skp.pk, 1]))["Content-Security-Policy"]


def test_inline_evidence_follows_the_realisations_access_rule(personas, login, skp, evidence):
    inline = reverse("skp_bukti_lihat", args=[evidence[0].pk])
    assert login(personas.pegawai).get(inline).status_code == 200
    assert login(personas.rekan).get(inline).status_code == 404
    assert login(personas.outsider).get(inline).status_code == 404
    other_head = PegawaiFactory(instansi=personas.instansi, nama="Kepala Tim Lain")
    assert login(UserFactory(pegawai=other_head)).get(inline).status_code == 404


def test_only_checked_pdf_and_images_are_served_inline(personas, login, skp, indicators):
    realisasi = RealisasiFactory(indikator=indicators[1], status="draf")
    link = services.add_bukti_tautan(
        realisasi, url="https://drive.example.id/x", by=personas.pegawai
    )
    docx = BuktiDukung.objects.create(
        instansi=realisasi.instansi, realisasi=realisasi, nama="x.docx", tipe="docx",
        berkas=SimpleUploadedFile("x.docx", b"PK\x03\x04"),
    )  # fmt: skip
    client = login(personas.atasan)
    assert client.get(reverse("skp_bukti_lihat", args=[link.pk])).status_code == 404
    assert client.get(reverse("skp_bukti_lihat", args=[docx.pk])).status_code == 404
