"""Service accounts (akun layanan) for integrations, and their scoped tokens.

HR (admin kepegawaian) makes an account per integration; it belongs to the agency, not to the
person who made it. Its tokens carry scopes (``CAKUPAN``, the one list); every API operation
declares the scope it needs (kinerja.api.cakupan) and a service token reaches only operations
whose scope it holds. An account may have two active tokens at once, so that an integration
can switch to a new token before the old one is revoked (rotation without downtime).
"""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError
from kinerja.core.permissions import Peran, has_role
from kinerja.org.models import AkunLayanan, ApiToken, User
from kinerja.org.tokens import MAX_DAYS, digest_of, new_secret

# The scopes a service token may carry: code → what it allows (shown on the page and in the
# API documentation). Operations declare one of these codes (kinerja.api.cakupan). A scope for
# posting survey answers and complaints as the agency ("survei") is not here yet: those
# operations are public and do not read a token.
CAKUPAN: dict[str, str] = {
    "baca": "Baca data organisasi, layanan, aduan, IKM dan dasbor instansi",
    "penilaian-baca": "Baca SKP, realisasi, hasil penilaian, tindak lanjut dan dokumennya",
    "tulis-organisasi": "Ubah data organisasi: upsert pegawai (impor lewat API)",
}
MAX_AKTIF = 2  # active tokens per account: the old and the new one while rotating


class LayananError(DomainError):
    """A refused action, with the message to show."""


def _may_manage(user: User) -> None:
    if not has_role(user, Peran.ADMIN):
        raise LayananError("Hanya admin kepegawaian yang dapat mengelola akun layanan.")


@transaction.atomic
def create_account(by: User, *, nama: str, keterangan: str = "") -> AkunLayanan:
    """A new service account in ``by``'s agency, with its own account that cannot sign in."""
    _may_manage(by)
    nama = nama.strip()
    if not nama:
        raise LayananError("Beri nama akun layanan, mis. 'SIMPEG BKPSDM'.")
    if len(nama) > 100:
        raise LayananError("Nama akun layanan paling banyak 100 karakter.")
    if AkunLayanan.objects.filter(instansi_id=by.instansi_id, nama__iexact=nama).exists():
        raise LayananError(f"Akun layanan bernama “{nama}” sudah ada di instansi ini.")
    akun = User.objects.create(
        username=f"layanan-{secrets.token_hex(6)}",
        password=make_password(None),  # unusable: no one signs in as a service account
        instansi_id=by.instansi_id, is_active=False, first_name=nama[:150],
    )  # fmt: skip
    try:
        with transaction.atomic():
            account = AkunLayanan.objects.create(
                instansi_id=by.instansi_id, nama=nama, keterangan=keterangan.strip()[:2000],
                akun=akun, dibuat_oleh=by,
            )  # fmt: skip
    except IntegrityError:
        raise LayananError(f"Akun layanan bernama “{nama}” sudah ada di instansi ini.") from None
    audit.record(by.instansi, actor=by, action="akun_layanan.buat", obj=account,
                 after={"nama": account.nama, "keterangan": account.keterangan})  # fmt: skip
    return account


@transaction.atomic
def set_active(account: AkunLayanan, *, aktif: bool, by: User) -> None:
    """Switch an account off (its tokens stop answering at once) or on again."""
    _may_manage(by)
    if account.instansi_id != by.instansi_id:
        raise LayananError("Akun layanan ini bukan milik instansi Anda.")
    if account.aktif == aktif:
        return
    account.aktif = aktif
    account.save(update_fields=["aktif"])
    audit.record(by.instansi, actor=by, action="akun_layanan.ubah", obj=account,
                 before={"aktif": not aktif}, after={"aktif": aktif})  # fmt: skip


def active_tokens(account: AkunLayanan):
    return ApiToken.objects.filter(
        akun_layanan=account, dicabut__isnull=True, kedaluwarsa__gt=timezone.now()
    )


@transaction.atomic
def create_token(
    account: AkunLayanan, *, by: User, nama: str, cakupan: list[str], hari: int = 90
) -> tuple[ApiToken, str]:
    """A scoped token for the account; returns the row and the secret, shown once."""
    _may_manage(by)
    if account.instansi_id != by.instansi_id:
        raise LayananError("Akun layanan ini bukan milik instansi Anda.")
    if not account.aktif:
        raise LayananError("Akun layanan ini nonaktif; aktifkan dulu sebelum membuat token.")
    nama = nama.strip()
    if not nama:
        raise LayananError("Beri nama token, mis. 'Produksi 2027'.")
    unknown = sorted(set(cakupan) - set(CAKUPAN))
    if unknown:
        raise LayananError(f"Cakupan tidak dikenal: {', '.join(unknown)}.")
    if not cakupan:
        raise LayananError("Pilih sedikitnya satu cakupan untuk token ini.")
    if not 1 <= hari <= MAX_DAYS:
        raise LayananError(f"Masa berlaku token harus 1–{MAX_DAYS} hari.")
    # Lock the account so that two simultaneous requests cannot both make a third token.
    AkunLayanan.objects.select_for_update().filter(pk=account.pk).first()
    if active_tokens(account).count() >= MAX_AKTIF:
        raise LayananError(
            f"Akun layanan ini sudah punya {MAX_AKTIF} token aktif. Cabut token lama "
            "(setelah integrasi memakai yang baru) sebelum membuat token lagi."
        )
    raw = new_secret()
    scopes = [code for code in CAKUPAN if code in cakupan]  # the list's order, no repeats
    token = ApiToken.objects.create(
        instansi_id=account.instansi_id, user=account.akun, akun_layanan=account,
        nama=nama[:100], prefix=raw[:12], digest=digest_of(raw), cakupan=scopes,
        kedaluwarsa=timezone.now() + timedelta(days=hari),
    )  # fmt: skip
    audit.record(by.instansi, actor=by, action="akun_layanan.token_buat", obj=token,
                 object_repr=f"{account.nama}: {token}",
                 after={"nama": token.nama, "cakupan": scopes,
                        "kedaluwarsa": token.kedaluwarsa})  # fmt: skip
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> None:
    _may_manage(by)
    if token.akun_layanan_id is None or token.instansi_id != by.instansi_id:
        raise LayananError("Token ini bukan token akun layanan instansi Anda.")
    if token.dicabut:
        return
    token.dicabut = timezone.now()
    token.save(update_fields=["dicabut"])
    audit.record(by.instansi, actor=by, action="akun_layanan.token_cabut", obj=token,
                 object_repr=f"{token.akun_layanan.nama}: {token}")  # fmt: skip
