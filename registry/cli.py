"""The command line: the dashboard's twin for scheduled jobs (REGISTER.md section 7).

Every command opens the store for its unit of work and calls the same `registry` functions as
the pages. Errors are one line on stderr, never a traceback; exit codes: 0 success, 1 refused
by a rule, 2 bad usage or input, 3 the store is busy.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from datetime import date
from functools import partial
from pathlib import Path

import click

from .store import db, files
from .access import ROLES, Actor
from .audit import utc_now, verify_chain
from .clock import finnish_today
from .errors import BadInput, IntegrityError, RegistryError
from .requests.register import (ASK_PURPOSES, CHANNELS, GROUNDS, LANGUAGES, REQUEST_KINDS, extend_request, get_request,
                                open_requests, record_answer, record_request)
from .retention.due import due_persons
from .settings import ask_days
from .store.schema import CURRENT_VERSION, migrate, schema_version
from .spreadsheet import DIALECTS
from .statistics.tables import PERIODS
from .users import STAFF_LANGUAGES, add_user, disable_user, get_user, list_users, reset_password, set_contact, unlock_user


ACTOR_HELP = ("Who does it, written to the audit trail (and signing a letter). Where the command does not "
              "require it: the operating-system user, as cli:NAME.")


def actor_option(required: bool):
    """--actor: one option, one help text, on every command that changes data. Required where REGISTER.md
    section 7 names it; optional on the commands the contract gives none (accounts, backups, demo data,
    recording a request), which then name the operating-system user."""
    if required:  # (click 8.5 takes an explicit default=None as a value: a required option then goes unasked)
        return click.option("--actor", required=True, help=ACTOR_HELP)
    return click.option("--actor", default=None, help=ACTOR_HELP)


def cli_actor(name: str | None = None) -> Actor:
    """The acting operator: --actor NAME, else the operating-system user as cli:NAME."""
    if name:
        return Actor.system(name)
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor.system(f"cli:{user}")


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25", param, ctx)


class IdListType(click.ParamType):
    name = "ID,ID,..."

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        parts = [p.strip() for p in str(value).split(",") if p.strip()]
        if not parts:
            self.fail("give at least one id, e.g. --ids 17,42", param, ctx)
        bad = [p for p in parts if not p.isdigit()]
        if bad:
            self.fail(f"{', '.join(repr(b) for b in bad[:5])} {'is not an id' if len(bad) == 1 else 'are not ids'};"
                      " ids are whole numbers separated by commas, e.g. --ids 17,42", param, ctx)
        return [int(p) for p in parts]


DATE = DateType()
IDS = IdListType()


def db_option(f):
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
                        help="Store file (default: $REGISTRY_DB or data/registry.duckdb).")(f)


def today_option(f):
    return click.option("--today", type=DATE, default=None,
                        help="Answer as the register stood at the end of this day "
                             "(default: today's date in Finland, Europe/Helsinki).")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print exactly one JSON document.")(f)


def emit_json(document) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=None))


def the_day(today: date | None) -> date:
    """The day a command answers for: --today, else the date in Finland now (not the server's)."""
    return today or finnish_today()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """The customer register of Molentum Oy: retention, purges and data-subject requests.

    Example: python -m registry due --today 2026-11-25 --json
    """


@cli.command()
@db_option
def init(db_path):
    """Create the store's schema, or migrate an older store in place (harmless to repeat).

    Example: python -m registry init --db data/registry.duckdb
    """
    with db.connect(db_path, must_exist=False, run_migrations=False) as conn:
        before = schema_version(conn)
        applied = migrate(conn)
    where = db_path or files.default_db_path()
    if applied:
        click.echo(f"Store {where}: schema version {before} -> {CURRENT_VERSION} "
                   f"(applied migration {', '.join(map(str, applied))}).")
    else:
        click.echo(f"Store {where}: schema version {CURRENT_VERSION}, already current.")


@cli.command()
@db_option
@today_option
@click.option("--customers", type=click.IntRange(min=1, max=20_000_000), default=1000, show_default=True,
              help="How many persons to create.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
def demo(db_path, today, customers, seed):
    """Fill an empty store with realistic Finnish demo data covering every rule's case.

    Example: python -m registry demo --customers 10000 --seed 7
    """
    from .demo import generate

    def report(step, total, label):
        click.echo(f"[{step}/{total}] {label}", err=True)

    with db.connect(db_path, must_exist=False) as conn:
        result = generate(conn, customers=customers, seed=seed, today=the_day(today), on_progress=report)
    click.echo(f"Demo data in {db_path or files.default_db_path()}: " +
               ", ".join(f"{n:,} {what}" for what, n in result.counts.items()))
    click.echo("Demo accounts (also shown on the dashboard's sign-in page of this demo store):")
    for username, password in result.accounts.items():
        click.echo(f"  {username:<14} {password}")


@cli.command()
@db_option
@today_option
@json_option
def due(db_path, today, as_json):
    """List every not-purged person who is due for purge, with reason and blockers, by id.

    Example: python -m registry due --today 2026-11-25 --json
    """
    with db.connect(db_path) as conn:
        persons = due_persons(conn, the_day(today))
    if as_json:
        emit_json([p.as_json() for p in persons])
        return
    blocked = sum(p.blocked for p in persons)
    click.echo(f"{len(persons)} due on {the_day(today).isoformat()}: "
               f"{len(persons) - blocked} can be purged, {blocked} blocked")
    for p in persons:
        click.echo(f"{p.customer_id:>10}  {p.due_on.isoformat()}  {p.reason:<15}  {', '.join(p.blockers) or '-'}")


@cli.command()
@db_option
@today_option
@json_option
@actor_option(required=True)
@click.option("--dry-run", is_flag=True, help="Show what would happen; change nothing.")
@click.option("--yes", is_flag=True, help="Really purge (irreversible).")
@click.option("--ids", type=IDS, default=None, help="Only these persons (all must be due and unblocked).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the letters of the erasure requests the purge carries out "
                   "(default: letters/ beside the store).")
def purge(db_path, today, as_json, actor, dry_run, yes, ids, out_dir):
    """Erase every due, unblocked person's personal data (or only --ids) and print a receipt.

    Irreversible: give --dry-run to see what would happen, --yes to do it. Blocked persons are
    never touched; naming one in --ids refuses the whole purge (exit 1). The open, verified
    erasure requests of the persons purged are completed with it; their letters (which carry the
    erased name and address) are written into --out, by default letters/ beside the store.

    Example: python -m registry purge --actor mika --dry-run
    """
    from .purge import purge_persons  # its letters (fpdf, pypdf) cost every other command 0.3 s at start

    if dry_run == yes:
        raise click.UsageError("give exactly one of --dry-run (show what would happen) or --yes (purge)")
    with db.connect(db_path, exclusive=not dry_run) as conn:
        receipt = purge_persons(conn, the_day(today), cli_actor(actor), ids, dry_run=dry_run,
                                letters_dir=_letters_dir(out_dir))
    if as_json:
        emit_json(receipt.as_json())
        return
    doc = receipt.as_json()
    title = "Purge plan (dry run: nothing changed)" if dry_run else "Purge receipt"
    verb = "would purge" if dry_run else "purged"
    click.echo(title)
    click.echo(f"  actor:   {doc['actor']}")
    click.echo(f"  time:    {doc['at']}")
    click.echo(f"  rules on {doc['today']}")
    ids = doc["customer_ids"]
    ids_text = ", ".join(map(str, ids[:20])) + (f" and {len(ids) - 20} more (--json lists all)" if len(ids) > 20 else "")
    click.echo(f"  {verb}: {len(ids)} persons (ids: {ids_text or '-'})")
    for key, value in doc["counts"].items():
        if key != "persons_purged":
            click.echo(f"  {key.replace('_', ' ')}: {value}")
    for b in doc["blocked"][:20]:
        click.echo(f"  blocked, not touched: person {b['customer_id']} ({', '.join(b['blockers'])})")
    if len(doc["blocked"]) > 20:
        click.echo(f"  ... and {len(doc['blocked']) - 20} more blocked (--json lists all)")
    if doc["already_purged_ids"]:
        click.echo(f"  already purged earlier: {len(doc['already_purged_ids'])} persons")
    if doc["requests_completed"]:
        click.echo(f"  erasure requests completed: {', '.join(map(str, doc['requests_completed']))}; letters in "
                   f"{doc['letters_dir']}: {', '.join(doc['letters'])} (send them, then delete them: they hold "
                   "the erased name and address)")
    if doc["audit_seq"]:
        click.echo(f"  audit entry: {doc['audit_seq']} (hash {doc['audit_hash'][:16]}…); "
                   "store rewritten: erased values are gone from the file")


def _letters_dir(out_dir):
    """The folder for a purge's letters: --out (made owner-only if new), else None (the purge
    writes them into letters/ beside the store)."""
    if out_dir is None:
        return None
    path = Path(out_dir)
    if not path.parent.is_dir():
        raise click.BadParameter(f"the folder {path.parent} does not exist", param_hint="--out")
    path.mkdir(mode=0o700, exist_ok=True)
    return path


@cli.command()
@db_option
@json_option
@click.option("--out", "out", required=True, type=click.Path(),
              help="The backup file to write (or a folder: registry-<UTC time>.backup in it).")
@actor_option(required=False)
def backup(db_path, as_json, out, actor):
    """Write an encrypted, consistent copy of the store (REGISTER.md section 11).

    The key is $REGISTRY_BACKUP_KEY, else the key file beside the store (<store>.backup-key,
    made 0600 on first use): keep a copy of it away from the backups (docs/operations.md).

    Example: python -m registry backup --out /srv/backups/ --json
    """
    from .backup import take_backup

    info = take_backup(db_path or files.default_db_path(), out, cli_actor(actor))
    if as_json:
        emit_json(info.as_json())
        return
    click.echo(f"Backup written to {info.file} ({info.size:,} bytes, {info.persons:,} persons, taken "
               f"{info.taken_at.isoformat()}Z, audit entry {info.audit_seq}); encrypted with AES-256-GCM")


@cli.command()
@db_option
@today_option
@json_option
@click.option("--from", "source", required=True, type=click.Path(dir_okay=False), help="The backup file.")
@click.option("--dry-run", is_flag=True, help="Say what the restore would re-apply; change nothing.")
@click.option("--yes", is_flag=True, help="Really replace the store with the backup.")
@click.option("--ledger", "ledger_file", type=click.Path(dir_okay=False), default=None,
              help="The erasure ledger to re-apply (default: <store>.erasures beside the store).")
@click.option("--without-ledger", is_flag=True,
              help="Restore knowingly without a ledger: persons purged after the backup may come back.")
@actor_option(required=False)
def restore(db_path, today, as_json, source, dry_run, yes, ledger_file, without_ledger, actor):
    """Replace the store with a backup, then purge again everyone the erasure ledger records as
    purged whom the backup still holds (REGISTER.md section 11).

    Give --dry-run to see what would be re-applied, --yes to do it. The store is rewritten, so
    no erased value is left in its file.

    Example: python -m registry restore --from /srv/backups/registry-2026-12-01T020000Z.backup --dry-run
    """
    from .backup import restore_backup

    if dry_run == yes:
        raise click.UsageError("give exactly one of --dry-run (show what would be re-applied) or --yes (restore)")
    result = restore_backup(db_path or files.default_db_path(), source, cli_actor(actor), the_day(today), dry_run=dry_run,
                            ledger_file=ledger_file, without_ledger=without_ledger)
    if as_json:
        emit_json(result.as_json())
    else:
        verb = "Would restore" if dry_run else "Restored"
        ids = list(result.reapplied)
        shown = ", ".join(map(str, ids[:20])) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
        click.echo(f"{verb} {result.restored_from} (taken {result.backup_taken_at}); "
                   f"{'would purge' if dry_run else 'purged'} again {len(ids)} persons the ledger records "
                   f"as purged{': ' + shown if ids else ''}")
    if result.without_ledger:
        click.echo("Warning: restored without an erasure ledger: persons purged after the backup may have come "
                   "back. Check the purge review and the requests.", err=True)


@cli.command()
@db_option
@today_option
@json_option
def requests(db_path, today, as_json):
    """List every open data-subject request by deadline, with days left.

    Example: python -m registry requests --today 2026-11-25 --json
    """
    with db.connect(db_path) as conn:
        found = open_requests(conn, the_day(today))
    if as_json:
        emit_json([r.as_json() for r in found])
        return
    overdue = sum(r.overdue for r in found)
    click.echo(f"{len(found)} open requests on {the_day(today).isoformat()}, {overdue} overdue")
    for r in found:
        flag = "OVERDUE" if r.overdue else ""
        person = r.customer_id if r.customer_id is not None else "-"
        click.echo(f"{r.request_id:>8}  {r.kind:<13} {r.status:<11} person {person!s:>9}  "
                   f"due {r.due_on.isoformat()}  {r.days_left:>4} days  {flag}")


@cli.command()
@db_option
@today_option
@json_option
@click.option("--send", "send", is_flag=True, help="Deliver the messages by SMTP (settings smtp.*; the password from "
              "$REGISTRY_SMTP_PASSWORD), at most one per recipient and day.")
@actor_option(required=False)
def digest(db_path, today, as_json, send, actor):
    """The daily digest for each manager and admin with an e-mail address: ids, kinds, dates and counts.

    Example: python -m registry digest --today 2026-12-07 --send --json
    """
    from .digest import run_digest
    from .errors import MailNotDelivered

    day = the_day(today)
    try:
        with db.connect(db_path) as conn:
            run = run_digest(conn, cli_actor(actor), day, send)
    except MailNotDelivered as err:
        run = err.params.pop("run")
        _print_digest(run, as_json)
        raise
    _print_digest(run, as_json)


def _print_digest(run, as_json: bool) -> None:
    if as_json:
        emit_json(run.as_json())
        return
    click.echo(f"Digest for {run.day.isoformat()}: {len(run.messages)} recipients with something due")
    for d in run.messages:
        state = "sent" if d.sent else "not sent"
        click.echo(f"  {d.username:<16} {d.to:<32} {d.language}  overdue {len(d.overdue)}, due soon {len(d.due_soon)}, "
                   f"extend by soon {len(d.extend_by_soon)}, waiting {len(d.waiting)}, proposals {len(d.proposals)}, "
                   f"due for purge {d.due_for_purge} (+{d.blocked} blocked)  [{state}]")


@cli.group()
def audit():
    """The audit trail."""


@audit.command("verify")
@db_option
@json_option
def audit_verify(db_path, as_json):
    """Check the audit trail's hash chain; exit 1 naming the first broken entry.

    Example: python -m registry audit verify
    """
    with db.connect(db_path) as conn:
        report = verify_chain(conn)
    if as_json:
        emit_json({"ok": report.ok, "entries": report.entries, "first_broken_seq": report.first_broken_seq,
                   "problem": report.problem})
    elif report.ok:
        click.echo(f"Audit trail intact: {report.entries} entries verified.")
    if not report.ok:
        raise IntegrityError(f"audit trail broken at entry {report.first_broken_seq}: {report.problem}")


@cli.group("request")
def request_group():
    """One data-subject request: record it, ask the person, extend, complete or refuse it."""


@request_group.command("record")
@db_option
@today_option
@json_option
@click.option("--kind", required=True, type=click.Choice(REQUEST_KINDS), help="What the person asks for.")
@click.option("--received-on", required=True, type=DATE, help="Date of receipt; the deadline runs from it.")
@click.option("--channel", required=True, type=click.Choice(CHANNELS), help="letter, email or in_person.")
@click.option("--customer-id", type=click.IntRange(min=1), default=None, help="The person, if already known.")
@click.option("--verified-on", type=DATE, default=None, help="Date the requester's identity was verified.")
@click.option("--language", type=click.Choice(LANGUAGES), default="fi", show_default=True)
@actor_option(required=False)
def request_record(db_path, today, as_json, kind, received_on, channel, customer_id, verified_on, language, actor):
    """Record a data-subject request; prints its id, deadline and days left.

    Example: python -m registry request record --kind access --received-on 2026-11-20 --channel email --json
    """
    who = cli_actor(actor)
    day = the_day(today)
    with db.connect(db_path) as conn:
        request = record_request(conn, who, day, kind, received_on, channel, customer_id, verified_on, language)
    due_on, days_left, _ = request.deadline(day)
    if as_json:
        emit_json({"request_id": request.request_id, "due_on": due_on.isoformat(), "days_left": days_left,
                   "duplicate_of": request.duplicate_of})
    else:
        click.echo(f"Recorded request {request.request_id} ({kind}); due {due_on.isoformat()}, {days_left} days left")
        if request.duplicate_of is not None:
            click.echo(f"It duplicates request {request.duplicate_of} (the same kind, from the same person, still open):"
                       f" it is answered and closed with request {request.duplicate_of}.")


@request_group.command("extend")
@db_option
@today_option
@json_option
@click.option("--id", "request_id", required=True, type=click.IntRange(min=1), help="The request.")
@actor_option(required=True)
@click.option("--reason", required=True, help="Why more time is needed (told to the person).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Also write the letter telling the person of the extension into this directory.")
def request_extend(db_path, today, as_json, request_id, actor, reason, out_dir):
    """Extend a request once, to three months from receipt; refused when closed or extended.

    Example: python -m registry request extend --id 7 --actor mika --reason "Tiedot kolmesta järjestelmästä"
    """
    day = the_day(today)
    with db.connect(db_path) as conn:
        if out_dir:
            from .requests.rights import extend_with_letter

            extend_with_letter(conn, cli_actor(actor), request_id, reason, day, out_dir)
        else:
            extend_request(conn, cli_actor(actor), request_id, reason, day)
        request = get_request(conn, request_id)
        due_on, days_left, _ = request.deadline(day, ask_days(conn))
    if as_json:
        emit_json({"request_id": request_id, "due_on": due_on.isoformat(), "days_left": days_left,
                   "extended_on": request.extended_on.isoformat()})
    else:
        click.echo(f"Extended request {request_id}: now due {due_on.isoformat()}, {days_left} days left")


class FieldValueType(click.ParamType):
    name = "FIELD=VALUE"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        field, sep, text = str(value).partition("=")
        if not sep or not field.strip():
            self.fail(f"{value!r} is not FIELD=VALUE, e.g. --set email=new@example.fi", param, ctx)
        return field.strip(), text


@request_group.command("complete")
@db_option
@today_option
@json_option
@click.option("--id", "request_id", required=True, type=click.IntRange(min=1), help="The request.")
@actor_option(required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory for the documents.")
@click.option("--set", "changes", multiple=True, type=FieldValueType(), help="A rectification's corrected field.")
def request_complete(db_path, today, as_json, request_id, actor, out_dir, changes):
    """Do what the request asks and write its documents; an erasure of a blocked person becomes a refusal.

    Example: python -m registry request complete --id 7 --actor mika --out letters/ --json
    """
    from .requests.rights import complete_request

    with db.connect(db_path, exclusive=True) as conn:
        outcome = complete_request(conn, cli_actor(actor), request_id, the_day(today), out_dir, dict(changes))
    if as_json:
        emit_json(outcome.as_json())
    else:
        click.echo(f"Request {request_id}: {outcome.status}; documents in {out_dir}: {', '.join(outcome.files)}")
        if outcome.closed_with:
            click.echo(f"Closed with it: request {', '.join(map(str, outcome.closed_with))}")


@request_group.command("refuse")
@db_option
@today_option
@json_option
@click.option("--id", "request_id", required=True, type=click.IntRange(min=1), help="The request.")
@actor_option(required=True)
@click.option("--reason", required=True, help="The reasons, for the letter to the person (on the Art. 12(5) ground: "
              "the justification, kept with the request for the auditor).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory for the letter.")
@click.option("--manifestly", "ground", type=click.Choice(GROUNDS), default=None,
              help="Refuse as manifestly unfounded or excessive (GDPR Art. 12(5)); needs --approved-by.")
@click.option("--approved-by", default=None, help="With --manifestly: the second manager (an active manager account, "
              "not the --actor) who approved the refusal.")
def request_refuse(db_path, today, as_json, request_id, actor, reason, out_dir, ground, approved_by):
    """Close a request as refused and write the letter of reasons (with the Ombudsman's address).

    Example: python -m registry request refuse --id 7 --actor mika --reason "..." --out letters/ --json
    """
    from .requests.rights import refuse_request

    if approved_by and not ground:
        raise BadInput("--approved-by goes with --manifestly unfounded|excessive (an Art. 12(5) refusal)",
                       code="approval_without_ground")
    with db.connect(db_path) as conn:
        outcome = refuse_request(conn, cli_actor(actor), request_id, reason, the_day(today), out_dir, ground,
                                 approved_by)
    if as_json:
        emit_json(outcome.as_json())
    else:
        click.echo(f"Request {request_id}: refused; letter in {out_dir}: {', '.join(outcome.files)}")
        if outcome.closed_with:
            click.echo(f"Closed with it: request {', '.join(map(str, outcome.closed_with))}")


def _timing_json(request, day: date, limit: int) -> dict:
    timing = request.timing(day, limit)
    return {"request_id": request.request_id, "asked_on": request.asked_on and request.asked_on.isoformat(),
            "asked_for": request.asked_for, "answered_on": request.answered_on and request.answered_on.isoformat(),
            "due_on": timing.due_on.isoformat(), "strict_due_on": timing.strict_due_on.isoformat(),
            "suspended_days": timing.suspended_days, "waiting": timing.waiting, "asked_late": timing.asked_late,
            "extend_by": timing.extend_by.isoformat()}


def _timing_words(request, day: date, limit: int) -> str:
    timing = request.timing(day, limit)
    words = f"due {timing.due_on.isoformat()} (without waiting {timing.strict_due_on.isoformat()})"
    if timing.asked_late:
        words += f"; asked more than {limit} days after receipt, so the wait suspends nothing"
    return words


@request_group.command("ask")
@db_option
@today_option
@json_option
@click.option("--id", "request_id", required=True, type=click.IntRange(min=1), help="The request.")
@actor_option(required=True)
@click.option("--for", "asked_for", required=True, type=click.Choice(ASK_PURPOSES),
              help="What the person is asked for: to confirm who they are, or what the request concerns.")
@click.option("--on", "asked_on", required=True, type=DATE, help="The day the ask was sent.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Directory for the letter asking (default: letters/ beside the store).")
def request_ask(db_path, today, as_json, request_id, actor, asked_for, asked_on, out_dir):
    """Record that the person was asked for what is needed; the deadline waits for the answer.

    Example: python -m registry request ask --id 7 --actor mika --for identity --on 2026-12-02
    """
    from .requests.answers import default_letters_dir
    from .requests.rights import ask_with_letter
    day = the_day(today)
    with db.connect(db_path) as conn:
        outcome = ask_with_letter(conn, cli_actor(actor), request_id, asked_for, asked_on, day,
                                  out_dir or default_letters_dir(conn))
        request, days = get_request(conn, request_id), ask_days(conn)
    if as_json:
        emit_json({**_timing_json(request, day, days), "files": list(outcome.files)})
    else:
        click.echo(f"Request {request_id}: asked for {asked_for} on {asked_on.isoformat()}; "
                   f"{_timing_words(request, day, days)}; letter: {', '.join(outcome.files)}")


@request_group.command("answer")
@db_option
@today_option
@json_option
@click.option("--id", "request_id", required=True, type=click.IntRange(min=1), help="The request.")
@actor_option(required=True)
@click.option("--on", "answered_on", required=True, type=DATE, help="The day the person's answer arrived.")
def request_answer(db_path, today, as_json, request_id, actor, answered_on):
    """Record the day the person's answer to the ask arrived; the deadline runs again from it.

    Example: python -m registry request answer --id 7 --actor mika --on 2026-12-09
    """
    day = the_day(today)
    with db.connect(db_path) as conn:
        record_answer(conn, cli_actor(actor), request_id, answered_on, day)
        request, days = get_request(conn, request_id), ask_days(conn)
    if as_json:
        emit_json(_timing_json(request, day, days))
    else:
        click.echo(f"Request {request_id}: answered on {answered_on.isoformat()}; {_timing_words(request, day, days)}")


@cli.command("marketing-list")
@db_option
@today_option
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False), help="CSV file to write.")
@actor_option(required=False)
def marketing_list(db_path, today, out_file, actor):
    """Write the persons direct marketing may address on the day: a customer then, not purged, not
    restricted, no marketing objection.

    Example: python -m registry marketing-list --out marketing.csv --today 2026-12-01
    """
    from .marketing import write_marketing_list

    day = the_day(today)
    with db.connect(db_path) as conn:
        count = write_marketing_list(conn, cli_actor(actor), out_file, day)
    click.echo(f"Wrote {count:,} persons to {out_file} (customers on {day.isoformat()})")


def _rules_k() -> int:
    from .statistics.cells import K
    return K


@cli.command()
@db_option
@today_option
@json_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for the CSV files and tables.json (created if missing).")
@click.option("--k", type=click.IntRange(min=2, max=1000), default=lambda: _rules_k(),
              show_default="the disclosure rule's k, REGISTER.md section 5",
              help="A cell from fewer distinct persons than this is withheld.")
@click.option("--dialect", type=click.Choice(DIALECTS), default=DIALECTS[0], show_default=True,
              help="standard: UTF-8, commas (REGISTER.md section 8); excel-fi: semicolons and decimal comma.")
@click.option("--period", type=click.Choice(PERIODS), default=PERIODS[0], show_default=True,
              help="Rows of the time tables; a small register loses fewer cells by quarter or year.")
def stats(db_path, today, as_json, out_dir, k, dialect, period):
    """Write the anonymised statistics: one CSV per table and tables.json; withheld cells are '..'.

    --json prints, per table, every withheld cell with why (primary or secondary) and the interval
    an attacker could derive for it from what is published.

    Example: python -m registry stats --out stats/2026-11
    """
    from .statistics.cells import DOMINANCE
    from .statistics.counting import statistics_from_store

    tables = statistics_from_store(partial(db.connect, db_path), cli_actor(), the_day(today), k=k, period=period)
    from .statistics.publishing import protection_report, write_output  # after the counting (see there)

    files = write_output(tables, out_dir, dialect)
    if as_json:
        emit_json({"out": str(out_dir), "k": k, "period": period, "files": files,
                   "tables": [protection_report(t) for t in tables]})
    else:
        for t in tables:
            why = list(t.protected.status.values())
            click.echo(f"{t.spec.file}: {len(t.table.rows)} x {len(t.table.columns)} cells, "
                       f"{why.count('primary')} withheld (fewer than {k} persons or one person over {DOMINANCE:.0%}), "
                       f"{why.count('secondary')} withheld to protect them")
        click.echo(f"Wrote {len(files)} files to {out_dir}")


@cli.command("import")
@db_option
@today_option
@json_option
@click.option("--source", required=True, type=click.Choice(("registration", "customer_notice", "update_service",
                                                            "subcontractor")),
              help="Where the file comes from (the privacy notice's four sources).")
@click.option("--file", "file_path", required=True, type=click.Path(dir_okay=False),
              help="CSV (UTF-8 or Windows-1252, ',' or ';') or Excel .xlsx; the first row names the columns.")
@actor_option(required=True)
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@click.option("--skip-invalid", is_flag=True, help="Apply the valid rows and list the rejected ones (exit 0).")
def import_command(db_path, today, as_json, source, file_path, actor, dry_run, skip_invalid):
    """Import persons from a file of one of the register's four sources (REGISTER.md section 9).

    All or nothing: a file with a rejected row changes nothing and exits 1, listing every rejected
    row with its row number and reason; --skip-invalid applies the rest. Importing the same file
    again changes nothing.

    Example: python -m registry import --source registration --file asiakkaat.csv --actor mika --dry-run
    """
    from .intake.imports import import_file

    with db.connect(db_path) as conn:
        result = import_file(conn, cli_actor(actor), the_day(today), source, file_path, dry_run=dry_run,
                             skip_invalid=skip_invalid)
    if as_json:
        emit_json(result.as_json())
    else:
        doc = result.as_json()
        state = ("dry run: nothing changed" if dry_run else "refused: nothing changed" if result.refused
                 else "applied")
        click.echo(f"Import from {source} ({state}): {doc['rows']} rows, {doc['created']} new, "
                   f"{doc['updated']} updated, {doc['unchanged']} unchanged, {len(doc['rejected'])} rejected")
        for r in doc["rejected"]:
            click.echo(f"  row {r['row']}: {r['reason']} ({r['column'] or '-'}): {r['message']}")
        if doc["ignored_columns"]:
            click.echo(f"  ignored columns: {', '.join(doc['ignored_columns'])}")
        for n in doc["notify"]:
            click.echo(f"  notify {n['recipient']} of person {n['customer_id']}: {', '.join(n['fields'])} (Art. 19)")
        if result.refused:
            click.echo("  Nothing was imported: correct the rows, or give --skip-invalid to import the rest.")
    return 1 if result.refused else 0


@cli.group("settings")
def settings_group():
    """The register's settings: the facts of its privacy notice, which its rules read."""


@settings_group.command("show")
@db_option
@json_option
def settings_show(db_path, as_json):
    """Print every setting (texts in both languages are {"fi": ..., "en": ...}).

    Example: python -m registry settings show --json
    """
    from .settings import current_settings

    with db.connect(db_path) as conn:
        values = current_settings(conn)
    if as_json:
        emit_json(values)
        return
    for key, value in values.items():
        if isinstance(value, dict):
            for lang, text in value.items():
                click.echo(f"{key}.{lang} = {text}")
        else:
            click.echo(f"{key} = {value}")


@settings_group.command("set")
@db_option
@click.argument("key")
@click.argument("value")
@actor_option(required=True)
def settings_set(db_path, key, value, actor):
    """Change one setting, validated and audited; a text in both languages is set as KEY.fi and KEY.en.

    Example: python -m registry settings set retention_days 150 --actor mika
    """
    from .settings import set_setting

    with db.connect(db_path) as conn:
        name, old, new = set_setting(conn, cli_actor(actor), key, value)
    click.echo(f"{name}: unchanged ({json.dumps(new, ensure_ascii=False)})" if old == new else
               f"{name}: {json.dumps(old, ensure_ascii=False)} -> {json.dumps(new, ensure_ascii=False)}")


@cli.command("notice")
@db_option
@click.option("--lang", "lang", type=click.Choice(("fi", "en")), default="fi", show_default=True)
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--format", "fmt", type=click.Choice(("md", "html", "pdf")), default="md", show_default=True)
@click.option("--kind", type=click.Choice(("privacy", "processing")), default="privacy", show_default=True,
              help="privacy: the privacy notice; processing: the Art. 30 record of processing activities.")
def notice_command(db_path, lang, out_file, fmt, kind):
    """Write the privacy notice (or the record of processing) from the register's settings.

    Example: python -m registry notice --lang fi --format pdf --out tietosuojaseloste.pdf
    """
    from pathlib import Path

    from .notice import notice_bytes

    out = Path(out_file)
    if not out.parent.is_dir():
        raise BadInput(f"the directory {out.parent} does not exist", code="store_dir_missing", path=str(out.parent))
    with db.connect(db_path) as conn:
        content = notice_bytes(conn, lang, kind, fmt)
    out.write_bytes(content)
    click.echo(f"Wrote {out} ({kind}, {lang}, {fmt}, {len(content):,} bytes)")




@cli.group()
def user():
    """Staff accounts of the dashboard."""


@user.command("add")
@db_option
@click.option("--username", required=True, help="Personal username, e.g. mika.l")
@click.option("--role", required=True, type=click.Choice(ROLES), help="admin, manager, staff or auditor.")
@click.option("--nda-signed-on", type=DATE, default=None,
              help="Date the confidentiality undertaking was signed; without it no personal data is shown.")
@click.option("--name", "display_name", default=None, help="Name shown in the dashboard.")
@click.option("--email", default=None, help="The staff member's work e-mail address.")
@click.option("--language", type=click.Choice(STAFF_LANGUAGES), default=None, help="Dashboard language: fi or en.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input.")
@actor_option(required=False)
def user_add(db_path, username, role, nda_signed_on, display_name, email, language, password_stdin, actor):
    """Create a staff account; the password is read from stdin and stored as a bcrypt hash.

    Example: python -m registry user add --username mika.l --role manager
    --nda-signed-on 2026-01-15 --password-stdin < password.txt
    """
    password = read_password()
    with db.connect(db_path) as conn:
        created = add_user(conn, cli_actor(actor), username, role, password, nda_signed_on, display_name,
                           email=email, language=language)
    click.echo(f"Created {created.username} ({created.role})"
               + ("" if created.nda_signed_on else "; no NDA date recorded, so no personal data is shown"))


def read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise BadInput("no password on standard input (give it on the first line)")
    return password


@user.command("set-password")
@db_option
@click.option("--username", required=True)
@click.option("--password-stdin", is_flag=True, required=True, help="Read the new password from standard input.")
@actor_option(required=False)
def user_set_password(db_path, username, password_stdin, actor):
    """Give an account a new password; its open dashboard sessions end at their next page run.

    Example: python -m registry user set-password --username mika.l --password-stdin < password.txt
    """
    password = read_password()
    with db.connect(db_path) as conn:
        reset_password(conn, cli_actor(actor), username, password)
    click.echo(f"New password set for {username}; its open sessions end")


@user.command("list")
@db_option
@json_option
def user_list(db_path, as_json):
    """List staff accounts (never their password hashes).

    Example: python -m registry user list --json
    """
    with db.connect(db_path) as conn:
        users = list_users(conn, cli_actor())
    if as_json:
        emit_json([u.as_json() for u in users])
        return
    for u in users:
        state = u.state(utc_now())
        nda = u.nda_signed_on.isoformat() if u.nda_signed_on else "no NDA"
        click.echo(f"{u.username:<20} {u.role:<8} {nda:<10} {state}")


@user.command("disable")
@db_option
@click.option("--username", required=True)
@actor_option(required=False)
def user_disable(db_path, username, actor):
    """Disable an account: it can no longer sign in and its sessions end.

    Example: python -m registry user disable --username mika.l
    """
    with db.connect(db_path) as conn:
        disable_user(conn, cli_actor(actor), username)
    click.echo(f"Disabled {username}")


@user.command("unlock")
@db_option
@click.option("--username", required=True)
@actor_option(required=False)
def user_unlock(db_path, username, actor):
    """Unlock an account locked after failed sign-ins.

    Example: python -m registry user unlock --username mika.l
    """
    with db.connect(db_path) as conn:
        unlock_user(conn, cli_actor(actor), username)
    click.echo(f"Unlocked {username}")


@user.command("set-email")
@db_option
@click.option("--username", required=True)
@click.option("--email", required=True, help="The work e-mail address; an empty one (--email '') removes it.")
@click.option("--language", type=click.Choice(STAFF_LANGUAGES), default=None,
              help="The language of the account's mail and dashboard: fi or en (unchanged when not given).")
@actor_option(required=False)
def user_set_email(db_path, username, email, language, actor):
    """Set an account's e-mail address (the daily digest and mails about proposals go there).

    Example: python -m registry user set-email --username mika.l --email mika.l@molentum.fi --language fi
    """
    with db.connect(db_path) as conn:
        current = get_user(conn, username)
        changed = set_contact(conn, cli_actor(actor), username, email or None,
                              language or (current.language if current else None))
    click.echo(f"{changed.username}: e-mail {changed.email or 'none'}, language {changed.language or 'fi'}")


def main(argv=None) -> int:
    """Run the command line; return the exit code. Errors are one line on stderr."""
    try:
        result = cli.main(args=argv, prog_name="python -m registry", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as err:
        hint = f" (see '{err.ctx.command_path} --help')" if err.ctx else ""
        click.echo(f"Error: {err.format_message()}{hint}", err=True)
        return 2
    except click.ClickException as err:
        click.echo(f"Error: {err.format_message()}", err=True)
        return err.exit_code
    except click.Abort:
        click.echo("Error: aborted; nothing changed", err=True)
        return 1
    except RegistryError as err:
        click.echo(f"Error: {err}", err=True)
        return err.exit_code
    except BrokenPipeError:
        return 0
    except Exception as err:  # one line, never a traceback; REGISTRY_DEBUG=1 shows it
        if os.environ.get("REGISTRY_DEBUG"):
            raise
        click.echo(f"Error: unexpected {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''} "
                   "(set REGISTRY_DEBUG=1 for details)", err=True)
        return 1
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
