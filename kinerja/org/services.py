"""Actions that change the organisation. Each is atomic and writes the audit log."""

from django.db import connection, transaction

from kinerja.core import audit
from kinerja.core.errors import DomainError
from kinerja.core.permissions import can_manage_org, can_reset_password
from kinerja.core.versioning import bump
from kinerja.org import accounts
from kinerja.org.models import Pegawai, User


class OrgError(DomainError):
    """A change to the organisation that cannot be made; the message says why, in Indonesian."""


def ancestor_ids(pegawai_id: int) -> list[int]:
    """The supervisor chain above an employee, nearest first (stops on a cycle)."""
    table = connection.ops.quote_name(Pegawai._meta.db_table)
    sql = f"""
        WITH RECURSIVE up(id, atasan_id, depth) AS (
            SELECT id, atasan_id, 0 FROM {table} WHERE id = %s
            UNION
            SELECT p.id, p.atasan_id, up.depth + 1 FROM {table} p JOIN up ON p.id = up.atasan_id
            WHERE up.depth < 200
        )
        SELECT id FROM up WHERE depth > 0 ORDER BY depth
    """  # noqa: S608 - the table name is ours, the value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [pegawai_id])
        return [row[0] for row in cursor.fetchall()]


def check_supervisor(pegawai: Pegawai, atasan: Pegawai | None) -> None:
    """Refuse a supervisor from another agency, oneself, or one that closes a cycle."""
    if atasan is None:
        return
    if atasan.instansi_id != pegawai.instansi_id:
        raise OrgError("Atasan harus pegawai instansi yang sama.")
    if pegawai.pk and atasan.pk == pegawai.pk:
        raise OrgError("Pegawai tidak dapat menjadi atasan dirinya sendiri.")
    if pegawai.pk and pegawai.pk in ancestor_ids(atasan.pk):
        raise OrgError(
            f"{atasan.nama} berada di bawah {pegawai.nama} dalam rantai atasan; "
            "menjadikannya atasan akan membentuk lingkaran."
        )


AUDITED_FIELDS = (
    "nip", "gelar_depan", "nama", "gelar_belakang", "status", "golongan",
    "unit_id", "jabatan_id", "atasan_id", "aktif",
)  # fmt: skip


def snapshot(pegawai: Pegawai) -> dict:
    return {name: getattr(pegawai, name) for name in AUDITED_FIELDS}


@transaction.atomic
def set_atasan(pegawai: Pegawai, *, atasan: Pegawai | None, by: User, version: int) -> Pegawai:
    """Change an employee's direct supervisor (the default rater)."""
    if not can_manage_org(by):
        raise OrgError("Hanya admin kepegawaian yang dapat mengubah atasan.")
    if atasan is not None and atasan.pk == pegawai.atasan_id:
        return pegawai
    check_supervisor(pegawai, atasan)
    _update_versioned(pegawai, version=version, by=by, action="pegawai.ubah_atasan", atasan=atasan)
    return pegawai


@transaction.atomic
def set_aktif(pegawai: Pegawai, *, aktif: bool, by: User, version: int) -> Pegawai:
    """Make an employee active or inactive. Made inactive, their account loses login, every
    session and every API token in this same transaction (offboarding); made active again,
    the account stays disabled until HR enables it on the accounts page."""
    if not can_manage_org(by):
        raise OrgError("Hanya admin kepegawaian yang dapat mengubah status pegawai.")
    if pegawai.aktif == aktif:
        return pegawai
    _update_versioned(pegawai, version=version, by=by, action="pegawai.ubah_status", aktif=aktif)
    if not aktif:
        accounts.deactivate_accounts_of([pegawai.pk], by=by, alasan="pegawai dinonaktifkan")
    return pegawai


@transaction.atomic
def reset_password(target: User, *, by: User, new_password: str) -> None:
    """An admin sets a new password for an account of the same agency: every session and
    API token of the account ends, a login lockout is lifted, and the person must choose
    their own password at next login."""
    if not can_reset_password(by, target):
        raise OrgError("Hanya admin kepegawaian instansi ini yang dapat mengatur ulang sandi.")
    target.set_password(new_password)
    target.wajib_ganti_sandi = True
    target.save(update_fields=["password", "wajib_ganti_sandi"])
    tokens = accounts.end_access([target])
    unlocked = accounts.unlock_login(target.username)
    target.refresh_from_db(fields=["sesi_kunci"])
    audit.record(
        target.instansi, actor=by, action="akun.atur_ulang_sandi", obj=target,
        object_repr=target.username,
        after={"wajib_ganti_sandi": True, "token_dicabut": tokens, "kunci_dibuka": unlocked},
    )  # fmt: skip


@transaction.atomic
def change_own_password(user: User, *, new_password: str) -> None:
    """The person's own change: other sessions and every API token end (the caller keeps the
    current session with ``update_session_auth_hash``); a forced change is satisfied."""
    user.set_password(new_password)
    user.wajib_ganti_sandi = False
    user.save(update_fields=["password", "wajib_ganti_sandi"])
    tokens = accounts.end_access([user])
    user.refresh_from_db(fields=["sesi_kunci"])
    if user.instansi_id:
        audit.record(user.instansi, actor=user, action="akun.ganti_sandi", obj=user,
                     object_repr=user.username, after={"token_dicabut": tokens})  # fmt: skip


def _update_versioned(pegawai: Pegawai, *, version: int, by: User, action: str, **fields) -> None:
    """Write ``fields`` if the row is still at ``version`` (else VersionConflict), then audit."""
    before = snapshot(pegawai)
    bump(pegawai, version=version, what="Data pegawai", **fields)
    pegawai.refresh_from_db()
    audit.record(
        pegawai.instansi, actor=by, action=action, obj=pegawai,
        before=before, after=snapshot(pegawai),
    )  # fmt: skip
