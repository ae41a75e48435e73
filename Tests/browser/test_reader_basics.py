"""The reader basics of the built-in theme (issue 18, item 6): build-time syntax highlighting
and a copy button on code, a light/dark/auto toggle that is remembered, "edit this page" and
"last updated", old URLs that redirect (`aliases`), `/` to search, the table of contents beside
the text from 1200 px, and a scroll hint on wide tables.

Most run on the reader-basics fixture site (DEMO_*), whose page has code in every highlighted
language; "last updated" and the table hint also on content/.
"""
import base64
import pathlib
import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import DEMO_PATH, REPO, SCREENSHOTS, set_color_scheme, set_viewport
from test_reader import DEEP_PAGE, open_page, wait

SETUP = "guides/setup/"


def body_background(driver):
    return driver.execute_script("return getComputedStyle(document.body).backgroundColor")


# Syntax highlighting and the copy button

def test_code_is_highlighted_at_build_time(demo_site_dir):
    """In the HTML as written (no script involved): a span per token, text escaped."""
    html = (demo_site_dir / SETUP / "index.html").read_text(encoding="utf-8")
    for expected in [
        '<code class="language-python"><span class="hl-keyword">def</span> greet(',
        '<span class="hl-key">port</span>: <span class="hl-number">8080</span>',
        '<span class="hl-key">&quot;name&quot;</span>: <span class="hl-string">&quot;groundwork&quot;</span>',
        '<span class="hl-keyword">export</span> PORT=<span class="hl-number">8080</span>',
        '<span class="hl-prompt">$ </span>groundwork build',
        '<span class="hl-keyword">struct</span> Greeter {',
        '<span class="hl-keyword">const</span> port: number = <span class="hl-number">8080</span>;',
        '<span class="hl-tag">&lt;a</span> <span class="hl-attr">href</span>=<span class="hl-string">&quot;/docs/&quot;</span>',
        '<span class="hl-heading"># Heading</span>',
        '<code class="language-text">plain text stays plain\n</code>',
    ]:
        assert expected in html, expected


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_tokens_have_their_own_colours(page, demo_base_url, scheme):
    set_color_scheme(page, scheme)
    open_page(page, demo_base_url + SETUP)
    colours = page.execute_script("""
        const c = s => getComputedStyle(document.querySelector('.language-python ' + s)).color;
        return {plain: getComputedStyle(document.querySelector('.language-python')).color,
                keyword: c('.hl-keyword'), string: c('.hl-string'), comment: c('.hl-comment'), literal: c('.hl-literal')};""")
    assert len(set(colours.values())) == 5, colours


def test_copy_button_copies_the_code_without_markup(page, demo_base_url):
    open_page(page, demo_base_url + SETUP)
    origin = demo_base_url[: -len(DEMO_PATH)]
    page.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin,
                                                      "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    blocks = page.find_elements(By.CSS_SELECTOR, ".content .code-block")
    assert len(blocks) == 10, "every code block gets a copy button"
    python = page.find_element(By.CSS_SELECTOR, ".code-block:has(.language-python)")
    button = python.find_element(By.CSS_SELECTOR, "button.copy-button")
    assert button.text == "Copy" and button.is_displayed()
    button.click()
    wait(page).until(lambda d: button.text == "Copied")
    copied = page.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e));")
    assert copied == ('def greet(name: str) -> str:\n    """Say hello."""\n'
                      '    return f"hello {name}" if name else None  # fallback\n')
    wait(page, 5).until(lambda d: button.text == "Copy")


# Light, dark, auto

def test_theme_toggle_cycles_and_is_remembered(page, demo_base_url):
    open_page(page, demo_base_url + SETUP)
    try:
        toggle = page.find_element(By.CSS_SELECTOR, ".theme-toggle")
        assert toggle.text == "Theme: auto" and toggle.is_displayed()
        assert body_background(page) == "rgb(255, 255, 255)"  # the system is light
        toggle.click()
        assert toggle.text == "Theme: light" and body_background(page) == "rgb(255, 255, 255)"
        toggle.click()
        assert toggle.text == "Theme: dark" and body_background(page) != "rgb(255, 255, 255)"
        # Remembered on the next page and after a reload, applied before the first paint.
        open_page(page, demo_base_url)
        assert page.find_element(By.CSS_SELECTOR, ".theme-toggle").text == "Theme: dark"
        assert page.execute_script("return document.documentElement.dataset.theme") == "dark"
        assert body_background(page) != "rgb(255, 255, 255)"
        # "light" wins over a dark system; "auto" follows it again.
        set_color_scheme(page, "dark")
        toggle = page.find_element(By.CSS_SELECTOR, ".theme-toggle")
        toggle.click()
        assert toggle.text == "Theme: auto" and body_background(page) != "rgb(255, 255, 255)"
        toggle.click()
        assert toggle.text == "Theme: light" and body_background(page) == "rgb(255, 255, 255)"
        page.refresh()
        assert body_background(page) == "rgb(255, 255, 255)"
        toggle = page.find_element(By.CSS_SELECTOR, ".theme-toggle")
        toggle.click()
        toggle.click()
        assert toggle.text == "Theme: auto"
        assert page.execute_script("return localStorage.getItem('groundwork-theme')") is None
    finally:
        page.execute_script("localStorage.removeItem('groundwork-theme')")


