"""Roles and permission rules: the one place that says who may do what.

Roles: pegawai (has an employee record), atasan (derived: has active direct
subordinates, never a flag), admin kepegawaian, pimpinan and auditor (flags on
the account). Every rule also requires the same agency; objects of another
agency are never found at all (see core.tenancy), so they answer 404.
"""

from enum import StrEnum

from django.apps import apps
from django.db import connection


class Peran(StrEnum):
    PEGAWAI = "pegawai"
    ATASAN = "atasan"
    ADMIN = "admin"
    PIMPINAN = "pimpinan"
    AUDITOR = "auditor"


PERAN_LABEL = {
    Peran.PEGAWAI: "Pegawai",
    Peran.ATASAN: "Atasan / pejabat penilai",
    Peran.ADMIN: "Admin kepegawaian",
    Peran.PIMPINAN: "Pimpinan",
    Peran.AUDITOR: "Auditor",
}

# Roles that see the whole agency (read), as DESIGN.md's roles table says.
AGENCY_WIDE = frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR})


def roles_of(user) -> frozenset[Peran]:
    """The user's roles, computed once per request object."""
    cached = getattr(user, "_kinerja_roles", None)
    if cached is not None:
        return cached
    roles: set[Peran] = set()
    if getattr(user, "is_authenticated", False) and user.instansi_id and user.is_active:
        if user.pegawai_id:
            roles.add(Peran.PEGAWAI)
            Pegawai = apps.get_model("org", "Pegawai")
            if Pegawai.objects.filter(atasan_id=user.pegawai_id, aktif=True).exists():
                roles.add(Peran.ATASAN)
        if user.is_admin_kepegawaian:
            roles.add(Peran.ADMIN)
        if user.is_pimpinan:
            roles.add(Peran.PIMPINAN)
        if user.is_auditor:
            roles.add(Peran.AUDITOR)
    result = frozenset(roles)
    user._kinerja_roles = result
    return result


def has_role(user, *wanted: Peran) -> bool:
    return bool(roles_of(user) & set(wanted))


def subordinate_ids(pegawai_id: int, *, indirect: bool = True) -> set[int]:
    """Ids of the employees below one supervisor: direct, or the whole chain below."""
    Pegawai = apps.get_model("org", "Pegawai")
    if not indirect:
        return set(Pegawai.objects.filter(atasan_id=pegawai_id).values_list("id", flat=True))
    table = connection.ops.quote_name(Pegawai._meta.db_table)
    # UNION (not UNION ALL) stops on a cycle, which the services refuse anyway.
    sql = f"""
        WITH RECURSIVE chain(id) AS (
            SELECT id FROM {table} WHERE atasan_id = %s
            UNION
            SELECT p.id FROM {table} p JOIN chain c ON p.atasan_id = c.id
        )
        SELECT id FROM chain
    """  # noqa: S608 - the table name is ours, the value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [pegawai_id])
        return {row[0] for row in cursor.fetchall()}


def is_supervisor_of(user, pegawai) -> bool:
    """True when the user's employee record is above the employee in the chain."""
    if not user.pegawai_id or pegawai.instansi_id != user.instansi_id:
        return False
    if pegawai.atasan_id == user.pegawai_id:
        return True
    return pegawai.pk in subordinate_ids(user.pegawai_id)


def can_view_org(user) -> bool:
    """Everyone of the agency may read its tree and its units (a staff directory)."""
    return bool(roles_of(user))


def can_manage_org(user) -> bool:
    return has_role(user, Peran.ADMIN)


def can_view_pegawai(user, pegawai) -> bool:
    """The full profile: oneself, one's supervisors up the chain, and agency-wide roles."""
    if pegawai.instansi_id != user.instansi_id:
        return False
    if has_role(user, *AGENCY_WIDE):
        return True
    if user.pegawai_id == pegawai.pk:
        return True
    return is_supervisor_of(user, pegawai)


def can_view_audit(user) -> bool:
    return has_role(user, Peran.ADMIN, Peran.AUDITOR)


def can_reset_password(user, target) -> bool:
    return has_role(user, Peran.ADMIN) and target.instansi_id == user.instansi_id
