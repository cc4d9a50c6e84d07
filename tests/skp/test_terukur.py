"""The indicator checker (kinerja/skp/terukur.py): its rules, its labelled fixture, its pages."""

import pytest
from django.urls import reverse

from bench.bench_indikator import evaluate
from kinerja.skp.models import Skp
from kinerja.skp.terukur import periksa, tidak_terukur
from tests.factories import InstansiFactory, JabatanFactory, PegawaiFactory, UserFactory
from tests.skp.factories import IndikatorFactory, PeriodeFactory, RhkFactory, SkpFactory


def kode(uraian, **kw):
    return [t.kode for t in periksa(uraian, **kw)]


def test_a_wish_without_a_measure_is_not_measurable():
    assert kode("Meningkatkan kualitas pelayanan publik", satuan="%", aspek="kualitas") == [
        "kata_kabur"
    ]
    assert kode("Terwujudnya tata kelola yang baik", satuan="dokumen") == ["kata_kabur"]
    # the same verb with a measure is fine
    assert kode("Meningkatkan jumlah dokumen yang diarsipkan", satuan="dokumen") == []


def test_a_judgement_is_not_a_unit():
    found = periksa("Laporan keuangan disusun", satuan="Baik", aspek="kualitas")
    assert [t.kode for t in found] == ["satuan_kabur"]
    assert "“Baik”" in found[0].pesan and found[0].kolom == "satuan"


def test_a_percentage_or_an_index_must_not_be_summed_over_quarters():
    assert kode("Persentase kehadiran peserta", satuan="%", aspek="kuantitas") == [
        "persen_dijumlah"
    ]
    assert kode("IKM layanan perizinan", satuan="indeks", aspek="kuantitas", sumber="ikm_layanan")
    # a percentage of the budget is a fair cost measure; averaged aspects are fine
    assert kode("Efisiensi anggaran ATK", satuan="%", aspek="biaya") == []
    assert kode("Persentase kehadiran peserta", satuan="%", aspek="kualitas") == []


def test_time_and_cost_need_their_units():
    assert kode("Ketepatan waktu penyampaian SPJ", satuan="dokumen", aspek="waktu") == [
        "waktu_bukan_waktu"
    ]
    assert kode("Biaya perjalanan dinas", satuan="dokumen", aspek="biaya") == ["biaya_bukan_uang"]
    assert kode("Ketepatan waktu penyampaian SPJ", satuan="hari kerja", aspek="waktu") == []


def test_a_number_in_the_text_must_match_the_target():
    assert kode("Menyusun 12 laporan kegiatan", satuan="laporan", target="10") == ["target_beda"]
    assert kode("Menyusun 12 laporan kegiatan", satuan="laporan", target="12") == []


def test_a_duplicate_in_the_same_skp_is_named_but_is_not_unmeasurable():
    found = periksa(
        "Jumlah dokumen yang diverifikasi", satuan="dokumen", lain=["Jumlah dokumen diverifikasi"]
    )
    assert [t.kode for t in found] == ["duplikat"]
    assert not tidak_terukur(found)


def test_the_labelled_fixture_meets_the_precision_goal():
    result = evaluate()
    assert result["n"] >= 60
    assert result["tp"] + result["fn"] >= 20  # enough unmeasurable examples to mean something
    assert result["precision"] >= 0.9, result["wrong"]
    assert result["recall"] >= 0.8, result["wrong"]


@pytest.fixture
def tim(db):
    instansi = InstansiFactory()
    jabatan = JabatanFactory(instansi=instansi, nama="Pranata Komputer")
    kepala = PegawaiFactory(instansi=instansi, nama="Kepala Uji")
    siti = PegawaiFactory(instansi=instansi, atasan=kepala, unit=kepala.unit, jabatan=jabatan)
    rekan = PegawaiFactory(instansi=instansi, atasan=kepala, unit=kepala.unit, jabatan=jabatan)
    periode = PeriodeFactory(instansi=instansi)
    skp = SkpFactory(pegawai=siti, periode=periode)
    rhk = RhkFactory(skp=skp)
    vague = IndikatorFactory(rhk=rhk, uraian="Mengoptimalkan layanan TI", satuan="optimal")
    good = IndikatorFactory(rhk=rhk, uraian="Jumlah tiket layanan yang diselesaikan")
    rekan_skp = SkpFactory(pegawai=rekan, periode=periode, status=Skp.Status.DISETUJUI)
    rekan_rhk = RhkFactory(skp=rekan_skp)
    IndikatorFactory(rhk=rekan_rhk, uraian="Persentase waktu layanan aplikasi tersedia",
                     satuan="%", aspek="kualitas", target=99)  # fmt: skip
    IndikatorFactory(rhk=rekan_rhk, uraian="Memaksimalkan kinerja jaringan", satuan="baik")
    return {
        "skp": skp,
        "vague": vague,
        "good": good,
        "siti": UserFactory(pegawai=siti),
        "kepala": UserFactory(pegawai=kepala),
        "rekan": UserFactory(pegawai=rekan),
    }


def test_the_owner_sees_findings_and_colleagues_good_indicators_on_the_plan(client, tim):
    client.force_login(tim["siti"])
    page = client.get(reverse("skp_detail", args=[tim["skp"].pk])).content.decode()
    assert "1 indikator belum terukur" in page
    assert 'data-kode="kata_kabur"' in page and 'data-kode="satuan_kabur"' in page
    # colleague with the same position: the measurable one is suggested, the vague one is not
    assert "Persentase waktu layanan aplikasi tersedia" in page
    assert "Memaksimalkan kinerja jaringan" not in page


def test_the_supervisor_sees_the_same_findings_when_approving(client, tim):
    skp = tim["skp"]
    skp.status = Skp.Status.DIAJUKAN
    skp.save()
    client.force_login(tim["kepala"])
    page = client.get(reverse("skp_detail", args=[skp.pk])).content.decode()
    assert "sebelum menyetujui" in page
    assert 'data-kode="kata_kabur"' in page


def test_the_live_check_answers_while_typing_and_stores_nothing(client, tim):
    client.force_login(tim["siti"])
    url = reverse("skp_indikator_periksa", args=[tim["skp"].pk])
    before = tim["skp"].rhk.get().indikator.count()
    r = client.post(url, {"uraian": "Meningkatkan kualitas", "satuan": "baik", "aspek": "kualitas"})
    assert r.status_code == 200
    body = r.content.decode()
    assert 'data-kode="kata_kabur"' in body and 'data-kode="satuan_kabur"' in body
    r = client.post(url, {"uraian": "Jumlah tiket layanan yang diselesaikan", "satuan": "tiket",
                          "indikator": str(tim["vague"].pk)})  # fmt: skip
    # its own twin in the SKP is a duplicate; excluding itself only
    assert 'data-kode="duplikat"' in r.content.decode()
    r = client.post(url, {"uraian": "Jumlah tiket layanan yang diselesaikan", "satuan": "tiket",
                          "indikator": str(tim["good"].pk)})  # fmt: skip
    assert "dapat diukur" in r.content.decode()
    assert tim["skp"].rhk.get().indikator.count() == before


def test_the_live_check_is_refused_to_others(client, tim):
    url = reverse("skp_indikator_periksa", args=[tim["skp"].pk])
    client.force_login(tim["rekan"])  # a colleague: not theirs
    assert client.post(url, {"uraian": "x"}).status_code == 404
    client.force_login(UserFactory(pegawai=PegawaiFactory()))  # another agency
    assert client.post(url, {"uraian": "x"}).status_code == 404
