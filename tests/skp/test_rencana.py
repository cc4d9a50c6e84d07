"""The SKP plan: workflow transitions per role, cascade rules, revisions, copy last year."""

from decimal import Decimal

import pytest

from kinerja.core.models import AuditEntry
from kinerja.skp import services
from kinerja.skp.models import Rhk, Skp, SkpRevisi
from tests.factories import PegawaiFactory, UserFactory
from tests.skp.factories import IndikatorFactory, PeriodeFactory, RhkFactory, SkpFactory


def _fill(skp, atasan_skp):
    rhk = RhkFactory(skp=skp, intervensi=atasan_skp.rhk.get())
    IndikatorFactory(rhk=rhk)
    return rhk


def test_employee_starts_own_draft_with_supervisor_as_rater(personas, periode):
    skp = services.create_skp(personas.pegawai_pegawai, periode=periode, by=personas.pegawai)
    assert skp.status == Skp.Status.DRAF
    assert skp.penilai == personas.atasan_pegawai
    assert AuditEntry.objects.filter(action="skp.buat", object_id=str(skp.pk)).exists()


def test_nobody_can_start_an_skp_for_someone_else(personas, periode):
    with pytest.raises(services.NotAllowed):
        services.create_skp(personas.pegawai_pegawai, periode=periode, by=personas.atasan)


def test_rater_is_kept_when_the_organisation_changes(personas, periode):
    skp = services.create_skp(personas.pegawai_pegawai, periode=periode, by=personas.pegawai)
    personas.pegawai_pegawai.atasan = personas.rekan_pegawai
    personas.pegawai_pegawai.save()
    skp.refresh_from_db()
    assert skp.penilai == personas.atasan_pegawai


def test_full_workflow_submit_return_fix_resubmit_approve(personas, draft, atasan_skp):
    _fill(draft, atasan_skp)
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    assert draft.status == Skp.Status.DIAJUKAN
    services.return_skp(
        draft, by=personas.atasan, version=draft.version, komentar="Target terlalu rendah"
    )
    assert draft.status == Skp.Status.DIKEMBALIKAN and draft.komentar == "Target terlalu rendah"
    ind = draft.rhk.get().indikator.get()
    services.update_indikator(
        ind,
        by=personas.pegawai,
        version=ind.version,
        uraian=ind.uraian,
        target="20",
        satuan="dokumen",
    )
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    services.approve_skp(draft, by=personas.atasan, version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Skp.Status.DISETUJUI
    revision = SkpRevisi.objects.get(skp=draft)
    assert revision.isi["rhk"][0]["indikator"][0]["target"] == "20.0000"
    actions = list(
        AuditEntry.objects.filter(object_id=str(draft.pk), object_type="skp.skp").values_list(
            "action", flat=True
        )
    )
    assert actions[-4:] == ["skp.ajukan", "skp.kembalikan", "skp.ajukan", "skp.setujui"]


def test_returning_needs_a_comment(personas, draft, atasan_skp):
    _fill(draft, atasan_skp)
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    with pytest.raises(services.DomainError, match="komentar"):
        services.return_skp(draft, by=personas.atasan, version=draft.version, komentar="  ")


@pytest.mark.parametrize("who", ["pegawai", "rekan", "admin", "pimpinan", "auditor"])
def test_only_the_rater_approves(personas, draft, atasan_skp, who):
    _fill(draft, atasan_skp)
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    with pytest.raises(services.NotAllowed):
        services.approve_skp(draft, by=getattr(personas, who), version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Skp.Status.DIAJUKAN


@pytest.mark.parametrize("who", ["atasan", "rekan", "admin"])
def test_only_the_owner_edits_a_draft(personas, draft, atasan_skp, who):
    with pytest.raises(services.NotAllowed):
        services.add_rhk(
            draft, by=getattr(personas, who), uraian="x", intervensi=atasan_skp.rhk.get()
        )


def test_a_submitted_skp_is_not_editable(personas, draft, atasan_skp):
    _fill(draft, atasan_skp)
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    with pytest.raises(services.DomainError, match="tidak dapat diubah"):
        services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=atasan_skp.rhk.get())


def test_an_empty_skp_cannot_be_submitted(personas, draft):
    with pytest.raises(services.DomainError, match="minimal satu RHK utama"):
        services.submit_skp(draft, by=personas.pegawai, version=draft.version)


def test_main_rhk_of_staff_must_cascade_from_the_raters_rhk(personas, draft):
    with pytest.raises(services.DomainError, match="harus mengintervensi"):
        services.add_rhk(draft, by=personas.pegawai, uraian="Laporan", jenis="utama")


def test_additional_rhk_needs_no_cascade(personas, draft):
    rhk = services.add_rhk(draft, by=personas.pegawai, uraian="Panitia", jenis="tambahan")
    assert rhk.intervensi is None


def test_cascade_from_someone_elses_rhk_is_refused(personas, draft, periode):
    stranger = SkpFactory(pegawai=personas.rekan_pegawai, periode=periode)
    other_rhk = RhkFactory(skp=stranger)
    with pytest.raises(services.DomainError, match="pejabat penilai Anda"):
        services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=other_rhk)


