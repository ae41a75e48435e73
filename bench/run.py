#!/usr/bin/env python3
"""Throughput benchmark: Groundwork `check` and `build` against Hugo and the cmark CLI.

    python3 bench/run.py [--bin PATH] [--pages 1000,10000] [--large] [--runs 3] [--no-hugo]

For each size it generates a deterministic corpus (bench/gen_corpus.py, cached in
bench/work/), then measures, one process at a time and taking turns (check, build, cmark,
hugo, check, ...) so that the machine's drift weighs on all of them alike:

  groundwork check                 every check, nothing written
  groundwork build --search off    every check, render, output link check, atomic write
  hugo                             the same Markdown files in a generated Hugo project whose
                                   templates list every section and the current section's
                                   pages on every page (skipped when `hugo` is not installed)
  cmark                            the cmark CLI over the same Markdown bytes (one file, to
                                   /dev/null): the floor for parsing and rendering

and prints the median wall time, the median CPU time (user + system), the peak RSS (the
largest of the runs; from wait4's rusage of the child), pages/s and MB/s of Markdown, the
ratios and the issue's targets (issue 9). Every run writes a new output folder; they are
deleted at the end (see `set_aside_outputs`). `--memory fill` reads the machine's memory full
of page cache before every run, untimed (`MemoryFill`, a diagnostic). The load average is printed
before and after each size: other work on the machine inflates wall times more than CPU times.
`--json FILE` also writes every figure.
"""

import argparse
import atexit
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TERMS = 20  # glossary terms in the benchmark corpus: term links are part of rendering


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "?"
    try:
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    except (OSError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "kernel": platform.release()}


