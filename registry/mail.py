"""Sending mail through the company's SMTP server with the standard library (REGISTER.md section 12).

`smtp.security`: `starttls` (submission, port 587), `tls` (implicit TLS, port 465) or `none` (a local
relay). The password only from $REGISTRY_SMTP_PASSWORD, never from the store. A certificate is
checked against the system's authorities, or the file $REGISTRY_SMTP_CAFILE names (a company's own
authority). Every connection has a timeout: a server that does not answer is an error, not a hang.
"""

from __future__ import annotations

import base64
import os
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage

from .errors import BadInput

TIMEOUT_S = 20
PASSWORD_ENV = "REGISTRY_SMTP_PASSWORD"
CAFILE_ENV = "REGISTRY_SMTP_CAFILE"


def mail_set_up(settings: dict) -> bool:
    """Whether the settings name a server and a sender: without them no mail is sent (and that is no error
    for the mails at once; the digest's --send says what to set)."""
    return bool(settings.get("smtp.host") and settings.get("smtp.from"))


def password_given() -> bool:
    """Whether this process has a password to sign in with ($REGISTRY_SMTP_PASSWORD)."""
    return bool(os.environ.get(PASSWORD_ENV))


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str
    sender: str
    username: str
    password: str | None

    @classmethod
    def from_settings(cls, settings: dict) -> Server:
        """The server the settings name; BadInput when mail is not set up (no host or no sender)."""
        if not mail_set_up(settings):
            raise BadInput("mail is not set up: set smtp.host and smtp.from (python -m registry settings set, or the "
                           "Settings page)", code="smtp_not_set_up")
        return cls(settings["smtp.host"], int(settings["smtp.port"]), settings["smtp.security"], settings["smtp.from"],
                   settings.get("smtp.username") or "", os.environ.get(PASSWORD_ENV) or None)


def _context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=os.environ.get(CAFILE_ENV) or None)


def connect(server: Server) -> smtplib.SMTP:
    """An open, authenticated connection (the caller quits it)."""
    if server.security == "tls":
        smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_S, context=_context())
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_S)
        if server.security == "starttls":
            smtp.ehlo()
            if not smtp.has_extn("starttls"):  # never fall back to sending in the clear unasked
                smtp.close()
                raise smtplib.SMTPNotSupportedError(
                    f"{server.host}:{server.port} offers no STARTTLS; set smtp.security to tls (port 465) or, for a "
                    "local relay only, none")
            smtp.starttls(context=_context())
    if server.username:
        _sign_in(smtp, server.username, server.password or "")
    return smtp


def _sign_in(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """smtplib's login() encodes the credentials as ASCII, so a Finnish password ('Käärme-2026')
    would stop it with UnicodeEncodeError. Such credentials go as AUTH PLAIN in UTF-8 (RFC 4616)."""
    if (username + password).isascii():
        smtp.login(username, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if "plain" not in smtp.esmtp_features.get("auth", "").lower().split():
        raise smtplib.SMTPNotSupportedError("the server offers no AUTH PLAIN, and the password is not ASCII")
    token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode()).decode("ascii")
    code, answer = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


@dataclass(frozen=True)
class Delivery:
    """Who was reached, and who was not with the server's reason."""
    accepted: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]


def send(server: Server, messages: Iterable[tuple[str, EmailMessage]], on_accepted=None) -> Delivery:
    """Send each (key, message) over one connection; `on_accepted(key)` runs as soon as the server
    accepted a message (the caller records it then, and only then). A server that cannot be reached
    fails every message; one that refuses a message fails that one."""
    messages = list(messages)
    accepted, failed = [], []
    try:
        smtp = connect(server)
    except (OSError, smtplib.SMTPException) as err:
        return Delivery((), tuple((key, _reason(err)) for key, _ in messages))
    try:
        for index, (key, mail) in enumerate(messages):
            try:
                refused = smtp.send_message(mail)
            except (OSError, smtplib.SMTPServerDisconnected) as err:  # the connection is gone: none of the rest go
                failed += [(k, _reason(err)) for k, _ in messages[index:]]
                break
            except smtplib.SMTPException as err:  # this message refused; the next may go
                failed.append((key, _reason(err)))
                continue
            if refused:
                failed.append((key, "; ".join(f"{to}: {code} {msg!r}" for to, (code, msg) in refused.items())))
                continue
            accepted.append(key)
            if on_accepted:
                on_accepted(key)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return Delivery(tuple(accepted), tuple(failed))


def _reason(err: Exception) -> str:
    if isinstance(err, smtplib.SMTPResponseException):
        message = err.smtp_error.decode(errors="replace") if isinstance(err.smtp_error, bytes) else str(err.smtp_error)
        return f"{err.smtp_code} {message}"
    return f"{type(err).__name__}: {err}"
