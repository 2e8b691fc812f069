"""The daily digest (REGISTER.md section 12): for each active manager and admin with an e-mail
address, the work due as of a day, in their language. Ids, kinds, dates and counts only: no
customer's name, e-mail, address or other personal data is ever put in a message.

What a recipient is told, as of `today`:
- requests overdue, due soon (OpenRequest.due_soon: 0-7 days left), whose last day to extend
  (`extend_by`, not yet extended) is within 7 days, and waiting for the person's answer for more
  than WAIT_FLAG_DAYS days (ids, kinds, dates);
- purge proposals awaiting a second manager (today's, not the recipient's own);
- persons due for purge: those no blocker holds, and the blocked;
- admins also: the days since the last backup (more than STALE_AFTER_DAYS flagged), None when no
  backup was ever taken.
Accounts are taken as they are now (not as of `today`): a disabled one gets nothing, a locked one
still does; no language set means Finnish. A recipient with nothing due gets no message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from email.message import EmailMessage
from html import escape

from .access import Actor, require
from .audit import utc_now, write_audit
from .bilingual import by_language
from .clock import finnish_time
from .requests.register import OpenRequest, open_requests
from .errors import MailNotDelivered, NotFound
from .mail import Server
from .mail import send as deliver
from .retention.due import due_counts
from .settings import current_settings
from .store.db import transaction

WAIT_FLAG_DAYS = 14  # waiting for the person's answer for more than this many days is flagged
EXTEND_SOON_DAYS = 7
BACKUP_FLAG_DAYS = 7  # an admin's digest flags a last backup older than this

RECIPIENTS_SQL = """
SELECT username, email, coalesce(language, 'fi'), role, coalesce(display_name, username) FROM staff_users
WHERE disabled_at IS NULL AND email IS NOT NULL AND trim(email) <> '' AND role IN ('manager', 'admin')
ORDER BY username"""
EXTENDED_SQL = "SELECT id FROM requests WHERE extended_on <= ?"
ASKED_ON_SQL = "SELECT id, asked_on FROM requests WHERE asked_on <= ? AND (answered_on IS NULL OR answered_on > ?)"
PROPOSALS_SQL = "SELECT id, proposed_by FROM purge_proposals WHERE status = 'proposed' AND for_day = ? ORDER BY id"
LAST_BACKUP_SQL = "SELECT max(taken_at) FROM backups"


@dataclass(frozen=True)
class DueRequest:
    """A request as a digest names it: its id, kind and the day that matters."""
    request_id: int
    kind: str
    day: date  # due_on; extend_by for the extension list; the ask's day for the waiting list
    days: int  # days left (negative: overdue); days waited for the waiting list


@dataclass(frozen=True)
class Digest:
    username: str
    to: str
    language: str
    role: str
    day: date
    overdue: tuple[DueRequest, ...] = ()
    due_soon: tuple[DueRequest, ...] = ()
    extend_by_soon: tuple[DueRequest, ...] = ()
    waiting: tuple[DueRequest, ...] = ()
    proposals: tuple[int, ...] = ()
    due_for_purge: int = 0
    blocked: int = 0
    backup_age_days: int | None = None  # admins; None for managers and where no backup was ever taken
    backup_never: bool = False  # an admin whose register has never been backed up
    name: str = ""  # the account's name as the dashboard shows it (the greeting); the username when none
    sent: bool = field(default=False, compare=False)

    @property
    def backup_flagged(self) -> bool:
        return self.backup_never or (self.backup_age_days is not None and self.backup_age_days > BACKUP_FLAG_DAYS)

    @property
    def empty(self) -> bool:
        """Nothing due: no message."""
        return not (self.overdue or self.due_soon or self.extend_by_soon or self.waiting or self.proposals
                    or self.due_for_purge or self.blocked or self.backup_flagged)

    def as_json(self) -> dict:
        return {"to": self.to, "username": self.username, "language": self.language, "overdue": len(self.overdue),
                "due_soon": len(self.due_soon), "extend_by_soon": len(self.extend_by_soon),
                "waiting": len(self.waiting), "proposals": len(self.proposals), "due_for_purge": self.due_for_purge,
                "blocked": self.blocked, "backup_age_days": self.backup_age_days, "sent": self.sent}


@dataclass(frozen=True)
class _Work:
    """What is due in the register as of a day, the same for every recipient but the proposals."""
    overdue: tuple[DueRequest, ...]
    due_soon: tuple[DueRequest, ...]
    extend_by_soon: tuple[DueRequest, ...]
    waiting: tuple[DueRequest, ...]
    proposals: tuple[tuple[int, str], ...]
    due_for_purge: int
    blocked: int
    backup_age_days: int | None


def _work(conn, today: date) -> _Work:
    listed: list[OpenRequest] = open_requests(conn, today)
    extended = {rid for (rid,) in conn.execute(EXTENDED_SQL, [today]).fetchall()}
    asked = dict(conn.execute(ASKED_ON_SQL, [today, today]).fetchall())
    overdue = tuple(DueRequest(r.request_id, r.kind, r.due_on, r.days_left) for r in listed if r.overdue)
    soon = tuple(DueRequest(r.request_id, r.kind, r.due_on, r.days_left) for r in listed if r.due_soon)
    extend = tuple(DueRequest(r.request_id, r.kind, r.extend_by, (r.extend_by - today).days) for r in listed
                   if r.request_id not in extended and 0 <= (r.extend_by - today).days <= EXTEND_SOON_DAYS)
    waiting = tuple(DueRequest(r.request_id, r.kind, asked[r.request_id], (today - asked[r.request_id]).days)
                    for r in listed if r.waiting and r.request_id in asked
                    and (today - asked[r.request_id]).days > WAIT_FLAG_DAYS)
    due = due_counts(conn, today)
    last = conn.execute(LAST_BACKUP_SQL).fetchone()[0]
    age = (today - finnish_time(last).date()).days if last is not None else None
    proposals = tuple(conn.execute(PROPOSALS_SQL, [today]).fetchall())
    return _Work(overdue, soon, extend, waiting, proposals, due.purgeable, due.blocked, age)


def digests(conn, today: date) -> list[Digest]:
    """Every recipient's digest as of `today`, sorted by username; those with nothing due left out."""
    recipients = conn.execute(RECIPIENTS_SQL).fetchall()
    if not recipients:
        return []
    work = _work(conn, today)
    out = []
    for username, email, language, role, name in recipients:
        admin = role == "admin"
        digest = Digest(username, email, language if language in ("fi", "en") else "fi", role, today,
                        work.overdue, work.due_soon, work.extend_by_soon, work.waiting,
                        tuple(pid for pid, by in work.proposals if by != username), work.due_for_purge, work.blocked,
                        work.backup_age_days if admin else None, admin and work.backup_age_days is None, name=name)
        if not digest.empty:
            out.append(digest)
    return out