def test_cascade_from_the_raters_rhk_of_another_year_is_refused(personas, draft):
    old = PeriodeFactory(instansi=personas.instansi, tahun=2025)
    old_skp = SkpFactory(pegawai=personas.atasan_pegawai, periode=old, penilai=None)
    with pytest.raises(services.DomainError, match="periode yang sama"):
        services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=RhkFactory(skp=old_skp))


def test_head_of_organisation_needs_no_cascade(personas, periode):
    head_skp = SkpFactory(pegawai=personas.atasan_pegawai, periode=periode, penilai=None)
    rhk = services.add_rhk(head_skp, by=personas.atasan, uraian="Meningkatnya derajat kesehatan")
    assert rhk.intervensi is None


def test_supervisor_rhk_carried_by_staff_cannot_be_deleted(personas, draft, atasan_skp):
    _fill(draft, atasan_skp)
    atasan_skp.status = Skp.Status.DRAF
    atasan_skp.save()
    with pytest.raises(services.DomainError, match="sudah diintervensi"):
        services.delete_rhk(atasan_skp.rhk.get(), by=personas.atasan)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target": "0"}, "Target tidak boleh 0"),
        ({"target": "abc"}, "Target harus berupa angka"),
        ({"target": "10", "target_atas": "5"}, "batas atas harus lebih besar"),
        ({"sumber": "ikm_layanan"}, "kode layanan"),
        ({"satuan": ""}, "Satuan target wajib"),
    ],
)
def test_indicator_checks_tell_what_to_fix(personas, draft, atasan_skp, data, message):
    rhk = services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=atasan_skp.rhk.get())
    fields = {"uraian": "Dokumen", "target": "10", "satuan": "dokumen", **data}
    with pytest.raises(services.DomainError, match=message):
        services.add_indikator(rhk, by=personas.pegawai, **fields)


def test_indicator_fed_by_a_public_service_keeps_its_code(personas, draft, atasan_skp):
    rhk = services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=atasan_skp.rhk.get())
    ind = services.add_indikator(
        rhk,
        by=personas.pegawai,
        uraian="IKM",
        target="80",
        target_atas="90",
        satuan="indeks",
        sumber="ikm_layanan",
        sumber_kode="LAY-KTP",
        aspek="kualitas",
    )
    assert ind.sumber_kode == "LAY-KTP" and ind.target_atas == Decimal(90)


@pytest.mark.parametrize(
    ("sumber", "aspek", "saran"),
    [
        ("ikm_layanan", "kuantitas", "Pilih aspek Kualitas"),
        ("ikm_layanan", "biaya", "Pilih aspek Kualitas"),
        ("waktu_respons_aduan", "kuantitas", "Pilih aspek Waktu"),
        ("penyelesaian_aduan", "kuantitas", "Pilih aspek Kualitas"),
    ],
)
def test_a_fed_indicator_with_a_summed_aspect_is_refused(
    personas, draft, atasan_skp, sumber, aspek, saran
):
    rhk = services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=atasan_skp.rhk.get())
    fields = {"uraian": "IKM", "target": "80", "satuan": "indeks", "sumber_kode": "LAY-KTP"}
    with pytest.raises(services.DomainError, match="tidak boleh memakai aspek") as refused:
        services.add_indikator(rhk, by=personas.pegawai, sumber=sumber, aspek=aspek, **fields)
    assert refused.value.kolom == "aspek" and saran in str(refused.value)
    assert rhk.indikator.count() == 0


