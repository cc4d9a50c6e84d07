"""The API docs at /api/v1/docs: Swagger UI from our own static files, under the project's CSP
(no CDN, no inline script), listing the operations."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_the_api_docs_list_the_operations_under_the_csp(live_server, browser, width, height):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height})
    page = context.new_page()
    refused: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on(
        "request",
        lambda req: None if req.url.startswith(live_server.url) else outside.append(req.url),
    )
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/org/pegawai" in s.replace("\u200b", "") for s in summaries)
    assert len(summaries) > 20
    assert page.locator(".info .title").inner_text().startswith("Kinerja API")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"api-docs-{width}.png"))
    assert not refused, refused
    assert not outside, outside
    context.close()
