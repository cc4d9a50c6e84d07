"""The first-week checklist per role, the glossary's "?" and the help page."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from kinerja.belajar.glosarium import ENTRI
from kinerja.belajar.models import Orientasi
from tests.skp.factories import IndikatorFactory, PeriodeFactory, RhkFactory, SkpFactory


def steps(client):
    page = client.get(reverse("home")).content.decode()
    return page


def test_a_new_employee_sees_their_first_steps_and_a_step_ticks_itself(client, personas):
    client.force_login(personas.pegawai)
    page = steps(client)
    assert "Langkah pertama Anda" in page and "0 dari 3 langkah selesai" in page
    skp = SkpFactory(
        pegawai=personas.pegawai_pegawai, periode=PeriodeFactory(instansi=personas.instansi)
    )
    page = steps(client)
    assert "1 dari 3 langkah selesai" in page
    IndikatorFactory(rhk=RhkFactory(skp=skp))
    assert "2 dari 3 langkah selesai" in steps(client)


def test_each_role_gets_its_own_steps(client, personas):
    client.force_login(personas.atasan)
    page = steps(client)
    assert "Setujui rencana SKP bawahan" in page and "Ikuti latihan penilai" in page
    client.force_login(personas.admin)
    page = steps(client)
    assert "Impor unit kerja dan pegawai" in page and "Setujui rencana" not in page
    client.force_login(personas.auditor)
    assert "Buka log audit" in steps(client)


def test_a_visit_step_ticks_when_opened_from_the_list(client, personas):
    client.force_login(personas.auditor)
    r = client.get(reverse("belajar_langkah", args=["log_audit"]))
    assert r.status_code == 302 and r.url == reverse("audit_log")
    # the auditor's only step is done: the list is gone
    assert "Langkah pertama Anda" not in steps(client)
    # a step of another role is not found
    assert client.get(reverse("belajar_langkah", args=["impor"])).status_code == 404


def test_the_list_can_be_closed_and_stays_closed(client, personas):
    client.force_login(personas.pegawai)
    client.post(reverse("belajar_tutup"))
    assert Orientasi.objects.get(user=personas.pegawai).ditutup_pada is not None
    assert "Langkah pertama Anda" not in steps(client)


def test_every_term_has_one_entry_with_its_source_and_a_question_mark_opens_it(client, db):
    for kode in ("rhk", "iki", "capaian", "ekspektasi", "predikat", "kurva-distribusi", "ikm",
                 "berakhlak"):  # fmt: skip
        entri = ENTRI[kode]
        assert entri.isi and entri.rujukan
        r = client.get(reverse("belajar_istilah", args=[kode]))
        assert r.status_code == 200 and entri.judul in r.content.decode()
    html = Template('{% load belajar %}{% istilah "capaian" %}').render(Context())
    assert reverse("belajar_istilah", args=["capaian"]) in html and "Apa itu Capaian?" in html
    assert client.get(reverse("belajar_istilah", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize(
    "who,sees,not_sees",
    [
        ("pegawai", "Untuk Pegawai", "Untuk Admin kepegawaian"),
        ("admin", "sudah mengikuti latihan penilai", "Untuk Pegawai"),
    ],
)
def test_the_help_page_is_per_role(client, personas, who, sees, not_sees):
    client.force_login(getattr(personas, who))
    page = client.get(reverse("belajar_bantuan")).content.decode()
    assert not_sees not in page
    assert sees in page or sees.lower() in page.lower()
