"""The warnings page leads to action: each warning names its person, unit and indicator and
links to the page where the data is fixed; filters by rule, unit and status; pages of 25;
several dismissed at once with one reason, each audited, all or none."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from kinerja.core.models import AuditEntry
from kinerja.insight.models import PeringatanDitutup
from kinerja.skp.models import Realisasi, Skp
from tests.factories import PegawaiFactory, UnitFactory
from tests.skp.factories import IndikatorFactory, RealisasiFactory, RhkFactory, SkpFactory

V = Realisasi.Status.DIVERIFIKASI


def _beyond(pegawai, periode, *, uraian="Jumlah surat keluar", value="99", nomor=1):
    """A realisation far above its slice target: fires ``realisasi_melampaui_target`` (and
    ``bukti_kosong``, as it has no evidence)."""
    skp = Skp.objects.filter(pegawai=pegawai, periode=periode).first() or SkpFactory(
        pegawai=pegawai, periode=periode, status=Skp.Status.DISETUJUI,
        disetujui_pada=datetime(2026, 1, 20, tzinfo=UTC),
    )  # fmt: skip
    ind = IndikatorFactory(rhk=RhkFactory(skp=skp), uraian=uraian, target=Decimal(40))
    return RealisasiFactory(indikator=ind, bagian=periode.bagian.get(nomor=nomor),
                            nilai=Decimal(value), status=V)  # fmt: skip


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr id=\"p-\d+\">.*?</tr>", body, flags=re.S)


def test_a_warning_names_person_unit_and_indicator_and_links_to_the_realisation(
    personas, periode, login
):
    real = _beyond(personas.pegawai_pegawai, periode, uraian="Jumlah surat keluar")
    html = login(personas.admin).get("/wawasan/peringatan/?aturan=realisasi_melampaui_target")
    html = html.content.decode()
    rows = _rows(html)
    assert len(rows) == 1
    row = rows[0]
    assert "Siti Pegawai" in row and personas.pegawai_pegawai.nip_tertulis in row
    assert "Dinas Kesehatan" in row and "Jumlah surat keluar" in row
    fix = f"/skp/{real.skp_id}/bagian/1/#ind-{real.indikator_id}"
    assert f'href="{fix}"' in row
    assert ".pdf" not in row and "SKP #" not in row


def test_the_link_to_fix_opens_for_hr_and_the_rater(personas, periode, login):
    real = _beyond(personas.pegawai_pegawai, periode)
    url = f"/skp/{real.skp_id}/bagian/1/"
    assert login(personas.admin).get(url).status_code == 200
    assert login(personas.atasan).get(url).status_code == 200


def test_a_changed_target_links_to_the_plan(personas, periode, login):
    from kinerja.insight import warnings as checks

    real = _beyond(personas.pegawai_pegawai, periode)
    found = checks.find_warnings(periode)
    beyond = next(w for w in found if w.kode == "realisasi_melampaui_target")
    assert beyond.subjek[0].unit == "Dinas Kesehatan"
    assert beyond.tautan_label == "Buka realisasi"
    warning = checks.Peringatan(
        "target_berubah", "indikator:1", "x", (real.skp_id,),
        indikator_id=real.indikator_id, rhk_id=real.indikator.rhk_id,
    )  # fmt: skip
    checks.name_subjects([warning])
    assert warning.tautan == f"/skp/{real.skp_id}/#rhk-{real.indikator.rhk_id}"
    assert warning.tautan_label == "Buka rencana SKP"


def test_filters_by_rule_unit_and_status(personas, periode, login):
    other_unit = UnitFactory(instansi=personas.instansi, kode="DISHUB", nama="Dinas Perhubungan")
    elsewhere = PegawaiFactory(instansi=personas.instansi, unit=other_unit,
                               atasan=personas.atasan_pegawai, nama="Andi Dishub")  # fmt: skip
    _beyond(personas.pegawai_pegawai, periode)
    _beyond(elsewhere, periode)
    client = login(personas.admin)
    everything = _rows(client.get("/wawasan/peringatan/").content.decode())
    assert len(everything) == 4  # two rules × two people
    by_rule = client.get("/wawasan/peringatan/?aturan=bukti_kosong").content.decode()
    assert len(_rows(by_rule)) == 2 and "Realisasi jauh di atas target" not in "".join(
        _rows(by_rule)
    )
    by_unit = _rows(client.get(f"/wawasan/peringatan/?unit={other_unit.pk}").content.decode())
    assert len(by_unit) == 2 and all("Andi Dishub" in r for r in by_unit)
    assert _rows(client.get("/wawasan/peringatan/?status=ditutup").content.decode()) == []


def test_the_list_is_paged_by_25(personas, periode, login):
    for i in range(14):  # 14 realisations × 2 rules = 28 warnings
        _beyond(personas.pegawai_pegawai, periode, uraian=f"Indikator {i}")
    client = login(personas.admin)
    first = client.get("/wawasan/peringatan/").content.decode()
    assert len(_rows(first)) == 25
    assert "Halaman 1 dari 2" in first
    second = client.get("/wawasan/peringatan/?halaman=2").content.decode()
    assert len(_rows(second)) == 3


def test_several_dismissed_at_once_with_one_reason_each_audited(personas, periode, login):
    a = _beyond(personas.pegawai_pegawai, periode)
    b = _beyond(personas.rekan_pegawai, periode)
    client = login(personas.admin)
    response = client.post("/wawasan/peringatan/tutup/?tahun=2026", {
        "pilih": [f"bukti_kosong|realisasi:{a.pk}", f"bukti_kosong|realisasi:{b.pk}"],
        "alasan": "Bukti diserahkan dalam bentuk fisik.", "aturan": "bukti_kosong",
    })  # fmt: skip
    assert response.status_code == 302
    assert "aturan=bukti_kosong" in response["Location"]
    assert PeringatanDitutup.objects.filter(kode="bukti_kosong").count() == 2
    entries = AuditEntry.objects.filter(action="peringatan.tutup")
    assert entries.count() == 2
    assert {e.after["alasan"] for e in entries} == {"Bukti diserahkan dalam bentuk fisik."}
    still_open = _rows(client.get("/wawasan/peringatan/").content.decode())
    assert len(still_open) == 2 and all("Realisasi jauh di atas target" in r for r in still_open)


def test_a_short_reason_changes_nothing_and_keeps_what_was_typed_and_ticked(
    personas, periode, login
):
    a = _beyond(personas.pegawai_pegawai, periode)
    choice = f"bukti_kosong|realisasi:{a.pk}"
    response = login(personas.admin).post("/wawasan/peringatan/tutup/?tahun=2026", {
        "pilih": [choice], "alasan": "ok saja",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="e-alasan"' in html and "minimal 10 karakter" in html
    assert ">ok saja</textarea>" in html
    assert re.search(rf'value="{re.escape(choice)}"[^>]*checked', html)
    assert not PeringatanDitutup.objects.exists()
    assert not AuditEntry.objects.filter(action="peringatan.tutup").exists()


def test_nothing_ticked_is_said_plainly(personas, periode, login):
    _beyond(personas.pegawai_pegawai, periode)
    response = login(personas.admin).post("/wawasan/peringatan/tutup/?tahun=2026", {
        "alasan": "alasan yang cukup panjang",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Pilih minimal satu peringatan" in response.content.decode()


def test_a_rater_cannot_dismiss_outside_the_team_and_nothing_is_dismissed(personas, periode, login):
    outsider_rater = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit)
    stranger = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                              atasan=outsider_rater)  # fmt: skip
    own = _beyond(personas.pegawai_pegawai, periode)
    theirs = _beyond(stranger, periode)
    Skp.objects.filter(pk=theirs.skp_id).update(penilai=outsider_rater)
    client = login(personas.atasan)
    html = client.get("/wawasan/peringatan/").content.decode()
    assert stranger.nama not in html
    response = client.post("/wawasan/peringatan/tutup/?tahun=2026", {
        "pilih": [f"bukti_kosong|realisasi:{own.pk}", f"bukti_kosong|realisasi:{theirs.pk}"],
        "alasan": "alasan yang cukup panjang",
    })  # fmt: skip
    assert response.status_code == 403
    assert not PeringatanDitutup.objects.exists()


@pytest.mark.parametrize("value", ["xlsx", "csv"])
def test_the_download_carries_the_filtered_list_with_names(personas, periode, login, value):
    _beyond(personas.pegawai_pegawai, periode)
    client = login(personas.admin)
    response = client.get(f"/wawasan/peringatan/?aturan=bukti_kosong&unduh={value}"
                          "&tabel=peringatan")  # fmt: skip
    assert response.status_code == 200
    if value == "csv":
        text = response.content.decode("utf-8-sig")
        assert "Siti Pegawai" in text and "Dinas Kesehatan" in text
        assert "Realisasi jauh di atas target" not in text
