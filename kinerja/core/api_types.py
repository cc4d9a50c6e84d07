"""Types for the API's schemas: choices documented as enums, decimals with a fixed scale.

``pilihan(...)`` documents a choice field's values as an OpenAPI ``enum`` (outputs keep the
stored text as it is; inputs use ``Literal`` so a value outside the list is refused).
``Desimal2``/``Desimal4`` serialise a decimal as a string with exactly 2/4 digits after the
point (``"90.57"``), format ``decimal``, instead of Python's 28 significant digits.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import PlainSerializer, WithJsonSchema


def nilai(choices) -> list[str]:
    """The stored values of a TextChoices or StrEnum class."""
    return [str(getattr(c, "value", c)) for c in choices]


def pilihan(*groups, kosong: bool = False, description: str | None = None):
    """An output string documented with its possible values (``kosong``: may be "")."""
    values: list[str] = []
    for group in groups:
        for value in nilai(group):
            if value not in values:
                values.append(value)
    if kosong:
        values.append("")
    schema = {"type": "string", "enum": values}
    if description:
        schema["description"] = description
    return Annotated[str, WithJsonSchema(schema)]


def pilihan_masuk(*groups, kosong: bool = False):
    """An input string that must be one of the values (``Literal``: refused otherwise)."""
    values: list[str] = []
    for group in groups:
        values += [v for v in nilai(group) if v not in values]
    if kosong:
        values.append("")
    return Literal[tuple(values)]  # type: ignore[valid-type]


def _fixed(scale: int):
    quantum = Decimal(1).scaleb(-scale)
    pattern = rf"^-?\d+\.\d{{{scale}}}$"

    def serialise(value: Decimal | None) -> str | None:
        if value is None:
            return None
        return str(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))

    example = "90." + "57" + "0" * (scale - 2)
    return Annotated[
        Decimal,
        PlainSerializer(serialise, return_type=str, when_used="unless-none"),
        WithJsonSchema(
            {"type": "string", "format": "decimal", "pattern": pattern, "examples": [example],
             "description": f"Angka desimal sebagai teks, tepat {scale} angka di belakang titik"}
        ),
    ]  # fmt: skip


Desimal2 = _fixed(2)
Desimal4 = _fixed(4)


DesimalMasuk = Annotated[
    Decimal,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"},
            ],
            "description": 'Angka desimal: bilangan JSON atau teks dengan titik, mis. "12.50"',
        }
    ),
]
"""A decimal input: a JSON number or a decimal text with a point; the schema says which
texts (pydantic's own schema allowed any string and the server refused "0..0")."""
