#!/usr/bin/env python3
"""Debian's Radicale on 127.0.0.1 for Kith's source tests, with basic auth and one user's calendar and address book.

  radicale-test-server.py serve --folder DIR --user USER:PASS   prints "READY <port>" once it answers
  radicale-test-server.py put URL FILE USER:PASS               PUTs FILE (an .ics or .vcf item) to URL

The storage is written before Radicale starts: USER/work/ (a calendar with one event) and USER/contacts/ (an
address book with one card).
"""
import base64
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith tests//radicale//EN\r\n"
    "BEGIN:VEVENT\r\nUID:radicale-1@kith.example\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261120T100000Z\r\nDURATION:PT1H\r\nSUMMARY:Lunch with Bo\r\n"
    "ORGANIZER:mailto:me@kith.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:bo@kith.example\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bo@kith.example\r\nFN:Bo Radicale\r\nEMAIL:bo@kith.example\r\nEND:VCARD\r\n"


def serve(folder, user):
    name, password = user.split(":", 1)
    root = os.path.join(folder, "collections", "collection-root", name)
    for collection, tag, item, text in (("work", "VCALENDAR", "event-1.ics", EVENT),
                                        ("contacts", "VADDRESSBOOK", "bo.vcf", CARD)):
        path = os.path.join(root, collection)
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, ".Radicale.props"), "w") as props:
            json.dump({"tag": tag}, props)
        with open(os.path.join(path, item), "w", newline="") as out:
            out.write(text)
    users = os.path.join(folder, "users")
    with open(users, "w") as out:
        out.write("%s:%s\n" % (name, password))
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    # The test kills this script with SIGKILL, which it cannot pass on: the kernel kills Radicale then
    # (PR_SET_PDEATHSIG, set in the child before it runs).
    def die_with_parent():
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)

    child = subprocess.Popen(
        ["/usr/bin/python3", "-m", "radicale", "--server-hosts", "127.0.0.1:%d" % port,
         "--storage-filesystem-folder", os.path.join(folder, "collections"),
         "--auth-type", "htpasswd", "--auth-htpasswd-filename", users, "--auth-htpasswd-encryption", "plain",
         "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "radicale.log"), "w"),
        preexec_fn=die_with_parent)
    deadline = time.time() + 20
    while time.time() < deadline:
        if child.poll() is not None:
            sys.exit("radicale exited with %d; see %s" % (child.returncode, os.path.join(folder, "radicale.log")))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        child.kill()
        sys.exit("radicale did not listen within 20 s")
    print("READY %d" % port, flush=True)
    sys.stdout.close()
    child.wait()


def put(url, path, user):
    with open(path, "rb") as item:
        body = item.read()
    kind = "text/vcard" if path.endswith(".vcf") else "text/calendar"
    request = urllib.request.Request(url, data=body, method="PUT", headers={
        "Content-Type": kind + "; charset=utf-8",
        "Authorization": "Basic " + base64.b64encode(user.encode()).decode(),
    })
    with urllib.request.urlopen(request, timeout=10) as response:
        print(response.status)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[sys.argv.index("--folder") + 1], sys.argv[sys.argv.index("--user") + 1])
    elif sys.argv[1] == "put":
        put(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