ACCOUNT_SQL = """
SELECT username, email, coalesce(language, 'fi'), role, disabled_at FROM staff_users
WHERE username = ? AND role IN ('manager', 'admin')"""
PREVIEWABLE_SQL = "SELECT username FROM staff_users WHERE role IN ('manager', 'admin') ORDER BY username"


@dataclass(frozen=True)
class Preview:
    """What `username` would receive as of a day: `mail` (None when nothing goes to them) and why not:
    "disabled", "no_address" or "nothing_due"."""
    username: str
    digest: Digest | None
    mail: EmailMessage | None
    why_none: str | None = None


def previewable(conn) -> list[str]:
    """The accounts a digest can be previewed for: every manager and admin, by username."""
    return [username for (username,) in conn.execute(PREVIEWABLE_SQL).fetchall()]


def preview(conn, actor: Actor, username: str, today: date) -> Preview:
    """The digest `username` would receive as of `today`, as the message they would get (the Settings
    page shows it to an admin); nothing is sent or recorded. A manager with no address, a disabled one
    and one with nothing due get no message, and the preview says which."""
    require(actor, "manage_settings")
    row = conn.execute(ACCOUNT_SQL, [username]).fetchone()
    if row is None:
        raise NotFound(f"no manager or admin account {username!r}", code="no_account", username=username)
    if row[4] is not None:
        return Preview(username, None, None, "disabled")
    if not (row[1] or "").strip():
        return Preview(username, None, None, "no_address")
    found = [d for d in digests(conn, today) if d.username == username]
    if not found:
        return Preview(username, None, None, "nothing_due")
    settings = current_settings(conn)
    return Preview(username, found[0], message(found[0], settings["dashboard.url"],
                                               settings["smtp.from"] or "rekisteri@localhost"))


