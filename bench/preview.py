#!/usr/bin/env python3
"""Preview latency of `groundwork serve`: from saving a page to the served page showing the edit.

    python3 bench/preview.py [--bin PATH | --bin LABEL=PATH ...] [--pages 1000,10000] [--edits 5]

For each corpus size (bench/gen_corpus.py, generated once into bench/work/preview-N) and each
binary, in turn: starts `groundwork serve --port 0` on the corpus, subscribes to the live-reload
event stream (`/__groundwork/events`) as an open page does, then edits one page in the middle
of the corpus `--edits` times in each of three ways, `--pause` seconds apart:

  body     a sentence added to the first paragraph
  heading  a `##` heading added before the first (a new id: pages linking here are checked again)
  link     a paragraph with a link to another page added

Each edit is timed from just before the file is written until a GET of the edited page returns
HTML containing the edit (fetched when the `reload` event arrives, then polled until it shows the
edit). Prints every edit, the median per kind and overall, the targets of issue 21 (50 ms at
1,000 pages, 150 ms at 10,000), the server's own account of where each rebuild's time went
(GROUNDWORK_PROFILE), and the load average. The corpus is put back as it was afterwards.
Two or more `--bin LABEL=PATH` (e.g. before=... after=...) are measured in the same run;
`--rounds N` alternates them N times (before, after, after, before, ...: a paired comparison on a
shared machine, where load drifts within minutes) and reports the medians over all rounds.
"""

import argparse
import hashlib
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, "work")
TARGETS_MS = {1000: 50, 10000: 150}
KINDS = ("body", "heading", "link")


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def corpus(pages):
    """The corpus of `pages` pages in bench/work/preview-N, generated when missing or stale."""
    folder = os.path.join(WORK, f"preview-{pages}")
    stamp = os.path.join(folder, ".bench-stamp")
    with open(os.path.join(HERE, "gen_corpus.py"), "rb") as f:
        key = f"{pages} 20 {hashlib.sha256(f.read()).hexdigest()[:16]}"
    if os.path.exists(stamp) and open(stamp).read() == key:
        return folder
    print(f"  generating {pages} pages in {folder} ...", flush=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--pages", str(pages), "--out", folder,
                    "--terms", "20"], check=True, stdout=subprocess.DEVNULL)
    with open(stamp, "w") as f:
        f.write(key)
    return folder


# The event-stream reader and the page fetch are serve_latency.py's (one client for both benches).
sys.path.insert(0, HERE)
from serve_latency import get, read_events  # noqa: E402


