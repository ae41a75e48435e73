#!/usr/bin/env python3
"""Change-to-reload latency of `groundwork serve` on a generated corpus.

    python3 bench/serve_latency.py --bin .build-serve/release/groundwork --content DIR [--edits 11] [--profile]

Starts `groundwork serve --port 0` on DIR (a corpus from bench/gen_corpus.py; the script edits
one page in it and puts it back), subscribes to the event stream like an open page, then edits
one page `--edits` times. For each edit it reports
  reload: from just before the write until the `reload` event arrives;
  page:   until the edited page, fetched after the event, shows the edit.
and prints the medians and where the server says the time went.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def read_events(sock, out, stop):
    """Appends (time, name, data) for every server-sent event until stopped."""
    buffer = b""
    header_done = False
    text = ""
    while not stop.is_set():
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if not data:
            return
        now = time.perf_counter()
        buffer += data
        if not header_done:
            if b"\r\n\r\n" not in buffer:
                continue
            buffer = buffer.split(b"\r\n\r\n", 1)[1]
            header_done = True
        # Chunked transfer coding: size line, data, CRLF.
        while True:
            line_end = buffer.find(b"\r\n")
            if line_end < 0:
                break
            size = int(buffer[:line_end].split(b";")[0], 16)
            if len(buffer) < line_end + 2 + size + 2:
                break
            text += buffer[line_end + 2:line_end + 2 + size].decode()
            buffer = buffer[line_end + 2 + size + 2:]
        while "\n\n" in text:
            block, text = text.split("\n\n", 1)
            name, payload = "message", []
            for line in block.split("\n"):
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    payload.append(line[5:].strip())
            if payload:
                out.append((now, name, "\n".join(payload)))


def cpu_ms(pid):
    """CPU time the process has used so far, all threads, ended ones included (10 ms ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks).decode(errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--content", required=True)
    parser.add_argument("--templates", default="templates")
    parser.add_argument("--edits", type=int, default=11)
    parser.add_argument("--page", default=None, help="content-relative page to edit (default: one in the middle)")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between edits (default 2)")
    parser.add_argument("--profile", action="store_true",
                        help="also time each cross-page stage after every rebuild (runs them again: latencies get worse)")
    args = parser.parse_args()

    page = args.page
    if page is None:
        sections = sorted(d for d in os.listdir(args.content) if re.fullmatch(r"s\d{3}", d))
        middle = sections[len(sections) // 2]
        page = middle + "/" + sorted(f for f in os.listdir(os.path.join(args.content, middle)) if f.startswith("p"))[0]
    page_path = os.path.join(args.content, page)
    url = "/" + page[:-3] + "/"
    original = open(page_path, encoding="utf-8").read()

    # GROUNDWORK_PROFILE=1: the server prints each rebuild's stage timings, which this script reads.
    env = dict(os.environ, NO_COLOR="1", GROUNDWORK_PROFILE="1")
    if args.profile:
        env["GROUNDWORK_SERVE_PROFILE"] = "1"
    started = time.perf_counter()
    server = subprocess.Popen([args.bin, "serve", "--content", args.content, "--templates", args.templates, "--port", "0"],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    log = []
    port = None
    while port is None:
        line = server.stderr.readline()
        if not line:
            sys.exit("serve exited before listening:\n" + "".join(log))
        log.append(line)
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
    first_build = next((l for l in log if l.startswith("built ")), "").strip()
    print(f"first build and listen: {time.perf_counter() - started:.1f} s — {first_build}")

    def drain():
        for line in server.stderr:
            log.append(line)
    threading.Thread(target=drain, daemon=True).start()

    sock = socket.create_connection(("127.0.0.1", port), timeout=0.2)
    sock.sendall(b"GET /__groundwork/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    events, stop = [], threading.Event()
    threading.Thread(target=read_events, args=(sock, events, stop), daemon=True).start()
    deadline = time.perf_counter() + 10
    while not any(e[1] == "state" for e in events):
        if time.perf_counter() > deadline:
            sys.exit("no state event")
        time.sleep(0.01)

    reloads, pages, cpus = [], [], []
    try:
        for k in range(args.edits):
            token = f"Edited sentence number {k} for the benchmark."
            text = original.replace("\n\n", f"\n\n{token} ", 1) if k % 2 == 0 else original.replace("\n\n## ", f"\n\n{token}\n\n## ", 1)
            seen = len(events)
            time.sleep(args.pause)  # separate edits, as a writer's saves are
            c0 = cpu_ms(server.pid)
            t0 = time.perf_counter()
            with open(page_path, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                fresh = [e for e in events[seen:] if e[1] in ("reload", "errors")]
                if fresh:
                    break
                if time.perf_counter() - t0 > 10:
                    sys.exit("no reload within 10 s")
                time.sleep(0.0005)
            c1 = cpu_ms(server.pid)
            t1 = fresh[0][0]
            if fresh[0][1] != "reload":
                sys.exit("edit produced errors: " + fresh[0][2][:500])
            body = get(port, url)
            t2 = time.perf_counter()
            if token not in body:
                sys.exit("reloaded page lacks the edit")
            reloads.append((t1 - t0) * 1000)
            pages.append((t2 - t0) * 1000)
            cpus.append(c1 - c0)
            print(f"edit {k + 1:2d}: reload {reloads[-1]:6.1f} ms, page {pages[-1]:6.1f} ms, server CPU until reload {cpus[-1]:6.1f} ms")
    finally:
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        stop.set()
        server.terminate()
        server.wait(timeout=10)

    print(f"\nmedian change-to-reload: {statistics.median(reloads):.1f} ms (min {min(reloads):.1f}, max {max(reloads):.1f})")
    print(f"median change-to-new-page: {statistics.median(pages):.1f} ms (min {min(pages):.1f}, max {max(pages):.1f})")
    print(f"median server CPU time from change to reload: {statistics.median(cpus):.1f} ms (all threads)")
    print(f"load average now: {' '.join(open('/proc/loadavg').read().split()[:3])} on {os.cpu_count()} cores")

    # The server's own account of each rebuild: "[stage ms, stage ms, ...]" and profile lines.
    stages, profile = {}, {}
    for line in log:
        if line.startswith("rebuilt ("):
            for name, ms in re.findall(r"([^,\[\]]+?) ([\d.]+)(?:,|\])", line.split("[", 1)[1]):
                stages.setdefault(re.sub(r"\(\d+ pages\)", "(pages)", name.strip()), []).append(float(ms))
        elif line.startswith("profile: "):
            for name, ms in re.findall(r"([^,]+?) ([\d.]+)(?:,|$)", line[9:].strip()):
                profile.setdefault(name.strip(), []).append(float(ms))
    if stages:
        print("\nserver-side rebuild stages (median ms):")
        for name, values in stages.items():
            print(f"  {name:28s} {statistics.median(values):7.1f}")
    if profile:
        print("cross-page stages timed one by one after each rebuild (median ms):")
        for name, values in profile.items():
            print(f"  {name:28s} {statistics.median(values):7.1f}")


if __name__ == "__main__":
    main()