# --- the message ---------------------------------------------------------------------------------

# A request's kind as a message names it (the digest, and the mails about proposals in notify.py).
KIND_WORDS = {
    "access": ("tarkastus", "access"), "rectification": ("oikaisu", "rectification"),
    "erasure": ("poisto", "erasure"), "restriction": ("rajoitus", "restriction"),
    "objection": ("vastustus", "objection"), "portability": ("siirto", "portability"),
}

TEXT = by_language({
    "subject": ("Asiakasrekisteri {day}: {n} pyyntöä myöhässä", "Customer register {day}: {n} requests overdue"),
    "subject_one": ("Asiakasrekisteri {day}: 1 pyyntö myöhässä", "Customer register {day}: 1 request overdue"),
    "subject_none": ("Asiakasrekisteri {day}: ei myöhässä olevia pyyntöjä",
                     "Customer register {day}: no request overdue"),
    "hello": ("Hei {who},", "Hello {who},"),
    "intro": ("tässä asiakasrekisterin työt {day}. Viestissä on vain tunnisteita, lajeja, päiviä ja lukumääriä: "
              "henkilöiden tiedot näet koontinäkymässä.",
              "here is the customer register's work for {day}. This message holds only ids, kinds, dates and "
              "counts: the persons' data is in the dashboard."),
    "overdue": ("Myöhässä olevat pyynnöt", "Requests overdue"),
    "due_soon": ("Pyynnöt, joiden määräaika on 7 päivän sisällä", "Requests due within 7 days"),
    "extend_by_soon": ("Pyynnöt, joiden jatkamisesta on ilmoitettava 7 päivän sisällä",
                       "Requests whose extension must be notified within 7 days"),
    "waiting": ("Pyynnöt, joissa henkilön vastausta on odotettu yli 14 päivää",
                "Requests waiting for the person's answer for more than 14 days"),
    "request_name": ("pyyntö {id} ({kind})", "request {id} ({kind})"),
    "request_rest": (", {what} {day}{when}", ", {what} {day}{when}"),
    "proposal_name": ("poistoehdotus {id}", "purge proposal {id}"),
    "when_late": ((" ({n} päivä myöhässä)", " ({n} päivää myöhässä)"), (" ({n} day late)", " ({n} days late)")),
    "when_today": (" (tänään)", " (today)"),
    "when_left": ((" ({n} päivä jäljellä)", " ({n} päivää jäljellä)"), (" ({n} day left)", " ({n} days left)")),
    "when_waited": ((" ({n} päivä sitten)", " ({n} päivää sitten)"), (" ({n} day ago)", " ({n} days ago)")),
    "extend_too": ("; jos aikaa tarvitaan lisää, jatkamisesta on ilmoitettava viimeistään samana päivänä",
                   "; if more time is needed, the extension must be notified by the same day"),
    "due_word": ("määräaika", "due"),
    "extend_word": ("jatkettava viimeistään", "extend by"),
    "asked_word": ("kysytty", "asked on"),
    "proposals": ("Poistoehdotukset, jotka odottavat toisen esihenkilön hyväksyntää: {n}",
                  "Purge proposals awaiting a second manager: {n}"),
    "due_for_purge": ("Poistettavia henkilöitä: {n} voidaan poistaa, {blocked} estetty",
                      "Persons due for purge: {n} can be purged, {blocked} blocked"),
    "backup_age": ("Edellisestä varmuuskopiosta on {n} päivää.", "The last backup is {n} days old."),
    "backup_old": ("Edellisestä varmuuskopiosta on {n} päivää: ota varmuuskopio.",
                   "The last backup is {n} days old: take a backup."),
    "backup_never": ("Rekisteristä ei ole otettu varmuuskopiota.", "No backup of the register has ever been taken."),
    "open": ("Avaa koontinäkymä", "Open the dashboard"),
    "open_due": ("Avaa poistettavat", "Open Due for purge"),
    "open_backups": ("Avaa varmuuskopiot", "Open Backups"),
    "footer": ("Tämä viesti lähetetään kerran päivässä, kun jotain on tehtävänä.",
               "This message is sent once a day when something is due."),
    "kinds": KIND_WORDS,
})


