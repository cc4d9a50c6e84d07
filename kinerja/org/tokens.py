"""API tokens, stored hashed: personal ones (created and revoked by their owner) and the
lookup shared with service accounts' tokens (kinerja.org.layanan)."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.org.models import ApiToken, User

TOKEN_PREFIX = "knj_"  # noqa: S105 - a public prefix, not a secret
MAX_DAYS = 365


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def create_token(user: User, *, nama: str, hari: int = 90) -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored."""
    if not user.instansi_id:
        raise ValueError("Akun tanpa instansi tidak dapat membuat token API.")
    if not nama.strip():
        raise ValueError("Beri nama token, mis. 'Sinkron SIMPEG'.")
    if not 1 <= hari <= MAX_DAYS:
        raise ValueError(f"Masa berlaku token harus 1–{MAX_DAYS} hari.")
    raw = new_secret()
    token = ApiToken.objects.create(
        instansi_id=user.instansi_id, user=user, nama=nama.strip()[:100], prefix=raw[:12],
        digest=digest_of(raw), kedaluwarsa=timezone.now() + timedelta(days=hari),
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


def token_for(raw: str, *, address: str = "") -> ApiToken | None:
    """The valid, unexpired, unrevoked token with this secret whose holder may act: an active
    owner of the token's agency, or an active service account. Records when and from which
    address it was last used (written at most every 5 minutes unless the address changes)."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "akun_layanan")
        .filter(digest=digest_of(raw), dicabut__isnull=True, kedaluwarsa__gt=timezone.now())
        .first()
    )
    if token is None or token.user.instansi_id != token.instansi_id:
        return None
    if token.akun_layanan_id is not None:
        service = token.akun_layanan
        if not service.aktif or service.akun_id != token.user_id:
            return None
    elif not token.user.is_active:
        return None
    now = timezone.now()
    address = address or None
    if (
        token.terakhir_dipakai is None
        or now - token.terakhir_dipakai > timedelta(minutes=5)
        or (address and address != token.alamat_terakhir)
    ):
        ApiToken.objects.filter(pk=token.pk).update(terakhir_dipakai=now, alamat_terakhir=address)
        token.terakhir_dipakai, token.alamat_terakhir = now, address
    return token


def user_for_token(raw: str) -> User | None:
    """The active owner of a valid, unexpired, unrevoked personal token; None otherwise."""
    token = token_for(raw)
    if token is None or token.akun_layanan_id is not None:
        return None
    return token.user
