"""Storing answers: rate limits, one-time receipt codes and bursts of identical answers."""

import fcntl
import threading
from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from kinerja.citizen.errors import Refused
from kinerja.citizen.models import JawabanSurvei
from kinerja.citizen.survey import create_tokens, review_answer, submit_answer
from kinerja.citizen.write_queue import lock_path
from kinerja.core.models import AuditEntry
from tests.citizen.conftest import make_layanan
from tests.factories import UnitFactory

GOOD = {f"u{i}": 3 for i in range(1, 10)}


def answers(**changes):
    return {**GOOD, **changes}


def test_an_accepted_answer_is_stored_with_its_profile(layanan):
    result = submit_answer(
        layanan, answers=GOOD, ip_hash="a", profile={"usia": 30, "jenis_kelamin": "P"}
    )
    stored = JawabanSurvei.objects.get()
    assert stored.pk == result.jawaban.pk
    assert (stored.usia, stored.jenis_kelamin, stored.dihitung) == (30, "P", True)


def test_a_missing_element_is_refused_with_its_field(layanan):
    with pytest.raises(Refused) as refused:
        submit_answer(layanan, answers=answers(u4=None), ip_hash="a")
    assert refused.value.kolom == "u4"
    with pytest.raises(Refused):
        submit_answer(layanan, answers=answers(u9=5), ip_hash="a")
    assert not JawabanSurvei.objects.exists()


def test_rate_limit_per_network_address(settings, layanan):
    settings.KINERJA_SURVEI_BATAS_ALAMAT = (3, 600)
    settings.KINERJA_SURVEI_LONJAKAN = (100, 600)
    for _ in range(3):
        submit_answer(layanan, answers=GOOD, ip_hash="kios")
    with pytest.raises(Refused) as refused:
        submit_answer(layanan, answers=GOOD, ip_hash="kios")
    assert refused.value.status == 429
    submit_answer(layanan, answers=GOOD, ip_hash="lain")  # another address is not affected
    assert JawabanSurvei.objects.count() == 4


def test_rate_limit_window_slides(settings, layanan):
    settings.KINERJA_SURVEI_BATAS_ALAMAT = (1, 600)
    submit_answer(layanan, answers=GOOD, ip_hash="k", now=timezone.now() - timedelta(minutes=11))
    submit_answer(layanan, answers=GOOD, ip_hash="k")
    assert JawabanSurvei.objects.count() == 2


def test_rate_limit_per_service(settings, layanan):
    settings.KINERJA_SURVEI_BATAS_LAYANAN = (2, 600)
    submit_answer(layanan, answers=answers(u1=1), ip_hash="a")
    submit_answer(layanan, answers=answers(u1=2), ip_hash="b")
    with pytest.raises(Refused) as refused:
        submit_answer(layanan, answers=answers(u1=4), ip_hash="c")
    assert refused.value.kode == "layanan_sibuk"


def test_a_receipt_code_gives_one_answer(personas, layanan):
    (token,) = create_tokens(layanan, jumlah=1, by=personas.admin)
    submit_answer(layanan, answers=GOOD, ip_hash="a", token=token.kode.lower())
    with pytest.raises(Refused) as refused:
        submit_answer(layanan, answers=GOOD, ip_hash="b", token=token.kode)
    assert refused.value.kode == "kode_struk_terpakai"
    assert "sudah dipakai" in refused.value.pesan
    assert JawabanSurvei.objects.count() == 1


def test_unknown_or_missing_required_code_is_refused(layanan):
    layanan.wajib_token = True
    layanan.save()
    with pytest.raises(Refused) as missing:
        submit_answer(layanan, answers=GOOD, ip_hash="a")
    assert missing.value.kode == "kode_struk_wajib"
    with pytest.raises(Refused) as unknown:
        submit_answer(layanan, answers=GOOD, ip_hash="a", token="ZZZZ9999")
    assert unknown.value.kode == "kode_struk_tidak_dikenal"


