#!/usr/bin/env python3
"""Re-measures Groundwork on the real documentation trees of Tests/RealWorld/README.md.

    GROUNDWORK=.build/release/groundwork Tests/RealWorld/measure.py [--build] [/work/realworld/<name> ...]

With no folders it measures every tree of TREES found under /work/realworld. For each tree it
runs `groundwork check --format json` (and with --build, `groundwork build` into a temporary
folder) and prints one table: per tree, the pages, the seconds, and the count of each
diagnostic code, errors and warnings apart. The trees themselves are fetched copies and never
committed (Tests/RealWorld/README.md says how to fetch them; extract.py copies them out).
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

REALWORLD = "/work/realworld"
# Tree folder → the folder `--content` is given (the tree's docs, as a new user would point at it).
TREES = {
    "mkdocs-material": ".",
    "mkdocs": ".",
    "capacitor-docusaurus": ".",
    "redux-docusaurus": "docs",
    "hugo-docs": "content/en",
    "mdbook-guide": "guide",
    "kepano-obsidian": ".",
    "kubernetes-community": ".",
}


def run(binary, command, content, extra):
    started = time.monotonic()
    result = subprocess.run([binary, command, "--content", content, "--format", "json", "--search", "off", *extra]
                            if command == "build" else [binary, command, "--content", content, "--format", "json", *extra],
                            capture_output=True, text=True)
    seconds = time.monotonic() - started
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = {"diagnostics": [], "summary": {}}
        print(f"  {content}: {command} printed no JSON (exit {result.returncode}): {result.stderr.strip()[:200]}", file=sys.stderr)
    return result.returncode, seconds, report


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    build = "--build" in sys.argv
    binary = os.environ.get("GROUNDWORK", ".build/debug/groundwork")
    folders = args or [os.path.join(REALWORLD, name) for name in TREES if os.path.isdir(os.path.join(REALWORLD, name))]
    rows = []
    codes = set()
    for folder in folders:
        name = os.path.basename(os.path.normpath(folder))
        content = os.path.normpath(os.path.join(folder, TREES.get(name, ".")))
        status, seconds, report = run(binary, "check", content, [])
        counts = Counter((d["severity"], d["code"]) for d in report["diagnostics"])
        codes.update(counts)
        row = {"tree": name, "pages": report.get("summary", {}).get("pages", "?"), "check": status, "check_s": seconds, "counts": counts}
        if build:
            with tempfile.TemporaryDirectory() as out:
                status, seconds, _ = run(binary, "build", content, ["--out", os.path.join(out, "site")])
                row["build"], row["build_s"] = status, seconds
                row["wrote"] = os.path.isdir(os.path.join(out, "site"))
        rows.append(row)
    ordered = sorted(codes, key=lambda sc: (sc[0] != "error", sc[1]))
    header = ["tree", "pages", "check exit", "check s"] + (["build exit", "build s", "wrote"] if build else []) + ["errors", "warnings"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        errors = sum(n for (s, _), n in row["counts"].items() if s == "error")
        warnings = sum(n for (s, _), n in row["counts"].items() if s == "warning")
        cells = [row["tree"], row["pages"], row["check"], f"{row['check_s']:.1f}"]
        if build:
            cells += [row["build"], f"{row['build_s']:.1f}", "yes" if row["wrote"] else "no"]
        print("| " + " | ".join(str(c) for c in cells + [errors, warnings]) + " |")
    print()
    print("| code | " + " | ".join(row["tree"] for row in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for severity, code in ordered:
        print(f"| {code} ({severity}) | " + " | ".join(str(row["counts"].get((severity, code), 0)) for row in rows) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
