"""Times in the agency's own zone: WIB, WITA or WIT.

The signed-in user's agency zone is kept in the session (set at login, re-read from the
database at most every five minutes, so an HR change reaches everyone soon), and the
middleware activates it for the request: pages then print times with ``|waktu``, which
adds the zone's label ("6 Des 2026 14.05 WITA"). Requests without a session (the API,
citizens) keep the server's TIME_ZONE.
"""

import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError, InterfaceError
from django.dispatch import receiver
from django.utils import timezone

from kinerja.core.formatting import ZONA_LABEL as LABELS
from kinerja.core.formatting import zona_label as label
from kinerja.org.models import Instansi

SESSION_KEY = "kinerja_zona"
REFRESH_SECONDS = 300
__all__ = ["LABELS", "AgencyTimezoneMiddleware", "label", "remember"]


def remember(request, zona: str | None) -> None:
    """Store the zone to use for this session (empty: the server's TIME_ZONE)."""
    request.session[SESSION_KEY] = [zona or "", time.time()]


def _zona_of(user) -> str | None:
    if not user.instansi_id:
        return None
    return Instansi.objects.filter(pk=user.instansi_id).values_list("zona_waktu", flat=True).first()


@receiver(user_logged_in, dispatch_uid="kinerja.org.zona.at_login")
def _at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember(request, _zona_of(user))


class AgencyTimezoneMiddleware:
    """Activates the session's agency zone; place it after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            zona = self._zona(request)
        except (DatabaseError, InterfaceError):
            # The database is down: the server's zone; the view's own query then answers 503
            # through DatabaseUnavailableMiddleware (an error raised here would be a 500).
            zona = None
        if zona:
            timezone.activate(ZoneInfo(zona))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    @staticmethod
    def _zona(request) -> str | None:
        # No session cookie: an anonymous visitor or an API client; nothing to look up.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
            return None
        stored = request.session.get(SESSION_KEY)
        if stored and time.time() - stored[1] < REFRESH_SECONDS:
            return stored[0] or None
        user = request.user
        if not user.is_authenticated:
            return None
        zona = _zona_of(user)
        remember(request, zona)
        return zona