def test_a_burst_of_identical_answers_is_kept_but_flagged(settings, layanan):
    settings.KINERJA_SURVEI_LONJAKAN = (4, 600)
    first = [submit_answer(layanan, answers=GOOD, ip_hash=str(i)) for i in range(3)]
    assert not any(r.ditandai for r in first)
    fourth = submit_answer(layanan, answers=GOOD, ip_hash="x")
    different = submit_answer(layanan, answers=answers(u2=4), ip_hash="y")
    assert fourth.ditandai and not different.ditandai
    flagged = JawabanSurvei.objects.filter(ditandai=True)
    assert flagged.count() == 4  # the earlier identical answers of the burst too
    assert not flagged.filter(dihitung=True).exists()
    assert "identik" in flagged.first().alasan_tanda


def test_review_counts_an_accepted_answer_and_writes_audit(personas, layanan):
    stored = JawabanSurvei.objects.create(
        instansi=personas.instansi, layanan=layanan, ditandai=True, dihitung=False, **GOOD
    )
    review_answer(stored, terima=True, by=personas.admin)
    stored.refresh_from_db()
    assert stored.dihitung and stored.review == "diterima"
    assert stored.direview_oleh == personas.admin
    assert AuditEntry.objects.filter(action="citizen.jawaban.review").count() == 1
    review_answer(stored, terima=False, by=personas.admin)
    stored.refresh_from_db()
    assert not stored.dihitung


def test_database_refuses_an_answer_out_of_scale(layanan):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        JawabanSurvei.objects.create(instansi=layanan.instansi, layanan=layanan, **answers(u5=0))


@pytest.mark.django_db(transaction=True)
def test_the_address_limit_is_exact_under_concurrent_submissions(settings):
    """Eight simultaneous answers from one address with a limit of three: three stored."""
    import threading

    from django.db import connection

    from tests.citizen.conftest import make_layanan
    from tests.factories import UnitFactory

    settings.KINERJA_SURVEI_BATAS_ALAMAT = (3, 600)
    unit = UnitFactory()
    layanan = make_layanan(unit.instansi, unit, kode="antre")
    start = threading.Barrier(8)
    outcomes = []

    def submit(n):
        try:
            start.wait()
            submit_answer(layanan, answers=answers(u1=1 + n % 4, u2=1 + n // 4), ip_hash="kios")
            outcomes.append("ok")
        except Refused as refused:
            outcomes.append(refused.kode)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] * 3 + ["terlalu_sering"] * 5
    assert JawabanSurvei.objects.filter(layanan=layanan).count() == 3


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the writer queue is for SQLite files"
)


def _submit_in_thread(layanan, outcome: list, *, inside_transaction=False):
    def run():
        try:
            with transaction.atomic() if inside_transaction else nullcontext():
                outcome.append(submit_answer(layanan, answers=GOOD, ip_hash="antre").jawaban.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_survey_writers_wait_in_the_queue_not_in_the_busy_handler():
    """While another writer holds the queue, an answer waits; it is stored once released."""
    unit = UnitFactory()
    layanan = make_layanan(unit.instansi, unit, kode="antre")
    outcome = []
    with open(lock_path(connection.settings_dict["NAME"]), "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        thread = _submit_in_thread(layanan, outcome)
        thread.join(timeout=0.5)
        assert thread.is_alive() and not JawabanSurvei.objects.exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert list(JawabanSurvei.objects.values_list("pk", flat=True)) == outcome


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_an_answer_inside_a_callers_transaction_does_not_wait_in_the_queue():
    """Inside a transaction the connection may hold SQLite's write lock already; queueing
    then could wait on a writer that waits for that lock."""
    unit = UnitFactory()
    layanan = make_layanan(unit.instansi, unit, kode="antre")
    outcome = []
    with open(lock_path(connection.settings_dict["NAME"]), "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        thread = _submit_in_thread(layanan, outcome, inside_transaction=True)
        thread.join(timeout=10)
        assert not thread.is_alive()
    assert JawabanSurvei.objects.filter(pk__in=outcome).count() == 1
