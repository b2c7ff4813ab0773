"""The import page in Chromium: several visitors upload at once and every upload registers."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

CONCURRENT_UPLOADS = 5
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
IMPORT_ENABLED = """() => {
    const button = [...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'Import');
    return !!button && !button.disabled;
}"""


def _asam_export(rows: int, seed: int) -> str:
    lines = ["reference,date,position,navArea,subreg,hostility,victim,description"]
    lines += [f"{seed}-{number},01/{1 + number % 28:02d}/2010,\"12°{number % 60:02d}'00\"\"N 047°10'00\"\"E\","
              f"IX,62,Pirates,Bulk carrier,\"Pirates in a skiff approached bulk carrier {number}.\""
              for number in range(rows)]
    return "\n".join(lines) + "\n"


def test_concurrent_uploads_all_register(server, browser, tmp_path):
    """Regression (issue 16, item 7): one of five simultaneous uploads never enabled the Import button."""
    contexts, pages = [], []
    for number in range(CONCURRENT_UPLOADS):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{server.url}/import", wait_until="commit")
        contexts.append(context)
        pages.append(page)
    try:
        files = []
        for number, page in enumerate(pages):
            path = tmp_path / f"asam-{number}.csv"
            path.write_text(_asam_export(2_000 + number, number), encoding="utf-8")
            files.append(path)
            page.wait_for_selector(UPLOAD_INPUT, state="attached", timeout=60_000)
            wait_for_app(page, timeout=60_000)
        # Every session's upload starts before any is waited for.
        for page, path in zip(pages, files):
            page.locator(UPLOAD_INPUT).set_input_files(str(path))
        for page in pages:
            page.wait_for_function(IMPORT_ENABLED, timeout=60_000)
            page.get_by_role("button", name="Import", exact=True).click()
        for number, page in enumerate(pages):
            page.wait_for_selector("text=Rows read", timeout=120_000)
            wait_for_app(page, timeout=120_000)
            metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
            assert any(text.startswith("Rows read") and f"{2_000 + number:,}" in text for text in metrics), metrics
    finally:
        for context in contexts:
            context.close()
    log = server.log()
    assert "Traceback" not in log, log[-3000:]
