"""A believable city government of any size, built from a seed.

``plan_agency`` (plan.py) is pure: from a size and a seed it lays out the units,
the people in them, their positions, titles, NIPs and supervisors, drawing every
random choice from one ``random.Random(seed)``; the education, titles and ranks it
draws from are in pangkat.py, the kinds of staff and the unit tree in struktur.py.
``build_agency`` writes that
plan with a fixed number of bulk statements per table (plus one per batch),
so 100,000 employees take seconds, not hours. ``ensure_demo_agency`` is what
``manage.py demo`` calls: it leaves an existing agency alone unless asked to
rebuild it.

The organisation follows a kota's usual layout: the Sekretaris Daerah heads
the secretariat and rates the heads of the dinas and badan (the Wali Kota is
elected, not an employee); below them secretaries and heads of bidang
(administrator), then heads of seksi, subbagian, puskesmas and UPT
(pengawas) and school principals, then staff (pelaksana and fungsional).
Every employee but the Sekretaris Daerah has as supervisor the head of their
own unit or, for a head, of the parent unit.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import CASCADE, DO_NOTHING, SET_NULL
from django.utils import timezone

from kinerja.core.audit import record
from kinerja.core.models import AuditEntry
from kinerja.demo.plan import AgencyPlan, DemoError, PersonPlan, plan_agency
from kinerja.demo.rows import BATCH_SIZE, chunks, insert_rows, reserve_ids
from kinerja.org.models import Instansi, Jabatan, Pegawai, UnitKerja, User

DEMO_PASSWORD = "demo12345"  # noqa: S105 - published on purpose: it is the demo's password
DEFAULT_KODE = "DEMO"
DEFAULT_NAMA = "Pemerintah Kota Demo"
ACTION = "demo.bangun"
ACTOR = "generator data demo"


# --- Writing the plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    peran: str
    username: str
    nama: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoResult:
    instansi: Instansi
    created: bool
    pegawai: int
    unit: int
    jabatan: int
    akun: int
    logins: list[DemoLogin] = field(default_factory=list)


def persona_usernames(kode: str) -> dict[str, str]:
    """Usernames of the demo's non-employee accounts; suffixed for any agency but the default,
    since usernames are unique across agencies."""
    suffix = "" if kode == DEFAULT_KODE else f".{kode.lower()}"
    return {
        "admin": f"admin.bkpsdm{suffix}",
        "pimpinan": f"walikota{suffix}",
        "auditor": f"inspektorat{suffix}",
    }


def build_agency(
    *,
    pegawai: int,
    seed: int,
    kode: str = DEFAULT_KODE,
    nama: str = DEFAULT_NAMA,
    with_accounts: bool = True,
) -> DemoResult:
    """Build a new agency ``kode`` from ``plan_agency(pegawai, seed)`` in one transaction.

    Every employee gets an account (username = NIP) when ``with_accounts``; the demo
    personas always do. All accounts share one password hash, made once here. Row ids are
    reserved up front, so supervisors and unit heads are written with the rows themselves:
    one statement per table and batch of rows, whatever the size. Writes one "demo.bangun"
    audit entry. Raises DemoError when the kode or a persona's username is taken.
    """
    plan = plan_agency(pegawai=pegawai, seed=seed)
    password = make_password(DEMO_PASSWORD)
    personas = persona_usernames(kode)
    with transaction.atomic():
        if Instansi.objects.filter(kode=kode).exists():
            raise DemoError(f"Instansi dengan kode {kode} sudah ada; pakai kode lain atau --reset.")
        account_people = (
            range(len(plan.people))
            if with_accounts
            else sorted({plan.kepala_dinas, plan.atasan, plan.pegawai})
        )
        _free_usernames(plan, account_people, list(personas.values()))
        instansi = Instansi.objects.create(
            kode=kode, nama=nama, tingkat=Instansi.Tingkat.KABUPATEN_KOTA
        )
        jabatan_ids = _create_jabatan(instansi, plan)
        unit_ids = reserve_ids(UnitKerja, len(plan.units))
        pegawai_ids = reserve_ids(Pegawai, len(plan.people))
        insert_rows(
            UnitKerja,
            ("id", "kode", "nama", "induk", "kepala"),
            [
                (
                    unit_ids[i],
                    u.kode,
                    u.nama,
                    None if u.induk is None else unit_ids[u.induk],
                    pegawai_ids[u.kepala],
                )  # fmt: skip
                for i, u in enumerate(plan.units)
            ],
            instansi=instansi.pk,
        )
        insert_rows(
            Pegawai,
            (
                "id",
                "nip",
                "gelar_depan",
                "nama",
                "gelar_belakang",
                "status",
                "golongan",
                "unit",
                "jabatan",
                "atasan",
            ),
            [
                (
                    pegawai_ids[i],
                    p.nip,
                    p.gelar_depan,
                    p.nama,
                    p.gelar_belakang,
                    p.status,
                    p.golongan,
                    unit_ids[p.unit],
                    jabatan_ids[p.jabatan],
                    None if p.atasan is None else pegawai_ids[p.atasan],
                )  # fmt: skip
                for i, p in enumerate(plan.people)
            ],
            instansi=instansi.pk,
        )
        accounts = [
            (personas["admin"], "Admin BKPSDM", None, True, False, False),
            (personas["pimpinan"], "Wali Kota", None, False, True, False),
            (personas["auditor"], "Inspektorat", None, False, False, True),
        ]
        accounts.extend(
            (plan.people[i].nip, "", pegawai_ids[i], False, False, False) for i in account_people
        )
        insert_rows(
            User,
            ("username", "first_name", "pegawai", "is_admin_kepegawaian", "is_pimpinan",
             "is_auditor"),
            accounts,
            instansi=instansi.pk, password=password, date_joined=timezone.now(),
        )  # fmt: skip

        def login(peran: str, index: int) -> DemoLogin:
            person = plan.people[index]
            return DemoLogin(peran, person.nip, _nama_lengkap(person))

        logins = [
            DemoLogin("Admin kepegawaian (BKPSDM)", personas["admin"], "Admin BKPSDM"),
            DemoLogin("Pimpinan (Wali Kota)", personas["pimpinan"], "Wali Kota"),
            DemoLogin("Auditor (Inspektorat)", personas["auditor"], "Inspektorat"),
            login("Kepala dinas", plan.kepala_dinas),
            login("Atasan (kepala puskesmas)", plan.atasan),
            login("Pegawai", plan.pegawai),
        ]
        result = DemoResult(
            instansi=instansi, created=True, pegawai=len(plan.people), unit=len(plan.units),
            jabatan=len(jabatan_ids), akun=len(accounts), logins=logins,
        )  # fmt: skip
        record(
            instansi, actor=ACTOR, action=ACTION, obj=instansi,
            after={
                "seed": seed, "pegawai": result.pegawai, "unit": result.unit,
                "jabatan": result.jabatan, "akun": result.akun,
                "akun_demo": [{"peran": x.peran, "username": x.username} for x in logins],
            },
        )  # fmt: skip
    return result


def _nama_lengkap(person: PersonPlan) -> str:
    depan = f"{person.gelar_depan} " if person.gelar_depan else ""
    belakang = f", {person.gelar_belakang}" if person.gelar_belakang else ""
    return f"{depan}{person.nama}{belakang}"


def _taken(usernames: list[str]) -> set[str]:
    """Those of ``usernames`` that accounts already have (plain SQL: the ORM would prepare
    each of 100,000 values one by one)."""
    quote = connection.ops.quote_name
    table = quote(User._meta.db_table)
    column = quote(User._meta.get_field("username").column)
    taken: set[str] = set()
    with connection.cursor() as cursor:
        for chunk in chunks(usernames):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608
            taken.update(row[0] for row in cursor.fetchall())
    return taken


def _free_usernames(plan: AgencyPlan, account_people, personas: list[str]) -> None:
    """Refuse taken persona usernames; move a NIP that is another agency's username to the
    next free serial (usernames are unique across agencies, NIPs only within one)."""
    people = plan.people
    pending = [people[i].nip for i in account_people]
    taken = _taken(personas + pending)
    clash = [u for u in personas if u in taken]
    if clash:
        raise DemoError(
            f"Nama pengguna {', '.join(clash)} sudah dipakai; pilih kode instansi lain "
            "atau bangun ulang dengan --reset."
        )
    used = {p.nip for p in people}
    while taken:
        moved = []
        for i in account_people:
            person = people[i]
            if person.nip in taken:
                person.nip = _next_serial(person.nip, used | taken)
                used.add(person.nip)
                moved.append(person.nip)
        taken = _taken(moved)


def _next_serial(nip: str, used: set[str]) -> str:
    serial = int(nip[15:])
    for _ in range(999):
        serial = serial % 999 + 1
        candidate = f"{nip[:15]}{serial:03d}"
        if candidate not in used:
            return candidate
    raise DemoError(f"Tidak ada nomor urut NIP yang bebas untuk {nip[:15]}.")


def _create_jabatan(instansi: Instansi, plan: AgencyPlan) -> dict[tuple[str, str], int]:
    keys = list(dict.fromkeys(p.jabatan for p in plan.people))
    created = Jabatan.objects.bulk_create(
        [Jabatan(instansi_id=instansi.pk, nama=nama, jenis=jenis) for nama, jenis in keys],
        batch_size=BATCH_SIZE,
    )
    return {(j.nama, j.jenis): j.pk for j in created}


# --- Idempotence -----------------------------------------------------------------------------


def ensure_demo_agency(
    *,
    pegawai: int,
    seed: int,
    kode: str = DEFAULT_KODE,
    nama: str = DEFAULT_NAMA,
    reset: bool = False,
    with_accounts: bool = True,
) -> DemoResult:
    """The demo agency ``kode``: left as it is when it exists (``created`` is False), rebuilt
    from scratch in one transaction when ``reset``, built when missing."""
    existing = Instansi.objects.filter(kode=kode).first()
    if existing is not None and not reset:
        return DemoResult(
            instansi=existing, created=False,
            pegawai=Pegawai.objects.filter(instansi=existing).count(),
            unit=UnitKerja.objects.filter(instansi=existing).count(),
            jabatan=Jabatan.objects.filter(instansi=existing).count(),
            akun=User.objects.filter(instansi=existing).count(),
            logins=demo_logins(existing),
        )  # fmt: skip
    with transaction.atomic():
        if existing is not None:
            delete_agency(existing)
        return build_agency(
            pegawai=pegawai, seed=seed, kode=kode, nama=nama, with_accounts=with_accounts
        )


def demo_logins(instansi: Instansi) -> list[DemoLogin]:
    """The demo accounts recorded when the agency was built, those that still exist."""
    entry = AuditEntry.objects.filter(instansi=instansi, action=ACTION).order_by("-seq").first()
    recorded = (entry.after or {}).get("akun_demo", []) if entry else []
    users = {
        u.username: u
        for u in User.objects.filter(
            instansi=instansi, username__in=[x["username"] for x in recorded]
        ).select_related("pegawai")
    }
    return [
        DemoLogin(x["peran"], x["username"], _account_name(users[x["username"]]))
        for x in recorded
        if x["username"] in users
    ]


def _account_name(user: User) -> str:
    return user.pegawai.nama_lengkap if user.pegawai_id else (user.first_name or user.username)


def delete_agency(instansi: Instansi) -> None:
    """Remove an agency and everything of it: accounts, employees, units, positions, audit,
    and the rows other apps keep for it.

    For demo and benchmark agencies only: the audit chain goes with it. Works by subquery,
    a few statements per related table, so 100,000 employees go in seconds; Django's
    collector would load every row and then ask per batch of 500 ids.
    """
    with transaction.atomic():
        # Links inside the agency that would otherwise protect its rows from deletion.
        UnitKerja.objects.filter(instansi=instansi).update(induk=None, kepala=None)
        Pegawai.objects.filter(instansi=instansi).update(atasan=None)
        _purge(User.objects.filter(instansi=instansi))
        _purge(User.objects.filter(pegawai__instansi=instansi))
        _purge(Pegawai.objects.filter(instansi=instansi))
        _purge(UnitKerja.objects.filter(instansi=instansi))
        _purge(Jabatan.objects.filter(instansi=instansi))
        _purge(Instansi.objects.filter(pk=instansi.pk))


def _purge(queryset, depth: int = 0) -> None:
    """Delete the rows of ``queryset`` as on_delete says for every relation pointing at them:
    CASCADE deletes the dependants first, SET_NULL unlinks them, PROTECT and RESTRICT refuse.
    Signals are not sent (none of these models has delete handlers)."""
    if depth > 10:
        raise DemoError("Rantai relasi terlalu dalam untuk dihapus.")
    model = queryset.model
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        field = rel.field
        linked = rel.related_model._base_manager.filter(
            **{f"{field.name}__in": queryset.values(field.target_field.attname)}
        )
        on_delete = rel.on_delete
        if on_delete is DO_NOTHING:
            continue
        if on_delete is CASCADE:
            _purge(linked, depth + 1)
        elif on_delete is SET_NULL:
            linked.update(**{field.name: None})
        elif linked.exists():
            raise DemoError(
                f"{rel.related_model._meta.verbose_name} masih merujuk "
                f"{model._meta.verbose_name} yang akan dihapus; hapus data itu lebih dulu."
            )
    # The relations are dealt with above, so no collector is needed: one DELETE.
    queryset._raw_delete(queryset.db)