# Edit this page, last updated

def test_edit_this_page_links_to_the_source(page, demo_base_url):
    open_page(page, demo_base_url + SETUP)
    link = page.find_element(By.CSS_SELECTOR, "a.edit-link")
    assert link.text == "Edit this page"
    assert link.get_attribute("href") == "https://git.example.org/team/kb/edit/main/content/guides/setup.md"


def test_raw_html_renders_and_its_details_open(page, demo_base_url):
    """Raw HTML from the writer (issue 16 item 5), through the allow-list: a <details> that
    opens, a grid <div> around Markdown, <kbd>, and an <a id> that a link targets."""
    open_page(page, demo_base_url + "guides/gfm/")
    details = page.find_element(By.CSS_SELECTOR, ".content details")
    assert details.get_attribute("open") is None
    details.find_element(By.TAG_NAME, "summary").click()
    wait(page).until(lambda d: details.get_attribute("open") is not None)
    assert "folder" in details.text
    grid = page.find_element(By.CSS_SELECTOR, ".content div.grid#shortcuts")
    assert [k.text for k in grid.find_elements(By.TAG_NAME, "kbd")] == ["Ctrl", "K", "Esc"]
    assert len(grid.find_elements(By.CSS_SELECTOR, "ul > li")) == 2
    assert page.find_element(By.CSS_SELECTOR, "a[href='#legacy-anchor']")
    assert page.find_element(By.ID, "legacy-anchor").tag_name == "a"


