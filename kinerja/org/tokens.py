"""Personal API tokens: created and revoked by their owner, stored hashed."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.org.models import ApiToken, User

TOKEN_PREFIX = "knj_"  # noqa: S105 - a public prefix, not a secret
MAX_DAYS = 365


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(user: User, *, nama: str, hari: int = 90) -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored."""
    if not user.instansi_id:
        raise ValueError("Akun tanpa instansi tidak dapat membuat token API.")
    if not nama.strip():
        raise ValueError("Beri nama token, mis. 'Sinkron SIMPEG'.")
    if not 1 <= hari <= MAX_DAYS:
        raise ValueError(f"Masa berlaku token harus 1–{MAX_DAYS} hari.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        instansi_id=user.instansi_id, user=user, nama=nama.strip()[:100], prefix=raw[:12],
        digest=_digest(raw), kedaluwarsa=timezone.now() + timedelta(days=hari),
    )  # fmt: skip
    audit.record(user.instansi, actor=user, action="token.buat", obj=token,
                 after={"nama": token.nama, "kedaluwarsa": token.kedaluwarsa})  # fmt: skip
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> None:
    if token.user_id != by.pk:
        raise PermissionError("Hanya pemilik token yang dapat mencabutnya.")
    if token.dicabut:
        return
    token.dicabut = timezone.now()
    token.save(update_fields=["dicabut"])
    audit.record(token.instansi, actor=by, action="token.cabut", obj=token)


def user_for_token(raw: str) -> User | None:
    """The active owner of a valid, unexpired, unrevoked token; None otherwise."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), dicabut__isnull=True, kedaluwarsa__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active or token.user.instansi_id != token.instansi_id:
        return None
    now = timezone.now()
    if token.terakhir_dipakai is None or now - token.terakhir_dipakai > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(terakhir_dipakai=now)
    return token.user
