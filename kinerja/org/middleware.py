"""An account whose password HR set (a slip, a reset) must choose its own before anything else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError, InterfaceError
from django.dispatch import receiver
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


IDLE_KEY = "_kinerja_aktif_terakhir"
IDLE_MESSAGE = "Sesi Anda berakhir karena tidak aktif selama {menit} menit. Silakan masuk lagi."


def idle_minutes(user) -> int:
    """Minutes of inactivity after which the session ends: short for those who see a whole
    agency's data (HR, auditors, the agency head), longer for employees."""
    from kinerja.core.permissions import Peran, roles_of

    if roles_of(user) & {Peran.ADMIN, Peran.AUDITOR, Peran.PIMPINAN}:
        return settings.KINERJA_SESI_DIAM_MENIT_STAF
    return settings.KINERJA_SESI_DIAM_MENIT_PEGAWAI


@receiver(user_logged_in)
def _start_idle_clock(sender, request, user, **kwargs):
    """A new session starts active, so its first page does not write the session again."""
    from django.utils import timezone

    if request is not None and hasattr(request, "session"):
        request.session[IDLE_KEY] = int(timezone.now().timestamp())


class IdleTimeoutMiddleware:
    """End a signed-in session after ``idle_minutes`` without a request. The time of the
    last request is kept in the session (written at most once a minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.utils import timezone

        user = getattr(request, "user", None)
        try:
            if user is None or not user.is_authenticated or not hasattr(request, "session"):
                return self.get_response(request)
            last = request.session.get(IDLE_KEY)
            limit = idle_minutes(user)
        except (DatabaseError, InterfaceError):
            # The database is down: the view's own query answers 503, not a 500 from here.
            return self.get_response(request)
        now = int(timezone.now().timestamp())
        if last is not None and now - int(last) > limit * 60:
            logout(request)
            messages.info(request, IDLE_MESSAGE.format(menit=limit))
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("login")
                return response
            return redirect_to_login(request.get_full_path())
        if last is None or now - int(last) >= 60:
            request.session[IDLE_KEY] = now
        return self.get_response(request)