def test_changing_a_fed_indicator_to_a_summed_aspect_is_refused(personas, draft, atasan_skp):
    rhk = services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=atasan_skp.rhk.get())
    fields = {"uraian": "IKM", "target": "80", "satuan": "indeks", "sumber": "ikm_layanan",
              "sumber_kode": "LAY-KTP"}  # fmt: skip
    ind = services.add_indikator(rhk, by=personas.pegawai, aspek="kualitas", **fields)
    with pytest.raises(services.DomainError, match="tidak boleh memakai aspek Kuantitas"):
        services.update_indikator(
            ind, by=personas.pegawai, version=ind.version, aspek="kuantitas", **fields
        )
    ind.refresh_from_db()
    assert ind.aspek == "kualitas"


def test_approved_skp_changes_only_through_a_revision(personas, draft, atasan_skp):
    _fill(draft, atasan_skp)
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    services.approve_skp(draft, by=personas.atasan, version=draft.version)
    with pytest.raises(services.DomainError, match="melalui revisi"):
        services.add_rhk(draft, by=personas.pegawai, uraian="x", jenis="tambahan")
    services.start_revision(draft, by=personas.pegawai, version=draft.version)
    assert draft.status == Skp.Status.DRAF and draft.revisi == 1
    services.add_rhk(draft, by=personas.pegawai, uraian="Tugas baru", jenis="tambahan")
    rhk = draft.rhk.get(jenis="tambahan")
    IndikatorFactory(rhk=rhk)
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    services.approve_skp(draft, by=personas.atasan, version=draft.version)
    old, new = SkpRevisi.objects.filter(skp=draft).order_by("nomor")
    assert (old.nomor, len(old.isi["rhk"])) == (0, 1)
    assert (new.nomor, len(new.isi["rhk"])) == (1, 2)


def test_copy_last_year_makes_a_new_draft_without_cascade_links(personas, periode, atasan_skp):
    last = PeriodeFactory(instansi=personas.instansi, tahun=2025, status="ditutup")
    old = SkpFactory(
        pegawai=personas.pegawai_pegawai, periode=last, status="disetujui", konsekuensi="Teguran"
    )
    IndikatorFactory(rhk=RhkFactory(skp=old, uraian="Laporan triwulan"), target=4)
    skp = services.copy_last_year(personas.pegawai_pegawai, periode=periode, by=personas.pegawai)
    assert skp.status == Skp.Status.DRAF and skp.periode == periode
    assert skp.konsekuensi == "Teguran"
    rhk = skp.rhk.get()
    assert rhk.uraian == "Laporan triwulan" and rhk.intervensi is None
    assert rhk.indikator.get().target == 4
    assert Rhk.objects.filter(skp=old).count() == 1


def test_version_conflict_refuses_the_second_save(personas, draft):
    first = Skp.objects.get(pk=draft.pk)
    second = Skp.objects.get(pk=draft.pk)
    services.update_lampiran(first, by=personas.pegawai, version=first.version, konsekuensi="A")
    with pytest.raises(services.VersionConflict, match="sudah diubah orang lain"):
        services.update_lampiran(
            second, by=personas.pegawai, version=second.version, konsekuensi="B"
        )
    draft.refresh_from_db()
    assert draft.konsekuensi == "A"


def test_closed_period_refuses_every_change(personas, draft, atasan_skp, periode):
    rhk = _fill(draft, atasan_skp)
    periode.status = "ditutup"
    periode.save()
    draft.refresh_from_db()
    with pytest.raises(services.PeriodClosed):
        services.add_rhk(draft, by=personas.pegawai, uraian="x", jenis="tambahan")
    with pytest.raises(services.PeriodClosed):
        services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    with pytest.raises(services.PeriodClosed):
        services.update_rhk(
            rhk,
            by=personas.pegawai,
            version=rhk.version,
            uraian="y",
            jenis="utama",
            intervensi=rhk.intervensi,
        )
    with pytest.raises(services.PeriodClosed):
        services.create_skp(personas.rekan_pegawai, periode=periode, by=personas.rekan)


def test_head_without_rater_is_approved_by_pimpinan(personas, periode):
    head = PegawaiFactory(instansi=personas.instansi, nama="Kepala Dinas")
    head_user = UserFactory(pegawai=head)
    skp = SkpFactory(pegawai=head, periode=periode, penilai=None, jenis="jpt")
    IndikatorFactory(rhk=RhkFactory(skp=skp))
    services.submit_skp(skp, by=head_user, version=skp.version)
    services.approve_skp(skp, by=personas.pimpinan, version=skp.version)
    assert skp.status == Skp.Status.DISETUJUI
