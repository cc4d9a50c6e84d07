"""Request bodies are limited per endpoint before anything is stored (issue 23): an
anonymous complaint once wrote a 300 MB attachment to disk before the 5 MB check."""

import os
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

BIG = 300 * 1024 * 1024
BOUNDARY = "kinerjabatas"


class EndlessUpload:
    """A client that would send ``total`` bytes of a multipart body, lazily; it counts
    what the server actually read."""

    def __init__(self, total: int):
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="lampiran"; '
            f'filename="besar.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n'
        ).encode()
        self.head, self.total, self.read_bytes = head, total, 0

    def read(self, size=-1):
        remaining = self.total - self.read_bytes
        size = remaining if size is None or size < 0 else min(size, remaining)
        size = min(size, 1024 * 1024)  # a network read hands over at most this much
        start = self.read_bytes
        self.read_bytes += size
        if start < len(self.head):
            chunk = self.head[start : start + size]
            return chunk + b"x" * (size - len(chunk))
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size if size and size > 0 else 64 * 1024)


def files_under(*roots) -> set[Path]:
    found = set()
    for root in roots:
        for folder, _dirs, names in os.walk(root):
            found.update(Path(folder, n) for n in names)
    return found


def post_raw(path, stream, *, length: int | None, chunked=False):
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.input": stream, "wsgi.url_scheme": "http",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "REMOTE_ADDR": "10.1.2.3",
    }  # fmt: skip
    if length is not None:
        environ["CONTENT_LENGTH"] = str(length)
    if chunked:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split()[0])

    body = b"".join(WSGIHandler()(environ, start_response))
    return captured["status"], body.decode()


@pytest.fixture
def watched(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    # Django writes spilled uploads to FILE_UPLOAD_TEMP_DIR, stored files under MEDIA_ROOT.
    return [settings.MEDIA_ROOT, settings.FILE_UPLOAD_TEMP_DIR]


@pytest.mark.django_db(transaction=True)
def test_a_300_mb_complaint_is_refused_from_its_length_and_nothing_is_read(watched):
    before = files_under(*watched)
    stream = EndlessUpload(BIG)
    status, body = post_raw(reverse("citizen_complaint_new"), stream, length=BIG)
    assert status == 413 and "batas alamat ini 5 MB" in body
    assert stream.read_bytes == 0
    assert files_under(*watched) == before


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_without_length_is_refused_unread(watched):
    before = files_under(*watched)
    stream = EndlessUpload(BIG)
    status, body = post_raw(reverse("citizen_complaint_new"), stream, length=None, chunked=True)
    assert status == 411 and "Content-Length" in body
    assert stream.read_bytes == 0
    assert files_under(*watched) == before


def test_counting_stream_refuses_reading_past_the_limit():
    from kinerja.core.bodylimit import BodyTooLarge, _CountingStream

    stream = _CountingStream(EndlessUpload(BIG), 3 * 1024 * 1024)
    with pytest.raises(BodyTooLarge):
        while stream.read(1024 * 1024):
            pass
    assert stream.read_bytes <= 3 * 1024 * 1024 + 1


@pytest.mark.parametrize(
    ("name", "args", "limit_mb"),
    [
        ("citizen_complaint_new", [], 5),
        ("skp_bagian_simpan", [1, 1], 10),
        ("org_import", [], 10),
    ],
)
def test_each_endpoint_has_its_own_limit(name, args, limit_mb):
    from kinerja.core.bodylimit import FORM_MARGIN, limit_for

    assert limit_for(reverse(name, args=args)) == limit_mb * 1024 * 1024 + FORM_MARGIN
    assert limit_for("/layanan/lacak/") == 1024 * 1024


@pytest.mark.django_db
def test_the_api_answers_413_in_its_error_shape(client):
    response = client.post(
        "/api/v1/citizen/aduan/", data=b"{}", content_type="application/json",
        CONTENT_LENGTH=str(2 * 1024 * 1024),
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["kode"] == "terlalu_besar"


def test_the_nginx_sample_repeats_the_limits():
    conf = (Path(__file__).parents[2] / "deploy/nginx/kinerja.conf").read_text()
    assert "client_max_body_size 1m;" in conf
    assert "location = /layanan/aduan/baru/" in conf and "client_max_body_size 6m;" in conf
    assert "location = /org/impor/" in conf
    assert "client_max_body_size 11m;" in conf
