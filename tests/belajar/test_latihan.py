"""Rater training: anonymised cases from closed periods, the engine's proposal, the feedback on
the rater's own answers, privacy, HR's completion list and the invitation of flagged raters."""

import json
from datetime import date

import pytest
from django.urls import reverse

from kinerja.belajar import latihan as kursus
from kinerja.belajar.models import JawabanLatihan
from kinerja.notify.models import Notifikasi
from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode, Realisasi
from tests.factories import JabatanFactory, PegawaiFactory, UnitFactory, UserFactory
from tests.scoring.conftest import A, S, V, build_skp
from tests.skp.factories import PeriodeFactory

NAMA = "Rahmawati Kusumaningrum"
NIP_LAIN = "199001012020012001"
UNIT = "Puskesmas Sukamaju"
JABATAN = "Pranata Laboratorium Kesehatan"


@pytest.fixture(autouse=True)
def _after_the_year(monkeypatch):
    from kinerja.scoring.services import decisions

    monkeypatch.setattr(decisions, "today_local", lambda: date(2027, 1, 15))


@pytest.fixture
def closed(personas):
    """A closed 2025 with named people, whose names, NIP, unit and position appear in notes."""
    instansi = personas.instansi
    unit = UnitFactory(instansi=instansi, kode="PKM", nama=UNIT)
    jabatan = JabatanFactory(instansi=instansi, nama=JABATAN)
    periode = PeriodeFactory(instansi=instansi, tahun=2025, status=Periode.Status.PENILAIAN)
    people = []
    for n in range(6):
        people.append(
            PegawaiFactory(
                instansi=instansi, unit=unit, jabatan=jabatan, atasan=personas.atasan_pegawai,
                nama=NAMA if n == 0 else f"Wiryawan Sasmita {n}",
            )
        )  # fmt: skip
    note = f"Dibantu {NAMA} (NIP {NIP_LAIN}) di {UNIT} sebagai {JABATAN}."
    for n, person in enumerate(people):
        level = (50, 100, 130)[n % 3]
        spec = {"target": 40, "real": {q: (level // 4, V) for q in (1, 2, 3, 4)}}
        rated = {q: ([A] * 4 + [S] * 3, {"akuntabel": note}) for q in (1, 2, 3, 4)}
        skp = build_skp(person, periode, [("utama", [spec])], perilaku=rated)
        skp.rhk.update(uraian=f"Layanan laboratorium {UNIT} oleh {person.nama}")
        Realisasi.objects.filter(skp=skp).update(catatan=note)
    services.close_period(periode, by=personas.admin)
    return {"periode": periode, "people": people}


def test_cases_from_a_closed_period_carry_no_name_nip_unit_or_position(personas, closed):
    kasus = kursus.susun_kasus(personas.instansi)
    assert len(kasus) == kursus.JUMLAH_KASUS
    nyata = [k for k in kasus if k["sumber"] == "periode"]
    assert nyata, "the agency's own closed results are used"
    text = json.dumps(kasus, ensure_ascii=False)
    forbidden = [NAMA, NIP_LAIN, UNIT, JABATAN, "Rahmawati", "Kusumaningrum", "Sukamaju",
                 "Wiryawan", "Sasmita", personas.atasan_pegawai.nama]  # fmt: skip
    forbidden += [p.nip for p in closed["people"]] + [p.nama for p in closed["people"]]
    leaked = [w for w in forbidden if w.lower() in text.lower()]
    assert not leaked
    assert "[disamarkan]" in text and "[NIP]" in text
    # numbers are kept: the target and the verified realisations
    ind = nyata[0]["rhk"][0]["indikator"][0]
    assert ind["target"] == "40" and ind["triwulan"]


def test_the_proposal_is_the_engines_and_equals_the_stored_result(personas, closed):
    kasus = kursus.susun_kasus(personas.instansi)
    stored = set(
        Hasil.objects.filter(periode=closed["periode"], bagian__isnull=True).values_list(
            "usulan_hasil_kerja", "usulan_perilaku"
        )
    )
    assert kasus and stored
    assert any(k["sumber"] == "periode" for k in kasus)
    for k in kasus:
        if k["sumber"] == "periode":
            assert (k["usulan"]["hasil_kerja"], k["usulan"]["perilaku"]) in stored
        assert k["usulan"]["hasil_kerja"] in kursus.LANGKAH
        assert k["usulan"]["perilaku"] in kursus.LANGKAH


def test_designed_cases_fill_the_set_when_nothing_was_closed(personas):
    kasus = kursus.susun_kasus(personas.instansi)
    assert [k["sumber"] for k in kasus] == ["contoh"] * 10
    usulan = {k["usulan"]["hasil_kerja"] for k in kasus}
    assert usulan == {"di_atas", "sesuai", "di_bawah"}  # the set exercises every level


def answers(kasus, work, behaviour=None):
    return {
        str(k["nomor"]): {"hasil_kerja": work(k), "perilaku": (behaviour or work)(k)} for k in kasus
    }


def test_feedback_names_leniency_central_tendency_halo_recency_and_similar_to_me(personas):
    kasus = kursus.susun_kasus(personas.instansi)

    exact = kursus.nilai_jawaban(
        kasus,
        answers(kasus, lambda k: k["usulan"]["hasil_kerja"], lambda k: k["usulan"]["perilaku"]),
    )
    assert exact.skor == 100 and exact.kesalahan == []

    lenient = kursus.nilai_jawaban(kasus, answers(kasus, lambda k: "di_atas"))
    names = [n for n, _ in lenient.kesalahan]
    assert any("leniency" in n for n in names)
    assert any("similar-to-me" in n for n in names)

    middle = kursus.nilai_jawaban(kasus, answers(kasus, lambda k: "sesuai"))
    assert any("central tendency" in n for n, _ in middle.kesalahan)

    halo = kursus.nilai_jawaban(kasus, answers(kasus, lambda k: k["usulan"]["hasil_kerja"]))
    assert any("halo" in n.lower() for n, _ in halo.kesalahan)

    def last_quarter(k):
        if k.get("pola") == "akhir_kuat":
            return "di_atas"
        if k.get("pola") == "akhir_lemah":
            return "di_bawah"
        return k["usulan"]["hasil_kerja"]

    recency = kursus.nilai_jawaban(
        kasus, answers(kasus, last_quarter, lambda k: k["usulan"]["perilaku"])
    )
    assert [n for n, _ in recency.kesalahan] == ["Efek kebaruan (recency)"]


def test_the_rater_completes_and_only_they_read_the_answers(client, personas):
    client.force_login(personas.atasan)
    page = client.get(reverse("belajar_latihan"))
    assert page.status_code == 200 and "Pegawai J" in page.content.decode()
    set_ = kursus.latihan_instansi(personas.instansi)
    # an incomplete form keeps the choices and says which case is missing
    r = client.post(reverse("belajar_latihan"), {"w1": "di_atas", "b1": "sesuai"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Pilih penilaian hasil kerja dan perilaku kerja untuk Pegawai B." in body
    assert 'name="w1" value="di_atas" checked' in body
    assert not JawabanLatihan.objects.exists()
    data = {}
    for k in set_.kasus:
        data[f"w{k['nomor']}"] = "di_atas"
        data[f"b{k['nomor']}"] = "di_atas"
    r = client.post(reverse("belajar_latihan"), data)
    assert r.status_code == 302
    hasil = client.get(reverse("belajar_latihan_hasil")).content.decode()
    assert "Murah hati (leniency)" in hasil
    # HR sees that it was completed, never the answers or the score
    client.force_login(personas.admin)
    daftar = client.get(reverse("belajar_latihan_peserta")).content.decode()
    assert personas.atasan_pegawai.nama in daftar and "selesai" in daftar
    assert (
        "Murah hati" not in daftar and "%" not in daftar.split("<main", 1)[-1].split("Penanda")[0]
    )
    assert client.get(reverse("belajar_latihan_hasil")).status_code == 403
    # another rater has no feedback of their own yet: not found, never someone else's
    other_boss = PegawaiFactory(instansi=personas.instansi, unit=personas.atasan_pegawai.unit)
    PegawaiFactory(instansi=personas.instansi, unit=other_boss.unit, atasan=other_boss)
    client.force_login(UserFactory(pegawai=other_boss))
    assert client.get(reverse("belajar_latihan_hasil")).status_code == 404
    # an employee without subordinates may not take it
    client.force_login(personas.pegawai)
    assert client.get(reverse("belajar_latihan")).status_code == 403


def test_hr_invites_the_raters_calibration_flags(client, personas, monkeypatch):
    from kinerja.belajar import peserta

    monkeypatch.setattr(peserta, "_flagged_ids", lambda user: ({personas.atasan_pegawai.pk}, None))
    client.force_login(personas.admin)
    page = client.get(reverse("belajar_latihan_peserta")).content.decode()
    assert "disarankan" in page and "Undang 1 penilai" in page
    client.post(reverse("belajar_latihan_peserta"))
    told = Notifikasi.objects.get()
    assert told.penerima == personas.atasan and told.url == reverse("belajar_latihan")
    # nobody in another agency is told
    assert not Notifikasi.objects.exclude(instansi=personas.instansi).exists()
