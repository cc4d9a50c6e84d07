"""Starting from nothing: the agency, its first HR admin, and the one-time setup token.

One path for the command (``manage.py siapkan_instansi``) and the first-run page (``/mulai/``):
every value is checked before anything is written, and then everything is written in one
transaction, with one audit entry. The agency's own settings page reuses the checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path, PurePath
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import connection, transaction

from kinerja.core import audit
from kinerja.core.uploads import sniff
from kinerja.org.models import Instansi, User

ZONA_BY_LABEL = {
    "WIB": Instansi.ZonaWaktu.WIB,
    "WITA": Instansi.ZonaWaktu.WITA,
    "WIT": Instansi.ZonaWaktu.WIT,
}
LOGO_MAX_BYTES = 1024 * 1024
KODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,19}$")
TOKEN_TTL = timedelta(hours=24)
TOKEN_ENV = "KINERJA_SETUP_TOKEN"  # noqa: S105 - the variable's name
# No 0/O, 1/l/I: the initial password is read off a screen and typed once.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105
PASSWORD_LENGTH = 14
SVG_FORBIDDEN = ("script", "foreignobject", "iframe", "embed", "object")


class SetupInvalid(ValueError):
    """Values that cannot be saved; ``errors`` maps each field (or ``__all__``) to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(" ".join(message for messages in errors.values() for message in messages))


@dataclass(frozen=True)
class Logo:
    """An uploaded or local logo file that passed the checks."""

    name: str
    content: bytes
    extension: str  # ".png", ".jpg" or ".svg"


def parse_zona(value: str | None) -> str | None:
    """WIB/WITA/WIT (or the zone's own name, Asia/Makassar) → the stored zone; None if unknown."""
    raw = (value or "").strip()
    if raw.upper() in ZONA_BY_LABEL:
        return ZONA_BY_LABEL[raw.upper()].value
    return raw if raw in Instansi.ZonaWaktu.values else None


def check_logo(name: str, content: bytes) -> Logo:
    """A PNG, JPEG or SVG of at most 1 MB whose bytes match its name; else SetupInvalid."""
    size_kb = (len(content) + 1023) // 1024
    if len(content) > LOGO_MAX_BYTES:
        raise SetupInvalid(
            {"logo": [f"Berkas logo {size_kb} KB; paling besar 1 MB (1024 KB). Perkecil gambar."]}
        )
    if not content:
        raise SetupInvalid({"logo": ["Berkas logo kosong."]})
    extension = PurePath(name).suffix.lower()
    if extension == ".svg":
        if not _svg_is_safe(content):
            raise SetupInvalid(
                {
                    "logo": [
                        "Berkas SVG tidak dapat dipakai: bukan gambar SVG yang utuh, atau "
                        "berisi skrip, DOCTYPE atau tautan ke luar. Simpan ulang sebagai "
                        "SVG polos atau PNG."
                    ]
                }
            )
        return Logo(name, content, ".svg")
    found = sniff(name, BytesIO(content), frozenset({"png", "jpeg"}))
    if found.kind is None:
        raise SetupInvalid(
            {"logo": [f"Logo harus PNG, JPEG atau SVG; berkas “{name}” bukan salah satunya."]}
        )
    if not found.genuine:
        raise SetupInvalid(
            {"logo": [f"Isi berkas “{name}” bukan gambar {found.kind.upper()} yang utuh."]}
        )
    return Logo(name, content, ".png" if found.kind == "png" else ".jpg")


def _svg_is_safe(content: bytes) -> bool:
    lowered = content.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return False
    try:
        root = ElementTree.fromstring(content)  # noqa: S314 - DOCTYPE/ENTITY refused above
    except ElementTree.ParseError:
        return False
    if _local(root.tag) != "svg":
        return False
    for element in root.iter():
        if _local(element.tag).lower() in SVG_FORBIDDEN:
            return False
        for attribute, value in element.attrib.items():
            local = _local(attribute).lower()
            if local.startswith("on"):
                return False
            if local == "href" and not value.strip().startswith(("#", "data:image/")):
                return False
            if "javascript:" in value.lower().replace(" ", ""):
                return False
    return True


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def random_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


# --- the one-time setup token -----------------------------------------------------------


def token_path() -> Path:
    return Path(getattr(settings, "KINERJA_SETUP_TOKEN_FILE", settings.VAR_DIR / "setup-token"))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token() -> str:
    """A new setup token, valid 24 hours; only its SHA-256 is kept (file mode 0600)."""
    token = secrets.token_urlsafe(24)
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"sha256": _digest(token), "dibuat": datetime.now(UTC).isoformat()}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(record, handle)
    os.chmod(path, 0o600)
    return token


