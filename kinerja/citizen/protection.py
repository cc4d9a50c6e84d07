"""Protecting the public forms without hurting honest respondents.

Rate limits count the rows already stored in the database (answers or complaints) for
one network address and one service in a sliding window. The count and the insert run in
one transaction that holds a lock for that network address: SQLite takes its write lock
at the start of every write transaction (``transaction_mode=IMMEDIATE`` in settings) and
PostgreSQL takes a transaction-level advisory lock keyed on the address hash. So the
limit is exact across gunicorn workers and servers, needs no cache server, and survives
restarts. The raw address is never stored: only an HMAC of its network (IPv4 address,
IPv6 /64), keyed with SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection

from kinerja.citizen.models import JawabanSurvei
from kinerja.core.clientip import client_ip


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


def limit(name: str, count: int, seconds: int) -> Limit:
    """A limit from settings (``KINERJA_<NAME>`` = (count, seconds)) or the default."""
    configured = getattr(settings, f"KINERJA_{name}", None)
    if configured is not None:
        count, seconds = configured
    return Limit(count=int(count), window=timedelta(seconds=int(seconds)))


def survey_ip_limit() -> Limit:
    """Answers from one network address to one service: a kiosk at the counter is one
    address, so the default lets a busy counter through while stopping a script."""
    return limit("SURVEI_BATAS_ALAMAT", 30, 600)


def survey_service_limit() -> Limit:
    """All answers to one service, a flood guard well above any counter's pace (a count
    of 0 turns it off). Counts stop at the limit, so a check reads at most that many index
    entries however busy the service is."""
    return limit("SURVEI_BATAS_LAYANAN", 300, 60)


def burst_rule() -> Limit:
    """This many identical answer sets to one service within the window are a burst."""
    return limit("SURVEI_LONJAKAN", 10, 300)


def officer_daily_address_limit() -> int:
    """Answers about one officer from one network address in one day, without a receipt
    code (``KINERJA_SURVEI_BATAS_PETUGAS_HARIAN``); a kiosk at the counter uses receipt
    codes, which this cap does not count."""
    return int(getattr(settings, "KINERJA_SURVEI_BATAS_PETUGAS_HARIAN", 5))


def complaint_ip_limit() -> Limit:
    return limit("ADUAN_BATAS_ALAMAT", 5, 3600)


def client_network(request) -> str:
    """The client's network: the address itself for IPv4, its /64 for IPv6.

    The address comes from ``kinerja.core.clientip`` (``KINERJA_IP_HEADER`` behind a
    reverse proxy, believed only from ``KINERJA_TRUSTED_PROXIES``).
    """
    raw = client_ip(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "tidak-diketahui"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_prefix(request) -> str:
    """The network prefix the client's address belongs to: IPv4 /24, IPv6 /48 (one site),
    for the anomaly check's "many answers from one network" rule."""
    raw = client_ip(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "tidak-diketahui"
    bits = 48 if address.version == 6 else 24
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))


def request_hashes(request) -> tuple[str, str]:
    """(address hash, prefix hash) of a request, both HMACs: raw addresses are not stored."""
    return network_hash(client_network(request)), network_hash(client_prefix(request))


def network_hash(network: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), network.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def network_lock_key(ip_hash: str) -> int:
    """The PostgreSQL advisory-lock key of one network address."""
    return int(hashlib.sha256(ip_hash.encode()).hexdigest()[:15], 16)


def lock_network(ip_hash: str) -> None:
    """Serialise writers from one network address until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [network_lock_key(ip_hash)])
    # SQLite: the IMMEDIATE transaction already holds the database write lock.


@dataclass(frozen=True)
class WindowCounts:
    """Stored answers in the sliding windows of the survey rules, each counted only up to
    its limit (so a check reads at most that many index entries)."""

    per_address: int
    per_service: int
    identical: int
    per_officer_today: int = 0


_ANSWERS = JawabanSurvei._meta.db_table
# One statement, four bounded counts, each served by an index: (ip_hash, diterima_pada)
# twice, (layanan, diterima_pada) and (layanan, pola, diterima_pada).
WINDOW_COUNTS_SQL = (
    "SELECT "  # noqa: S608 - table name from the model, values are parameters
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_ANSWERS} WHERE ip_hash = %s AND layanan_id = %s"
    " AND diterima_pada >= %s LIMIT %s) a), "
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_ANSWERS} WHERE layanan_id = %s"
    " AND diterima_pada >= %s LIMIT %s) b), "
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_ANSWERS} WHERE layanan_id = %s AND pola = %s"
    " AND diterima_pada >= %s LIMIT %s) c), "
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {_ANSWERS} WHERE ip_hash = %s AND petugas_id = %s"
    " AND token_id IS NULL AND diterima_pada >= %s LIMIT %s) e)"
)


def day_start(now):
    """Midnight (server time zone) of the day ``now`` falls in: the officer cap's day."""
    from django.utils import timezone

    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def window_counts(
    *, layanan_id: int, ip_hash: str, pattern: int, now, petugas_id: int | None = None
) -> WindowCounts:
    """The rate/burst counts for one incoming answer in one query."""
    per_address, per_service, burst = survey_ip_limit(), survey_service_limit(), burst_rule()
    officer_cap = officer_daily_address_limit() if petugas_id else 0
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        ip_hash, layanan_id, adapt(now - per_address.window), per_address.count,
        layanan_id, adapt(now - per_service.window), per_service.count,
        layanan_id, pattern, adapt(now - burst.window), burst.count,
        ip_hash, petugas_id, adapt(day_start(now)), officer_cap,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(WINDOW_COUNTS_SQL, params)
        row = cursor.fetchone()
    return WindowCounts(*row)
