"""API authentication: a token (Authorization: Bearer knj_…) or the browser session.

A personal token acts as its owner. A service account's token (kinerja.org.layanan) acts as
the account: HR's rights in its agency only, and only in operations whose declared scope the
token holds (kinerja.api.cakupan).
"""

from ninja.security import HttpBearer, SessionAuth

from kinerja.api.cakupan import PERAN_LAYANAN
from kinerja.core.clientip import client_ip
from kinerja.org.tokens import token_for


class TokenAuth(HttpBearer):
    openapi_description = (
        "Token API (`knj_…`) dikirim sebagai Bearer. Token pribadi (halaman Token API) "
        "bertindak sebagai pemiliknya, dengan peran dan instansinya. Token akun layanan "
        "(halaman Akun layanan API, dibuat admin kepegawaian) bertindak di instansi akun itu "
        "dan hanya pada operasi yang cakupannya dimiliki token: lihat `x-scopes` dan kalimat "
        "'Cakupan token akun layanan' pada tiap operasi. Dibatasi jumlah permintaan per token "
        "(429 dengan Retry-After)."
    )

    def authenticate(self, request, token):
        found = token_for(token, address=client_ip(request))
        if found is None:
            return None
        user = found.user
        if found.akun_layanan_id is not None:
            # An inactive account that cannot sign in: its roles are set here, per request.
            user._kinerja_roles = PERAN_LAYANAN
        request.user = user
        request.kinerja_token = found
        return user


class SessionWithCsrf(SessionAuth):
    """The browser session, with CSRF checked on writes as for the pages."""

    csrf = True


AUTH = [TokenAuth(), SessionWithCsrf()]
