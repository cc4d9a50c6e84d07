"""Login by NIP (spaces allowed) or by username for non-employee staff."""

from django.contrib.auth.backends import ModelBackend

from kinerja.org.nip import normalise_nip


def normalise_username(raw: str | None) -> str:
    """A NIP typed with spaces logs in as the 18 digits; other usernames stay as typed."""
    if raw is None:
        return ""
    raw = raw.strip()
    compact = normalise_nip(raw)
    return compact if compact.isdigit() else raw


def normalise_login(request, credentials: dict) -> str:
    """django-axes: count failures against the same account whatever the spacing."""
    return normalise_username(credentials.get("username"))


class NipBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(
            request, username=normalise_username(username), password=password, **kwargs
        )

    def get_user(self, user_id):
        """The signed-in account with its employee record in the same query: every page's
        menu greets the person by the employee's name (core.navigation.person_name)."""
        from kinerja.org.models import User

        user = User._default_manager.select_related("pegawai").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
