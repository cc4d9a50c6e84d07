"""The OpenAPI schema describes the API as it is (issue 22): explicit Indonesian operation ids
and tags, enums for choices, decimals with a fixed scale, one type for ``bagian``."""

import re
from decimal import Decimal

from ninja import Schema

from kinerja.api.api import api
from kinerja.core.api_types import Desimal2, Desimal4

CHOICE_NAMES = {
    "status", "predikat", "hasil_kerja", "perilaku", "aspek", "arah", "sumber", "jenis", "skema",
    "kadens", "putusan", "usulan_hasil_kerja", "usulan_perilaku", "usulan_predikat",
    "status_penilai", "predikat_akhir", "semula_predikat", "akhir_predikat", "jenis_jabatan",
    "dari", "ke", "aksi", "jenis_kelamin", "pendidikan", "pekerjaan",
}  # fmt: skip
# the import's column, read as the file import reads it: a code or a label, any case
FREE_TEXT = {"PegawaiIn.jenis_jabatan"}
TAGS = {"Organisasi", "SKP", "Penilaian", "Survei dan aduan publik", "IKM dan antrean aduan",
        "Wawasan", "Tindak lanjut"}  # fmt: skip


def _schema() -> dict:
    return api.get_openapi_schema(path_prefix="/api/v1")


def _operations():
    for path, methods in _schema()["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _string_options(prop: dict) -> list[dict]:
    options = prop.get("anyOf", [prop])
    return [o for o in options if o.get("type") == "string" or "enum" in o]


def test_operation_ids_are_the_views_indonesian_names_and_unique():
    ids = [operation["operationId"] for _, _, operation in _operations()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z_]+", i) and not i.startswith("kinerja") for i in ids)
    assert "daftar_pegawai" in ids and "angka_dasbor" in ids  # was kinerja_insight_api_dashboard


def test_every_operation_has_one_indonesian_tag():
    assert {tuple(op["tags"]) for _, _, op in _operations()} == {(t,) for t in TAGS}


def test_every_choice_field_is_an_enum():
    schemas = _schema()["components"]["schemas"]
    missing = []
    for name, component in schemas.items():
        for field, prop in component.get("properties", {}).items():
            if field not in CHOICE_NAMES:
                continue
            strings = [o for o in _string_options(prop) if "format" not in o]
            if f"{name}.{field}" in FREE_TEXT or prop.get("items") is not None:
                continue
            if strings and not all("enum" in o or "const" in o for o in strings):
                missing.append(f"{name}.{field}")
    assert not missing, missing


def test_decimals_are_strings_with_a_fixed_scale_and_a_format():
    hasil = _schema()["components"]["schemas"]["HasilOut"]["properties"]["capaian"]
    decimal = next(o for o in hasil["anyOf"] if o.get("type") == "string")
    assert decimal["format"] == "decimal" and decimal["pattern"] == r"^-?\d+\.\d{2}$"

    class Out(Schema):
        capaian: Desimal2
        nilai: Desimal4 | None

    body = Out(capaian=Decimal("90.57271241830065359477124185"), nilai=Decimal(3)).model_dump()
    assert body == {"capaian": "90.57", "nilai": "3.0000"}


def test_bagian_is_an_integer_wherever_it_appears():
    operations = list(_operations())
    assert operations
    checked = 0
    for path, method, operation in operations:
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "bagian":
                types = {
                    o.get("type") for o in parameter["schema"].get("anyOf", [parameter["schema"]])
                }
                assert types <= {"integer", "null"}, f"{method} {path}"
                checked += 1
    assert checked, "no operation takes a 'bagian' parameter: the check checked nothing"
    schemas = _schema()["components"]["schemas"]
    checked = 0
    for name, component in schemas.items():
        prop = component.get("properties", {}).get("bagian")
        if prop is not None and "items" not in prop and "$ref" not in prop:
            types = {o.get("type") for o in prop.get("anyOf", [prop])}
            assert types <= {"integer", "null"}, name
            checked += 1
    assert checked, "no schema has a 'bagian' property: the check checked nothing"