def measure(argv, cwd=None, expect_ok=True, stdout_path=None):
    """Runs argv once; returns wall seconds, CPU seconds and peak RSS (bytes) of the child."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err_path = os.path.join(WORK, "last-stderr.txt")
    with open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if stdout_path:
        out.close()
    code = os.waitstatus_to_exitcode(status)
    if expect_ok and code != 0:
        with open(err_path, "rb") as err:
            tail = err.read()[-3000:].decode("utf-8", "replace")
        sys.exit(f"{' '.join(argv)} exited {code}:\n{tail}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime,
            "sys": usage.ru_stime, "rss": usage.ru_maxrss * 1024}


def free_page_reporting():
    """Whether this kernel hands free memory back to a hypervisor, and from which block order."""
    try:
        with open("/sys/module/page_reporting/parameters/page_reporting_order") as f:
            return f"on (order {f.read().strip()})"
    except OSError:
        return "off"


def summary(results):
    return {
        "wall": statistics.median(r["wall"] for r in results),
        "cpu": statistics.median(r["cpu"] for r in results),
        "rss": max(r["rss"] for r in results),
        "walls": [round(r["wall"], 3) for r in results],
        "cpus": [round(r["cpu"], 3) for r in results],
        "loads": [r.get("load", "?") for r in results],
    }


def meminfo():
    """/proc/meminfo in bytes (an empty dict where there is none)."""
    found = {}
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                key, value = line.split(":", 1)
                parts = value.split()
                found[key] = int(parts[0]) * (1024 if parts[1:] == ["kB"] else 1)
    except (OSError, ValueError, IndexError):
        pass
    return found


class MemoryFill:
    """`--memory fill`: before every timed run, untimed, reads a sparse file as large as the
    machine's memory, so that the memory the last runs freed holds clean page cache again.
    A diagnostic for the machines measured here, not the default protocol.

    Why (BENCHMARKS.md, "The VM's memory decides the 50,000 / 10,000 ratio", issue 21, ninth
    session): these machines are VMs that hand memory back to their host. Their kernel
    reports free memory to the hypervisor (virtio-balloon free page reporting,
    /sys/module/page_reporting) and DAMON pages out memory not touched for a minute
    (kdamond, action `pageout`). The first write to a page handed back costs a fault in the
    host: writing the same 1.85 GB into 50,000 files took 5.3-10.5 s of system time with
    17 GB free and 1.0-1.3 s after the memory had been filled. A run that needs more memory
    than the last few seconds freed (3.5 GB at 50,000 pages, 0.7 GB at 10,000) pays for the
    difference: two builds of the same 50,000 pages spent 453 and 10,460 perf samples
    copying their output into the page cache.

    What the fill leaves is the VM's to decide: reading on from a cursor that goes round the
    file (the pages the kernel evicted longest ago first) stops when at most `reserve` bytes
    are free or after one lap, and on these machines about 6 GB stays free whatever is read.
    It changes the 50,000 / 10,000 ratio of the same binary from 6.5-6.8x to 4.8-5.1x, and
    the cmark CLI's from 8.4-9.2x to 4.1-5.7x (BENCHMARKS.md)."""

    STEP = 1 << 20  # bytes read at a time
    LOOK_EVERY = 64  # steps between two looks at the free memory

    def __init__(self, folder, reserve=1 << 30):
        self.path = os.path.join(folder, "memory-fill")
        self.reserve = reserve
        # A whole number of steps, so that every read is a full one.
        self.size = meminfo().get("MemTotal", 0) // self.STEP * self.STEP
        self.cursor = 0
        if self.size:
            with open(self.path, "wb") as f:
                f.truncate(self.size)  # sparse: nothing is written to the disk

    def fill(self):
        """Reads on from the cursor until at most `reserve` bytes are free, or one lap of the
        file is read (pages read that were still cached take no memory, so the free memory is
        looked at again every LOOK_EVERY steps rather than counted down)."""
        if not self.size:
            return
        chunk = bytearray(self.STEP)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            for step in range(self.size // self.STEP):
                if step % self.LOOK_EVERY == 0 and meminfo().get("MemFree", 0) <= self.reserve:
                    return
                os.preadv(fd, [chunk], self.cursor)
                self.cursor = (self.cursor + self.STEP) % self.size
        finally:
            os.close(fd)

    def close(self):
        if os.path.exists(self.path):
            os.remove(self.path)


def interleaved(commands, memory=None):
    """Runs each (label, argv, runs) command `runs` times, taking turns (check, build, cmark,
    hugo, check, build, ...) so that the machine drifting during the run (a shared host's
    speed moves by 10-20 % over minutes) weighs on every command alike and the ratios hold.
    `{run}` in an argument becomes the run's number (a fresh output folder per run).
    Before each run, untimed, `sync` writes out what earlier runs left dirty in the page cache:
    a 50,000-page build writes 1.65 GB, and one started while the kernel still had the previous
    build's output to write back spent 7.2 s in the system against 3.2-3.7 s for the same build
    otherwise (BENCHMARKS.md, issue 21, eighth session). No run is charged for another's output; each run's own writing is timed as
    before (a tool's run ends when its files are in the page cache, as for the user). Then, with
    `memory` (`--memory fill`), the free memory is filled with page cache (`MemoryFill`), also
    untimed."""
    results = {label: [] for label, _, _ in commands}
    for run in range(max(runs for _, _, runs in commands)):
        for label, argv, runs in commands:
            if run >= runs:
                continue
            os.sync()
            if memory:
                memory.fill()
            result = measure([a.replace("{run}", str(run)) for a in argv])
            result["load"] = load_average()
            results[label].append(result)
            print(f"    {label}: {result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU, "
                  f"{result['rss'] / 2**20:.0f} MiB   (load {load_average()})", flush=True)
    return {label: summary(found) for label, found in results.items()}


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)


def set_aside_outputs():
    """Moves output folders of earlier runs into bench/work/trash/ (a rename: nothing is
    freed). Every timed run writes a folder that did not exist, and nothing is deleted until
    all runs are done: deleting 20,000 files shortly before a build makes ext4 (without a
    journal, as on the machine measured) skip the recently freed inodes one by one when it
    creates new ones, which slowed every build (Groundwork's and Hugo's) by seconds."""
    trash = os.path.join(WORK, "trash")
    os.makedirs(trash, exist_ok=True)
    for name in os.listdir(WORK):
        if name.startswith("out-"):
            os.rename(os.path.join(WORK, name), os.path.join(trash, f"{name}-{time.time_ns()}"))


