"""Mail at once to the managers who can approve (REGISTER.md section 12): a purge proposal (four
eyes) and an Art. 12(5) refusal awaiting a second manager are mailed to the other managers as soon
as they are proposed, when mail is set up. Ids, kinds, counts and a link only: no personal data.

A mail is never part of the proposal: the proposal is committed first and stands whatever the mail
does (the other managers' Overview shows it anyway). The store is not held while the server is
talked to: `notify_approvers` takes a `connect` callable and opens the store once to build the
messages and once to record who was mailed, so a slow server keeps nobody else out of the register.
Each approver is mailed once per proposal (table `approval_mails`): a double click mails nobody twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape

from .access import Actor, require
from .audit import utc_now, write_audit
from .bilingual import by_language
from .digest import KIND_WORDS, day_text
from .mail import Server, mail_set_up
from .mail import send as deliver
from .settings import current_settings
from .store.db import transaction

KINDS = ("purge_proposal", "refusal_proposal")

APPROVERS_SQL = """
SELECT username, email, coalesce(language, 'fi') FROM staff_users
WHERE disabled_at IS NULL AND email IS NOT NULL AND trim(email) <> '' AND role = 'manager' AND username <> ?
  AND username NOT IN (SELECT username FROM approval_mails WHERE kind = ? AND ref_id = ?)
