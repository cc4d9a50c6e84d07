"""Ready for a distributed PostgreSQL (Citus) with the agency as distribution column.

Every domain model carries ``instansi``; every unique rule on it includes ``instansi``, with
no exception: the citizen-facing codes are kept unique across agencies by the directory
table (``DIRECTORY_TABLES``), which the real services write with every code; no query
crosses agencies except in a declared national view. The models are checked here; the
queries of every page and API endpoint are checked by the authorization matrix
(test_authorization_matrix.py) with the checker in sql_scope.py, whose own behaviour is
tested below on a deliberately unscoped query.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from kinerja.citizen.complaints import submit_complaint
from kinerja.citizen.directory import NoFreeCode, resolve
from kinerja.citizen.models import Aduan, KodePublik
from kinerja.citizen.register import save_layanan
from kinerja.citizen.survey import create_tokens
from kinerja.core.tenancy import (
    DIRECTORY_TABLES,
    NATIONAL,
    REFERENCE_TABLES,
    for_agency,
    national,
)
from kinerja.org.models import Instansi, Pegawai
from tests.core.sql_scope import AgencyScope
from tests.factories import InstansiFactory, PegawaiFactory, UnitFactory, UserFactory


def _our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("kinerja.")]


def _domain_models():
    """Models split by agency: all but the reference tables (and, for what their unique
    rules may be, the directory tables)."""
    return [m for m in _our_models() if m._meta.label not in REFERENCE_TABLES]


def test_the_declarations_name_real_models_and_give_reasons():
    labels = {m._meta.label for m in _our_models()}
    assert set(REFERENCE_TABLES) <= labels
    assert set(DIRECTORY_TABLES) <= labels
    assert not set(REFERENCE_TABLES) & set(DIRECTORY_TABLES)
    for declared in (REFERENCE_TABLES, DIRECTORY_TABLES, NATIONAL):
        assert all(reason.strip() for reason in declared.values())


def test_every_declared_national_view_still_exists():
    stale = []
    for name in NATIONAL:
        module, _, qualname = name.partition(":")
        target = import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part, None)
            if target is None:
                break
        if not callable(target):
            stale.append(name)
    assert not stale, f"tampilan nasional yang tidak ada lagi: {stale}"


def test_every_domain_model_has_a_non_null_instansi_key():
    missing = []
    for model in _domain_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "instansi"), None)
        if not (
            isinstance(field, models.ForeignKey)
            and field.related_model is Instansi
            and not field.null
        ):
            missing.append(model._meta.label)
    assert not missing, f"model tanpa ForeignKey instansi yang wajib: {missing}"


def _unique_rules(model):
    label = model._meta.label
    rules = [
        (f"{label}.{f.name}", [f.name])
        for f in model._meta.concrete_fields
        if f.unique and not f.primary_key
    ]
    rules += [
        (f"{label}:{c.name}", list(c.fields))
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint)
    ]
    rules += [(f"{label}:{names}", list(names)) for names in model._meta.unique_together]
    return rules


def test_every_unique_rule_of_a_domain_model_includes_instansi():
    offending = [
        rule
        for model in _domain_models()
        if model._meta.label not in DIRECTORY_TABLES
        for rule, names in _unique_rules(model)
        if "instansi" not in names
    ]
    assert not offending, f"aturan unik tanpa instansi: {offending}"


def test_a_directory_table_has_one_unique_key_its_distribution_column():
    """On Citus a directory table is distributed by its one unique column (every unique
    rule must contain the distribution column), and each row names its agency."""
    assert DIRECTORY_TABLES
    for label in DIRECTORY_TABLES:
        rules = _unique_rules(apps.get_model(label))
        assert len(rules) == 1 and len(rules[0][1]) == 1, f"{label}: {rules}"
        assert rules[0][1] != ["instansi"]


# --- the code directory keeps the citizen codes unique across agencies --------------------

_SERVICE = {
    "nama": "Loket KTP-el", "populasi": None, "tenggat_verifikasi": 3, "tenggat_respons": 5,
    "tenggat_selesai": 14, "wajib_token": False, "aktif": True,
}  # fmt: skip


def _service(hr, unit, kode):
    values = {**_SERVICE, "unit_id": unit.pk, "kode": kode}
    return save_layanan(unit.instansi, by=hr, values=values)


def _hr(instansi):
    return UserFactory(instansi=instansi, is_admin_kepegawaian=True)


def test_every_citizen_code_is_in_the_directory_once_after_the_real_services(db):
    instansi = InstansiFactory(kode="KOTA")
    unit, hr = UnitFactory(instansi=instansi), _hr(instansi)
    layanan = _service(hr, unit, "ktp")
    tokens = create_tokens(layanan, jumlah=3, by=hr)
    aduan = submit_complaint(instansi, layanan=layanan, isi="Antrean terlalu lama.", ip_hash="a")
    J = KodePublik.Jenis
    issued = [(layanan.kode_publik, J.LAYANAN), (aduan.kode_lacak, J.ADUAN)]
    issued += [(token.kode, J.TOKEN) for token in tokens]
    rows = KodePublik.objects.values_list("kode", "jenis", "instansi_id")
    assert sorted(rows) == sorted((kode, jenis, instansi.pk) for kode, jenis in issued)
    assert all(resolve(kode, jenis) == instansi.pk for kode, jenis in issued)
    # Codes keep today's formats.
    assert layanan.kode_publik == "kota-ktp" and aduan.kode_lacak.startswith("ADU-")
    assert all(len(t.kode) == 8 and t.kode.isalnum() and t.kode.isupper() for t in tokens)


def test_a_public_code_taken_by_another_agency_gets_a_random_tail(db):
    first, second = InstansiFactory(kode="KOTA"), InstansiFactory(kode="KOTA-A")
    taken = _service(_hr(first), UnitFactory(instansi=first), "a-ktp")
    mine = _service(_hr(second), UnitFactory(instansi=second), "ktp")
    assert taken.kode_publik == "kota-a-ktp"
    assert mine.kode_publik.startswith("kota-a-ktp-") and len(mine.kode_publik) == 17
    assert resolve("kota-a-ktp", KodePublik.Jenis.LAYANAN) == first.pk
    assert resolve(mine.kode_publik, KodePublik.Jenis.LAYANAN) == second.pk


def test_a_generated_code_taken_by_another_agency_is_made_again(db, monkeypatch):
    from kinerja.citizen import complaints, survey

    first, second = InstansiFactory(kode="SATU"), InstansiFactory(kode="DUA")
    theirs = submit_complaint(
        first, unit=UnitFactory(instansi=first), isi="Loket tutup lebih awal.", ip_hash="a"
    )
    tracking = iter([theirs.kode_lacak, "ADU-2222-3333"])
    monkeypatch.setattr(complaints, "new_tracking_code", lambda: next(tracking))
    unit = UnitFactory(instansi=second)
    mine = submit_complaint(second, unit=unit, isi="Loket tutup lebih awal.", ip_hash="b")
    assert mine.kode_lacak == "ADU-2222-3333"

    # Receipt codes: one made twice in the batch, one colliding with the other agency's
    # tracking code (any kind counts); the batch is topped up with new ones.
    receipts = iter(["AAAA2222", "AAAA2222", theirs.kode_lacak, "BBBB3333", "CCCC4444"])
    monkeypatch.setattr(survey, "new_token", lambda: next(receipts))
    layanan = _service(_hr(second), unit, "ktp")
    made = create_tokens(layanan, jumlah=3, by=None)
    assert sorted(t.kode for t in made) == ["AAAA2222", "BBBB3333", "CCCC4444"]
    assert resolve(theirs.kode_lacak, KodePublik.Jenis.ADUAN) == first.pk
    assert KodePublik.objects.filter(instansi=second).count() == 5  # tracking, service, 3


def test_a_code_that_stays_taken_is_refused_and_nothing_is_stored(db, monkeypatch):
    from kinerja.citizen import complaints

    first, second = InstansiFactory(kode="SATU"), InstansiFactory(kode="DUA")
    theirs = submit_complaint(
        first, unit=UnitFactory(instansi=first), isi="Loket tutup lebih awal.", ip_hash="a"
    )
    monkeypatch.setattr(complaints, "new_tracking_code", lambda: theirs.kode_lacak)
    with pytest.raises(NoFreeCode):
        submit_complaint(
            second, unit=UnitFactory(instansi=second), isi="Loket tutup lebih awal.", ip_hash="b"
        )
    assert not Aduan.objects.filter(instansi=second).exists()
    assert not KodePublik.objects.filter(instansi=second).exists()
    # The directory's unique key is what holds: the same code for another agency is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        KodePublik.objects.create(kode=theirs.kode_lacak, jenis="aduan", instansi=second)


def test_the_directory_resolver_is_the_one_national_lookup_by_code():
    citizen = {name for name in NATIONAL if name.startswith("kinerja.citizen.")}
    assert citizen == {
        "kinerja.citizen.directory:resolve",
        # national for other reasons: the form lists every agency's services; the flood
        # limit counts an address's complaints to every agency
        "kinerja.citizen.views.public:complaint_new",
        "kinerja.citizen.complaints:submit_complaint",
    }


# --- the query check catches what it should ---------------------------------------------


@pytest.fixture
def two_agencies(db):
    mine, other = InstansiFactory(kode="SATU"), InstansiFactory(kode="DUA")
    return PegawaiFactory(instansi=mine), PegawaiFactory(instansi=other)


class _User:
    def __init__(self, instansi_id):
        self.instansi_id = instansi_id


def _run(agency_id, query) -> list[str]:
    scope = AgencyScope(agencies=frozenset({agency_id}))
    with connection.execute_wrapper(scope):
        query()
    return scope.violations()


def test_an_unscoped_query_is_caught(two_agencies):
    mine, _ = two_agencies
    found = _run(mine.instansi_id, lambda: list(Pegawai.objects.filter(aktif=True)))
    assert len(found) == 1 and "tanpa instansi_id" in found[0]


def test_a_key_of_another_agency_is_caught(two_agencies):
    mine, other = two_agencies
    found = _run(mine.instansi_id, lambda: Pegawai.objects.get(pk=other.pk))
    assert len(found) == 1 and f"instansi [{other.instansi_id}]" in found[0]


def test_an_insert_into_another_agency_is_caught(two_agencies):
    mine, other = two_agencies
    found = _run(
        mine.instansi_id,
        lambda: PegawaiFactory(instansi=other.instansi, unit=other.unit),
    )
    assert any(line.startswith("INSERT") for line in found)


def test_queries_scoped_by_agency_or_by_own_keys_pass(two_agencies):
    mine, _ = two_agencies
    user = _User(mine.instansi_id)
    assert not _run(mine.instansi_id, lambda: list(for_agency(Pegawai.objects.all(), user)))
    assert not _run(mine.instansi_id, lambda: Pegawai.objects.get(pk=mine.pk))
    assert not _run(mine.instansi_id, lambda: list(Pegawai.objects.filter(unit=mine.unit)))
    # Another agency's key behind this agency's predicate returns nothing: not a crossing.
    assert not _run(
        mine.instansi_id, lambda: list(for_agency(Pegawai.objects.filter(unit=mine.unit), user))
    )


@national("test: a national count declared with its reason")
def _national_count():
    return Pegawai.objects.count()


def test_a_declared_national_view_is_exempt_but_only_for_its_own_queries(two_agencies):
    mine, _ = two_agencies
    assert not _run(mine.instansi_id, _national_count)
    assert f"{__name__}:_national_count" in NATIONAL

    @national("test: calls an undeclared helper")
    def calls_helper():
        return _undeclared_count()

    try:
        assert len(_run(mine.instansi_id, calls_helper)) == 1
    finally:
        del NATIONAL[f"{__name__}:{calls_helper.__qualname__}"]


def _undeclared_count():
    return Pegawai.objects.count()
