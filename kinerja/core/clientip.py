"""The client's real network address, behind a reverse proxy or not.

Every place that needs the client's address (the public forms' rate limits, the login
lockout through ``AXES_CLIENT_IP_CALLABLE``) asks ``client_ip(request)``; nothing else
reads ``REMOTE_ADDR``.

Without ``KINERJA_IP_HEADER`` the address is the socket's peer (``REMOTE_ADDR``). With it,
the header is believed only when the peer is one of ``KINERJA_TRUSTED_PROXIES``, and:

- a list header (``X-Forwarded-For``) is read from the right: each trusted proxy appends
  the address it received the request from, so the right-most entry that is not a trusted
  proxy is the client as seen by our own proxy. Entries further left are whatever the
  client sent and are never used;
- a single-value header (``X-Real-IP``) is taken as it is.

Behind a proxy with no header configured every request seems to come from the proxy, so
every citizen shares one address and a handful of complaints close the public channel for
everyone. ``ProxyAddressWarningMiddleware`` logs that once per process, in production,
when the first requests all come from a trusted proxy's address.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings

logger = logging.getLogger("kinerja.clientip")

# The first requests a process looks at before deciding whether to warn.
WARNING_SAMPLE = 20
_LIST_HEADERS = {"HTTP_X_FORWARDED_FOR"}

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def meta_key(header: str) -> str:
    """``X-Forwarded-For`` (or ``HTTP_X_FORWARDED_FOR``) → ``HTTP_X_FORWARDED_FOR``."""
    key = header.strip().upper().replace("-", "_")
    return key if not key or key.startswith("HTTP_") else f"HTTP_{key}"


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def trusted_networks() -> tuple:
    return _networks(tuple(getattr(settings, "KINERJA_TRUSTED_PROXIES", ("127.0.0.1", "::1"))))


def parse_address(raw: str) -> Address | None:
    """One address as a proxy writes it: ``1.2.3.4``, ``1.2.3.4:5678``, ``[2001:db8::1]:80``."""
    text = raw.strip().strip('"')
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address | None) -> bool:
    return address is not None and any(address in net for net in trusted_networks())


def client_ip(request) -> str:
    """The client's address as text ("" when the server was not told any)."""
    remote_raw = request.META.get("REMOTE_ADDR", "") or ""
    remote = parse_address(remote_raw)
    key = meta_key(getattr(settings, "KINERJA_IP_HEADER", "") or "")
    if not key or not is_trusted(remote):
        return str(remote) if remote is not None else remote_raw
    value = request.META.get(key, "") or ""
    if key not in _LIST_HEADERS:
        chosen = parse_address(value.split(",")[-1]) if value else None
        return str(chosen or remote)
    nearest = remote
    for entry in reversed(value.split(",")):
        address = parse_address(entry)
        if address is None:
            break  # written by the client (a trusted proxy appends a real address): stop
        nearest = address
        if not is_trusted(address):
            break
    return str(nearest)


class ProxyAddressWarningMiddleware:
    """In production without ``KINERJA_IP_HEADER``: log once when the process's first
    requests all come from a trusted proxy's address (the proxy hides the clients)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = 0
        self.done = not getattr(settings, "PRODUCTION", False) or bool(
            getattr(settings, "KINERJA_IP_HEADER", "")
        )

    def __call__(self, request):
        if not self.done:
            self.observe(request.META.get("REMOTE_ADDR", ""))
        return self.get_response(request)

    def observe(self, remote: str) -> None:
        if not is_trusted(parse_address(remote)):
            self.done = True
            return
        self.seen += 1
        if self.seen >= WARNING_SAMPLE:
            self.done = True
            logger.warning(
                "PERINGATAN: %d permintaan pertama semuanya datang dari alamat proksi %s, "
                "tetapi KINERJA_IP_HEADER tidak diisi. Semua warga dianggap satu alamat: "
                "beberapa aduan per jam akan menutup kanal publik bagi semua orang. "
                "Isi KINERJA_IP_HEADER (mis. X-Forwarded-For); lihat docs/operasi.md.",
                self.seen,
                remote,
            )
