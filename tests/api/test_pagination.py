"""Lists (issue 22): next/previous links, the page-size cap echoed and enforced, and
incremental sync of employees with updated_since and a keyset cursor that skips nobody."""

from datetime import timedelta

from django.utils import timezone

from kinerja.core.api_pagination import MAX_PAGE_SIZE
from kinerja.org.models import Pegawai
from kinerja.org.tokens import create_token
from tests.factories import PegawaiFactory


def _headers(user) -> dict:
    _, raw = create_token(user, nama="uji")
    return {"Authorization": f"Bearer {raw}"}


def _more(personas, n: int) -> list[Pegawai]:
    unit = personas.pegawai_pegawai.unit
    return [PegawaiFactory(instansi=personas.instansi, unit=unit) for _ in range(n)]


def test_pages_link_to_each_other_and_echo_the_cap(client, personas):
    _more(personas, 4)  # 3 personas' employees + 4
    headers = _headers(personas.admin)
    first = client.get("/api/v1/org/pegawai", {"page_size": 3}, headers=headers).json()
    assert (first["count"], first["page"], first["page_size"]) == (7, 1, 3)
    assert first["batas_page_size"] == MAX_PAGE_SIZE and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/org/pegawai?page_size=3&page=2"
    second = client.get(first["next"], headers=headers).json()
    third = client.get(second["next"], headers=headers).json()
    assert second["previous"].endswith("page=1") and third["next"] is None
    names = [p["nama"] for page in (first, second, third) for p in page["items"]]
    assert len(names) == len(set(names)) == 7


def test_a_page_size_over_the_cap_is_refused_not_silently_cut(client, personas):
    response = client.get("/api/v1/org/pegawai", {"page_size": MAX_PAGE_SIZE + 1},
                          headers=_headers(personas.admin))  # fmt: skip
    assert response.status_code == 422 and response.json()["kolom"] == "page_size"


def test_employees_can_be_sorted(client, personas):
    body = client.get("/api/v1/org/pegawai", {"urut": "nip"}, headers=_headers(personas.admin))
    nips = [p["nip"] for p in body.json()["items"]]
    assert nips == sorted(nips)


def test_sync_by_updated_since_reads_each_changed_employee_once_even_while_they_change(
    client, personas
):
    headers = _headers(personas.admin)
    old = timezone.now() - timedelta(days=30)
    Pegawai.objects.filter(instansi=personas.instansi).update(diubah=old)
    changed = _more(personas, 5)
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    first = client.get("/api/v1/org/pegawai", {"updated_since": since, "page_size": 2},
                       headers=headers).json()  # fmt: skip
    assert first["count"] == 5 and len(first["items"]) == 2 and "kursor=" in first["next"]
    # one already read changes while the client pages: it comes again at the end, and the
    # rows after it are not shifted away (with offsets one would be skipped)
    moved = Pegawai.objects.get(nip=first["items"][0]["nip"])
    moved.nama = "Nama Baru"
    moved.save()
    seen = [p["nip"] for p in first["items"]]
    page = first
    while page["next"]:
        page = client.get(page["next"], headers=headers).json()
        seen += [p["nip"] for p in page["items"]]
    assert set(seen) == {p.nip for p in changed}
    assert seen[-1] == moved.nip and seen.count(moved.nip) == 2


def test_sync_includes_employees_who_were_deactivated(client, personas):
    gone = _more(personas, 1)[0]
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    gone.aktif = False
    gone.save()
    body = client.get("/api/v1/org/pegawai", {"updated_since": since},
                      headers=_headers(personas.admin)).json()  # fmt: skip
    assert {p["nip"]: p["aktif"] for p in body["items"]}[gone.nip] is False


def test_updated_since_needs_a_time_zone_and_a_cursor_must_be_ours(client, personas):
    headers = _headers(personas.admin)
    naive = client.get("/api/v1/org/pegawai", {"updated_since": "2026-01-01T00:00:00"},
                       headers=headers)  # fmt: skip
    assert naive.status_code == 422 and naive.json()["kolom"] == "updated_since"
    query = {"updated_since": "2026-01-01T00:00:00Z", "kursor": "xx"}
    bad = client.get("/api/v1/org/pegawai", query, headers=headers)
    assert bad.status_code == 422 and bad.json()["kolom"] == "kursor"
