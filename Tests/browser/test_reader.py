"""The reader's experience of the built content/ site, in a real (headless) Chromium.

The site is served on 127.0.0.1 below /kb/, a sub-path the site knows nothing about, so every
link, script and the search index must be found through relative paths.
"""
import json
import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_PATH, SCREENSHOTS, SUB_PATH, html_pages, set_color_scheme, set_viewport, url_for

RAG = "definitions/retrieval-augmented-generation/"
DEEP_PAGE = "spectrum/where-fine-tuning-fits/"


def wait(driver, seconds=10):
    return WebDriverWait(driver, seconds)


def severe_console_entries(driver):
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def open_page(driver, url):
    driver.get(url)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def search(driver, query):
    box = wait(driver, 15).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#search input")))
    box.clear()
    box.send_keys(query)
    wait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search .pagefind-ui__result-link")))
    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search .pagefind-ui__result-link")]


# Search

@pytest.mark.parametrize("start", ["", DEEP_PAGE])
def test_search_retrieval_lists_the_rag_page(page, base_url, start):
    """From the home page and from a page two folders deep, below the sub-path."""
    open_page(page, base_url + start)
    results = search(page, "retrieval")
    assert base_url + RAG in results, results
    assert all(r.startswith(base_url) for r in results), f"a result leaves {SUB_PATH}: {results}"
    page.find_element(By.CSS_SELECTOR, f'#search a.pagefind-ui__result-link[href="{SUB_PATH}{RAG}"]').click()
    wait(page).until(EC.url_to_be(base_url + RAG))
    assert page.find_element(By.TAG_NAME, "h1").text == "Retrieval-augmented generation"
    assert severe_console_entries(page) == []