def token_valid(token: str | None) -> bool:
    """True for the token in KINERJA_SETUP_TOKEN or the last one printed, unexpired."""
    token = (token or "").strip()
    if not token:
        return False
    from_env = os.environ.get(TOKEN_ENV, "")
    if from_env and secrets.compare_digest(token.encode(), from_env.encode()):
        return True
    try:
        record = json.loads(token_path().read_text())
        made = datetime.fromisoformat(record["dibuat"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if datetime.now(UTC) - made > TOKEN_TTL:
        return False
    return secrets.compare_digest(_digest(token), str(record.get("sha256", "")))


def consume_token() -> None:
    token_path().unlink(missing_ok=True)


def setup_open() -> bool:
    """The first-run page exists only while the server has no agency at all."""
    return not Instansi.objects.exists()


# --- creating the agency and its first admin ----------------------------------------------


def check_agency_fields(
    *, nama: str, zona: str | None, tempat: str, kode: str | None = None, tingkat=None
) -> dict[str, list[str]]:
    """Messages per field for the agency's own values (shared with the settings page)."""
    errors: dict[str, list[str]] = {}
    if kode is not None:
        if not kode:
            errors["kode"] = ["Kode instansi wajib diisi, mis. KOTA-DEMO."]
        elif not KODE_PATTERN.match(kode):
            errors["kode"] = [
                f"Kode “{kode}” tidak dapat dipakai: 2–20 huruf, angka, titik, garis bawah "
                "atau tanda hubung, diawali huruf atau angka."
            ]
        elif Instansi.objects.filter(kode__iexact=kode).exists():
            errors["kode"] = [f"Kode instansi “{kode}” sudah dipakai; pilih kode lain."]
    if not nama.strip():
        errors["nama"] = ["Nama instansi wajib diisi, mis. Pemerintah Kota Demo."]
    elif len(nama) > 200:
        errors["nama"] = [f"Nama instansi paling panjang 200 karakter; isian ini {len(nama)}."]
    if tingkat is not None and tingkat not in Instansi.Tingkat.values:
        errors["tingkat"] = [
            f"Tingkat “{tingkat}” tidak dikenal; pilih pusat, provinsi atau kabupaten_kota."
        ]
    if zona is None:
        errors["zona_waktu"] = ["Zona waktu tidak dikenal; pilih WIB, WITA atau WIT."]
    if len(tempat) > 100:
        errors["tempat"] = [f"Nama tempat paling panjang 100 karakter; isian ini {len(tempat)}."]
    return errors


def check_admin_fields(*, username: str, email: str, password: str | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not username:
        errors["admin_username"] = ["Nama pengguna admin wajib diisi, mis. admin.bkpsdm."]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["admin_username"] = [
                f"Nama pengguna “{username}” tidak dapat dipakai: gunakan huruf, angka dan "
                "@ . + - _ saja, tanpa spasi."
            ]
        else:
            if len(username) > 150:
                errors["admin_username"] = ["Nama pengguna paling panjang 150 karakter."]
            elif username.isdigit() and len(username) == 18:
                errors["admin_username"] = [
                    "Nama pengguna 18 angka disediakan untuk akun pegawai (NIP); pilih nama "
                    "lain, mis. admin.bkpsdm."
                ]
            elif User.objects.filter(username__iexact=username).exists():
                errors["admin_username"] = [f"Nama pengguna “{username}” sudah dipakai."]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["admin_email"] = [f"Alamat surel “{email}” tidak sah."]
    if password is not None and "admin_username" not in errors:
        try:
            password_validation.validate_password(password, User(username=username, email=email))
        except ValidationError as exc:
            errors["admin_password"] = list(exc.messages)
    return errors


@dataclass(frozen=True)
class Setup:
    instansi: Instansi
    admin: User
    password: str  # as typed on the page, or generated for the command (printed once)


def create_agency(
    *,
    kode: str,
    nama: str,
    tingkat: str,
    zona: str | None,
    tempat: str = "",
    logo: Logo | None = None,
    admin_username: str,
    admin_email: str = "",
    admin_password: str | None = None,
    actor_label: str,
    tambah: bool = False,
) -> Setup:
    """Create an agency and its first HR admin, all or nothing.

    Refuses (SetupInvalid, nothing written) when any value is wrong, or when an agency
    already exists and ``tambah`` is not set. Without ``admin_password`` a random one is
    made; either way the admin must change it at the first login only when it was made
    here (``wajib_ganti_sandi``): a password the admin typed themselves stays theirs."""
    kode, nama, tempat = kode.strip(), nama.strip(), tempat.strip()
    admin_username, admin_email = admin_username.strip(), admin_email.strip()
    generated = admin_password is None
    password = random_password() if generated else admin_password
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two first-run forms sent at once must not both find "no agency yet".
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Instansi._meta.db_table} IN EXCLUSIVE MODE")
        errors = check_agency_fields(
            nama=nama, zona=zona, tempat=tempat, kode=kode, tingkat=tingkat
        )
        errors |= check_admin_fields(
            username=admin_username, email=admin_email, password=None if generated else password
        )
        existing = Instansi.objects.order_by("pk").first()
        if existing is not None and not tambah:
            errors.setdefault("__all__", []).append(
                f"Server ini sudah berisi instansi “{existing.nama}” ({existing.kode}); "
                "penyiapan awal hanya sekali. Untuk menambah instansi lain di server yang sama, "
                "jalankan perintah dengan --tambah."
            )
        if errors:
            raise SetupInvalid(errors)
        instansi = Instansi(kode=kode, nama=nama, tingkat=tingkat, zona_waktu=zona, tempat=tempat)
        stored = _store_logo(instansi, logo) if logo is not None else None
        try:
            instansi.save()
            admin = User(
                username=admin_username, email=admin_email, instansi=instansi,
                is_admin_kepegawaian=True, wajib_ganti_sandi=generated,
            )  # fmt: skip
            admin.set_password(password)
            admin.save()
            audit.record(
                instansi, actor=actor_label, action="instansi.siapkan", obj=instansi,
                after={
                    "kode": kode, "nama": nama, "tingkat": tingkat, "zona_waktu": zona,
                    "tempat": tempat, "logo": instansi.logo.name, "admin": admin_username,
                },
            )  # fmt: skip
        except BaseException:
            if stored:
                instansi.logo.storage.delete(stored)
            raise
        transaction.on_commit(consume_token)
    return Setup(instansi, admin, password)


def _store_logo(instansi: Instansi, logo: Logo) -> str:
    """Write the file (the model row is saved by the caller) and return its stored name."""
    name = f"{instansi.kode.lower()}{logo.extension}"
    instansi.logo.save(name, ContentFile(logo.content), save=False)
    return instansi.logo.name


def update_agency(
    instansi: Instansi,
    *,
    by: User,
    nama: str,
    zona: str | None,
    tempat: str,
    logo: Logo | None = None,
    hapus_logo: bool = False,
) -> bool:
    """HR edits the agency's name, time zone, place and logo; audited. False: nothing changed."""
    if not (by.is_admin_kepegawaian and by.instansi_id == instansi.pk and by.is_active):
        raise SetupInvalid(
            {"__all__": ["Hanya admin kepegawaian instansi ini yang dapat mengubah."]}
        )
    nama, tempat = nama.strip(), tempat.strip()
    errors = check_agency_fields(nama=nama, zona=zona, tempat=tempat)
    if errors:
        raise SetupInvalid(errors)
    before = {
        "nama": instansi.nama, "zona_waktu": instansi.zona_waktu, "tempat": instansi.tempat,
        "logo": instansi.logo.name,
    }  # fmt: skip
    changes = {
        key: value
        for key, value in {"nama": nama, "zona_waktu": zona, "tempat": tempat}.items()
        if before[key] != value
    }
    if not changes and logo is None and not (hapus_logo and instansi.logo):
        return False
    old_logo = instansi.logo.name
    stored = None
    with transaction.atomic():
        for key, value in changes.items():
            setattr(instansi, key, value)
        if logo is not None:
            stored = _store_logo(instansi, logo)
        elif hapus_logo:
            instansi.logo = ""
        try:
            instansi.save(update_fields=[*changes, "logo"])
            after = {key: getattr(instansi, key) for key in changes}
            if instansi.logo.name != old_logo:
                after["logo"] = instansi.logo.name
            audit.record(
                instansi, actor=by, action="instansi.ubah", obj=instansi,
                before={key: before[key] for key in after}, after=after,
            )  # fmt: skip
        except BaseException:
            if stored:
                instansi.logo.storage.delete(stored)
            raise
    if old_logo and old_logo != instansi.logo.name:
        transaction.on_commit(lambda: instansi.logo.storage.delete(old_logo))
    return True
