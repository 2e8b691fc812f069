"""Real SMTP servers on 127.0.0.1 for the tests (aiosmtpd, the standard library's successor to
smtpd): one that keeps what it accepts, refuses every message with 550 or is going down (421 to every
greeting), and STARTTLS or implicit
TLS with a self-signed certificate made here with `cryptography`, behind a user name and password.
The register talks to them with smtplib as it talks to the company's server: nothing stands in for it.

The fixtures `smtp`, `certificate` and `tls_smtp` (tests/conftest.py) start them; the browser
tests start one for the dashboard's server process with `start_server`."""

from __future__ import annotations

import ipaddress
import socket
import ssl
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Inbox:
    """An SMTP handler that keeps what it accepts, or refuses every message with 550."""

    def __init__(self, refuse: bool = False):
        self.refuse = refuse
        self.messages: list[tuple[tuple[str, ...], bytes]] = []

    def parsed(self):
        """(envelope recipients, the message parsed with the email package) for each accepted message."""
        return [(to, message_from_bytes(raw, policy=policy.default)) for to, raw in self.messages]

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "550 5.7.1 Relaying denied"
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class ShuttingDown(Inbox):
    """A server going down (for maintenance, out of resources): it answers every greeting with 421, as RFC 5321
    (4.2.2, 3.8) has a server that cannot serve do, and so takes no message."""

    DOWN = "421 4.3.2 Service not available, closing transmission channel"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        return [self.DOWN]

    async def handle_HELO(self, server, session, envelope, hostname):
        return self.DOWN


class Authenticator:
    """Accepts one user name and password (AUTH PLAIN or LOGIN) and remembers each sign-in."""

    def __init__(self, username: str, password: str):
        self.expected = (username.encode(), password.encode())
        self.seen: list[tuple[bytes, bool]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == self.expected
        self.seen.append((auth_data.login, ok))
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (cert file, key file) in `folder`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def start_server(refuse: bool = False, security: str = "none", certificate: tuple[Path, Path] | None = None,
                 username: str = "rekisteri", password: str = "smtp-salasana", down: bool = False):
    """A running server: (controller, inbox, authenticator or None). `security` "none" takes mail
    from anyone; "starttls" and "tls" need `certificate` and sign-in with `username`/`password`;
    `down`: it answers every greeting with 421 (`ShuttingDown`)."""
    inbox = ShuttingDown() if down else Inbox(refuse)
    if security == "none":
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        return controller, inbox, None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    auth = Authenticator(username, password)
    options = dict(hostname="127.0.0.1", port=free_port(), authenticator=auth)
    if security == "tls":  # aiosmtpd counts only STARTTLS as TLS when it guards AUTH; here the whole session is
        controller = Controller(inbox, ssl_context=context, auth_require_tls=False, **options)
    else:
        controller = Controller(inbox, tls_context=context, require_starttls=True, **options)
    controller.start()
    return controller, inbox, auth


def use_server(store: Path, port: int, security: str = "none", **more: str) -> None:
    """Point the register at the test server on 127.0.0.1:`port` (an admin's settings change)."""
    from registry.access import Actor
    from registry.settings import set_settings
    from registry.store import db
    with db.connect(store) as conn:
        set_settings(conn, Actor.system("test"), {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                                                  "smtp.security": security, "smtp.from": "rekisteri@molentum.fi",
                                                  "dashboard.url": "https://rekisteri.molentum.fi/", **more})