def delete_outputs():
    for name in os.listdir(WORK):
        if name.startswith("out-") or name == "trash":
            remove(os.path.join(WORK, name))


def corpus(pages):
    """Generates (or reuses) the corpus of `pages` pages; returns its folder."""
    folder = os.path.join(WORK, f"corpus-{pages}")
    stamp = os.path.join(folder, ".bench-stamp")
    generator = os.path.join(HERE, "gen_corpus.py")
    with open(generator, "rb") as f:
        key = f"{pages} {TERMS} {hash_bytes(f.read())}"
    if os.path.exists(stamp) and open(stamp).read() == key:
        return folder
    print(f"  generating {pages} pages in {folder} ...", flush=True)
    subprocess.run([sys.executable, generator, "--pages", str(pages), "--out", folder, "--terms", str(TERMS)],
                   check=True, stdout=subprocess.DEVNULL)
    with open(stamp, "w") as f:
        f.write(key)
    return folder


def hash_bytes(data):
    import hashlib
    return hashlib.sha256(data).hexdigest()[:16]


def markdown_files(folder):
    found = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                found.append(os.path.join(base, name))
    return found


HUGO_CONFIG = """baseURL = "https://example.org/kb/"
title = "Synthetic knowledge base"
languageCode = "en"
disableKinds = ["RSS"]
[taxonomies]
  tag = "tags"
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""

# Every page: the site's sections, the current section's pages (current one marked),
# breadcrumbs, a table of contents and tags; like Groundwork's base and page templates.
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}"></head>
<body>
<nav class="site-nav"><ul class="nav-sections">
<li><a href="{{ "/" | relURL }}">Home</a></li>
{{ $current := . }}
{{ range .Site.Sections }}
<li class="nav-section"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if eq .Section $current.Section }}<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $current.RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
</li>
{{ end }}
</ul></nav>
<main>
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li>{{ .Title }}</li></ol></nav>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<p class="meta">Review by {{ .Params.review_by }} · {{ .Params.owner }}</p>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div>
{{ with .Params.tags }}<ul class="tags">{{ range . }}<li><a href="{{ (printf "tags/%s/" (urlize .)) | relURL }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"""

HUGO_LIST = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<div class="content">{{ .Content }}</div>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>
</article>{{ end }}
"""


def hugo_project(corpus_folder):
    """A Hugo project over the corpus's Markdown files (hard links), with equivalent templates."""
    project = corpus_folder + "-hugo"
    stamp = os.path.join(project, ".bench-stamp")
    key = open(os.path.join(corpus_folder, ".bench-stamp")).read() + hash_bytes((HUGO_CONFIG + HUGO_BASEOF + HUGO_SINGLE + HUGO_LIST).encode())
    if os.path.exists(stamp) and open(stamp).read() == key:
        return project
    remove(project)
    os.makedirs(os.path.join(project, "layouts/_default"))
    for name, text in [("config.toml", HUGO_CONFIG), ("layouts/_default/baseof.html", HUGO_BASEOF),
                       ("layouts/_default/single.html", HUGO_SINGLE), ("layouts/_default/list.html", HUGO_LIST)]:
        with open(os.path.join(project, name), "w") as f:
            f.write(text)
    for path in markdown_files(corpus_folder):
        target = os.path.join(project, "content", os.path.relpath(path, corpus_folder))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
    with open(stamp, "w") as f:
        f.write(key)
    return project


def figures(result, pages, megabytes):
    return (f"{result['wall']:7.2f} s {result['cpu']:7.2f} s {result['rss'] / 2**20:8.0f} MiB "
            f"{pages / result['wall']:9.0f} {megabytes / result['wall']:7.1f}")