def day_text(day: date, lang: str) -> str:
    """7.12.2026 in Finnish, 2026-12-07 in English: a mail's dates, as the digest's JSON writes them."""
    return f"{day.day}.{day.month}.{day.year}" if lang == "fi" else day.isoformat()


def _count(pair: tuple[str, str], n: int) -> str:
    return pair[0 if n == 1 else 1].format(n=n)


def _when(text: dict, section: str, days: int) -> str:
    """How far the day is from the digest's day: late, today, left (requests), or ago (the ask)."""
    if section == "waiting":
        return _count(text["when_waited"], days)
    if days < 0:
        return _count(text["when_late"], -days)
    return text["when_today"] if days == 0 else _count(text["when_left"], days)


def subject(digest: Digest) -> str:
    text, n = TEXT[digest.language], len(digest.overdue)
    key = "subject_none" if n == 0 else "subject_one" if n == 1 else "subject"
    return text[key].format(day=day_text(digest.day, digest.language), n=n)


Item = tuple[str, str, str | None]  # (what the link is on, the rest of the line, link or None)
TONES = {"overdue": "#b3261e", "due_soon": "#8a5300"}  # the dashboard's red and amber, as text colours
FONT = "font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def _sections(digest: Digest, url: str) -> list[tuple[str, str, list[Item]]]:
    """(section name, heading, items) of the message, in order; plain text and HTML are made from it."""
    text, lang = TEXT[digest.language], digest.language
    sections = []
    soon = {r.request_id for r in digest.due_soon}
    also_extend = {r.request_id for r in digest.extend_by_soon} & soon  # one day, said once: on the due line
    for name, word in (("overdue", "due_word"), ("due_soon", "due_word"), ("extend_by_soon", "extend_word"),
                       ("waiting", "asked_word")):
        items = [r for r in getattr(digest, name) if not (name == "extend_by_soon" and r.request_id in also_extend)]
        if items:
            sections.append((name, text[name], [(
                text["request_name"].format(id=r.request_id, kind=text["kinds"].get(r.kind, r.kind)),
                text["request_rest"].format(what=text[word], day=day_text(r.day, lang), when=_when(text, name, r.days))
                + (text["extend_too"] if name == "due_soon" and r.request_id in also_extend else ""),
                f"{url}/requests?request={r.request_id}&lang={lang}") for r in items]))
    if digest.proposals:
        sections.append(("proposals", text["proposals"].format(n=len(digest.proposals)),
                         [(text["proposal_name"].format(id=pid), "", f"{url}/due?proposal={pid}&lang={lang}")
                          for pid in digest.proposals]))
    if digest.due_for_purge or digest.blocked:
        sections.append(("due_for_purge", text["due_for_purge"].format(n=digest.due_for_purge,
                                                                       blocked=digest.blocked),
                         [(text["open_due"], "", f"{url}/due?lang={lang}")]))
    if digest.role == "admin":
        if digest.backup_never:
            line = text["backup_never"]
        else:
            line = text["backup_old" if digest.backup_flagged else "backup_age"].format(n=digest.backup_age_days)
        sections.append(("backup", line, [(text["open_backups"], "", f"{url}/backups?lang={lang}")]))
    return sections


