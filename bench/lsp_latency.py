#!/usr/bin/env python3
"""Change-to-diagnostics latency of `groundwork lsp` on a generated corpus.

    python3 bench/lsp_latency.py --bin .build/release/groundwork --content DIR [--edits 21] [--debounce 150]

Starts `groundwork lsp` as an editor would (over pipes), opens one page of DIR (a corpus from
bench/gen_corpus.py, which has no diagnostics), then sends `--edits` changes of its unsaved
text, each adding or removing a broken link, so each one must publish the page's diagnostics
again. For each change it measures the time from sending `didChange` until the
`publishDiagnostics` for the page arrives, and reports it minus the debounce ("after the
debounce", what issue 22 asks to keep under 100 ms), with the server's own time per re-check
(GROUNDWORK_PROFILE=1). A second series renames a heading other pages link to and waits for
the diagnostics of one of those pages (a page that is not open). Nothing is written to DIR.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


class Client:
    def __init__(self, argv, env):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.next_id = 0
        self.stderr = []
        threading.Thread(target=lambda: [self.stderr.append(l.decode()) for l in self.proc.stderr], daemon=True).start()

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = self.proc.stdout.read(1)
            if not c:
                raise SystemExit("server closed its output")
            header += c
        length = int(re.search(rb"Content-Length: *(\d+)", header, re.I).group(1))
        return json.loads(self.proc.stdout.read(length)), time.perf_counter()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message, _ = self.read()
            if message.get("id") == self.next_id:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_publish(self, uri):
        while True:
            message, at = self.read()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message, at


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--content", required=True)
    parser.add_argument("--edits", type=int, default=21)
    parser.add_argument("--debounce", type=int, default=150)
    args = parser.parse_args()
    root = Path(args.content).resolve()
    pages = sorted(p for p in root.glob("s*/p*.md"))
    page = pages[len(pages) // 2]
    text = page.read_text()
    env = dict(os.environ, GROUNDWORK_PROFILE="1")
    client = Client([args.bin, "lsp", "--debounce", str(args.debounce)], env)
    client.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
    client.notify("initialized", {})
    uri = page.as_uri()
    started = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    # The corpus is clean: the first check publishes nothing. A hover waits for it.
    client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    print(f"{len(pages)} pages; open + first check: {(time.perf_counter() - started) * 1000:.0f} ms")

    latencies = []
    for n in range(args.edits):
        broken = n % 2 == 0
        new = text + (f"\nSee [gone](missing-{n}.md).\n" if broken else "")
        sent = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": n + 2}, "contentChanges": [{"text": new}]})
        message, at = client.wait_publish(uri)
        assert bool(message["params"]["diagnostics"]) == broken, message
        latencies.append((at - sent) * 1000 - args.debounce)
    text_back = text

    # A heading other pages link to, renamed: a page that links to it (not open) is published.
    linker, heading = None, None
    for candidate in re.findall(r"^#+ (.+)$", text, re.M):
        slug = re.sub(r"[^a-z0-9 -]", "", candidate.lower()).replace(" ", "-")
        linker = next((p for p in pages if p != page and f"{page.name}#{slug})" in p.read_text()), None)
        if linker:
            heading = candidate
            break
    cross = []
    if linker:
        for n in range(args.edits):
            renamed = n % 2 == 0
            new = re.sub(r"^(#+ )" + re.escape(heading) + "$", lambda m: m.group(1) + heading + " renamed", text_back, count=1,
                         flags=re.M) if renamed else text_back
            sent = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 100 + n}, "contentChanges": [{"text": new}]})
            message, at = client.wait_publish(linker.as_uri())
            assert bool(message["params"]["diagnostics"]) == renamed, message
            cross.append((at - sent) * 1000 - args.debounce)
    client.request("shutdown", None)
    client.notify("exit", None)
    client.proc.wait(timeout=10)
    checks = [float(m.group(1)) for l in client.stderr if (m := re.search(r"checked .* in ([\d.]+) ms", l))]

    def summary(values):
        values = sorted(values)
        return f"median {statistics.median(values):.1f} ms, min {values[0]:.1f}, max {values[-1]:.1f} (n={len(values)})"

    print(f"change -> publishDiagnostics of the page, after the {args.debounce} ms debounce: {summary(latencies)}")
    if cross:
        print(f"heading renamed -> publishDiagnostics of a page linking to it ({linker.relative_to(root)}): {summary(cross)}")
    if checks:
        print(f"server's own time per re-check (incremental rebuild + publish): {summary(checks[1:])}")


if __name__ == "__main__":
    main()
