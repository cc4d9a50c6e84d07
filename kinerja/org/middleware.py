"""An account whose password HR set (a slip, a reset) must choose its own before anything else."""

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, InterfaceError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

FORCED_MESSAGE = "Ganti kata sandi awal Anda dengan kata sandi pilihan sendiri sebelum melanjutkan."


class ForcedPasswordChangeMiddleware:
    """Send a logged-in user with ``wajib_ganti_sandi`` to the password change page; the page
    itself, logging out and static files stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            user = getattr(request, "user", None)
            forced = (
                user is not None
                and user.is_authenticated
                and getattr(user, "wajib_ganti_sandi", False)
                and not self._allowed(request.path_info)
            )
        except (DatabaseError, InterfaceError):
            # The database is down: let the view's own query answer 503
            # (DatabaseUnavailableMiddleware); an error raised here would be a 500.
            forced = False
        if forced:
            if request.headers.get("HX-Request"):
                # A fragment the page loads by itself (the inbox bell): nothing, not the
                # change page swapped into the fragment's place; the page itself redirects.
                return HttpResponse(status=204)
            messages.warning(request, FORCED_MESSAGE)
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (reverse("password_change"), reverse("logout"))
        static = (settings.STATIC_URL, settings.MEDIA_URL)
        return path in allowed or path.startswith(static)
