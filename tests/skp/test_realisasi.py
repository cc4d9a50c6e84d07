"""Realisations: recording, evidence checks, verification, locking, conflicts, closed period."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.models import AuditEntry
from kinerja.skp import services
from kinerja.skp.models import BuktiDukung, Realisasi
from tests.skp.factories import PDF, PNG, approved_skp


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def skp(personas, periode, atasan_skp):
    return approved_skp(personas.pegawai_pegawai, periode, intervensi=atasan_skp.rhk.get())


@pytest.fixture
def indikator(skp):
    return skp.rhk.get().indikator.get()


@pytest.fixture
def bagian(periode):
    return periode.bagian.get(nomor=1)


@pytest.fixture
def realisasi(personas, indikator, bagian):
    return services.record_realisasi(indikator, bagian=bagian, nilai="3", by=personas.pegawai)


def test_employee_records_and_submits_then_rater_verifies(personas, realisasi):
    assert realisasi.status == Realisasi.Status.DRAF
    services.submit_realisasi(realisasi, by=personas.pegawai, version=realisasi.version)
    services.verify_realisasi(realisasi, by=personas.atasan, version=realisasi.version)
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIVERIFIKASI
    assert AuditEntry.objects.filter(action="realisasi.verifikasi").count() == 1


def test_verified_realisation_is_locked(personas, realisasi, indikator, bagian):
    services.submit_realisasi(realisasi, by=personas.pegawai, version=realisasi.version)
    services.verify_realisasi(realisasi, by=personas.atasan, version=realisasi.version)
    with pytest.raises(services.DomainError, match="terkunci"):
        services.record_realisasi(
            indikator, bagian=bagian, nilai="9", by=personas.pegawai, version=realisasi.version
        )
    assert Realisasi.objects.get().nilai == Decimal(3)


def test_returned_realisation_can_be_fixed(personas, realisasi, indikator, bagian):
    services.submit_realisasi(realisasi, by=personas.pegawai, version=realisasi.version)
    with pytest.raises(services.DomainError, match="alasan"):
        services.return_realisasi(
            realisasi, by=personas.atasan, version=realisasi.version, komentar=""
        )
    services.return_realisasi(
        realisasi, by=personas.atasan, version=realisasi.version, komentar="Lampirkan daftar hadir"
    )
    fixed = services.record_realisasi(
        indikator,
        bagian=bagian,
        nilai="4",
        by=personas.pegawai,
        version=realisasi.version,
        ajukan=True,
    )
    assert fixed.status == Realisasi.Status.DIAJUKAN and fixed.nilai == Decimal(4)


@pytest.mark.parametrize("who", ["pegawai", "rekan", "admin", "pimpinan"])
def test_only_the_rater_verifies(personas, realisasi, who):
    services.submit_realisasi(realisasi, by=personas.pegawai, version=realisasi.version)
    with pytest.raises(services.NotAllowed):
        services.verify_realisasi(realisasi, by=getattr(personas, who), version=realisasi.version)


def test_only_the_owner_records(personas, indikator, bagian):
    with pytest.raises(services.NotAllowed):
        services.record_realisasi(indikator, bagian=bagian, nilai="3", by=personas.atasan)


def test_realisation_needs_an_approved_plan(personas, draft, atasan_skp, periode):
    from tests.skp.factories import IndikatorFactory, RhkFactory

    ind = IndikatorFactory(rhk=RhkFactory(skp=draft))
    with pytest.raises(services.DomainError, match="setelah SKP disetujui"):
        services.record_realisasi(ind, bagian=periode.bagian.first(), nilai=1, by=personas.pegawai)


def test_value_must_be_a_number(personas, indikator, bagian):
    with pytest.raises(services.DomainError, match="harus berupa angka"):
        services.record_realisasi(indikator, bagian=bagian, nilai="banyak", by=personas.pegawai)


def test_two_editors_of_one_realisation_second_is_refused(personas, realisasi, indikator, bagian):
    stale = realisasi.version
    services.record_realisasi(
        indikator, bagian=bagian, nilai="5", by=personas.pegawai, version=stale
    )
    with pytest.raises(services.VersionConflict):
        services.record_realisasi(
            indikator, bagian=bagian, nilai="6", by=personas.pegawai, version=stale
        )
    assert Realisasi.objects.get().nilai == Decimal(5)


def test_pdf_evidence_is_stored_with_its_hash(personas, realisasi):
    bukti = services.add_bukti_file(
        realisasi, upload=SimpleUploadedFile("laporan.pdf", PDF), by=personas.pegawai
    )
    import hashlib

    assert bukti.sha256 == hashlib.sha256(PDF).hexdigest()
    assert bukti.tipe == "pdf" and bukti.ukuran == len(PDF) and not bukti.duplikat
    assert bukti.berkas.name.startswith(f"bukti/{personas.instansi.pk}/")
    assert bukti.berkas.read() == PDF


def test_office_document_is_accepted(personas, realisasi):
    bukti = services.add_bukti_file(
        realisasi, upload=SimpleUploadedFile("notulen.docx", docx_bytes()), by=personas.pegawai
    )
    assert bukti.tipe == "docx"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "tidak diterima"),
        ("palsu.pdf", b"MZ\x90\x00 not a pdf", "tidak sesuai dengan ekstensinya"),
        ("gambar.png", PDF, "tidak sesuai"),
        ("dok.docx", b"PK\x03\x04garbage", "tidak sesuai"),
        ("tanpa_ekstensi", PDF, "tidak diterima"),
    ],
)
def test_bad_evidence_type_is_refused(personas, realisasi, name, content, message):
    with pytest.raises(services.DomainError, match=message):
        services.add_bukti_file(
            realisasi, upload=SimpleUploadedFile(name, content), by=personas.pegawai
        )
    assert not BuktiDukung.objects.exists()


def test_evidence_too_large_is_refused(personas, realisasi, settings):
    settings.KINERJA_BUKTI_MAX_BYTES = 100
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * 200)
    with pytest.raises(services.DomainError, match="melebihi batas"):
        services.add_bukti_file(realisasi, upload=big, by=personas.pegawai)


def test_same_file_elsewhere_in_the_agency_is_flagged_not_refused(personas, periode, realisasi):
    services.add_bukti_file(realisasi, upload=SimpleUploadedFile("a.png", PNG), by=personas.pegawai)
    other_skp = approved_skp(personas.rekan_pegawai, periode)
    other = services.record_realisasi(
        other_skp.rhk.get().indikator.get(),
        bagian=periode.bagian.get(nomor=1),
        nilai=1,
        by=personas.rekan,
    )
    second = services.add_bukti_file(
        other, upload=SimpleUploadedFile("b.png", PNG), by=personas.rekan
    )
    assert second.duplikat is True
    assert BuktiDukung.objects.count() == 2


def test_link_evidence_must_be_http(personas, realisasi):
    with pytest.raises(services.DomainError, match="http"):
        services.add_bukti_tautan(realisasi, url="javascript:alert(1)", by=personas.pegawai)
    bukti = services.add_bukti_tautan(
        realisasi, url="https://drive.example.id/f/1", by=personas.pegawai
    )
    assert bukti.tautan == "https://drive.example.id/f/1"


def test_evidence_cannot_change_after_submission(personas, realisasi):
    services.submit_realisasi(realisasi, by=personas.pegawai, version=realisasi.version)
    with pytest.raises(services.DomainError, match="belum diajukan"):
        services.add_bukti_tautan(realisasi, url="https://x.id/a", by=personas.pegawai)


def test_closed_period_refuses_realisations_and_verification(
    personas, realisasi, periode, indikator, bagian
):
    services.submit_realisasi(realisasi, by=personas.pegawai, version=realisasi.version)
    periode.status = "ditutup"
    periode.save()
    realisasi = Realisasi.objects.select_related("skp__periode").get()
    with pytest.raises(services.PeriodClosed):
        services.verify_realisasi(realisasi, by=personas.atasan, version=realisasi.version)
    with pytest.raises(services.PeriodClosed):
        services.record_realisasi(indikator, bagian=bagian, nilai=1, by=personas.pegawai)


def test_system_value_for_a_citizen_fed_indicator(personas, skp, bagian):
    from tests.skp.factories import IndikatorFactory

    ind = IndikatorFactory(rhk=skp.rhk.get(), sumber="ikm_layanan", sumber_kode="LAY-1")
    with pytest.raises(services.DomainError, match="dihitung sistem"):
        services.record_realisasi(ind, bagian=bagian, nilai=1, by=personas.pegawai)
    value = services.record_system_value(
        ind, bagian=bagian, nilai="82.5", penjelasan={"responden": 120}
    )
    assert value.dihitung_sistem and value.status == Realisasi.Status.DIVERIFIKASI