def main():
    global WORK
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build-bench/release/groundwork"),
                        help="the groundwork binary (a release build)")
    parser.add_argument("--templates", default=os.path.join(ROOT, "templates"))
    parser.add_argument("--pages", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--large", action="store_true", help="also 50,000 pages")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median reported)")
    parser.add_argument("--large-runs", type=int, default=None,
                        help="runs per command at 50,000 pages (default: --runs; a 50,000-page build takes a minute or more)")
    parser.add_argument("--hugo-runs", type=int, default=None, help="runs of hugo (default: --runs)")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo even when installed")
    parser.add_argument("--only", choices=["check", "build"], help="measure only this Groundwork command")
    parser.add_argument("--before", help="a second groundwork binary (the release before): its check and build "
                        "take turns with the others' in the same run, labelled check-before and build-before (issue 21)")
    parser.add_argument("--hugo-max-pages", type=int, default=10000,
                        help="run Hugo only up to this many pages (at 50,000 it takes minutes and 10 GiB)")
    parser.add_argument("--work", default=os.path.join(HERE, "work"), help="corpora and outputs")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--memory", choices=["as-is", "fill"], default="as-is",
                        help="as-is (default): memory as the last run left it; fill: before every run, "
                             "untimed, read a sparse file as large as memory into the page cache (MemoryFill)")
    parser.add_argument("--keep", action="store_true", help="keep the output folders (bench/work/out-*, bench/work/trash)")
    args = parser.parse_args()
    WORK = os.path.abspath(args.work)
    os.makedirs(WORK, exist_ok=True)
    binary = os.path.abspath(args.bin)
    if not os.access(binary, os.X_OK):
        sys.exit(f"no groundwork binary at {binary}: build it with `swift build -c release` (or pass --bin)")
    sizes = [int(s) for s in args.pages.split(",") if s]
    if args.large and 50000 not in sizes:
        sizes.append(50000)
    hugo = None if args.no_hugo else shutil.which("hugo")
    cmark = shutil.which("cmark")
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']} memory, Linux {info['kernel']}")
    print(f"groundwork: {binary}")
    if hugo:
        print("hugo: " + subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())
    else:
        print("hugo: not installed (apt-get install hugo); skipped")
    print(f"cmark: {cmark or 'not installed (apt-get install cmark); no floor'}")
    print(f"runs: {args.runs} per command; wall and CPU are medians, RSS the largest run\n")

    memory = MemoryFill(WORK) if args.memory == "fill" else None
    if memory:
        atexit.register(memory.close)  # also when a run fails (sys.exit in `measure`)
    reporting = free_page_reporting()
    print(f"memory: {'filled with page cache before every run (--memory fill)' if memory else 'as the last run left it'}; "
          f"free page reporting {reporting}")
    report = {"machine": info, "runs": args.runs, "memory": args.memory,
              "free_page_reporting": reporting, "sizes": {}}
    set_aside_outputs()
    for pages in sizes:
        folder = corpus(pages)
        files = markdown_files(folder)
        markdown_bytes = sum(os.path.getsize(p) for p in files)
        megabytes = markdown_bytes / 1e6
        print(f"== {pages} pages: {len(files)} Markdown files (with section indexes), {megabytes:.1f} MB; "
              f"load average {load_average()}", flush=True)
        row = {"pages": pages, "files": len(files), "markdown_bytes": markdown_bytes, "load_before": load_average()}
        out = os.path.join(WORK, f"out-groundwork-{pages}-{{run}}")
        common = ["--content", folder, "--templates", os.path.abspath(args.templates)]
        runs = args.large_runs if pages >= 50000 and args.large_runs else args.runs
        commands = []
        binaries = [("", binary)] + ([("-before", os.path.abspath(args.before))] if args.before else [])
        for suffix, path in binaries:
            if args.only != "build":
                commands.append(("check" + suffix, [path, "check"] + common, runs))
            if args.only != "check":
                where = out if not suffix else os.path.join(WORK, f"out-groundwork-before-{pages}-{{run}}")
                commands.append(("build" + suffix, [path, "build", "--search", "off", "--out", where] + common, runs))
        if cmark:
            joined = os.path.join(WORK, f"corpus-{pages}.md")
            if not os.path.exists(joined) or os.path.getsize(joined) != markdown_bytes:
                with open(joined, "wb") as f:
                    for p in files:
                        with open(p, "rb") as g:
                            f.write(g.read())
            commands.append(("cmark", [cmark, joined], runs))
        if hugo and pages <= args.hugo_max_pages:
            project = hugo_project(folder)
            hugo_out = os.path.join(WORK, f"out-hugo-{pages}-{{run}}")
            commands.append(("hugo", [hugo, "--quiet", "--source", project, "--destination", hugo_out],
                             args.hugo_runs or args.runs))
        row.update(interleaved(commands, memory))
        if "build" in row:
            first = out.replace("{run}", "0")
            row["output_bytes"] = sum(os.path.getsize(os.path.join(b, n)) for b, _, ns in os.walk(first) for n in ns)
            row["output_files"] = sum(len(ns) for _, _, ns in os.walk(first))
        row["load_after"] = load_average()
        report["sizes"][pages] = row
        print(f"   load average after: {row['load_after']}\n", flush=True)

    if not args.keep:
        delete_outputs()

    # The table.
    print(f"{'':24} {'wall':>9} {'CPU':>9} {'peak RSS':>12} {'pages/s':>9} {'MB/s':>7}")
    for pages, row in report["sizes"].items():
        for name in ["check-before", "check", "build-before", "build", "hugo", "cmark"]:
            if name in row:
                label = {"check": "groundwork check", "build": "groundwork build", "hugo": "hugo", "cmark": "cmark CLI (floor)",
                         "check-before": "check (before)", "build-before": "build (before)"}[name]
                print(f"{pages:>6} {label:<17} {figures(row[name], row['pages'], row['markdown_bytes'] / 1e6)}")
    print()

    # The targets of issue 21 (for the binary measured and, with --before, the one before).
    def verdict(ok):
        return "met" if ok else "MISSED"
    lines = []
    sizes = report["sizes"]
    for suffix in ([""] + (["-before"] if args.before else [])):
        who = "after " if suffix == "" and args.before else ("before" if suffix else "")
        build, check = "build" + suffix, "check" + suffix
        ten = sizes.get(10000, {})
        if build in ten and "hugo" in ten:
            ratio = ten[build]["wall"] / ten["hugo"]["wall"]
            lines.append(f"{who} 10000 pages: build / Hugo = {ratio:.3f}x (CPU {ten[build]['cpu'] / ten['hugo']['cpu']:.3f}x) "
                         f"— target at most 0.15x: {verdict(ratio <= 0.15)}")
        if check in ten and "cmark" in ten:
            ratio = ten[check]["wall"] / ten["cmark"]["wall"]
            lines.append(f"{who} 10000 pages: check / cmark CLI = {ratio:.2f}x — target at most 1.5x: {verdict(ratio <= 1.5)}")
        fifty = sizes.get(50000, {})
        if build in fifty and build in ten:
            ratio = fifty[build]["wall"] / ten[build]["wall"]
            lines.append(f"{who} 50000 / 10000 pages: build takes {ratio:.2f}x — target at most 5.2x: {verdict(ratio <= 5.2)}")
        if build in fifty:
            rss = fifty[build]["rss"]
            lines.append(f"{who} 50000 pages: build peak RSS {rss / 2**20:.0f} MiB — target at most 2048 MiB: {verdict(rss <= 2**31)}")
        for pages, row in sizes.items():
            for name in [check, build]:
                if name in row:
                    r = row[name]
                    lines.append(f"{who} {pages} pages: {name} CPU / wall = {r['cpu'] / r['wall']:.2f} (2 cores: 2.0 is both busy)")
    print("\n".join(lines))
    report["verdicts"] = lines
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


WORK = ""

if __name__ == "__main__":
    main()