def message(digest: Digest, url: str, sender: str) -> EmailMessage:
    """The digest as an e-mail: plain text, and the same as HTML (an alternative, inline styles only:
    mail clients drop style sheets), in the recipient's language, linking each request and proposal
    to its place in the dashboard at `url`."""
    text, lang = TEXT[digest.language], digest.language
    url = url.rstrip("/")
    sections = _sections(digest, url)
    hello = text["hello"].format(who=digest.name or digest.username)
    intro = text["intro"].format(day=day_text(digest.day, lang))
    lines = [hello, "", intro, ""]
    for _, heading, items in sections:
        lines.append(heading)
        for label, rest, link in items:  # the link on a line of its own: a mail client makes it clickable whole
            lines += [f"  - {label}{rest}"] + ([f"    <{link}>"] if link else [])
        lines.append("")
    lines += [f"{text['open']}: {url}/?lang={lang}", "", text["footer"]]
    body = [f'<html lang="{lang}"><body style="margin: 0; padding: 16px; color: #1f2328; {FONT}">',
            '<div style="max-width: 640px; font-size: 15px; line-height: 1.5;">',
            f"<p>{escape(hello)}</p>", f"<p>{escape(intro)}</p>"]
    for name, heading, items in sections:
        colour = TONES.get(name, "#1f2328")
        body.append(f'<h3 style="margin: 20px 0 6px; font-size: 16px; color: {colour};">{escape(heading)}</h3>')
        body.append('<ul style="margin: 0; padding-left: 20px;">')
        body += [f'<li><a href="{escape(link)}" style="color: #0b57d0;">{escape(label)}</a>{escape(rest)}</li>'
                 if link else f"<li>{escape(label)}{escape(rest)}</li>" for label, rest, link in items]
        body.append("</ul>")
    body += [f'<p style="margin: 24px 0;"><a href="{escape(url)}/?lang={lang}" style="display: inline-block; '
             'padding: 8px 16px; border-radius: 6px; background: #0b57d0; color: #ffffff; text-decoration: none;">'
             f"{escape(text['open'])}</a></p>",
             f'<p style="font-size: 13px; color: #59636e;">{escape(text["footer"])}</p>', "</div></body></html>"]
    mail = EmailMessage()
    mail["Subject"] = subject(digest)
    mail["From"] = sender
    mail["To"] = digest.to
    mail.set_content("\n".join(lines))
    mail.add_alternative("\n".join(body), subtype="html")
    mail["Content-Language"] = lang  # after the parts are made: making them moves Content-* headers into them
    return mail


# --- sending: at most one digest per recipient and day, recorded once the server accepted it -------

SENT_SQL = "SELECT username FROM digest_sends WHERE day = ?"
RECORD_SENT_SQL = "INSERT INTO digest_sends VALUES (?, ?, ?) ON CONFLICT DO NOTHING"


@dataclass(frozen=True)
class DigestRun:
    day: date
    messages: tuple[Digest, ...]  # sent: True for those this run delivered
    failed: tuple[tuple[str, str], ...] = ()  # (username, the server's reason) not reached

    def as_json(self) -> dict:
        return {"day": self.day.isoformat(), "messages": [d.as_json() for d in self.messages]}


def run_digest(conn, actor: Actor, today: date, send: bool = False, server: Server | None = None) -> DigestRun:
    """The day's digests; with `send`, deliver those not yet sent to their recipient today. Each
    accepted message is recorded (digest_sends) with its audit entry (recipient, day, counts) in
    one transaction right after the server accepted it; the others are not, so a rerun sends exactly
    them. Raises MailNotDelivered naming those not reached, after recording the rest."""
    found = digests(conn, today)
    if not send:
        return DigestRun(today, tuple(found))
    require(actor, "send_digest")
    settings = current_settings(conn)
    server = server or Server.from_settings(settings)
    already = {username for (username,) in conn.execute(SENT_SQL, [today]).fetchall()}
    by_name = {d.username: d for d in found}
    sent: set[str] = set()

    def accepted(username: str) -> None:
        digest = by_name[username]
        with transaction(conn):
            conn.execute(RECORD_SENT_SQL, [username, today, utc_now()])
            write_audit(conn, actor.name, "digest_sent", {"username": username, "today": today.isoformat(),
                                                          **{k: v for k, v in digest.as_json().items()
                                                             if k not in ("to", "username", "language", "sent")}})
        sent.add(username)

    outgoing = [(d.username, message(d, settings["dashboard.url"], server.sender)) for d in found
                if d.username not in already]
    delivery = deliver(server, outgoing, accepted)
    run = DigestRun(today, tuple(replace(d, sent=d.username in sent) for d in found), delivery.failed)
    if delivery.failed:
        raise MailNotDelivered("the digest did not reach " + "; ".join(f"{u} ({why})" for u, why in delivery.failed)
                               + ": they are not recorded as sent, so the next run sends them", run=run,
                               who=", ".join(u for u, _ in delivery.failed))
    return run