class Events:
    """Reads the server-sent event stream on its own thread; `wait_for` returns the next event."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=0.2)
        self.sock.sendall(b"GET /__groundwork/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        self.events = []
        self.stop = threading.Event()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        read_events(self.sock, self.events, self.stop)

    def wait_for(self, names, after, timeout):
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            fresh = [e for e in self.events[after:] if e[1] in names]
            if fresh:
                return fresh[0]
            time.sleep(0.0002)
        return None


def edited(original, kind, k):
    """The page with edit number `k` of `kind`, and the text the served page must then contain."""
    token = f"Bench{kind.capitalize()}Edit{k}x"
    if kind == "body":
        return original.replace("\n\n", f"\n\n{token} was added. ", 1), token
    if kind == "heading":
        # A new heading (a new id; renaming one would break the corpus's links to it).
        return original.replace("\n\n## ", f"\n\n## {token}\n\nText under it.\n\n## ", 1), token
    return original.replace("\n\n## ", f"\n\nSee [{token}](../s001/p00001.md) as well.\n\n## ", 1), token


def measure(binary, folder, edits, pause, templates):
    sections = sorted(d for d in os.listdir(folder) if re.fullmatch(r"s\d{3}", d))
    middle = sections[len(sections) // 2]
    page = middle + "/" + sorted(f for f in os.listdir(os.path.join(folder, middle)) if f.startswith("p"))[0]
    page_path = os.path.join(folder, page)
    url = "/" + page[:-3] + "/"
    original = open(page_path, encoding="utf-8").read()

    env = dict(os.environ, NO_COLOR="1", GROUNDWORK_PROFILE="1")
    started = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "--content", folder, "--templates", templates, "--port", "0"],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    log, port = [], None
    while port is None:
        line = server.stderr.readline()
        if not line:
            sys.exit("serve exited before listening:\n" + "".join(log))
        log.append(line)
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
    print(f"    first build and listen: {time.perf_counter() - started:.1f} s", flush=True)
    threading.Thread(target=lambda: [log.append(l) for l in server.stderr], daemon=True).start()
    events = Events(port)
    if events.wait_for(("state",), 0, 30) is None:
        sys.exit("no state event")
    get(port, url)  # the page is open in the browser before the edits

    results = {kind: [] for kind in KINDS}
    server_ms = {kind: [] for kind in KINDS}
    try:
        for k in range(edits):
            for kind in KINDS:
                text, token = edited(original, kind, k)
                time.sleep(pause)  # a writer's saves are seconds apart
                seen = len(events.events)
                mark = len(log)
                t0 = time.perf_counter()
                with open(page_path, "w", encoding="utf-8") as f:
                    f.write(text)
                event = events.wait_for(("reload", "errors"), seen, 60)
                if event is None:
                    sys.exit("no reload within 60 s")
                if event[1] != "reload":
                    sys.exit("the edit produced errors: " + event[2][:500])
                while token not in get(port, url):
                    if time.perf_counter() - t0 > 60:
                        sys.exit("the page never showed the edit")
                    time.sleep(0.001)
                elapsed = (time.perf_counter() - t0) * 1000
                results[kind].append(elapsed)
                time.sleep(0.05)  # the server prints its account just after the reload
                rebuilt = [float(m.group(1)) for line in log[mark:] if line.startswith("rebuilt (")
                           for m in [re.search(r" in (\d+) ms", line)] if m]
                server_ms[kind].append(sum(rebuilt))
                print(f"    {kind:8s} edit {k + 1}: {elapsed:7.1f} ms (reload event after {(event[0] - t0) * 1000:6.1f} ms; "
                      f"server's rebuild {sum(rebuilt):.0f} ms in {len(rebuilt)})", flush=True)
    finally:
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        events.stop.set()
        server.terminate()
        server.wait(timeout=30)

    stages = {}
    for line in log:
        if line.startswith("rebuilt ("):
            for name, ms in re.findall(r"([^,\[\]]+?) ([\d.]+)(?:,|\])", line.split("[", 1)[1]):
                stages.setdefault(re.sub(r"\(\d+ pages\)", "(pages)", name.strip()), []).append(float(ms))
    return results, stages, server_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", action="append", default=[], help="PATH or LABEL=PATH; repeat to compare binaries")
    parser.add_argument("--pages", default="1000,10000")
    parser.add_argument("--edits", type=int, default=5, help="edits of each kind (default 5)")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between edits (default 2)")
    parser.add_argument("--templates", default=os.path.join(ROOT, "templates"))
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure the binaries in turn this many times, alternating their order (default 1)")
    args = parser.parse_args()
    binaries = []
    for entry in args.bin or [os.path.join(ROOT, ".build-bench/release/groundwork")]:
        label, _, path = entry.rpartition("=")
        binaries.append((label or "groundwork", path))

    summary = []
    for pages in [int(p) for p in args.pages.split(",")]:
        folder = corpus(pages)
        results = {label: {kind: [] for kind in KINDS} for label, _ in binaries}
        server_ms = {label: {kind: [] for kind in KINDS} for label, _ in binaries}
        stages = {label: {} for label, _ in binaries}
        loads = {label: [] for label, _ in binaries}
        for round in range(args.rounds):
            order = binaries if round % 2 == 0 else list(reversed(binaries))
            for label, binary in order:
                load = load_average()
                loads[label].append(load.split()[0])
                print(f"\n{pages:,} pages, {label} ({binary}), round {round + 1} of {args.rounds}; load average {load}", flush=True)
                r, st, sm = measure(binary, folder, args.edits, args.pause, args.templates)
                for kind in KINDS:
                    results[label][kind] += r[kind]
                    server_ms[label][kind] += sm[kind]
                for name, values in st.items():
                    stages[label].setdefault(name, []).extend(values)
        for label, _ in binaries:
            medians = {kind: statistics.median(values) for kind, values in results[label].items()}
            overall = statistics.median([v for values in results[label].values() for v in values])
            summary.append((pages, label, medians, overall, " / ".join(loads[label])))
            print(f"\n{pages:,} pages, {label}: {len(results[label]['body'])} edits of each kind")
            print(f"  medians: " + ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in medians.items()) + f"; all {overall:.1f} ms")
            print(f"  the server's own rebuild time (median): "
                  + ", ".join(f"{kind} {statistics.median(values):.0f} ms" for kind, values in server_ms[label].items()))
            if stages[label]:
                print("  server-side rebuild stages (median ms): "
                      + ", ".join(f"{name} {statistics.median(values):.1f}" for name, values in stages[label].items()))

    print("\npreview, edit -> page changed (median of all edits; per kind: body / heading / link)")
    print("| pages | binary | all | body | heading | link | target | load average (1 min) at each start |")
    print("|---:|---|---:|---:|---:|---:|---|---|")
    for pages, label, medians, overall, load in summary:
        target = TARGETS_MS.get(pages)
        verdict = "" if target is None else (f"<= {target} ms: met" if overall <= target
                                             else f"<= {target} ms: missed by {overall - target:.0f} ms ({overall / target:.1f}x)")
        print(f"| {pages:,} | {label} | {overall:.1f} ms | {medians['body']:.1f} | {medians['heading']:.1f} | "
              f"{medians['link']:.1f} | {verdict} | {load} |")


if __name__ == "__main__":
    main()
