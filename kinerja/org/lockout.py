"""The login lockout: django-axes' database handler with one limit per kind of count.

Axes counts failed logins for each entry of ``AXES_LOCKOUT_PARAMETERS`` and locks when the
largest count reaches one limit. A single limit cannot fit all three counts: five failures
of one account from one address is a lockout, five failures over a whole office's shared
address is not. Here each count is compared with its own limit (settings.py): the counts
are scaled to ``AXES_FAILURE_LIMIT`` so that axes' one comparison means "some count reached
its own limit".

A successful login clears only the failures of that account from that address: an attacker
who owns one account cannot wipe the address's spray count by logging in with it.

Each failed login of an existing account is written to its agency's audit chain
(``akun.masuk_gagal``, or ``akun.terkunci`` for the failure that locks it), with the name
typed and the address, so the auditor sees them; attempts refused because the account or
address is already locked are not written again (the lockout bounds what an attacker can
add to the chain). A name that matches no account belongs to no agency's chain.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def limits() -> dict[tuple[str, ...], int]:
    return {
        ("username", "ip_address"): settings.AXES_FAILURE_LIMIT,
        ("ip_address",): settings.KINERJA_LOGIN_IP_FAILURE_LIMIT,
        ("username",): settings.KINERJA_LOGIN_ACCOUNT_FAILURE_LIMIT,
    }


def _key(parameter) -> tuple[str, ...]:
    return (parameter,) if isinstance(parameter, str) else tuple(parameter)


class LockoutHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        already_locked = request is not None and self.is_locked(request, credentials)
        result = super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not already_locked:
            _audit_failed_login(request, credentials)
        return result

    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        own = limits()
        worst = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, count * limit // own.get(_key(parameter), limit))
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def _audit_failed_login(request, credentials: dict) -> None:
    from kinerja.core import audit
    from kinerja.org.models import User

    username = get_client_username(request, credentials)
    account = (
        User.objects.filter(username=username, instansi__isnull=False)
        .select_related("instansi")
        .first()
    )
    if account is None:
        return
    address = getattr(request, "axes_ip_address", "") or ""
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(
        account.instansi,
        actor=f"percobaan masuk dari {address or 'alamat tidak diketahui'}",
        action="akun.terkunci" if locked else "akun.masuk_gagal",
        obj=account,
        after={"nama_pengguna": username, "alamat_ip": address, "terkunci": locked},
        object_repr=f"Akun {account.username}",
    )


def password_change_locked(request, username: str) -> bool:
    """The password-change form shares the login's counts: an account locked for guessing
    at the login is locked here too, and guesses here count towards the login's lockout."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": username})


def record_password_change_failure(request, username: str) -> None:
    """A wrong old password on the password-change form counts as a failed login."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.user_login_failed(
        sender=record_password_change_failure, credentials={"username": username},
        request=request,
    )  # fmt: skip
