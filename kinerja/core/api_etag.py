"""Strong ETags and preconditions for the API routers (RFC 9110 section 13), in one place.

Every single-object GET of something that can change answers a strong ``ETag``: a hash of
the representation it sends (``etag_of``), so it changes whenever any byte of the body would
(the object's version, a related row, a name, an upheld objection), and two answers with the
same ETag are identical. ``If-None-Match`` uses the weak comparison (304 Not Modified).

A change of such an object may carry ``If-Match`` with the ETag read. The comparison is
STRONG: a weak ETag (``W/"…"``) never matches and is refused with 412, as is an ETag that
is no longer current; ``*`` matches any existing object. The router checks authorisation
FIRST (404 for an object the caller may not see, 403 for one they may not change) and only
then calls :func:`precondition`, so a 412 never tells an unauthorised caller that an object
exists or what state it is in. A change may instead name the ``version`` it read in the body
(stale: 409, as before). The state changes that always required the version read (approve,
verify, decide, move a complaint) answer 428 when neither is given.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

from kinerja.core.api_errors import ApiError, Galat

IF_MATCH_DOC = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    # `*` or a list of entity tags (what _parse reads; anything else is refused with 400)
    "schema": {
        "type": "string",
        "pattern": r'^\s*(\*|(W/)?"[^",]*"(\s*,\s*(W/)?"[^",]*")*)\s*$',
        "examples": ['"3f9c2a1b7d4e6f80a1b2"'],
    },
    "description": (
        "ETag kuat dari jawaban GET (atau jawaban perubahan) sebelumnya. Dibandingkan secara "
        'kuat: bila data sudah berubah, atau ETag lemah `W/"…"` dikirim, ditolak 412 dan tidak '
        "ada yang diubah. `*`: asal data ada."
    ),
}
IF_NONE_MATCH_DOC = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "ETag yang disimpan klien; bila data belum berubah, jawabannya 304 tanpa isi.",
}
ETAG_HEADER = {
    "ETag": {
        "description": "ETag kuat dari isi jawaban ini; kirim kembali di If-Match saat mengubah",
        "schema": {"type": "string"},
    }
}
# The answers a conditional change adds to its operation, for the OpenAPI schema.
PRECONDITION_RESPONSES = {412: Galat}
REQUIRED_RESPONSES = {412: Galat, 428: Galat}

STALE = (
    "Data ini sudah diubah sejak Anda membacanya; perubahan Anda belum disimpan. Baca ulang "
    "datanya (GET), lalu ulangi dengan ETag yang baru."
)
WEAK = (
    'ETag lemah (W/"…") tidak berlaku untuk If-Match: perubahan butuh perbandingan kuat. '
    "Kirim ETag persis seperti pada header ETag jawaban GET."
)
NOT_THERE = "If-Match dikirim, tetapi data ini belum ada; kirim tanpa If-Match untuk membuatnya."
REQUIRED = (
    'Sertakan versi yang dibaca: header If-Match berisi ETag dari jawaban GET, atau "version" '
    "di isian."
)
_ENTITY_TAG = re.compile(r'\s*(W/)?("[\x21\x23-\x7e\x80-\xff]*")\s*')


def etag_of(schema: type, data: Any) -> str:
    """The strong ETag of ``data`` as ``schema`` (the operation's response schema) sends it."""
    body = schema.model_validate(data).model_dump_json()
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:20] + '"'


def _parse(header: str, name: str = "If-Match") -> list[tuple[bool, str]]:
    """``(weak, opaque tag)`` of each entity tag in a comma-separated header; 400 when it is
    not a list of entity tags."""
    tags = []
    for part in header.split(","):
        found = _ENTITY_TAG.fullmatch(part)
        if found is None:
            raise ApiError(
                400, "if_match_tidak_sah",
                f'Header {name} harus berisi ETag dari jawaban sebelumnya, dengan tanda kutip, '
                'mis. "3f9c2a1b7d4e6f80a1b2".',
                name,
            )  # fmt: skip
        tags.append((bool(found.group(1)), found.group(2)))
    return tags


def has_if_match(request) -> bool:
    return request.headers.get("If-Match") is not None


def if_match(request, current: str | None, *, pesan: str = STALE) -> bool:
    """Check ``If-Match`` against ``current`` (the strong ETag of the object as it is now;
    None when it does not exist). Call only AFTER authorisation. True when the header was
    given and matches; False without the header; 412 otherwise (nothing may be changed)."""
    header = request.headers.get("If-Match")
    if header is None:
        return False
    if header.strip() == "*":
        if current is None:
            raise ApiError(412, "prasyarat_gagal", NOT_THERE, "If-Match")
        return True
    tags = _parse(header, "If-Match")
    if current is not None and any(not weak and tag == current for weak, tag in tags):
        return True
    if current is None:
        raise ApiError(412, "prasyarat_gagal", NOT_THERE, "If-Match")
    if all(weak for weak, _ in tags):
        raise ApiError(412, "prasyarat_gagal", WEAK, "If-Match")
    raise ApiError(412, "prasyarat_gagal", pesan, "If-Match")


def if_none_match(request, current: str) -> bool:
    """True when ``If-None-Match`` names ``current`` (weak comparison) or is ``*``: answer 304.
    A header that is not a list of entity tags matches nothing (the full answer is sent)."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    found = (_ENTITY_TAG.fullmatch(part) for part in header.split(","))
    return any(m is not None and m.group(2) == current for m in found)


def not_modified(current: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = current
    return response


def conditional_get(request, response: HttpResponse, schema: type, data: Any):
    """The answer of a single-object GET: ``data`` with its ETag, or 304 when the client's
    If-None-Match already names it."""
    current = etag_of(schema, data)
    if if_none_match(request, current):
        return not_modified(current)
    response["ETag"] = current
    return data


@dataclass(frozen=True)
class Dasar:
    """What a change is based on: the version to pass to the service (None: whatever is
    current) and whether it came from If-Match (a later conflict is then 412, not 409)."""

    version: int | None
    from_header: bool


def precondition(
    request,
    obj: Any | None,
    *,
    current: Callable[[Any], str],
    body_version: int | None = None,
    required: bool = False,
    pesan: str = STALE,
) -> Dasar:
    """The precondition of a change of ``obj`` (already fetched AND authorised by the caller:
    404/403 come first). ``current(obj)`` is its strong ETag now. With If-Match: 412 unless it
    matches strongly; then the change is based on ``obj.version``, and a ``version`` in the
    body that differs is a conflict (409). Without If-Match: ``body_version`` (or nothing); when
    ``required``, one of the two must be given (428)."""
    if not has_if_match(request):
        if required and body_version is None:
            raise ApiError(428, "prasyarat_wajib", REQUIRED, "If-Match")
        return Dasar(body_version, False)
    if_match(request, current(obj) if obj is not None else None, pesan=pesan)
    if body_version is not None and body_version != obj.version:
        raise ApiError(409, "konflik_versi", pesan, "version")
    return Dasar(obj.version, True)


def stale(message: str, *, from_header: bool) -> ApiError:
    """The refusal of a change based on an old version: nothing was changed."""
    if from_header:
        return ApiError(412, "prasyarat_gagal", message, "If-Match")
    return ApiError(409, "konflik_versi", message, "version")
