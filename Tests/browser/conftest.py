"""Fixtures for the reader-experience tests: the built content/ site, served on 127.0.0.1 under
a sub-path, and a headless Chromium driven by selenium.

Run through `make test`, or by hand:
    GROUNDWORK=.build/debug/groundwork .venv/bin/python -m pytest Tests/browser
`GROUNDWORK` names the groundwork binary (default: .build/debug/groundwork). The site is built
with `--search on` into test-artifacts/site; screenshots go to test-artifacts/screenshots.
A second, small site (Tests/browser/fixtures/reader-basics: code in every highlighted language,
a wide table, old URLs in `aliases`, `edit_url`) is built into test-artifacts/site-reader-basics
and served below /docs/, its base_url's path.
"""
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import urllib.parse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SITE = ARTIFACTS / "site"
SCREENSHOTS = ARTIFACTS / "screenshots"
DEMO_CONTENT = REPO / "Tests" / "browser" / "fixtures" / "reader-basics" / "content"
DEMO_SITE = ARTIFACTS / "site-reader-basics"
DEMO_PATH = "/docs/"
# The site is served under both prefixes: /kb/ proves that nothing depends on where the site
# lives; /customize/ is base_url's path, which the 404 page links from.
SUB_PATH = "/kb/"
BASE_PATH = "/customize/"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def groundwork_binary():
    binary = os.environ.get("GROUNDWORK") or str(REPO / ".build" / "debug" / "groundwork")
    if not os.access(binary, os.X_OK):
        pytest.exit(f"groundwork binary not found at {binary}: build it (swift build) or set GROUNDWORK", returncode=2)
    return binary


def build_site(content, out):
    """Builds `content` with search on (and "last updated" from git, the default) into `out`."""
    ARTIFACTS.mkdir(exist_ok=True)
    env = dict(os.environ)
    env["PATH"] = str(REPO / ".venv" / "bin") + os.pathsep + env.get("PATH", "")
    result = subprocess.run(
        [groundwork_binary(), "build", "--content", str(content), "--templates", "templates",
         "--out", str(out), "--search", "on"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.exit(f"groundwork build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", returncode=1)
    assert (out / "pagefind" / "pagefind-ui.js").is_file(), "the build wrote no Pagefind index"
    return out


@pytest.fixture(scope="session")
def site_dir():
    """Builds content/ with search on, once per session."""
    return build_site("content", SITE)


@pytest.fixture(scope="session")
def demo_site_dir():
    """Builds the reader-basics fixture site, once per session."""
    return build_site(DEMO_CONTENT, DEMO_SITE)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below SUB_PATH and BASE_PATH; anything else, and any missing file, gets
    404.html with status 404 (as GitHub Pages and most static hosts do)."""

    site = None
    prefixes = (SUB_PATH, BASE_PATH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.site), **kwargs)

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        parsed = urllib.parse.urlsplit(path).path
        for prefix in self.prefixes:
            if parsed.startswith(prefix):
                return super().translate_path("/" + parsed[len(prefix):])
        return str(pathlib.Path(self.site) / "__outside__")

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # redirects to the slash form
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            body = (pathlib.Path(self.site) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _BytesReader(body)
        return super().send_head()

    def guess_type(self, path):
        if str(path).endswith(".pagefind") or str(path).endswith(".pf_meta") or str(path).endswith(".pf_fragment") \
                or str(path).endswith(".pf_index") or str(path).endswith(".pf_filter"):
            return "application/octet-stream"
        return super().guess_type(path)


class _BytesReader:
    def __init__(self, data):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site, prefixes):
    handler = type("Handler", (SiteHandler,), {"site": site, "prefixes": prefixes})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd


@pytest.fixture(scope="session")
def server(site_dir):
    """http://127.0.0.1:PORT, serving the site on a free port; stopped after the session."""
    httpd = serve(site_dir, (SUB_PATH, BASE_PATH))
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def demo_base_url(demo_site_dir):
    """The reader-basics site's home page URL (served below /docs/ on its own port)."""
    httpd = serve(demo_site_dir, (DEMO_PATH,))
    yield f"http://127.0.0.1:{httpd.server_address[1]}{DEMO_PATH}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def base_url(server):
    """The site's home page URL, below the sub-path."""
    return server + SUB_PATH


@pytest.fixture(scope="session")
def driver():
    if not os.access(CHROMIUM, os.X_OK) or not os.access(CHROMEDRIVER, os.X_OK):
        pytest.exit(f"Chromium or chromedriver missing ({CHROMIUM}, {CHROMEDRIVER}): install Debian chromium chromium-driver (make test-deps)", returncode=2)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--force-device-scale-factor=1", "--hide-scrollbars",
                     "--lang=en-US", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture
def page(driver):
    """The driver, reset to a desktop light-mode viewport with an empty console log."""
    set_viewport(driver, 1280, 900)
    set_color_scheme(driver, "light")
    driver.get_log("browser")
    yield driver


def set_viewport(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def set_color_scheme(driver, scheme):
    """Emulates the system's colour scheme; reduced motion too, so that selenium's scroll-then-
    click is not raced by smooth scrolling."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme},
                                                      {"name": "prefers-reduced-motion", "value": "reduce"}]})


def html_pages(site):
    """Every HTML page of the built site, as paths relative to it (the Pagefind bundle aside)."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def url_for(base_url, relative):
    """The URL a reader uses for a built file: folders end in /, index.html dropped."""
    if relative == "index.html":
        return base_url
    if relative.endswith("/index.html"):
        return base_url + relative[: -len("index.html")]
    return base_url + relative
