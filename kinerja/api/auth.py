"""API authentication: a personal token (Authorization: Bearer knj_…) or the session."""

from ninja.security import HttpBearer, SessionAuth

from kinerja.org.tokens import user_for_token


class TokenAuth(HttpBearer):
    openapi_description = "Token API pribadi (dibuat di halaman Token API), dikirim sebagai Bearer."

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


class SessionWithCsrf(SessionAuth):
    """The browser session, with CSRF checked on writes as for the pages."""

    csrf = True


AUTH = [TokenAuth(), SessionWithCsrf()]