def test_search_box_is_labelled_on_every_kind_of_page(page, base_url):
    for path in ["", RAG, "glossary/", "tags/"]:
        open_page(page, base_url + path)
        box = wait(page, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search input")))
        assert box.get_attribute("aria-label") or box.get_attribute("placeholder")
        # One search landmark, Pagefind's form, with a name (axe: landmark-unique).
        landmarks = page.find_elements(By.CSS_SELECTOR, '[role="search"], search')
        assert len(landmarks) == 1 and landmarks[0].get_attribute("aria-label") == "Search this site"
        assert landmarks[0].find_element(By.CSS_SELECTOR, "input") == box


# Glossary

def test_glossary_link_leads_to_its_definition(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    term = page.find_element(By.CSS_SELECTOR, ".content a.term")
    label = term.text
    tooltip = term.get_attribute("title")
    assert tooltip and len(tooltip) > 20, "a glossary link carries the term's summary as its tooltip"
    term.click()
    wait(page).until(lambda d: d.current_url != base_url + DEEP_PAGE)
    assert page.current_url.startswith(base_url + "definitions/")
    # The page it lands on defines the term, and its summary is the tooltip.
    assert page.find_element(By.CSS_SELECTOR, ".term-meta").text.startswith("Glossary term")
    assert page.find_element(By.CSS_SELECTOR, ".page-header .summary").text == tooltip
    assert label.lower().rstrip("s") in (page.find_element(By.TAG_NAME, "h1").text + " "
                                         + page.find_element(By.CSS_SELECTOR, ".term-meta").text).lower()


def test_glossary_links_only_first_mention_and_never_in_headings_links_or_code(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    hrefs = page.execute_script(
        "return [...document.querySelectorAll('.content a.term')].map(a => a.getAttribute('href'))")
    assert hrefs and len(hrefs) == len(set(hrefs)), f"each term is linked once per page: {hrefs}"
    nested = page.execute_script(
        "return document.querySelectorAll('h1 a.term, h2 a.term, h3 a.term, h4 a.term, a a.term, code a.term, pre a.term').length")
    assert nested == 0


def test_glossary_page_lists_every_term_with_its_summary(page, base_url):
    open_page(page, base_url)
    page.find_element(By.CSS_SELECTOR, '.site-nav a[href="glossary/"]').click()
    wait(page).until(EC.url_to_be(base_url + "glossary/"))
    entries = page.find_elements(By.CSS_SELECTOR, ".glossary-entry")
    assert len(entries) >= 8
    for entry in entries:
        assert entry.find_element(By.TAG_NAME, "dd").text.strip(), entry.text
    entry = page.find_element(By.ID, "term-retrieval-augmented-generation")
    entry.find_element(By.CSS_SELECTOR, "dt a").click()
    wait(page).until(EC.url_to_be(base_url + RAG))


# Table of contents, prev/next, breadcrumbs, tags, backlinks

def test_toc_link_lands_on_its_heading(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    links = page.find_elements(By.CSS_SELECTOR, "nav.toc a")
    assert len(links) >= 2
    link = links[-1]
    target = link.get_attribute("href").split("#", 1)[1]
    link.click()
    wait(page).until(lambda d: d.execute_script("return location.hash") == "#" + target)
    # Smooth scrolling may still be moving: wait until the heading is at the top of the view.
    wait(page).until(lambda d: d.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return r.top >= -1 && r.top < 80;", target))
    heading = page.find_element(By.ID, target)
    assert heading.tag_name in ("h2", "h3")
    assert heading.text.replace("#", "").strip() == link.text.strip()


def test_prev_and_next_navigate_within_the_section(page, base_url):
    open_page(page, base_url + "spectrum/")
    visited = [page.find_element(By.TAG_NAME, "h1").text]
    while page.find_elements(By.CSS_SELECTOR, ".pager a.next"):
        before = page.current_url
        page.find_element(By.CSS_SELECTOR, ".pager a.next").click()
        wait(page).until(lambda d: d.current_url != before)
        assert page.current_url.startswith(base_url + "spectrum/")
        visited.append(page.find_element(By.TAG_NAME, "h1").text)
        assert len(visited) < 20
    assert len(visited) >= 3, visited
    # And back again with "previous".
    back = [visited[-1]]
    while page.find_elements(By.CSS_SELECTOR, ".pager a.prev"):
        before = page.current_url
        page.find_element(By.CSS_SELECTOR, ".pager a.prev").click()
        wait(page).until(lambda d: d.current_url != before)
        back.append(page.find_element(By.TAG_NAME, "h1").text)
        assert len(back) < 20
    assert back == list(reversed(visited))


def test_breadcrumbs_navigate_up(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    crumbs = page.find_elements(By.CSS_SELECTOR, "nav.breadcrumbs a")
    assert [c.text for c in crumbs] == ["Home", "The adaptation spectrum"]
    assert page.find_element(By.CSS_SELECTOR, 'nav.breadcrumbs [aria-current="page"]').text == \
        page.find_element(By.TAG_NAME, "h1").text
    crumbs[1].click()
    wait(page).until(EC.url_to_be(base_url + "spectrum/"))
    page.find_element(By.CSS_SELECTOR, "nav.breadcrumbs a").click()
    wait(page).until(EC.url_to_be(base_url))


def test_nav_marks_the_current_page(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    current = page.find_elements(By.CSS_SELECTOR, '.site-nav [aria-current="page"]')
    assert len(current) == 1
    assert current[0].get_attribute("href") == base_url + DEEP_PAGE
    sections = page.find_elements(By.CSS_SELECTOR, ".site-nav .nav-section > a")
    assert len(sections) >= 5


def test_every_content_page_has_the_reader_furniture(page, base_url, site_dir):
    """Nav, breadcrumbs, review date, tags and, where they apply, TOC, backlinks, references
    and prev/next."""
    open_page(page, base_url + DEEP_PAGE)
    for selector in ["nav.site-nav", "nav.breadcrumbs", "nav.toc", ".page-meta time", "ul.tags a",
                     "section.backlinks a", "nav.pager a", "section.references li"]:
        assert page.find_elements(By.CSS_SELECTOR, selector), f"{selector} missing on {DEEP_PAGE}"


def test_tag_pages(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    tag = page.find_element(By.CSS_SELECTOR, "ul.tags a")
    name = tag.text
    tag.click()
    wait(page).until(lambda d: "/tags/" in d.current_url)
    assert name in page.find_element(By.TAG_NAME, "h1").text
    listed = [a.get_attribute("href") for a in page.find_elements(By.CSS_SELECTOR, ".cards-list a")]
    assert base_url + DEEP_PAGE in listed
    page.find_element(By.LINK_TEXT, "All tags").click()
    wait(page).until(EC.url_to_be(base_url + "tags/"))
    assert len(page.find_elements(By.CSS_SELECTOR, ".tag-index a")) >= 5


def test_backlinks_lead_to_pages_that_link_here(page, base_url):
    open_page(page, base_url + RAG)
    backlink = page.find_element(By.CSS_SELECTOR, "section.backlinks a")
    backlink.click()
    wait(page).until(lambda d: d.current_url != base_url + RAG)
    hrefs = page.execute_script("return [...document.querySelectorAll('.content a')].map(a => a.href)")
    assert base_url + RAG in hrefs or any(h.startswith(base_url + RAG + "#") for h in hrefs)


# Every page

def test_no_console_errors_on_any_page(page, base_url, site_dir):
    failures = {}
    for relative in html_pages(site_dir):
        if relative == "404.html":
            continue  # served with status 404 on purpose: see test_404_page
        open_page(page, url_for(base_url, relative))
        errors = severe_console_entries(page)
        if errors:
            failures[relative] = [e["message"] for e in errors]
    assert failures == {}


def test_404_page_works_at_any_depth(page, server):
    url = server + BASE_PATH + "no/such/page/"
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(url)
    assert raised.value.code == 404
    open_page(page, url)
    assert page.find_element(By.TAG_NAME, "h1").text == "Page not found"
    # Styles loaded (the layout grid is applied), and links lead into the site.
    assert page.execute_script("return getComputedStyle(document.querySelector('.layout')).display") == "grid"
    messages = [e["message"] for e in severe_console_entries(page) if "no/such/page" not in e["message"]]
    assert messages == []
    page.find_element(By.CSS_SELECTOR, ".not-found a").click()
    wait(page).until(EC.url_to_be(server + BASE_PATH))
    assert page.find_element(By.TAG_NAME, "h1").text.startswith("Customizing Foundation Models")


def test_accessibility_basics_on_every_page(page, base_url, site_dir):
    problems = []
    for relative in html_pages(site_dir):
        if relative == "404.html":
            continue
        open_page(page, url_for(base_url, relative))
        facts = page.execute_script("""
            const q = s => document.querySelectorAll(s).length;
            return {
              reader: !!document.querySelector('.site-header'),
              lang: document.documentElement.lang,
              title: document.title,
              main: q('main'), banner: q('body > header'), contentinfo: q('body > footer'),
              navs: [...document.querySelectorAll('nav')].map(n => n.getAttribute('aria-label') || n.getAttribute('aria-labelledby')),
              h1: q('h1'),
              skip: (document.querySelector('a.skip-link') || {}).hash,
              imagesWithoutAlt: q('img:not([alt])'),
              unlabelledLinks: [...document.querySelectorAll('a[href]')].filter(a => !(a.textContent.trim() || a.getAttribute('aria-label'))).length,
            };""")
        where = relative
        if facts["lang"] != "en": problems.append(f"{where}: lang={facts['lang']!r}")
        if not facts["title"]: problems.append(f"{where}: no title")
        if not facts["reader"]:
            continue  # a standalone print document (the battle-card print sheet): lang and title only
        if facts["main"] != 1 or facts["banner"] != 1 or facts["contentinfo"] != 1:
            problems.append(f"{where}: landmarks {facts}")
        if any(not label for label in facts["navs"]) or len(set(facts["navs"])) != len(facts["navs"]):
            problems.append(f"{where}: nav landmarks need distinct labels: {facts['navs']}")
        if facts["h1"] != 1: problems.append(f"{where}: {facts['h1']} h1 elements")
        if facts["skip"] != "#main": problems.append(f"{where}: skip link {facts['skip']!r}")
        if facts["imagesWithoutAlt"]: problems.append(f"{where}: images without alt")
        if facts["unlabelledLinks"]: problems.append(f"{where}: {facts['unlabelledLinks']} links without text")
    assert problems == []


def test_skip_link_and_visible_focus(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    body = page.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = page.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
    assert focused.is_displayed() and focused.location["y"] >= 0
    outline = page.execute_script("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth];")
    assert outline[0] != "none" and outline[1] != "0px", outline
    focused.send_keys(Keys.ENTER)
    wait(page).until(lambda d: d.execute_script("return document.activeElement.id") == "main")


CONTRAST_SCRIPT = """
function parse(c) { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
function background(el) {
  for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; }
  return parse(getComputedStyle(document.documentElement).backgroundColor || 'rgb(255,255,255)');
}
const failures = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
while (walker.nextNode()) {
  const node = walker.currentNode; const el = node.parentElement;
  if (!node.textContent.trim() || seen.has(el)) continue; seen.add(el);
  const rect = el.getBoundingClientRect(); const s = getComputedStyle(el);
  if (rect.width === 0 || rect.height === 0 || s.visibility === 'hidden' || rect.right < 0 || rect.bottom < 0) continue;
  if (el.closest('.pagefind-ui') || el.closest('.skip-link')) continue;
  const fg = parse(s.color); const bg = background(el);
  const l1 = lum(fg), l2 = lum(bg); const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  const size = parseFloat(s.fontSize); const bold = parseInt(s.fontWeight) >= 700;
  const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
  if (ratio < need) failures.push(el.tagName + '.' + el.className + ' "' + node.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
}
return failures;
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_aa(page, base_url, scheme):
    set_color_scheme(page, scheme)
    failures = {}
    for path in ["", DEEP_PAGE, RAG, "spectrum/", "glossary/", "tags/", "bibliography/"]:
        open_page(page, base_url + path)
        found = page.execute_script(CONTRAST_SCRIPT)
        if found:
            failures[path] = found
    assert failures == {}


def test_dark_mode_follows_the_system(page, base_url):
    open_page(page, base_url + RAG)
    light = page.execute_script("return getComputedStyle(document.body).backgroundColor")
    set_color_scheme(page, "dark")
    dark = page.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert light == "rgb(255, 255, 255)"
    assert dark != light and sum(int(x) for x in dark[4:-1].split(",")) < 150


def test_print_stylesheet_shows_only_the_article(page, base_url):
    open_page(page, base_url + DEEP_PAGE)
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    try:
        hidden = page.execute_script(
            "return ['.site-nav', '.site-header', '.site-footer', '.pager', 'nav.toc', 'nav.breadcrumbs']"
            ".map(s => getComputedStyle(document.querySelector(s)).display)")
        assert set(hidden) == {"none"}, hidden
        assert page.execute_script("return getComputedStyle(document.querySelector('article')).display") != "none"
    finally:
        set_color_scheme(page, "light")


# Responsive layout and screenshots

@pytest.mark.parametrize("width", [360, 390, 768, 1280, 1920])
def test_no_horizontal_scrolling(page, base_url, width):
    set_viewport(page, width, 900)
    for path in ["", DEEP_PAGE, "spectrum/", "glossary/", "tags/"]:
        open_page(page, base_url + path)
        overflow = page.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


def test_menu_button_opens_the_navigation_on_a_phone(page, base_url):
    set_viewport(page, 390, 844)
    open_page(page, base_url + DEEP_PAGE)
    nav = page.find_element(By.ID, "site-nav")
    button = page.find_element(By.CSS_SELECTOR, ".nav-toggle")
    assert button.is_displayed() and not nav.is_displayed()
    button.click()
    assert nav.is_displayed() and button.get_attribute("aria-expanded") == "true"
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not nav.is_displayed() and button.get_attribute("aria-expanded") == "false"
    set_viewport(page, 1280, 900)
    assert nav.is_displayed() and not button.is_displayed()


SHOTS = {"home": "", "page": DEEP_PAGE, "table": "spectrum/", "glossary": "glossary/", "term": RAG}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(page, base_url, width, scheme):
    """Full-page screenshots at phone and desktop widths, light and dark, written to
    test-artifacts/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    set_color_scheme(page, scheme)
    for name, path in SHOTS.items():
        set_viewport(page, width, 900)
        open_page(page, base_url + path)
        height = min(page.execute_script("return document.documentElement.scrollHeight"), 8000)
        shot = page.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        import base64
        target = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
        target.write_bytes(base64.b64decode(shot["data"]))
        assert target.stat().st_size > 5000
    # And the search results open, on the home page.
    set_viewport(page, width, 900)
    open_page(page, base_url)
    search(page, "retrieval")
    import base64
    shot = page.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    (SCREENSHOTS / f"search-{width}-{scheme}.png").write_bytes(base64.b64decode(shot["data"]))
