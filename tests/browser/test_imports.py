"""The import page in Chromium: several visitors upload at once and every upload registers."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app
from tests.factories import wide_workbook

pytestmark = pytest.mark.browser

CONCURRENT_UPLOADS = 5
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
UPLOAD_RECEIVED = (
    "() => !!document.querySelector('[data-testid=stFileChip]')"
    " && !document.querySelector('[data-testid=stFileChipIconSpinner]')"
)
IMPORTED_OR_WARNED = (
    "() => document.body.innerText.includes('Rows read') || document.body.innerText.includes('Choose a file first')"
)


def _asam_export(rows: int, seed: int) -> str:
    lines = ["reference,date,position,navArea,subreg,hostility,victim,description"]
    lines += [
        f'{seed}-{number},01/{1 + number % 28:02d}/2010,"12°{number % 60:02d}\'00""N 047°10\'00""E",'
        f'IX,62,Pirates,Bulk carrier,"Pirates in a skiff approached bulk carrier {number}."'
        for number in range(rows)
    ]
    return "\n".join(lines) + "\n"


def _choose_format(page, label: str) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(has_text="Format").click()
    page.get_by_role("option", name=label).click()
    wait_for_app(page)


def test_concurrent_uploads_all_register(server, browser, tmp_path):
    """Issue 16, item 7: one of five simultaneous uploads never registered.

    The cause: a file chosen just as a rerun of its session starts (here: the format changed a moment
    before) lost Streamlit's answer to the browser's "where do I upload this?" request, because the start of
    a run clears the session's unsent messages (see `components/upload_replies.py`); the browser then waits
    for ever and the file never appears. Five sessions do exactly that at once; before the fix 3 to 5 uploads
    in 15 were lost this way. Every upload must now appear and import.
    """
    contexts, pages = [], []
    for _ in range(CONCURRENT_UPLOADS):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{server.url}/import", wait_until="commit")
        contexts.append(context)
        pages.append(page)
    try:
        files = []
        for number, page in enumerate(pages):
            path = tmp_path / f"asam-{number}.csv"
            path.write_text(_asam_export(300 + number, number), encoding="utf-8")
            files.append(path)
            page.wait_for_selector(UPLOAD_INPUT, state="attached", timeout=60_000)
            wait_for_app(page, timeout=60_000)
            _choose_format(page, "Other CSV (column mapping)")
        # Every session changes its format back (a rerun) and chooses its file at once, before any is waited for.
        for page, path in zip(pages, files, strict=True):
            page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(has_text="Format").click()
            page.get_by_role("option", name="NGA ASAM export (CSV)").click()
            page.locator(UPLOAD_INPUT).set_input_files(str(path))
        for page, path in zip(pages, files, strict=True):
            # The file is listed without a spinner once the browser has sent it; Import then reruns with it.
            page.wait_for_selector(f"text={path.name}", timeout=60_000)
            page.wait_for_function(UPLOAD_RECEIVED, timeout=60_000)
            wait_for_app(page, timeout=60_000)
            page.get_by_role("button", name="Import", exact=True).click()
        for number, page in enumerate(pages):
            page.wait_for_function(IMPORTED_OR_WARNED, timeout=120_000)
            assert page.get_by_text("Choose a file first").count() == 0, f"session {number}: upload not received"
            wait_for_app(page, timeout=120_000)
            metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
            assert any(text.startswith("Rows read") and f"{300 + number:,}" in text for text in metrics), metrics
    finally:
        for context in contexts:
            context.close()
    log = server.log()
    assert "Traceback" not in log, log[-3000:]


def test_an_expanding_workbook_is_refused_while_other_sessions_upload(server, browser, tmp_path):
    """A small .xlsx of 2,000 columns is refused at its first row, naming the limit, and does not hold up
    the uploads of other sessions."""
    wide = tmp_path / "wide.xlsx"
    wide.write_bytes(wide_workbook(rows=200))
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    pages = [context.new_page() for context in contexts]
    try:
        for page in pages:
            page.goto(f"{server.url}/import")
            page.wait_for_selector(UPLOAD_INPUT, state="attached", timeout=60_000)
            wait_for_app(page, timeout=60_000)
        _choose_format(pages[0], "Excel .xlsx (column mapping)")
        pages[0].locator(UPLOAD_INPUT).set_input_files(str(wide))
        pages[0].wait_for_selector("text=wide.xlsx", timeout=60_000)
        pages[0].wait_for_function(UPLOAD_RECEIVED, timeout=60_000)
        wait_for_app(pages[0])
        pages[0].get_by_role("button", name="Import", exact=True).click()
        for number, page in enumerate(pages[1:], start=1):
            path = tmp_path / f"small-{number}.csv"
            path.write_text(_asam_export(300, number), encoding="utf-8")
            page.locator(UPLOAD_INPUT).set_input_files(str(path))
            page.wait_for_selector(f"text=small-{number}.csv", timeout=60_000)
            page.wait_for_function(UPLOAD_RECEIVED, timeout=60_000)
            wait_for_app(page)
            page.get_by_role("button", name="Import", exact=True).click()
        pages[0].wait_for_selector("text=was not imported", timeout=60_000)
        assert "upload limit of 200 columns" in pages[0].locator('[data-testid="stAlert"]').first.inner_text()
        for page in pages[1:]:
            page.wait_for_selector("text=Rows read", timeout=60_000)
    finally:
        for context in contexts:
            context.close()