def git_day(path):
    """The committer day of the last commit of `path`, as `git log` says; "" when none."""
    git = shutil.which("git")
    if git is None:
        return ""
    result = subprocess.run([git, "log", "-1", "--format=%cs", "--", str(path)], cwd=REPO, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def test_last_updated_comes_from_git_history(page, base_url):
    expected = git_day(REPO / "content" / "spectrum" / "where-fine-tuning-fits.md")
    open_page(page, base_url + DEEP_PAGE)
    times = page.find_elements(By.CSS_SELECTOR, ".page-history time")
    if not expected:
        assert times == [], "no git history: no date (never the build time)"
        return
    assert [t.get_attribute("datetime") for t in times] == [expected]
    assert page.find_element(By.CSS_SELECTOR, ".page-history").text == f"Last updated {expected}"
    # content/ has no edit_url: no edit link.
    assert page.find_elements(By.CSS_SELECTOR, "a.edit-link") == []


# Old URLs

@pytest.mark.parametrize("old", ["old/setup/", "old/setup", "guides/install.html"])
def test_an_old_url_from_aliases_redirects_to_the_page(page, demo_base_url, demo_site_dir, old):
    open_page(page, demo_base_url + old)
    wait(page).until(EC.url_to_be(demo_base_url + SETUP))
    assert page.find_element(By.TAG_NAME, "h1").text == "Setting up the service"
    redirect = (demo_site_dir / ("guides/install.html" if old.endswith(".html") else "old/setup/index.html")).read_text()
    assert '<link rel="canonical" href="https://kb.example.org/docs/guides/setup/">' in redirect
    assert "<a href=" in redirect, "a plain link for browsers that do not follow the refresh"


def test_a_name_in_aliases_writes_no_redirect(demo_site_dir):
    """`Setup` (no slash) is another name for wiki links, as before, not a URL."""
    assert not (demo_site_dir / "Setup").exists()
    assert sorted(p.relative_to(demo_site_dir).as_posix() for p in demo_site_dir.rglob("*.html")
                  if "pagefind" not in p.parts and p.parent.name in ("old", "setup", "guides")) \
        == ["guides/index.html", "guides/install.html", "guides/setup/index.html", "old/setup/index.html"]


# "/" focuses search

def test_slash_focuses_the_search_box(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    box = wait(page, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search input")))
    assert box.get_attribute("aria-keyshortcuts") == "/"
    page.find_element(By.TAG_NAME, "body").send_keys("/")
    assert page.switch_to.active_element == box
    assert box.get_attribute("value") == "", "the slash itself is not typed"
    # In the box, "/" is a character like any other.
    box.send_keys("a/b")
    assert box.get_attribute("value") == "a/b"


# Table of contents beside the text

@pytest.mark.parametrize("width,beside", [(1199, False), (1200, True), (1280, True), (1440, True)])
def test_table_of_contents_is_beside_the_text_from_1200px(page, base_url, width, beside):
    set_viewport(page, width, 900)
    open_page(page, base_url + DEEP_PAGE)
    toc, content = page.execute_script("""
        const r = e => { const b = document.querySelector(e).getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
        return [r('nav.toc'), r('.content')];""")
    if beside:
        assert toc["left"] >= content["right"] and toc["top"] < content["top"], (toc, content)
    else:
        assert toc["bottom"] <= content["top"], (toc, content)
    assert page.execute_script("return document.documentElement.scrollWidth - window.innerWidth") <= 0


# Wide tables

def test_a_wide_table_shows_a_scroll_hint(page, demo_base_url):
    for width in (390, 1280):
        set_viewport(page, width, 900)
        open_page(page, demo_base_url + SETUP)
        wrap = page.find_element(By.CSS_SELECTOR, ".table-wrap")
        assert page.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", wrap)
        hint = page.find_element(By.CSS_SELECTOR, ".table-scroll-hint")
        assert hint.is_displayed() and "Scroll sideways" in hint.text
        assert wrap.get_attribute("tabindex") == "0", "a keyboard user can focus the box and scroll it"
        # Keyboard scrolling works.
        wrap.send_keys(Keys.ARROW_RIGHT)
        wait(page).until(lambda d: d.execute_script("return arguments[0].scrollLeft", wrap) > 0)


def test_code_that_scrolls_sideways_can_be_focused(page, demo_base_url):
    """A keyboard user can scroll a wide code block (axe: scrollable-region-focusable)."""
    set_viewport(page, 390, 900)
    open_page(page, demo_base_url + SETUP)
    python = page.find_element(By.CSS_SELECTOR, "pre:has(.language-python)")
    assert python.get_attribute("tabindex") == "0"
    set_viewport(page, 1920, 900)
    wait(page).until(lambda d: python.get_attribute("tabindex") is None)
    # The short YAML block never scrolls.
    assert page.find_element(By.CSS_SELECTOR, "pre:has(.language-yaml)").get_attribute("tabindex") is None


def test_a_table_that_fits_has_no_hint(page, base_url):
    set_viewport(page, 1920, 900)
    open_page(page, base_url + "spectrum/")
    wrap = page.find_element(By.CSS_SELECTOR, ".table-wrap")
    assert not page.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", wrap)
    assert page.find_elements(By.CSS_SELECTOR, ".table-scroll-hint") == []
    assert wrap.get_attribute("tabindex") is None
    # Narrow the window: the hint appears.
    set_viewport(page, 390, 900)
    wait(page).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".table-scroll-hint"))


# Screenshots

@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_basics_screenshots(page, demo_base_url, width, scheme):
    """The code page at phone and desktop widths, light and dark (test-artifacts/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    set_color_scheme(page, scheme)
    set_viewport(page, width, 900)
    open_page(page, demo_base_url + SETUP)
    height = min(page.execute_script("return document.documentElement.scrollHeight"), 8000)
    shot = page.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    target = SCREENSHOTS / f"code-{width}-{scheme}.png"
    target.write_bytes(base64.b64decode(shot["data"]))
    assert target.stat().st_size > 5000


# Admonitions (issue 16 item 4): three dialects, one callout; folded ones open on a click

ADMONITIONS = "guides/admonitions/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_admonitions_render_as_callouts_and_fold(page, demo_base_url, scheme):
    set_color_scheme(page, scheme)
    open_page(page, demo_base_url + ADMONITIONS)
    callouts = page.find_elements(By.CSS_SELECTOR, ".content .callout")
    classes = [c.get_attribute("class") for c in callouts]
    assert classes == ["callout callout-warning", "callout callout-tip", "callout callout-example",
                       "callout callout-note", "callout callout-question", "callout callout-neutral",
                       "callout callout-quote"], classes
    titles = [c.find_element(By.CSS_SELECTOR, ".callout-title").text
              for c in callouts if c.find_elements(By.CSS_SELECTOR, ".callout-title")]
    assert titles == ["Check the version first", "Folded until opened", "Example", "Docusaurus",
                      "Why three dialects?", "My own type"], titles
    # Each style has its own left border colour, unlike the neutral default's.
    border = lambda el: page.execute_script("return getComputedStyle(arguments[0]).borderLeftColor", el)
    assert border(callouts[0]) != border(callouts[5])
    # A folded one hides its body until its summary is clicked; an open one shows it.
    folded = callouts[1]
    assert folded.tag_name == "details" and folded.get_attribute("open") is None
    hidden = folded.find_element(By.CSS_SELECTOR, "li")
    assert not hidden.is_displayed()
    folded.find_element(By.TAG_NAME, "summary").click()
    wait(page).until(lambda d: hidden.is_displayed())
    assert callouts[2].get_attribute("open") is not None
    assert callouts[2].find_element(By.TAG_NAME, "p").is_displayed()
    # The one without a title has no title element, only its body.
    assert callouts[6].find_elements(By.CSS_SELECTOR, ".callout-title") == []
