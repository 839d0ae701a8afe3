#!/usr/bin/python3
"""An SMTP server for Kith's integration tests, on 127.0.0.1 only (aiosmtpd, Debian's python3-aiosmtpd).

    smtp-test-server.py --spool DIR [--starttls CERT KEY | --implicit-tls CERT KEY] [--auth USER:PASS]
                        [--fault greeting421|rcpt451|data554|drop-data|slow]

Prints "READY <port>" once listening, then serves until killed. Every accepted message is written to
SPOOL/<n>.eml (the envelope in SPOOL/<n>.json).
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--spool", required=True)
parser.add_argument("--starttls", nargs=2)
parser.add_argument("--implicit-tls", nargs=2)
parser.add_argument("--auth")
parser.add_argument("--fault")
args = parser.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


port = free_port()

if args.fault == "greeting421":
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen()
    print(f"READY {port}", flush=True)
    while True:
        connection, _ = server.accept()
        connection.sendall(b"421 4.3.2 Service not available, closing channel\r\n")
        connection.close()


class Handler:
    count = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if args.fault == "slow":
            await asyncio.sleep(30)
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if args.fault == "rcpt451":
            return "451 4.3.0 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if args.fault == "data554":
            return "554 5.7.1 Message rejected"
        if args.fault == "drop-data":
            server.transport.close()
            return "421 closing"
        Handler.count += 1
        base = os.path.join(args.spool, str(Handler.count))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        return f"250 2.0.0 Ok: queued as kith-test-{Handler.count}"


def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = args.auth.split(":", 1)
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


context = None
cert = args.starttls or args.implicit_tls
if cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert[0], cert[1])

options = dict(hostname="127.0.0.1", port=port)
if args.auth:
    # With implicit TLS the whole session is encrypted; aiosmtpd only tracks STARTTLS for auth_require_tls.
    options.update(authenticator=authenticator, auth_require_tls=bool(args.starttls), auth_required=True)
if args.starttls:
    options.update(tls_context=context, require_starttls=True)
if args.implicit_tls:
    options.update(ssl_context=context)

controller = Controller(Handler(), **options)
controller.start()
print(f"READY {port}", flush=True)
try:
    while True:
        time.sleep(3600)
finally:
    controller.stop()
