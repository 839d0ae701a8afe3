#!/usr/bin/env python3
"""A scripted HTTP(S) server on 127.0.0.1 for Kith's source tests: one path per fault.

Prints "READY <port>" once listening. Every request is appended to --log as one JSON line (path and the
headers Kith sent), so a test can check the conditional requests. With --tls CERT KEY it speaks HTTPS.
Standard library only.
"""
import argparse
import gzip
import json
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith tests//feed//EN\r\n"
    "BEGIN:VEVENT\r\nUID:feed-1@kith.example\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261125T100000Z\r\nDURATION:PT1H\r\nSUMMARY:Coffee with Ana\r\n"
    "ORGANIZER:mailto:me@kith.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@kith.example\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()
CARDS = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Feed\r\nEMAIL:ana@kith.example\r\nEND:VCARD\r\n".encode()
ETAG = '"v1"'
LAST_MODIFIED = "Sun, 01 Nov 2026 00:00:00 GMT"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--user", help="USER:PASS required by /private.ics (basic auth)")
    options = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def record(self):
            with open(options.log, "a") as log:
                log.write(json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}))
                log.write("\n")

        def send(self, status, body=b"", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if not any(name.lower() == "content-length" for name, _ in headers):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self.record()
            path = self.path.split("?")[0]
            if path in ("/cal.ics", "/private.ics"):
                if path == "/private.ics":
                    import base64
                    expected = "Basic " + base64.b64encode(options.user.encode()).decode()
                    if self.headers.get("Authorization") != expected:
                        return self.send(401, b"no", [("WWW-Authenticate", 'Basic realm="feeds"')])
                if self.headers.get("If-None-Match") == ETAG:
                    return self.send(304, b"", [("ETag", ETAG)])
                return self.send(200, CALENDAR, [("Content-Type", "text/calendar"), ("ETag", ETAG),
                                                 ("Last-Modified", LAST_MODIFIED)])
            if path == "/cards.vcf":
                return self.send(200, CARDS, [("Content-Type", "text/vcard")])
            if path == "/missing":
                return self.send(404, b"not here")
            if path == "/broken":
                return self.send(500, b"oops")
            if path == "/loop":
                return self.send(302, b"", [("Location", "/loop")])
            if path == "/moved":
                return self.send(301, b"", [("Location", "/cal.ics")])
            if path == "/html":
                page = b"<!DOCTYPE html><html><body>Please sign in</body></html>"
                return self.send(200, page, [("Content-Type", "text/html")])
            if path == "/gzip":
                if "gzip" not in self.headers.get("Accept-Encoding", ""):
                    return self.send(406, b"gzip only")
                return self.send(200, gzip.compress(CALENDAR), [("Content-Type", "text/calendar"),
                                                                ("Content-Encoding", "gzip")])
            if path == "/truncated":
                # Announces the whole calendar and sends half of it, then hangs up.
                self.send_response(200)
                self.send_header("Content-Length", str(len(CALENDAR)))
                self.end_headers()
                self.wfile.write(CALENDAR[: len(CALENDAR) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if path == "/cut":
                # No length at all, and the calendar stops in the middle: only its missing end says so.
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(CALENDAR[: len(CALENDAR) // 2])
                self.close_connection = True
                return
            if path == "/big":
                # Two megabytes without a Content-Length, in pieces.
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"BEGIN:VCALENDAR\r\n")
                for _ in range(2048):
                    self.wfile.write(b"X-FILLER:" + b"x" * 1013 + b"\r\n")
                self.wfile.write(b"END:VCALENDAR\r\n")
                self.close_connection = True
                return
            if path == "/slow":
                self.send_response(200)
                self.send_header("Content-Length", str(len(CALENDAR)))
                self.end_headers()
                for index in range(len(CALENDAR)):
                    self.wfile.write(CALENDAR[index:index + 1])
                    self.wfile.flush()
                    time.sleep(0.5)
                return
            return self.send(404, b"unknown path")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if options.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.tls[0], options.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("READY %d" % server.server_address[1], flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
