#!/usr/bin/env python3
"""Compares a built Docusaurus tree's reading order with its sidebars file (issue 17).

    Tests/RealWorld/sidebar_order.py SIDEBARS_FILE DOCS_FOLDER BUILT_SITE

Loads the sidebars file with node (as Groundwork does), lists its docs in order (every
sidebar, in the file's order), finds each doc's page in the site Groundwork built, and walks
the site's previous/next links from the home page. Prints how many sidebar docs come in the
sidebar's order (the longest run in order) and lists the others: those are the places where
the folder nav cannot follow the sidebar (a category that mixes folders).
"""
import json
import os
import re
import subprocess
import sys


def strip_prefix(name):
    """Docusaurus' number prefix parser: `01-intro` -> `intro`; `9-0`, dates: unchanged."""
    if re.match(r"^v?\d+[-_.]\d+", name):
        return name
    m = re.match(r"^\d+\s*[-_.]+\s*([^-_.\s].*)$", name)
    return m.group(1) if m else name


def doc_ids(docs):
    ids = {}
    for folder, _, files in os.walk(docs):
        for name in sorted(files):
            stem, ext = os.path.splitext(name)
            if ext not in (".md", ".mdx"):
                continue
            path = os.path.relpath(os.path.join(folder, name), docs)
            text = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read()
            front = re.match(r"^---\n(.*?)\n---", text, re.S)
            given = re.search(r"^id:\s*['\"]?([^'\"\n]+)", front.group(1), re.M) if front else None
            parts = [strip_prefix(p) for p in path.split("/")[:-1]]
            ids.setdefault("/".join(parts + [given.group(1).strip() if given else strip_prefix(stem)]), path)
    return ids


def flatten(items, out):
    if isinstance(items, dict):
        items = [{"type": "category", "label": k, "items": v} for k, v in items.items()]
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and "type" not in item:
            flatten(item, out)
        elif isinstance(item, dict) and item.get("type") in ("doc",):
            out.append(item["id"])
        elif isinstance(item, dict) and item.get("type") == "category":
            link = item.get("link") or {}
            if link.get("type") == "doc":
                out.append(link["id"])
            flatten(item.get("items", []), out)


def page_url(path, site):
    stem = os.path.splitext(path)[0].lower()
    folder = os.path.dirname(stem)
    for url in (stem + "/", folder + "/" if folder else ""):
        if os.path.exists(os.path.join(site, url, "index.html")):
            return url
    return None


def reading_order(site):
    """The pages in the order their Next links chain them, from the one no page leads to."""
    following = {}
    for folder, _, files in os.walk(site):
        if "index.html" not in files:
            continue
        url = os.path.relpath(folder, site).replace("\\", "/")
        url = "" if url == "." else url + "/"
        text = open(os.path.join(folder, "index.html"), encoding="utf-8").read()
        m = re.search(r'<a class="next" rel="next" href="([^"]*)"', text)
        if m:
            target = os.path.normpath(os.path.join(url, m.group(1))).replace("\\", "/")
            following[url] = "" if target == "." else target + "/"
    starts = sorted(set(following) - set(following.values()))
    order = []
    for url in starts:
        while url is not None and url not in order:
            order.append(url)
            url = following.get(url)
    return order


def main():
    sidebars, docs, site = sys.argv[1:4]
    script = "const v = require(process.argv[1]); process.stdout.write(JSON.stringify(v.default || v));"
    value = json.loads(subprocess.run(["node", "-e", script, os.path.abspath(sidebars)], check=True,
                                      capture_output=True, text=True, timeout=30).stdout)
    wanted = []
    for items in value.values():
        flatten(items, wanted)
    ids = doc_ids(docs)
    urls, folders = [], {}
    for doc in wanted:
        url = page_url(ids[doc], site) if doc in ids else None
        if url is not None and url not in urls:
            urls.append(url)
            folders[url] = os.path.dirname(ids[doc]).lower()
    # The site's previous/next links chain each folder's pages: compare folder by folder.
    position = {url: n for n, url in enumerate(reading_order(site))}
    in_order = out = 0
    by_folder = {}
    for url in urls:
        # A page alone in its folder has no previous/next links: in order by itself.
        by_folder.setdefault(folders[url], []).append(url)
        position.setdefault(url, -1)
    for folder, listed in sorted(by_folder.items()):
        ranks = [position[u] for u in listed]
        # Longest run of the folder's sidebar docs in the site's order.
        best = []
        for n, rank in enumerate(ranks):
            chains = [c for c in best if ranks[c[-1]] < rank]
            best.append((max(chains, key=len) if chains else []) + [n])
        keep = set(max(best, key=len))
        in_order += len(keep)
        for n, url in enumerate(listed):
            if n not in keep:
                out += 1
                print(f"  out of the sidebar's order in {folder or '.'}/: {url}")
    print(f"{len(wanted)} sidebar entries, {len(urls)} pages; per folder, {in_order} in the sidebar's order, {out} not")


if __name__ == "__main__":
    main()
