#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) on loopback for the tests: stores each message it receives.

  smtp_server.py --port PORT --maildir DIR [--tls-cert CERT --tls-key KEY] [--implicit-tls]
                 [--auth USER:PASS] [--auth-mechanisms PLAIN,LOGIN] [--verbose]

Prints "READY <port>" (flushed) once it listens; --port 0 picks a free port. Each message becomes
DIR/<n>.eml (n zero-padded: 0001, 0002, ...) and then DIR/<n>.json with mail_from, rcpt_tos and
login (the authenticated user, or null). With --tls-cert the server offers STARTTLS, and requires it
when --auth is given; with --implicit-tls the socket is TLS from the first byte. With --auth, AUTH is
required and wrong credentials get 535. Exits cleanly on SIGTERM or SIGINT."""
import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Store:
    """Writes each message and its envelope to the mail folder."""

    def __init__(self, maildir):
        self.maildir = maildir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.maildir, f"{self.count:04d}")
        with open(base + ".eml", "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
        auth = session.auth_data
        login = auth.login.decode() if isinstance(auth, LoginPassword) else None
        # The .json appears last and whole, so a reader that sees it also sees the .eml.
        with open(base + ".json.tmp", "w") as handle:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login}, handle)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def authenticator_for(credentials):
    user, _, password = credentials.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    return authenticate


async def main():
    # A parent may have blocked these signals; without unblocking, SIGTERM would never arrive.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser(description="Test SMTP server on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth", help="USER:PASS")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", help="comma-separated subset of PLAIN,LOGIN")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if args.implicit_tls and not args.tls_cert:
        parser.error("--implicit-tls needs --tls-cert and --tls-key")
    os.makedirs(args.maildir, exist_ok=True)
    if not args.verbose:
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        warnings.simplefilter("ignore")

    context = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key or args.tls_cert)

    store = Store(args.maildir)
    offered = {m.strip().upper() for m in args.auth_mechanisms.split(",") if m.strip()}
    excluded = [m for m in ("PLAIN", "LOGIN") if m not in offered]

    def factory():
        options = dict(hostname="localhost", auth_exclude_mechanism=excluded)
        if args.auth:
            # On an implicit-TLS socket the connection is already encrypted, though aiosmtpd cannot tell.
            options.update(authenticator=authenticator_for(args.auth), auth_required=True,
                           auth_require_tls=not args.implicit_tls)
        else:
            options.update(auth_require_tls=False)
        if context is not None and not args.implicit_tls:
            options.update(tls_context=context, require_starttls=bool(args.auth))
        return SMTP(store, **options)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, host="127.0.0.1", port=args.port,
                                      ssl=context if args.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    await stop.wait()
    server.close()
    try:
        await asyncio.wait_for(server.wait_closed(), 2)
    except asyncio.TimeoutError:
        pass


if __name__ == "__main__":
    asyncio.run(main())
