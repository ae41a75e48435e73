"""A Docusaurus project's sidebars are its nav (issue 17): the fixture
(Tests/browser/fixtures/docusaurus-nav, whose sidebars.js is run with Node.js) shows a category
whose title is its doc's link, a doc under its sidebar `label`, the home page under its
`sidebar_label`, a link out and a link to a page of the site; previous/next follow the
sidebar and skip the link entries."""
import os
import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, REPO, groundwork_binary, serve
from test_explicit_nav import nav_lines

PROJECT = REPO / "Tests" / "browser" / "fixtures" / "docusaurus-nav"
SITE = ARTIFACTS / "site-docusaurus-nav"
PREFIX = "/sidebars/"


@pytest.fixture(scope="module")
def docs_url():
    if shutil.which("node") is None:
        pytest.fail("node is missing: install Debian nodejs (make test-deps)")
    ARTIFACTS.mkdir(exist_ok=True)
    result = subprocess.run(
        [groundwork_binary(), "build", "--content", str(PROJECT), "--templates", "templates", "--out", str(SITE),
         "--search", "off"],
        cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    httpd = serve(SITE, (PREFIX,))
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


def test_nav_is_the_sidebar(page, docs_url):
    page.get(docs_url + "guides/basics/")
    assert nav_lines(page) == [
        "Welcome",
        "Guides",
        "  Going further",
        "  Basics *",
        "Project site",
        "The API",
        "Questions",
    ]
    nav = page.find_element(By.ID, "site-nav")
    assert nav.find_element(By.LINK_TEXT, "Guides").get_attribute("href") == docs_url + "guides/"
    assert nav.find_element(By.LINK_TEXT, "Project site").get_attribute("href") == "https://example.com/"
    # `/docs/api` is a path of the Docusaurus site: linked relative, so it works below PREFIX.
    nav.find_element(By.LINK_TEXT, "The API").click()
    assert page.find_element(By.CSS_SELECTOR, "main h1").text == "API reference"


def test_previous_and_next_follow_the_sidebar(page, docs_url):
    page.get(docs_url)
    seen = [page.find_element(By.CSS_SELECTOR, "main h1").text]
    while page.find_elements(By.CSS_SELECTOR, ".pager a.next"):
        page.find_element(By.CSS_SELECTOR, ".pager a.next").click()
        seen.append(page.find_element(By.CSS_SELECTOR, "main h1").text)
    assert seen == ["Sidebar Docs", "Setting up", "Advanced guide", "Basics", "Questions"]