ORDER BY username"""
RECORD_SQL = "INSERT INTO approval_mails VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
PURGE_PROPOSAL_SQL = "SELECT len(customer_ids), for_day FROM purge_proposals WHERE id = ? AND status = 'proposed'"
REFUSAL_PROPOSAL_SQL = """
SELECT r.kind, p.ground FROM refusal_proposals AS p JOIN requests AS r ON r.id = p.request_id
WHERE p.request_id = ? AND r.status IN ('received', 'in_progress')"""

TEXT = by_language({
    "purge_subject": ("Asiakasrekisteri: poistoehdotus {id} odottaa hyväksyntääsi",
                      "Customer register: purge proposal {id} awaits your approval"),
    "purge_body": ("{who} ehdottaa {n} henkilön poistamista tänään ({day}). Ehdotus toteutuu vain, kun toinen "
                   "esihenkilö hyväksyy sen saman päivän aikana; muuten se raukeaa päivän päättyessä.",
                   "{who} proposes purging {n} persons today ({day}). It is carried out only when another manager "
                   "approves it the same day; otherwise it lapses at the end of the day."),
    "refusal_subject": ("Asiakasrekisteri: pyynnön {id} epääminen odottaa hyväksyntääsi",
                        "Customer register: the refusal of request {id} awaits your approval"),
    "refusal_body": ("{who} ehdottaa pyynnön {id} ({kind}) epäämistä, koska se on {ground} (tietosuoja-asetuksen "
                     "12 artiklan 5 kohta). Kirje lähtee vasta, kun toinen esihenkilö hyväksyy ehdotuksen.",
                     "{who} proposes refusing request {id} ({kind}) as {ground} (GDPR Art. 12(5)). The letter "
                     "goes only when another manager approves."),
    "grounds": {"unfounded": ("ilmeisen perusteeton", "manifestly unfounded"),
                "excessive": ("kohtuuton", "excessive")},
    "kinds": KIND_WORDS,
    "open": ("Avaa ehdotus koontinäkymässä", "Open the proposal in the dashboard"),
    "footer": ("Tässä viestissä ei ole henkilötietoja: henkilöt näet koontinäkymässä.",
               "This message holds no personal data: the persons are in the dashboard."),
})


@dataclass(frozen=True)
class Notified:
    """Who was mailed about a proposal and who not (with the server's reason); `set_up` False when
    mail is not set up (nobody is mailed and that is not an error)."""
    set_up: bool
    mailed: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()


def _message(kind: str, ref_id: int, facts: tuple, proposer: str, to: str, lang: str, url: str,
             sender: str) -> EmailMessage:
    text = TEXT[lang]
    url = url.rstrip("/")
    if kind == "purge_proposal":
        count, day = facts
        subject = text["purge_subject"].format(id=ref_id)
        body = text["purge_body"].format(who=proposer, n=count, day=day_text(day, lang))
        link = f"{url}/due?proposal={ref_id}&lang={lang}"
    else:
        request_kind, ground = facts
        subject = text["refusal_subject"].format(id=ref_id)
        body = text["refusal_body"].format(who=proposer, id=ref_id, kind=text["kinds"].get(request_kind, request_kind),
                                           ground=text["grounds"].get(ground, ground))
        link = f"{url}/requests?request={ref_id}&lang={lang}"
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = sender
    mail["To"] = to
    mail.set_content(f"{body}\n\n{text['open']}: {link}\n\n{text['footer']}\n")
    mail.add_alternative(f"<html><body><p>{escape(body)}</p><p><a href=\"{escape(link)}\">{escape(text['open'])}"
                         f"</a></p><p><small>{escape(text['footer'])}</small></p></body></html>", subtype="html")
    mail["Content-Language"] = lang
    return mail


def approval_mails(conn, kind: str, ref_id: int, proposer: str) -> tuple[Server, list[tuple[str, EmailMessage]]] | None:
    """The server and (username, message) for each manager but the proposer not yet mailed about
    this proposal; None when mail is not set up or the proposal is no longer awaiting approval."""
    if kind not in KINDS:
        raise ValueError(kind)
    settings = current_settings(conn)
    if not mail_set_up(settings):
        return None
    server = Server.from_settings(settings)
    facts = conn.execute(PURGE_PROPOSAL_SQL if kind == "purge_proposal" else REFUSAL_PROPOSAL_SQL,
                         [ref_id]).fetchone()
    if facts is None:
        return None
    return server, [(username, _message(kind, ref_id, facts, proposer, email, lang if lang in ("fi", "en") else "fi",
                                        settings["dashboard.url"], server.sender))
                    for username, email, lang in conn.execute(APPROVERS_SQL, [proposer, kind, ref_id]).fetchall()]


def notify_approvers(connect: Callable, actor: Actor, kind: str, ref_id: int) -> Notified:
    """Mail the other managers that proposal `ref_id` (a purge proposal's id, or the request id of
    an Art. 12(5) refusal proposal) awaits their approval. Never raises for the mail: a server that
    cannot be reached or refuses is returned in `failed` (and audited), and the proposal stands.
    `connect()` opens the store for one unit of work (a context manager); it is called twice."""
    with connect() as conn:
        made = approval_mails(conn, kind, ref_id, actor.name)
    if made is None:
        return Notified(False)
    server, messages = made
    if not messages:
        return Notified(True)
    delivery = deliver(server, messages)
    with connect() as conn, transaction(conn):
        now = utc_now()
        for username in delivery.accepted:
            conn.execute(RECORD_SQL, [kind, ref_id, username, now])
        write_audit(conn, actor.name, "approval_mailed", {"kind": kind, "ref_id": ref_id,
                                                          "mailed": list(delivery.accepted),
                                                          "failed": [u for u, _ in delivery.failed]})
    return Notified(True, delivery.accepted, delivery.failed)


# --- "send a test message to me" (the Settings page) ----------------------------------------------

TEST_TEXT = by_language({
    "subject": ("Asiakasrekisteri: testiviesti", "Customer register: test message"),
    "body": ("Tämä on asiakasrekisterin testiviesti, jonka {who} lähetti asetussivulta. Sähköposti toimii: päivän "
             "kooste ja hyväksyntää odottavat ehdotukset tulevat tätä reittiä.\n\nPalvelin: {server}\nKoontinäkymä: "
             "{url}",
             "This is a test message of the customer register, sent by {who} from the Settings page. Mail works: the "
             "daily digest and the proposals awaiting approval come this way.\n\nServer: {server}\nDashboard: {url}"),
})


def send_test_message(connect: Callable, actor: Actor, to: str, language: str) -> str | None:
    """Send a test message to `to` (the admin's own address) through the mail settings as they are
    saved, without holding the store while the server is talked to. Returns None when it was
    accepted, else the server's reason; BadInput when mail is not set up. Audited either way."""
    require(actor, "manage_settings")
    with connect() as conn:
        settings = current_settings(conn)
    server = Server.from_settings(settings)
    text = TEST_TEXT[language if language in ("fi", "en") else "fi"]
    mail = EmailMessage()
    mail["Subject"] = text["subject"]
    mail["From"] = server.sender
    mail["To"] = to
    mail.set_content(text["body"].format(who=actor.name, url=settings["dashboard.url"],
                                         server=f"{server.host}:{server.port} ({server.security})"))
    delivery = deliver(server, [(actor.name, mail)])
    why = delivery.failed[0][1] if delivery.failed else None
    with connect() as conn, transaction(conn):
        write_audit(conn, actor.name, "mail_test_sent", {"delivered": why is None, "reason": why})
    return why
