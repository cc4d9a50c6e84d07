"""QR codes that open a service's (or an officer's) survey, and the printable card sheet."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from kinerja.citizen.models import Layanan, PetugasLayanan


@dataclass(frozen=True)
class Origin:
    """The scheme and host a page was reached at, kept for a background job (it stands in
    for the request in :func:`public_base`)."""

    scheme: str
    host: str

    @classmethod
    def of(cls, request) -> Origin:
        return cls(request.scheme, request.get_host())

    def get_host(self) -> str:
        return self.host


def public_base(request=None) -> str:
    """KINERJA_PUBLIC_URL (for example https://layanan.kota.go.id) when set, because the
    address printed on paper must not depend on how HR reached the server; else the
    request's own scheme and host."""
    configured = getattr(settings, "KINERJA_PUBLIC_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is None:
        return "http://localhost:8000"
    return f"{request.scheme}://{request.get_host()}"


def survey_url(layanan: Layanan, officer: PetugasLayanan | None = None, *, request=None) -> str:
    if officer is None:
        path = reverse("citizen_survey", args=[layanan.kode_publik])
    else:
        # The QR carries the officer's unguessable code; the short code is for people.
        path = reverse("citizen_survey_officer", args=[layanan.kode_publik, officer.kode_qr])
    return public_base(request) + path


def entry_url(instansi, *, request=None) -> str:
    """The agency's public entry page (all services, complaint form, tracking)."""
    return public_base(request) + reverse("citizen_agency_entry", args=[instansi.kode.lower()])


def png(url: str, *, scale: int = 8) -> bytes:
    """The QR as PNG (segno writes PNG itself; no Pillow)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def data_uri(url: str) -> str:
    return "data:image/png;base64," + base64.b64encode(png(url, scale=6)).decode()


def cards(services, *, request=None, instansi=None, progress=None) -> list[dict]:
    """One card per service and per active officer of it; first, when ``instansi`` is
    given, the card of the agency's entry page. ``progress(done, total)`` after each
    service when given."""
    found = []
    if instansi is not None:
        url = entry_url(instansi, request=request)
        found.append({"entry": instansi, "url": url, "qr": data_uri(url)})
    services = list(services)
    for done, layanan in enumerate(services, start=1):
        url = survey_url(layanan, request=request)
        found.append({"layanan": layanan, "officer": None, "url": url, "qr": data_uri(url)})
        for officer in layanan.penugasan.all():
            if not officer.aktif:
                continue
            url = survey_url(layanan, officer, request=request)
            found.append({"layanan": layanan, "officer": officer, "url": url, "qr": data_uri(url)})
        if progress is not None:
            progress(done, len(services))
    return found


def cards_pdf(services, *, request=None, instansi=None, progress=None) -> bytes:
    """A4 sheet of QR cards through WeasyPrint (HTML template → PDF)."""
    from weasyprint import HTML

    found = cards(services, request=request, instansi=instansi, progress=progress)
    html = render_to_string("citizen/qr_cards.html", {"cards": found})
    return HTML(string=html).write_pdf()
