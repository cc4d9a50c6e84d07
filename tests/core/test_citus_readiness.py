"""Ready for a distributed PostgreSQL (Citus) with the agency as distribution column.

Every domain model carries ``instansi``; every unique rule on it includes ``instansi``; no
query crosses agencies except in a declared national view. The models are checked here; the
queries of every page and API endpoint are checked by the authorization matrix
(test_authorization_matrix.py) with the checker in sql_scope.py, whose own behaviour is
tested below on a deliberately unscoped query.
"""

import pytest
from django.apps import apps
from django.db import connection, models

from kinerja.core.tenancy import (
    GLOBAL_KEYS,
    NATIONAL,
    REFERENCE_TABLES,
    for_agency,
    national,
)
from kinerja.org.models import Instansi, Pegawai
from tests.core.sql_scope import AgencyScope
from tests.factories import InstansiFactory, PegawaiFactory


def _our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("kinerja.")]


def _domain_models():
    return [m for m in _our_models() if m._meta.label not in REFERENCE_TABLES]


def test_the_declarations_name_real_models_and_give_reasons():
    labels = {m._meta.label for m in _our_models()}
    assert set(REFERENCE_TABLES) <= labels
    for key in GLOBAL_KEYS:
        app_model, _, field = key.rpartition(".")
        assert apps.get_model(app_model)._meta.get_field(field).unique, key
    for declared in (REFERENCE_TABLES, GLOBAL_KEYS, NATIONAL):
        assert all(reason.strip() for reason in declared.values())


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
        for rule, names in _unique_rules(model)
        if "instansi" not in names and rule not in GLOBAL_KEYS
    ]
    assert not offending, f"aturan unik tanpa instansi: {offending}"


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

    assert len(_run(mine.instansi_id, calls_helper)) == 1


def _undeclared_count():
    return Pegawai.objects.count()
