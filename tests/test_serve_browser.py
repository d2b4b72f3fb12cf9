"""The web UI in a real browser: headless Chromium opens `/`, runs the cq04 tab, reads the table.

Chromium is driven over its DevTools protocol (:mod:`cdp`). CI installs Debian's
``chromium`` (.ci/run); where it is missing locally, the test is skipped and says so.
``CICA_KG_SCREENSHOTS=DIR`` also saves the screenshots (docs/ holds the committed ones).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdp import Page, browser, chromium
from cica_kg.query.catalog import shipped
from serve_helpers import Server, running_server

CQ04 = "What are CICA's deliberation and decision-making bodies?"
BODIES = {
    "Meeting of Foreign Ministers",
    "Meeting of Heads of State and Government",
    "Senior Officials Committee",
    "Special Working Group",
}
ROWS = "document.querySelectorAll('.tabPanel.active .yasr tbody tr')"


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    executable = chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    with browser(executable) as opened:
        yield opened


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve-browser") / "serve.log"
    with running_server(seed_build / "store", log) as running:
        yield running


def _screenshot(page: Page, name: str, height: int = 900) -> None:
    folder = os.environ.get("CICA_KG_SCREENSHOTS")
    if folder:
        page.screenshot(Path(folder) / name, height=height)


def test_the_cq04_tab_shows_the_four_bodies(page: Page, server: Server) -> None:
    page.open(server.url + "/")
    tabs = page.wait_for("Array.from(document.querySelectorAll('.tabsList .tab span'))"
                         ".map(s => s.textContent)")  # fmt: skip
    assert CQ04 in tabs and len(tabs) == len(shipped())  # one tab per shipped question
    page.evaluate(f"Array.from(document.querySelectorAll('.tabsList .tab a'))"
                  f".find(a => a.textContent.includes({CQ04!r})).click()")  # fmt: skip
    page.wait_for("document.querySelector('.tabPanel.active .yasqe_queryButton') !== null")
    page.evaluate("document.querySelector('.tabPanel.active .yasqe_queryButton').click()")
    page.wait_for(f"{ROWS}.length === 4")
    shown = page.wait_for(
        f"(() => {{ const t = Array.from({ROWS}).map(r => r.textContent); "
        "return t.some(x => x.includes('Senior Officials Committee')) ? t : null; })()"
    )
    assert all(any(body in row for row in shown) for body in BODIES), shown
    _screenshot(page, "serve-ui.png", height=1150)
    page.evaluate("(() => { const s = document.getElementById('cica-lang'); s.value = 'zh'; "
                  "s.dispatchEvent(new Event('change')); })()")  # fmt: skip
    chinese = page.wait_for(f"Array.from({ROWS}).map(r => r.textContent).join(' ')"
                            ".includes('高官委员会')")  # fmt: skip
    assert chinese


def test_an_entity_page_shows_its_facts_with_quotes(page: Page, server: Server) -> None:
    page.open(server.url + "/id/city/almaty")
    heading = page.wait_for("document.querySelector('h1')?.textContent")
    assert heading == "Almaty"
    assert page.evaluate("document.querySelectorAll('blockquote').length") >= 1
    _screenshot(page, "serve-entity.png")
