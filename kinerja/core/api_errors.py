"""One error shape for the whole API: {"kode", "pesan", "kolom"}.

App routers raise ApiError (or let Http404/PermissionDenied through); the handlers
registered in kinerja.api turn every failure into this body, in Indonesian.
"""

from ninja import Schema


class Galat(Schema):
    """The error body, for routers that declare an error status of their own."""

    kode: str
    pesan: str
    kolom: str | None = None


class ApiError(Exception):
    def __init__(self, status: int, kode: str, pesan: str, kolom: str | None = None):
        super().__init__(pesan)
        self.status = status
        self.kode = kode
        self.pesan = pesan
        self.kolom = kolom

    def body(self) -> dict:
        return {"kode": self.kode, "pesan": self.pesan, "kolom": self.kolom}
