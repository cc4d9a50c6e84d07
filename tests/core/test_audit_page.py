"""The auditor's page: the chain verified in the browser (same function as verify_audit),
filters by date, actor, action, object and unit, XLSX/CSV export, before/after written for
people with objects named by person and period, failed logins recorded and shown."""

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kinerja.core import audit
from kinerja.core.models import AuditEntry
from tests.factories import PegawaiFactory, UnitFactory
from tests.skp.factories import (
    IndikatorFactory,
    PeriodeFactory,
    RealisasiFactory,
    RhkFactory,
    SkpFactory,
)


@pytest.fixture
def realisasi(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    skp = SkpFactory(pegawai=personas.pegawai_pegawai, periode=periode)
    ind = IndikatorFactory(rhk=RhkFactory(skp=skp), uraian="Jumlah surat keluar")
    return RealisasiFactory(indikator=ind, bagian=periode.bagian.get(nomor=2),
                            nilai=Decimal("86.6"))  # fmt: skip


def _rows(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_chain_is_verified_in_the_browser_and_a_broken_entry_named(personas, login):
    for n in range(3):
        audit.record(personas.instansi, actor=personas.admin, action=f"uji.{n}", after={"n": n})
    client = login(personas.auditor)
    html = client.get("/audit/?periksa=1").content.decode()
    assert "Rantai utuh" in html and "3 entri diperiksa" in html
    AuditEntry.objects.filter(seq=2).update(after={"n": 99})
    html = client.get("/audit/?periksa=1").content.decode()
    assert "Rantai RUSAK pada entri nomor 2" in html
    assert "isi entri berubah setelah dicatat" in html
    assert "uji.1" in html  # the broken entry itself is shown


def test_the_page_verifies_with_the_commands_function(personas, login, monkeypatch):
    from kinerja.core import views

    calls = []
    monkeypatch.setattr(views, "verify_chain", lambda pk: calls.append(pk))
    login(personas.auditor).get("/audit/?periksa=1")
    assert calls == [personas.instansi.pk]


def test_objects_are_named_by_person_period_and_indicator_and_values_in_indonesian(
    personas, login, realisasi
):
    audit.record(personas.instansi, actor=personas.atasan, action="realisasi.verifikasi",
                 obj=realisasi, before={"status": "diajukan"},
                 after={"status": "diverifikasi", "nilai": Decimal("86.6000"),
                        "penilai": personas.atasan_pegawai.pk})  # fmt: skip
    html = _rows(login(personas.auditor).get("/audit/").content.decode())
    assert "Realisasi 86.6000" not in html and "86.6000" not in html
    assert "Siti Pegawai" in html and "Jumlah surat keluar" in html and "bagian 2 2026" in html
    assert "86,6" in html
    assert "Budi Atasan" in html  # the rater named, not their id
    assert "Realisasi: verifikasi" in html


def test_filters_by_date_actor_action_object_and_unit(personas, login, realisasi):
    other_unit = UnitFactory(instansi=personas.instansi, nama="Dinas Perhubungan")
    elsewhere = PegawaiFactory(instansi=personas.instansi, unit=other_unit, nama="Andi Dishub")
    audit.record(personas.instansi, actor=personas.atasan, action="realisasi.verifikasi",
                 obj=realisasi, after={"status": "diverifikasi"})  # fmt: skip
    audit.record(personas.instansi, actor=personas.admin, action="pegawai.ubah_atasan",
                 obj=elsewhere, after={"atasan_id": None})  # fmt: skip
    old = audit.record(personas.instansi, actor=personas.admin, action="periode.buka")
    AuditEntry.objects.filter(pk=old.pk).update(at=datetime(2025, 1, 5, 3, tzinfo=UTC))
    client = login(personas.auditor)

    def seqs(query: str) -> set[int]:
        return {e.seq for e in client.get(f"/audit/?{query}").context["page"]}

    assert seqs("") == {1, 2, 3}
    today = timezone.localdate()
    assert seqs(f"dari={today - timedelta(days=1)}&sampai={today}") == {1, 2}
    assert seqs("sampai=2025-01-31") == {3}
    assert seqs("pelaku=budi") == {1}
    assert seqs("tindakan=pegawai.ubah_atasan") == {2}
    assert seqs("tindakan=realisasi.") == {1}
    assert seqs("objek=org.pegawai") == {2}
    assert seqs("cari=realisasi") == {1}
    assert seqs(f"unit={other_unit.pk}") == {2}
    assert seqs(f"unit={personas.pegawai_pegawai.unit_id}") == {1}


def test_a_bad_date_is_named_beside_its_field(personas, login):
    response = login(personas.auditor).get("/audit/?dari=kemarin")
    assert response.status_code == 400
    assert "Tanggal “kemarin” tidak dikenal" in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_carries_the_filtered_entries_named(personas, login, realisasi, fmt):
    audit.record(personas.instansi, actor=personas.atasan, action="realisasi.verifikasi",
                 obj=realisasi, after={"nilai": "86.6000"})  # fmt: skip
    audit.record(personas.instansi, actor=personas.admin, action="periode.buka")
    response = login(personas.auditor).get(f"/audit/?tindakan=realisasi.verifikasi&unduh={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.active
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b
        rows = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "No." and len(rows) == 2
    assert "Siti Pegawai" in rows[1][5] and "86,6" in rows[1][6]


def test_other_agencies_entries_never_show(personas, login):
    audit.record(personas.outsider.instansi, actor=personas.outsider, action="rahasia.lain")
    html = login(personas.auditor).get("/audit/?periksa=1").content.decode()
    assert "rahasia" not in html
    assert login(personas.pegawai).get("/audit/").status_code == 403


def test_failed_logins_are_recorded_and_shown(client, personas, settings, login):
    nip = personas.pegawai_pegawai.nip
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post("/masuk/", {"username": nip, "password": "salah"})
    recorded = list(AuditEntry.objects.filter(instansi=personas.instansi)
                    .order_by("seq").values_list("action", flat=True))  # fmt: skip
    assert recorded == ["akun.masuk_gagal"] * (settings.AXES_FAILURE_LIMIT - 1) + [
        "akun.terkunci"
    ]  # the attempts refused while locked add nothing
    assert audit.verify_chain(personas.instansi.pk) is None
    client.logout()
    html = login(personas.auditor).get("/audit/?tindakan=masuk_gagal").content.decode()
    assert (
        f"Percobaan masuk yang gagal dalam 7 hari terakhir: <strong>{settings.AXES_FAILURE_LIMIT}"
        in html
    )
    assert "Akun: masuk gagal" in html and "Akun: terkunci" in html


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("realisasi.verifikasi", "Realisasi: verifikasi"),
        ("citizen.aduan.direspons", "Layanan publik: aduan direspons"),
        ("insight.demo", "Wawasan: data demo"),
        ("skp.setujui", "SKP: setujui"),
        ("akun_layanan.token_buat", "Akun layanan API: token buat"),
    ],
)
def test_actions_are_named_in_indonesian_words(code, label):
    """No English app name ("Citizen", "Insight") nor "Skp" in the action a person reads."""
    from kinerja.core.auditlog import action_label

    assert action_label(code) == label
