"""axe-core audits every built page, in light and in dark: WCAG 2.0, 2.1 and 2.2 A and AA rules
and axe's best practices. Any violation fails the test.

axe.min.js comes pinned from PyPI axe-playwright-python (installed without its Playwright
dependency, `make test-venv`): only its copy of axe-core is used, injected with selenium.
"""
import importlib.util
import pathlib

import pytest

from conftest import html_pages, set_color_scheme, url_for

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        pytest.fail("axe-playwright-python is missing: make test-venv (it ships axe.min.js)")
    return (pathlib.Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done({version: axe.version, violations: r.violations.map(v => ({id: v.id, impact: v.impact,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(1).join(' '))}))}))
  .catch(e => done({error: String(e)}));
"""


def audit(driver, source):
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source)
    driver.set_script_timeout(60)
    return driver.execute_async_script(AXE_RUN, TAGS)


def audit_site(page, base_url, site_dir, scheme, minimum_pages):
    from test_reader import open_page
    source = axe_source()
    set_color_scheme(page, scheme)
    failures = {}
    pages = html_pages(site_dir)
    assert len(pages) >= minimum_pages
    for relative in pages:
        if relative == "404.html":
            continue  # served with status 404 at a missing URL: audited in test_axe_audits_the_404_page
        open_page(page, url_for(base_url, relative))
        result = audit(page, source)
        assert "error" not in result, result
        assert result["version"].startswith("4.12"), result["version"]
        if result["violations"]:
            failures[relative] = result["violations"]
    assert failures == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(page, base_url, site_dir, scheme):
    audit_site(page, base_url, site_dir, scheme, 30)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_reader_basics_site(page, demo_base_url, demo_site_dir, scheme):
    """Highlighted code, copy buttons, a scrolling table, redirect pages (audited where they lead)."""
    audit_site(page, demo_base_url, demo_site_dir, scheme, 6)


def test_axe_finds_no_violation_with_the_dark_theme_chosen(page, demo_base_url):
    """Dark chosen with the toggle on a light system: the same colours as the system's dark."""
    from test_reader import open_page
    open_page(page, demo_base_url + "guides/setup/")
    try:
        page.execute_script("localStorage.setItem('groundwork-theme', 'dark')")
        open_page(page, demo_base_url + "guides/setup/")
        assert page.execute_script("return document.documentElement.dataset.theme") == "dark"
        result = audit(page, axe_source())
        assert result.get("violations") == [], result
    finally:
        page.execute_script("localStorage.removeItem('groundwork-theme')")


def test_axe_audits_the_404_page(page, server):
    from conftest import BASE_PATH
    from test_reader import open_page
    open_page(page, server + BASE_PATH + "no/such/page/")
    result = audit(page, axe_source())
    assert result.get("violations") == [], result


def test_axe_catches_a_violation(page, base_url):
    """The audit above would see a problem: two navigation landmarks with one name."""
    from test_reader import open_page
    open_page(page, base_url)
    page.execute_script("""
        const nav = document.createElement('nav'); nav.setAttribute('aria-label', 'Site');
        nav.innerHTML = '<a href="./">Home</a>'; document.body.appendChild(nav);""")
    ids = [v["id"] for v in audit(page, axe_source())["violations"]]
    assert "landmark-unique" in ids, ids


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_a_phone(page, base_url, demo_base_url, scheme):
    """The phone layout (menu button, search beside the theme button), with the menu open too."""
    from conftest import set_viewport
    from test_reader import DEEP_PAGE, open_page
    from selenium.webdriver.common.by import By
    set_viewport(page, 390, 844)
    set_color_scheme(page, scheme)
    source = axe_source()
    failures = {}
    for url in [base_url, base_url + DEEP_PAGE, demo_base_url + "guides/setup/"]:
        open_page(page, url)
        for state in ("closed", "open"):
            if state == "open":
                page.find_element(By.CSS_SELECTOR, ".nav-toggle").click()
            result = audit(page, source)
            if result.get("violations"):
                failures[f"{url} ({state})"] = result["violations"]
    assert failures == {}
