"""A refusal the public forms and the API show as it is: code, message, field."""

from __future__ import annotations


class Refused(Exception):  # noqa: N818 - a domain outcome, not a programming error
    """An action refused for a reason the person can act on (message in Indonesian).

    ``status`` is the HTTP status the API answers with; ``kolom`` names the field at fault.
    """

    def __init__(self, kode: str, pesan: str, *, kolom: str | None = None, status: int = 400):
        super().__init__(pesan)
        self.kode = kode
        self.pesan = pesan
        self.kolom = kolom
        self.status = status

    def as_dict(self) -> dict:
        return {"kode": self.kode, "pesan": self.pesan, "kolom": self.kolom}
