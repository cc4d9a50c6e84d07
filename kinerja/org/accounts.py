"""Employees' accounts: bulk creation with printed slips, reissue, offboarding, safety.

An account's initial password lives only in memory: :func:`create_accounts` and
:func:`reissue_slip` return it inside a :class:`Slip` for the caller to render at once (the
PDF of slips, the XLSX for mail merge, an email); only its hash is stored, and the person
must change it at first login (``User.wajib_ganti_sandi``, enforced by
:class:`kinerja.org.middleware.ForcedPasswordChangeMiddleware`).

Ending access (:func:`end_access`) changes the account's session key, which signs out every
session at its next request (``User._get_session_auth_hash``), and revokes every API token,
in the caller's transaction. Each action writes its audit entry, never the password.
"""

import io
import secrets
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError
from kinerja.core.permissions import can_reset_password
from kinerja.core.spreadsheet import xlsx_row
from kinerja.org.models import ApiToken, Instansi, Pegawai, User
from kinerja.org.nip import normalise_nip

# Lower-case letters and digits without the ones read as another (0/o, 1/l/i).
PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 - characters, not a secret
PASSWORD_LENGTH = 12
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AccountError(DomainError):
    """An account action that cannot be done; the message says why, in Indonesian."""


@dataclass(frozen=True, slots=True)
class Slip:
    """What one person needs to log in the first time. Never stored."""

    instansi: str
    nama: str
    nip: str
    unit: str
    username: str
    password: str
    email: str


def generate_password() -> str:
    """A random, easily copied initial password: letters and at least one digit."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def login_url(request=None) -> str:
    """The address printed on slips: KINERJA_PUBLIC_URL when set, else the request's host."""
    base = getattr(settings, "KINERJA_PUBLIC_URL", "").rstrip("/")
    if not base:
        base = f"{request.scheme}://{request.get_host()}" if request else "http://localhost:8000"
    return base + reverse("login")


def _new_session_key() -> str:
    return secrets.token_hex(16)


def end_access(users: Iterable[User], *, keep_sessions: bool = False) -> int:
    """Revoke every API token of these accounts and (unless ``keep_sessions``) end every
    session. Runs in the caller's transaction; returns how many tokens were revoked."""
    ids = [u.pk for u in users]
    if not ids:
        return 0
    if not keep_sessions:
        User.objects.filter(pk__in=ids).update(sesi_kunci=_new_session_key())
    return ApiToken.objects.filter(user_id__in=ids, dicabut__isnull=True).update(
        dicabut=timezone.now()
    )


def without_account(instansi: Instansi) -> QuerySet[Pegawai]:
    """Active employees of the agency that have no account yet, by unit then name."""
    return (
        Pegawai.objects.filter(instansi=instansi, aktif=True, akun__isnull=True)
        .select_related("unit")
        .order_by("unit__kode", "nama", "nip")
    )


