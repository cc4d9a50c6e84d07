"""The help page per role (issue 25): its screenshots exist and none is orphaned, and its steps
link a real page only when the viewer may open it."""

import re

import pytest
from django.urls import reverse

from kinerja.belajar.panduan import LAYAR_DIR, LEBAR_LAYAR, PANDUAN, semua_layar, ukuran_png
from kinerja.core.navigation import may_open
from kinerja.core.permissions import Peran

MAX_TOTAL = 2 * 1024 * 1024  # every screenshot together
MAX_ONE = 200 * 1024


def test_every_screenshot_named_by_a_guide_exists_and_none_is_orphaned():
    named = [layar.berkas for layar in semua_layar()]
    on_disk = sorted(p.name for p in LAYAR_DIR.iterdir() if p.is_file())
    assert len(named) == len(set(named)), "two guides name the same file"
    missing = sorted(set(named) - set(on_disk))
    orphaned = sorted(set(on_disk) - set(named))
    assert not missing, f"named by a guide but not in {LAYAR_DIR}: {missing}"
    assert not orphaned, f"in {LAYAR_DIR} but named by no guide: {orphaned}"


def test_the_screenshots_are_real_pngs_at_desktop_width_and_small():
    sizes = {}
    for layar in semua_layar():
        path = LAYAR_DIR / layar.berkas
        width, height = ukuran_png(path)
        assert width == LEBAR_LAYAR, (layar.berkas, width)
        assert 300 <= height <= 1200, (layar.berkas, height)
        sizes[layar.berkas] = path.stat().st_size
        assert sizes[layar.berkas] <= MAX_ONE, (layar.berkas, sizes[layar.berkas])
    assert sum(sizes.values()) <= MAX_TOTAL, sum(sizes.values())


def test_every_role_has_guides_and_at_least_one_screenshot_with_an_indonesian_alt():
    assert {p.peran for p in PANDUAN} == set(Peran)
    alts = []
    for bagian in PANDUAN:
        assert len(bagian.panduan) >= 2, bagian.peran
        shots = [g.layar for g in bagian.panduan if g.layar]
        assert shots, bagian.peran
        for layar in shots:
            assert re.match(r"^(Halaman|Beranda|Dasbor) ", layar.alt), layar.alt
            assert len(layar.alt) > 40, layar.alt
            alts.append(layar.alt)
    assert len(alts) == len(set(alts)), "two screenshots share an alt text"


def test_the_pages_a_guide_names_exist():
    for bagian in PANDUAN:
        for g in bagian.panduan:
            for t in g.tahap:
                if t.url_name:
                    reverse(t.url_name)  # NoReverseMatch fails the test
            if g.layar:
                reverse(g.layar.url_name)


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#?]+)', html))


@pytest.mark.parametrize("peran", [p.value for p in Peran])
def test_each_role_guide_links_only_pages_the_viewer_may_open(client, personas, peran):
    viewer = {
        "pegawai": personas.pegawai,
        "atasan": personas.atasan,
        "admin": personas.admin,
        "pimpinan": personas.pimpinan,
        "auditor": personas.auditor,
    }[peran]
    client.force_login(viewer)
    r = client.get(reverse("belajar_panduan", args=[peran]))
    assert r.status_code == 200
    html = r.content.decode()
    links = _links(html)
    bagian = next(p for p in PANDUAN if p.peran == peran)
    named = {t.url_name for g in bagian.panduan for t in g.tahap if t.url_name}
    shown = {u for u in named if reverse(u) in links}
    allowed = {u for u in named if may_open(viewer, u)}
    # the role's own guide leads somewhere, and only where its reader may go
    assert shown and shown == allowed, (peran, shown, allowed)
    for g in bagian.panduan:
        assert g.judul in html
        if g.layar:
            assert f'src="/static/belajar/layar/{g.layar.berkas}"' in html
            assert f'alt="{g.layar.alt}"' in html


def test_another_roles_guide_is_readable_but_links_no_page_the_reader_may_not_open(
    client, personas
):
    client.force_login(personas.pegawai)
    html = client.get(reverse("belajar_panduan", args=["admin"])).content.decode()
    assert "Menyiapkan pegawai dan akun" in html
    assert "Anda tidak memegang peran ini" in html
    links = _links(html)
    for url_name in ("org_import", "akun_list", "skp_periode_list", "scoring_tutup"):
        assert not may_open(personas.pegawai, url_name)
        assert reverse(url_name) not in links, url_name


def test_the_help_page_lists_every_role_guide_the_viewers_own_first(client, personas):
    client.force_login(personas.admin)
    html = client.get(reverse("belajar_bantuan")).content.decode()
    positions = [html.index(reverse("belajar_panduan", args=[p.value])) for p in Peran]
    assert all(pos > 0 for pos in positions)
    assert positions[2] == min(positions)  # admin's own guide first
    assert "(peran Anda)" in html


def test_an_unknown_role_is_not_found_and_a_visitor_must_sign_in(client, personas):
    r = client.get(reverse("belajar_panduan", args=["pegawai"]))
    assert r.status_code == 302 and "/masuk/" in r.url
    client.force_login(personas.pegawai)
    assert client.get(reverse("belajar_panduan", args=["kepala"])).status_code == 404


def test_the_role_sections_of_the_help_page_link_their_full_guide(client, personas):
    client.force_login(personas.atasan)  # pegawai and atasan
    html = client.get(reverse("belajar_bantuan")).content.decode()
    for peran in ("pegawai", "atasan"):
        assert f'<a href="{reverse("belajar_panduan", args=[peran])}">Panduan lengkap' in html
    assert "Panduan lengkap untuk Admin" not in html


def test_a_screenshot_is_saved_as_a_smaller_palette_png(tmp_path):
    import io

    from PIL import Image, ImageDraw

    from kinerja.belajar.management.commands.tangkap_layar import simpan_png

    image = Image.new("RGB", (LEBAR_LAYAR, 400), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    for y in range(0, 400, 20):
        draw.text((20, y), "Kinerja saya · SKP 2026 · capaian 98,3%", fill=(20, 30, 60))
    raw = io.BytesIO()
    image.save(raw, format="PNG")
    path = tmp_path / "x.png"
    size = simpan_png(raw.getvalue(), path)
    saved = Image.open(path)
    assert saved.mode == "P" and saved.size == (LEBAR_LAYAR, 400)
    assert size == path.stat().st_size < len(raw.getvalue())
