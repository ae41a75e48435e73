"""A test HTTP server for Groundwork's --external link checks. Listens on 127.0.0.1 only, on a
free port it prints as the first line of stdout, and exits when stdin closes.

Paths:
  /ok, /ok/...           200 (HEAD and GET)
  /missing               404            /gone          410
  /head-refused          405 on HEAD, 200 on GET
  /error                 500
  /slow                  waits 5 s, then 200 (a client with a short timeout gives up)
  /limited/<key>?n=N&after=S   429 with Retry-After: S for the first N requests of <key>, then 200
  /always-429?after=S    429 with Retry-After: S, always
  /busy/<key>?d=S        200 after S seconds; records how many requests were in flight at once
  /redirect              302 to /ok
  /stats                 JSON: requests per path, and the most requests in flight at once per /busy key
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

lock = threading.Lock()
counts = {}
in_flight = {}
max_in_flight = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers=None, body=b"ok\n"):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        path = url.path
        with lock:
            key = self.command + " " + path
            counts[key] = counts.get(key, 0) + 1
            count_for_path = sum(v for k, v in counts.items() if k.split(" ", 1)[1] == path)
        if path == "/stats":
            with lock:
                body = json.dumps({"counts": counts, "max_in_flight": max_in_flight}).encode()
            return self.reply(200, {"Content-Type": "application/json"}, body)
        if path == "/ok" or path.startswith("/ok/"):
            return self.reply(200)
        if path == "/missing":
            return self.reply(404)
        if path == "/gone":
            return self.reply(410)
        if path == "/error":
            return self.reply(500)
        if path == "/head-refused":
            return self.reply(405 if self.command == "HEAD" else 200)
        if path == "/redirect":
            return self.reply(302, {"Location": "/ok"})
        if path == "/slow":
            time.sleep(5)
            return self.reply(200)
        if path.startswith("/limited/"):
            n = int(query.get("n", ["1"])[0])
            after = query.get("after", ["1"])[0]
            if count_for_path <= n:
                return self.reply(429, {"Retry-After": after})
            return self.reply(200)
        if path == "/always-429":
            return self.reply(429, {"Retry-After": query.get("after", ["1"])[0]})
        if path.startswith("/busy/"):
            group = "busy"
            delay = float(query.get("d", ["0.3"])[0])
            with lock:
                in_flight[group] = in_flight.get(group, 0) + 1
                max_in_flight[group] = max(max_in_flight.get(group, 0), in_flight[group])
            time.sleep(delay)
            with lock:
                in_flight[group] -= 1
            return self.reply(200)
        return self.reply(404)

    do_GET = handle_any
    do_HEAD = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The test closes stdin (or dies): stop then.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
