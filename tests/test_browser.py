"""The query page in a real headless Chromium against kg serve on loopback: type, run, read the table."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_queries import EXPECTED, QUERIES, build_export, normalize

from kg import query as q
from kg import server as sv

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (part of the test extras)"
)

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no system chromium (apt-get install -y chromium chromium-driver)"
)

# Playwright's own browser download does not work offline; the system Chromium, quiet and sandboxed by profile.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = build_export(tmp_path_factory.mktemp("browser"))
    root = Path(__file__).resolve().parent.parent
    endpoint = sv.Endpoint(q.data_files([], out), timeout=10, workers=1, examples=root / "queries")
    endpoint.start()
    httpd = sv.make_server(endpoint, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        endpoint.close()
        thread.join(5)


@pytest.fixture(scope="module")
def page(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh profile for every run
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
        )
        try:
            pg = context.new_page()
            pg.set_default_timeout(15_000)
            pg.goto(base_url)
            pg.wait_for_selector("#examples[data-loaded]", state="attached")
            yield pg
        finally:
            context.close()


def run_and_read(pg: Any) -> list[list[str]]:
    pg.locator("#status").evaluate("el => el.textContent = ''")
    pg.click("#run")
    pg.wait_for_function("() => /rows?|Answer|Error/.test(document.getElementById('status').textContent)")
    status = pg.locator("#status").inner_text()
    assert "Error" not in status, status
    rows: list[list[str]] = pg.eval_on_selector_all(
        "#results tbody tr", "trs => trs.map(tr => Array.from(tr.cells, td => td.textContent))"
    )
    return rows


def test_typing_a_query_and_reading_the_table(page: Any) -> None:
    page.fill("#query", "SELECT ?drug WHERE { ?p a kg:DrugProduct ; schema:name ?drug } ORDER BY ?drug LIMIT 3")
    assert run_and_read(page) == [["Amlodipine"], ["Amoxicillin"], ["Atenolol"]]
    assert page.eval_on_selector_all("#results thead th", "ths => ths.map(th => th.textContent)") == ["drug"]
    assert page.locator("#status").inner_text().startswith("3 rows")
    links = page.eval_on_selector_all("#downloads a", "as => as.map(a => a.dataset.format)")
    assert links == ["csv", "tsv", "json", "xml"]
    href = page.eval_on_selector("#downloads a[data-format=csv]", "a => a.href")
    body = page.request.get(href).text()
    assert body.splitlines() == ["drug", "Amlodipine", "Amoxicillin", "Atenolol"]


def test_a_syntax_error_is_shown(page: Any) -> None:
    page.fill("#query", "SELECT ?x WHERE {")
    page.click("#run")
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Error 400')")
    assert "line 1" in page.locator("#status").inner_text()


def test_ctrl_enter_runs_the_query(page: Any) -> None:
    page.fill("#query", "ASK { ?p a kg:DrugProduct }")
    page.locator("#status").evaluate("el => el.textContent = ''")
    page.focus("#query")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Answer')")
    assert page.eval_on_selector_all("#results tbody td", "tds => tds.map(td => td.textContent)") == ["true"]


@pytest.mark.parametrize("path", QUERIES, ids=[f.stem for f in QUERIES])
def test_every_example_picked_from_the_list(page: Any, path: Path) -> None:
    page.select_option("#examples", path.stem)
    assert page.input_value("#query") == path.read_text(encoding="utf-8")
    rows = run_and_read(page)
    # The page shortens IRIs with the known prefixes, as kg query does.
    assert normalize(rows) == EXPECTED[path.stem]
