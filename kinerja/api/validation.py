"""Pydantic's validation errors as the API's field errors: every error, by its public field
name (``u1``, ``pegawai.0.nip``; never ninja's ``body.data.`` prefix), in Indonesian."""

from __future__ import annotations

SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _expected(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " atau ")


# pydantic error type -> Indonesian message (ctx holds the limit that was broken)
MESSAGES = {
    "missing": lambda c: "wajib diisi",
    "int_type": lambda c: "harus bilangan bulat (bukan teks, pecahan atau true/false)",
    "int_parsing": lambda c: "harus bilangan bulat",
    "int_from_float": lambda c: "harus bilangan bulat tanpa pecahan",
    "int_parsing_size": lambda c: "bilangan terlalu besar",
    "bool_type": lambda c: "harus true atau false",
    "bool_parsing": lambda c: "harus true atau false",
    "string_type": lambda c: "harus teks",
    "string_unicode": lambda c: "harus teks UTF-8 yang sah",
    "float_type": lambda c: "harus angka",
    "float_parsing": lambda c: "harus angka",
    "finite_number": lambda c: "harus angka terhingga",
    "decimal_type": lambda c: 'harus angka desimal, mis. "12.50"',
    "decimal_parsing": lambda c: 'harus angka desimal, mis. "12.50"',
    "decimal_max_digits": lambda c: f"paling banyak {c.get('max_digits')} digit",
    "decimal_max_places": lambda c: (
        f"paling banyak {c.get('decimal_places')} angka di belakang titik desimal"
    ),
    "decimal_whole_digits": lambda c: f"paling banyak {c.get('whole_digits')} digit sebelum titik",
    "decimal_finite_number": lambda c: "harus angka terhingga",
    "greater_than": lambda c: f"harus lebih dari {c.get('gt')}",
    "greater_than_equal": lambda c: f"nilai paling kecil {c.get('ge')}",
    "less_than": lambda c: f"harus kurang dari {c.get('lt')}",
    "less_than_equal": lambda c: f"nilai paling besar {c.get('le')}",
    "string_too_short": lambda c: f"paling sedikit {c.get('min_length')} karakter",
    "string_too_long": lambda c: f"paling banyak {c.get('max_length')} karakter",
    "too_short": lambda c: f"paling sedikit {c.get('min_length')} butir",
    "too_long": lambda c: f"paling banyak {c.get('max_length')} butir",
    "string_pattern_mismatch": lambda c: f"bentuknya tidak sesuai pola {c.get('pattern')}",
    "literal_error": lambda c: f"harus salah satu dari: {_expected(c)}",
    "enum": lambda c: f"harus salah satu dari: {_expected(c)}",
    "date_type": lambda c: "harus tanggal TTTT-BB-HH, mis. 2026-01-31",
    "date_parsing": lambda c: "harus tanggal TTTT-BB-HH, mis. 2026-01-31",
    "date_from_datetime_parsing": lambda c: "harus tanggal TTTT-BB-HH, mis. 2026-01-31",
    "date_from_datetime_inexact": lambda c: "harus tanggal TTTT-BB-HH tanpa jam",
    "datetime_type": lambda c: "harus waktu ISO 8601, mis. 2026-01-31T08:00:00+07:00",
    "datetime_parsing": lambda c: "harus waktu ISO 8601, mis. 2026-01-31T08:00:00+07:00",
    "datetime_from_date_parsing": lambda c: "harus waktu ISO 8601, mis. 2026-01-31T08:00:00+07:00",
    "timezone_aware": lambda c: "waktu harus menyebut zona, mis. +07:00 atau Z",
    "list_type": lambda c: "harus daftar (array JSON)",
    "dict_type": lambda c: "harus objek JSON",
    "model_type": lambda c: "harus objek JSON",
    "model_attributes_type": lambda c: "harus objek JSON",
    "json_invalid": lambda c: "bukan JSON yang sah",
    "json_type": lambda c: "bukan JSON yang sah",
    "extra_forbidden": lambda c: "isian ini tidak dikenal; hapus dari permintaan",
    "none_required": lambda c: "harus null",
    "uuid_parsing": lambda c: "harus UUID",
}


def _is_tag(part) -> bool:
    """pydantic's names for the branch of a union or validator, not a field."""
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def public_field(loc) -> str | None:
    """``("body", "data", "pegawai", 0, "nip")`` -> ``"pegawai.0.nip"``."""
    parts = list(loc)
    source = parts.pop(0) if parts and parts[0] in SOURCES else None
    if source == "body" and len(parts) > 1:
        parts.pop(0)  # the view's parameter name (data, payload, body)
    parts = [p for p in parts if not _is_tag(p)]
    return ".".join(str(p) for p in parts) or None


def message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in MESSAGES:
        return MESSAGES[kind](ctx)
    if kind == "value_error":  # our own validators raise ValueError with an Indonesian text
        return str(error.get("msg", "")).removeprefix("Value error, ") or "tidak valid"
    return "tidak valid"


def field_errors(errors: list[dict]) -> list[dict]:
    found = []
    for error in errors:
        kolom = public_field(error.get("loc", ()))
        entry = {"kolom": kolom, "pesan": message(error)}
        if entry not in found:
            found.append(entry)
    return found


def summary(errors: list[dict]) -> str:
    """All field errors in one sentence for ``detail``."""
    if not errors:
        return "Isian tidak valid."
    parts = [f"{e['kolom']}: {e['pesan']}" if e["kolom"] else e["pesan"] for e in errors]
    return "Isian tidak valid. " + "; ".join(parts) + "."