def _slip(instansi: Instansi, pegawai: Pegawai, user: User, password: str) -> Slip:
    return Slip(
        instansi=instansi.nama, nama=pegawai.nama_lengkap, nip=pegawai.nip_tertulis,
        unit=pegawai.unit.nama, username=user.username, password=password, email=user.email,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class NewAccount:
    """An account ready to be saved, with its initial password (never stored)."""

    pegawai: Pegawai
    user: User
    password: str


# Progress is reported every this many hashed passwords.
PROGRESS_EVERY = 25


def prepare_accounts(
    instansi: Instansi,
    *,
    nips: Iterable[str] | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[NewAccount]:
    """The accounts :func:`save_accounts` would create, passwords hashed (the slow part:
    Argon2, about 0.1 s each), without writing anything. ``progress(done, total)`` is called
    as the hashing goes.

    Refuses the whole batch, naming every NIP at fault, when a requested NIP is not an active
    employee of the agency without an account, or when a username is already taken."""
    candidates = without_account(instansi)
    if nips is not None:
        wanted = [normalise_nip(n) for n in nips]
        found = {p.nip: p for p in candidates.filter(nip__in=wanted)}
        problems = [_why_not(instansi, nip) for nip in wanted if nip not in found]
        if problems:
            raise AccountError(" ".join(problems))
        chosen = [found[nip] for nip in dict.fromkeys(wanted)]
    else:
        chosen = list(candidates[:limit] if limit else candidates)
    _refuse_taken(chosen)
    prepared = []
    for done, pegawai in enumerate(chosen, start=1):
        password = generate_password()
        user = User(
            username=pegawai.nip, instansi=instansi, pegawai=pegawai, first_name=pegawai.nama[:150],
            wajib_ganti_sandi=True,
        )  # fmt: skip
        user.set_password(password)
        prepared.append(NewAccount(pegawai, user, password))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(chosen)):
            progress(done, len(chosen))
    return prepared


def _refuse_taken(chosen: list[Pegawai]) -> None:
    taken = set(
        User.objects.filter(username__in=[p.nip for p in chosen]).values_list("username", flat=True)
    )
    if taken:
        raise AccountError(
            "Nama pengguna sudah dipakai akun lain yang tidak terhubung dengan pegawai ini: "
            f"{', '.join(sorted(taken))}. Hubungkan atau hapus akun itu lebih dulu (admin "
            "operator); tidak ada akun yang dibuat."
        )


@transaction.atomic
def save_accounts(instansi: Instansi, prepared: list[NewAccount], *, by) -> list[Slip]:
    """Save prepared accounts, all or none, each with its audit entry; their slips.

    Checks again, under the transaction, that each employee is still without an account and
    each username free (the hashing ran outside it)."""
    ids = [a.pegawai.pk for a in prepared]
    still = set(without_account(instansi).filter(pk__in=ids).values_list("pk", flat=True))
    gone = [a.pegawai for a in prepared if a.pegawai.pk not in still]
    if gone:
        raise AccountError(
            "Sementara akun disiapkan, pegawai berikut mendapat akun atau dinonaktifkan: "
            f"{', '.join(p.nip for p in gone)}. Tidak ada akun yang dibuat; ulangi."
        )
    _refuse_taken([a.pegawai for a in prepared])
    User.objects.bulk_create([a.user for a in prepared])
    for user in User.objects.filter(username__in=[a.user.username for a in prepared]).order_by(
        "pk"
    ):
        audit.record(
            instansi, actor=by, action="akun.buat", obj=user, object_repr=user.username,
            after={"username": user.username, "wajib_ganti_sandi": True},
        )  # fmt: skip
    return [_slip(instansi, a.pegawai, a.user, a.password) for a in prepared]


@transaction.atomic
def create_accounts(
    instansi: Instansi, *, by, nips: Iterable[str] | None = None, limit: int | None = None
) -> list[Slip]:
    """Create an account (username = NIP, random password, change forced at first login) for
    each active employee of the agency without one, or only for ``nips``; all or none
    (:func:`prepare_accounts` then :func:`save_accounts`)."""
    return save_accounts(instansi, prepare_accounts(instansi, nips=nips, limit=limit), by=by)


def _why_not(instansi: Instansi, nip: str) -> str:
    if not nip.isdigit() or len(nip) != 18:
        return f"NIP “{nip}” tidak sah: NIP harus 18 digit angka."
    pegawai = Pegawai.objects.filter(instansi=instansi, nip=nip).first()
    if pegawai is None:
        return f"Pegawai dengan NIP {nip} tidak ada di instansi ini."
    if not pegawai.aktif:
        return f"Pegawai {pegawai.nama} ({nip}) tidak aktif; akun tidak dibuat."
    return f"Pegawai {pegawai.nama} ({nip}) sudah memiliki akun; terbitkan ulang slipnya."


@transaction.atomic
def reissue_slip(user: User, *, by: User) -> Slip:
    """A new random password for an employee's account, a change forced at next login, every
    session and token ended, the login lockout lifted. The slip is the only copy."""
    if not can_reset_password(by, user):
        raise AccountError("Hanya admin kepegawaian instansi ini yang dapat menerbitkan slip.")
    if not user.pegawai_id:
        raise AccountError(
            f"Akun {user.username} tidak terhubung dengan pegawai ber-NIP, jadi tidak ada slip "
            "yang dapat dicetak untuknya. Atur ulang sandinya lewat admin operator."
        )
    pegawai = Pegawai.objects.select_related("unit").get(pk=user.pegawai_id)
    if not pegawai.aktif:
        raise AccountError(
            f"Pegawai {pegawai.nama} tidak aktif; aktifkan pegawai lebih dulu bila ia kembali."
        )
    password = generate_password()
    user.set_password(password)
    user.wajib_ganti_sandi = True
    user.sesi_kunci = _new_session_key()
    user.save(update_fields=["password", "wajib_ganti_sandi", "sesi_kunci"])
    tokens = end_access([user], keep_sessions=True)
    unlocked = unlock_login(user.username)
    audit.record(
        user.instansi, actor=by, action="akun.terbitkan_slip", obj=user,
        object_repr=user.username,
        after={"wajib_ganti_sandi": True, "token_dicabut": tokens, "kunci_dibuka": unlocked},
    )  # fmt: skip
    return _slip(user.instansi, pegawai, user, password)


def unlock_login(username: str) -> int:
    """Lift a login lockout for this username (every address); the number of records lifted."""
    from axes.utils import reset

    return reset(username=username)


def failed_logins(usernames: Iterable[str]) -> dict[str, int]:
    """Failed logins within the lockout window, per username (one query)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username__in=list(usernames))
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return dict(
        attempts.values("username")
        .annotate(n=Sum("failures_since_start"))
        .values_list("username", "n")
    )


@transaction.atomic
def deactivate_accounts_of(pegawai_ids: Iterable[int], *, by, alasan: str) -> list[User]:
    """Offboarding: the active accounts of these employees lose login, sessions and API
    tokens, in the caller's transaction; one audit entry per account."""
    users = list(
        User.objects.filter(pegawai_id__in=list(pegawai_ids), is_active=True).select_related(
            "instansi"
        )
    )
    _deactivate(users, by=by, alasan=alasan)
    return users


def _deactivate(users: list[User], *, by, alasan: str) -> None:
    if not users:
        return
    User.objects.filter(pk__in=[u.pk for u in users]).update(
        is_active=False, sesi_kunci=_new_session_key()
    )
    for user in users:
        tokens = end_access([user], keep_sessions=True)
        audit.record(
            user.instansi, actor=by, action="akun.nonaktifkan", obj=user,
            object_repr=user.username, before={"is_active": True},
            after={"is_active": False, "token_dicabut": tokens, "alasan": alasan},
        )  # fmt: skip
        user.is_active = False


@transaction.atomic
def set_account_active(user: User, *, aktif: bool, by: User) -> None:
    """HR disables or re-enables an account; disabling ends its sessions and tokens."""
    if not can_reset_password(by, user):
        raise AccountError("Hanya admin kepegawaian instansi ini yang dapat mengubah akun.")
    if user.pk == by.pk and not aktif:
        raise AccountError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    if user.is_active == aktif:
        return
    if aktif and user.pegawai_id and not Pegawai.objects.get(pk=user.pegawai_id).aktif:
        raise AccountError(
            f"Pegawai {user} tidak aktif; aktifkan pegawainya lebih dulu, baru akunnya."
        )
    if not aktif:
        _deactivate([user], by=by, alasan="dinonaktifkan admin")
        user.is_active = False
        return
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(user.instansi, actor=by, action="akun.aktifkan", obj=user,
                 object_repr=user.username, before={"is_active": False},
                 after={"is_active": True})  # fmt: skip


@transaction.atomic
def revoke_tokens_of(user: User, *, by: User) -> int:
    """HR revokes every API token of a person; the number revoked."""
    if not can_reset_password(by, user):
        raise AccountError("Hanya admin kepegawaian instansi ini yang dapat mencabut token.")
    count = end_access([user], keep_sessions=True)
    if count:
        audit.record(user.instansi, actor=by, action="akun.cabut_semua_token", obj=user,
                     object_repr=user.username, after={"token_dicabut": count})  # fmt: skip
    return count


@transaction.atomic
def unlock_account(user: User, *, by: User) -> int:
    if not can_reset_password(by, user):
        raise AccountError("Hanya admin kepegawaian instansi ini yang dapat membuka kunci.")
    count = unlock_login(user.username)
    audit.record(user.instansi, actor=by, action="akun.buka_kunci", obj=user,
                 object_repr=user.username, after={"catatan_dihapus": count})  # fmt: skip
    return count


# --- delivering slips ------------------------------------------------------------------------


def slips_pdf(slips: list[Slip], *, url: str) -> bytes:
    """One slip per person, cut lines between them, for printing (A4)."""
    from weasyprint import HTML

    html = render_to_string(
        "org/slip_print.html", {"slips": slips, "url": url, "dicetak": timezone.localtime()}
    )
    return HTML(string=html).write_pdf()


def slips_xlsx(slips: list[Slip], *, url: str) -> bytes:
    """The same slips as rows, for a mail merge."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("akun")
    header = ["instansi", "nama", "nip", "unit", "nama_pengguna", "kata_sandi_awal", "email",
              "alamat_masuk"]  # fmt: skip
    sheet.append(xlsx_row(sheet, header))
    for s in slips:
        sheet.append(xlsx_row(sheet, [s.instansi, s.nama, s.nip, s.unit, s.username, s.password,
                                      s.email, url]))  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def slips_zip(slips: list[Slip], *, url: str, kode: str) -> bytes:
    """The slips (PDF) and the mail-merge sheet (XLSX) in one ZIP, for a background job."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"slip-akun-{kode}.pdf", slips_pdf(slips, url=url))
        archive.writestr(f"akun-{kode}.xlsx", slips_xlsx(slips, url=url))
    return out.getvalue()


def email_slips(slips: list[Slip], *, url: str) -> tuple[int, int]:
    """Send each slip with a known address by email; (sent, without address or failed)."""
    sent = skipped = 0
    for slip in slips:
        if not slip.email:
            skipped += 1
            continue
        body = render_to_string("org/slip_email.txt", {"s": slip, "url": url})
        try:
            sent += send_mail(f"Akun Kinerja Anda — {slip.instansi}", body, None, [slip.email])
        except OSError:
            skipped += 1
    return sent, skipped
