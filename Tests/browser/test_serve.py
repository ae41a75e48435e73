"""`groundwork serve` in a real browser: a save reloads the open page by itself; a save with
errors keeps the last good page and shows the errors over it; saving the fix clears them.

Runs `groundwork serve --port 0` on a temporary copy of the preview test fixture
(Tests/GroundworkServeTests/Fixtures/site) with the repository's templates.
"""
import shutil
import subprocess
import threading
import time
import re

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, groundwork_binary

FIXTURE = REPO / "Tests" / "GroundworkServeTests" / "Fixtures" / "site"


@pytest.fixture
def preview(tmp_path):
    """(base URL, content folder) of a running preview; stopped afterwards."""
    content = tmp_path / "content"
    templates = tmp_path / "templates"
    shutil.copytree(FIXTURE, content)
    shutil.copytree(REPO / "templates", templates)
    process = subprocess.Popen(
        [groundwork_binary(), "serve", "--content", str(content), "--templates", str(templates), "--port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True).start()
    deadline = time.monotonic() + 60
    port = None
    while port is None:
        for line in list(lines):
            match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = int(match.group(1))
        if port is None:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("groundwork serve did not start:\n" + "".join(lines))
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/", content
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text


def overlays(driver):
    return driver.find_elements(By.ID, "groundwork-overlay")


def overlay_text(driver):
    """The overlay's text, or "" — the script replaces the overlay on every event, so an
    element found a moment ago may already be gone."""
    try:
        found = overlays(driver)
        return found[0].text if found else ""
    except StaleElementReferenceException:
        return ""


def test_saves_reload_the_page_and_errors_show_over_the_last_good_build(page, preview):
    url, content = preview
    source = content / "guide" / "editing.md"
    original = source.read_text(encoding="utf-8")
    wait = WebDriverWait(page, 5, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException])

    page.get(url + "guide/editing/")
    assert "The original sentence of the editing page." in main_text(page)
    assert not overlays(page)

    # A save reloads the open page by itself.
    page.execute_script("window.groundworkTestMarker = true")
    source.write_text(original.replace("The original sentence", "A freshly edited sentence"), encoding="utf-8")
    wait.until(lambda d: "A freshly edited sentence of the editing page." in main_text(d))
    assert page.execute_script("return window.groundworkTestMarker === undefined"), "the page was reloaded"

    # A save with an error: the page stays, the errors appear over it.
    page.execute_script("window.groundworkTestMarker = true")
    source.write_text(original.replace("The original sentence of the editing page.",
                                       "A broken sentence with [a bad link](no-such-page.md)."), encoding="utf-8")
    text = wait.until(lambda d: "link.page-missing" in overlay_text(d) and overlay_text(d))
    assert "1 error" in text
    assert "guide/editing.md:8:" in text and "link.page-missing" in text and "no-such-page.md" in text
    assert "A freshly edited sentence of the editing page." in main_text(page), "the last good page stays"
    assert page.execute_script("return window.groundworkTestMarker === true"), "no reload for a broken build"

    # Opening a page while the build is broken shows the errors at once.
    page.get(url + "guide/reloading/")
    wait.until(lambda d: overlays(d))
    page.get(url + "guide/editing/")
    wait.until(lambda d: overlays(d))

    # The fix reloads the page and clears the overlay.
    source.write_text(original.replace("The original sentence of the editing page.",
                                       "A fixed sentence with [a good link](reloading.md)."), encoding="utf-8")
    wait.until(lambda d: "A fixed sentence with a good link." in main_text(d) and not overlays(d))

    problems = [entry for entry in page.get_log("browser")
                if entry["level"] == "SEVERE" and "__groundwork" in entry["message"]]
    assert not problems, problems


def test_warnings_show_collapsed_under_the_errors_and_alone_in_a_corner(page, preview):
    url, content = preview
    source = content / "guide" / "editing.md"
    original = source.read_text(encoding="utf-8")
    wait = WebDriverWait(page, 5, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException])
    page.get(url + "guide/editing/")
    assert not overlays(page)

    # A warning alone: a small collapsed panel; the page stays usable.
    warned = original.replace("summary: Save", "descripton: typo\nsummary: Save")
    source.write_text(warned, encoding="utf-8")
    panel = wait.until(lambda d: overlays(d))[0]
    assert panel.get_attribute("role") == "status"
    details = panel.find_element(By.ID, "groundwork-warnings")
    assert details.get_attribute("open") is None, "collapsed"
    assert "1 warning" in details.text
    assert panel.size["height"] < page.get_window_size()["height"] / 2, "a corner panel, not a cover"
    details.find_element(By.TAG_NAME, "summary").click()
    wait.until(lambda d: "page.unknown-field" in d.find_element(By.ID, "groundwork-warnings").text)

    # An error too: the errors first, the warning collapsed under them.
    source.write_text(warned.replace("The original sentence of the editing page.",
                                     "A broken sentence with [a bad link](no-such-page.md)."), encoding="utf-8")
    wait.until(lambda d: "1 error" in overlay_text(d))
    overlay = overlays(page)[0]
    assert overlay.get_attribute("role") == "alertdialog"
    assert "1 error — the page below is the last good build" in overlay.text
    details = overlay.find_element(By.ID, "groundwork-warnings")
    assert details.get_attribute("open") is None
    assert overlay.text.index("link.page-missing") < overlay.text.index("1 warning")

    source.write_text(original, encoding="utf-8")
    wait.until(lambda d: not overlays(d))


def test_a_preview_that_never_built_claims_no_last_good_build(page, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    editing = content / "guide" / "editing.md"
    editing.write_text(editing.read_text(encoding="utf-8").replace(
        "The original sentence of the editing page.", "A [bad link](no-such-page.md)."), encoding="utf-8")
    process = subprocess.Popen([groundwork_binary(), "serve", "--content", str(content), "--port", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        port = None
        log = ""
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            log += line
            match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = int(match.group(1))
        assert port, log
        page.get(f"http://127.0.0.1:{port}/guide/editing/")
        text = WebDriverWait(page, 5, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]).until(lambda d: overlay_text(d))
        assert "1 error — nothing has built yet" in text
        assert "last good build" not in text
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
