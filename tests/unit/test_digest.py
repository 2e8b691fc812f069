"""The daily digest (REGISTER.md section 12) sent through a real SMTP server on 127.0.0.1 (aiosmtpd,
started by the fixture), the messages parsed back with the email package: recipients, language,
counts, links, no personal data of any customer, one per recipient and day, a server that refuses
and one that is down. Every message goes through that server; nothing stands in for it."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from registry import users
from registry.access import Actor
from registry.digest import digests, run_digest
from registry.errors import MailNotDelivered
from registry.requests.register import ask_person, extend_request, record_request
from registry.retention.review import propose_purge
from registry.settings import set_settings
from registry.store import db
from tests.conftest import Contract, copy_of, demo_template
from tests.smtp import use_server

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 6, 0)  # UTC: 8.00 in Helsinki, the digest's morning
CRON = Actor.system("cron")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = demo_template(tmp_path_factory, "digest", customers=400, seed=11, today=TODAY)
    with db.connect(path) as conn:
        for username, role, email, language in (("m.one", "manager", "m.one@molentum.fi", "fi"),
                                                ("m.two", "manager", "m.two@molentum.fi", "en"),
                                                ("a.one", "admin", "a.one@molentum.fi", None),
                                                ("m.off", "manager", "m.off@molentum.fi", "fi"),
                                                ("s.one", "staff", "s.one@molentum.fi", "fi"),
                                                ("m.noaddr", "manager", None, "fi")):
            users.add_user(conn, CRON, username, role, "salainen-sana-1", email=email, language=language)
        users.disable_user(conn, CRON, "m.off")
    return path


@pytest.fixture
def store(template, tmp_path):
    return copy_of(template, tmp_path)


configure = use_server


def test_each_active_manager_and_admin_with_an_address_gets_one_message_in_their_language(store, smtp):
    inbox, port = smtp()
    configure(store, port)
    with db.connect(store) as conn:
        run = run_digest(conn, CRON, TODAY, send=True)
        persons = conn.execute("SELECT first_name, last_name, email, phone, postal_street FROM customers "
                               "WHERE purged_on IS NULL").fetchall()
        sent_rows = conn.execute("SELECT username, day FROM digest_sends ORDER BY username").fetchall()
    assert [d.username for d in run.messages] == ["a.one", "m.one", "m.two"]  # disabled, staff, no address: none
    assert all(d.sent for d in run.messages)
    assert sent_rows == [("a.one", TODAY), ("m.one", TODAY), ("m.two", TODAY)]
    mails = {to[0]: mail for to, mail in inbox.parsed()}
    assert set(mails) == {"a.one@molentum.fi", "m.one@molentum.fi", "m.two@molentum.fi"}
    overdue = len(run.messages[0].overdue)
    assert mails["m.one@molentum.fi"]["Subject"] == f"Asiakasrekisteri 7.12.2026: {overdue} pyyntöä myöhässä" \
        if overdue != 1 else "Asiakasrekisteri 7.12.2026: 1 pyyntö myöhässä"
    assert mails["m.two@molentum.fi"]["Subject"].startswith("Customer register 2026-12-07: ")
    assert mails["a.one@molentum.fi"]["Content-Language"] == "fi"  # no language set: Finnish
    text = mails["m.two@molentum.fi"].get_body(("plain",)).get_content()
    html = mails["m.two@molentum.fi"].get_body(("html",)).get_content()
    first = run.messages[2].overdue[0] if run.messages[2].overdue else run.messages[2].due_soon[0]
    assert f"https://rekisteri.molentum.fi/requests?request={first.request_id}&lang=en" in text
    assert f'href="https://rekisteri.molentum.fi/requests?request={first.request_id}&amp;lang=en"' in html
    assert "No backup of the register has ever been taken." not in text  # a manager is not told of backups
    assert "Rekisteristä ei ole otettu varmuuskopiota." in mails["a.one@molentum.fi"].get_body(("plain",)).get_content()
    # No personal data of any customer in any byte of any message.
    every_byte = b"\n".join(raw for _, raw in inbox.messages).decode("utf-8", errors="replace").lower()
    for person in persons:
        for value in person:
            if value and len(value) > 3:
                assert value.lower() not in every_byte, value


def test_a_second_run_the_same_day_sends_nothing_more(store, smtp):
    inbox, port = smtp()
    configure(store, port)
    with db.connect(store) as conn:
        run_digest(conn, CRON, TODAY, send=True)
        again = run_digest(conn, CRON, TODAY, send=True)
        entries = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'digest_sent'").fetchone()[0]
    assert len(inbox.messages) == 3 and entries == 3
    assert [d.sent for d in again.messages] == [False, False, False]


def test_a_refusing_server_names_who_was_not_reached_and_the_next_run_sends_exactly_them(store, smtp):
    refusing, port = smtp(refuse=True)
    configure(store, port)
    with db.connect(store) as conn, pytest.raises(MailNotDelivered, match="550") as refused:
        run_digest(conn, CRON, TODAY, send=True)
    assert refused.value.params["who"] == "a.one, m.one, m.two"
    with db.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM digest_sends").fetchone()[0] == 0
    inbox, port = smtp()
    configure(store, port)
    with db.connect(store) as conn:
        run = run_digest(conn, CRON, TODAY, send=True)
    assert sorted(to[0] for to, _ in inbox.messages) == ["a.one@molentum.fi", "m.one@molentum.fi", "m.two@molentum.fi"]
    assert all(d.sent for d in run.messages)


def test_a_server_that_is_down_is_a_clear_error_and_nothing_is_recorded(store, smtp):
    """A real aiosmtpd server on 127.0.0.1 that is going down answers every greeting with 421: the run fails
    clearly, naming everyone not reached, and records nothing; once the server is up again, the next run
    delivers every message through it."""
    down, port = smtp(down=True)
    configure(store, port)
    with db.connect(store) as conn, pytest.raises(MailNotDelivered, match="421 4.3.2 Service not available") as err:
        run_digest(conn, CRON, TODAY, send=True)
    assert err.value.params["who"] == "a.one, m.one, m.two"
    with db.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM digest_sends").fetchone()[0] == 0
    assert down.messages == []
    back, port = smtp()  # the server is up again
    configure(store, port)
    with db.connect(store) as conn:
        run = run_digest(conn, CRON, TODAY, send=True)
        recorded = conn.execute("SELECT count(*) FROM digest_sends").fetchone()[0]
    assert all(d.sent for d in run.messages) and recorded == 3
    assert sorted(to[0] for to, _ in back.messages) == ["a.one@molentum.fi", "m.one@molentum.fi", "m.two@molentum.fi"]


def test_nothing_due_means_no_message(tmp_path, smtp):
    """A register with nothing due sends nothing: run with --send through the real server, whose inbox stays
    empty, and no day is recorded as sent."""
    path = tmp_path / "empty.duckdb"
    with db.connect(path, must_exist=False) as conn:
        users.add_user(conn, CRON, "m.one", "manager", "salainen-sana-1", email="m.one@molentum.fi")
        assert digests(conn, TODAY) == []
    inbox, port = smtp()
    configure(path, port)
    with db.connect(path) as conn:
        run = run_digest(conn, CRON, TODAY, send=True)
        recorded = conn.execute("SELECT count(*) FROM digest_sends").fetchone()[0]
    assert run.messages == () and inbox.messages == [] and recorded == 0


def test_the_command_line_prints_the_contract_and_exits_1_naming_who_was_not_reached(store, smtp):
    import json

    from tests.conftest import run_cli

    refusing, port = smtp(refuse=True)
    configure(store, port)
    listed = json.loads(run_cli("digest", "--db", store, "--today", TODAY.isoformat(), "--json").stdout)
    assert listed["day"] == "2026-12-07" and [m["username"] for m in listed["messages"]] == ["a.one", "m.one", "m.two"]
    assert list(listed["messages"][1]) == ["to", "username", "language", "overdue", "due_soon", "extend_by_soon",
                                           "waiting", "proposals", "due_for_purge", "blocked", "backup_age_days",
                                           "sent"]
    assert listed["messages"][1]["backup_age_days"] is None and listed["messages"][0]["sent"] is False
    failed = run_cli("digest", "--db", store, "--today", TODAY.isoformat(), "--send", "--json")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert all(f"{who} (550 5.7.1 Relaying denied)" in failed.stderr for who in ("a.one", "m.one", "m.two"))
    assert [m["sent"] for m in json.loads(failed.stdout)["messages"]] == [False, False, False]
    inbox, port = smtp()
    configure(store, port)
    done = run_cli("digest", "--db", store, "--today", TODAY.isoformat(), "--send", "--json")
    assert done.returncode == 0 and [m["sent"] for m in json.loads(done.stdout)["messages"]] == [True, True, True]
    assert len(inbox.messages) == 3


def configure_tls(store, port: int, security: str) -> None:
    use_server(store, port, security, **{"smtp.username": "rekisteri"})


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_signs_in_with_the_password_from_the_environment_and_delivers(store, tls_smtp, certificate,
                                                                          monkeypatch, security):
    inbox, auth, port = tls_smtp(security)
    configure_tls(store, port, security)
    monkeypatch.setenv("REGISTRY_SMTP_CAFILE", str(certificate[0]))
    monkeypatch.setenv("REGISTRY_SMTP_PASSWORD", "smtp-salasana")
    with db.connect(store) as conn:
        run = run_digest(conn, CRON, TODAY, send=True)
        stored = conn.execute("SELECT count(*) FROM settings WHERE value LIKE '%smtp-salasana%'").fetchone()[0]
    assert all(d.sent for d in run.messages) and len(inbox.messages) == 3
    assert auth.seen == [(b"rekisteri", True)]  # one connection, one sign-in, for every message
    assert stored == 0  # the password never reaches the store


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_certificate_nobody_vouches_for_is_refused_and_nothing_is_sent(store, tls_smtp, monkeypatch, security):
    inbox, _, port = tls_smtp(security)
    configure_tls(store, port, security)
    monkeypatch.delenv("REGISTRY_SMTP_CAFILE", raising=False)  # the system's authorities do not know it
    monkeypatch.setenv("REGISTRY_SMTP_PASSWORD", "smtp-salasana")
    with db.connect(store) as conn, pytest.raises(MailNotDelivered, match="CERTIFICATE_VERIFY_FAILED"):
        run_digest(conn, CRON, TODAY, send=True)
    with db.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM digest_sends").fetchone()[0] == 0
    assert inbox.messages == []


def test_a_wrong_password_is_the_servers_refusal_named_per_recipient(store, tls_smtp, certificate, monkeypatch):
    inbox, auth, port = tls_smtp("starttls")
    configure_tls(store, port, "starttls")
    monkeypatch.setenv("REGISTRY_SMTP_CAFILE", str(certificate[0]))
    monkeypatch.setenv("REGISTRY_SMTP_PASSWORD", "wrong-password")
    with db.connect(store) as conn, pytest.raises(MailNotDelivered, match="535") as refused:
        run_digest(conn, CRON, TODAY, send=True)
    assert refused.value.params["who"] == "a.one, m.one, m.two" and inbox.messages == []


def test_a_finnish_password_signs_in_as_utf_8(store, tls_smtp, certificate, monkeypatch):
    """smtplib's login() encodes the password as ASCII: 'Käärme-2026' would stop it with a
    UnicodeEncodeError. RFC 4616 (AUTH PLAIN) is UTF-8, and the register sends it so."""
    inbox, auth, port = tls_smtp("starttls", username="rekisteri", password="Käärme-2026")
    configure_tls(store, port, "starttls")
    monkeypatch.setenv("REGISTRY_SMTP_CAFILE", str(certificate[0]))
    monkeypatch.setenv("REGISTRY_SMTP_PASSWORD", "Käärme-2026")
    with db.connect(store) as conn:
        run = run_digest(conn, CRON, TODAY, send=True)
    assert all(d.sent for d in run.messages) and auth.seen == [(b"rekisteri", True)]


def test_a_locked_account_still_gets_its_digest_and_a_disabled_one_does_not(store, smtp):
    inbox, port = smtp()
    configure(store, port)
    with db.connect(store) as conn:
        for _ in range(5):
            users.record_failed_sign_in(conn, "m.two", now=NOW)
        assert users.get_user(conn, "m.two").locked(NOW)
        run = run_digest(conn, CRON, TODAY, send=True)
    assert "m.two" in [d.username for d in run.messages if d.sent]
    assert "m.off@molentum.fi" not in [to[0] for to, _ in inbox.messages]


def test_the_message_says_how_late_or_how_near_each_day_is_and_names_one_day_once(smtp):
    """Read as the recipient gets it: sent through the real server on 127.0.0.1 and parsed back."""
    from registry.digest import Digest, DueRequest, message
    from registry.mail import Server, send
    soon = DueRequest(5, "access", TODAY, 0)
    digest = Digest("mari", "mari@molentum.fi", "fi", "manager", TODAY, name="Mari Mäkelä",
                    overdue=(DueRequest(12, "rectification", date(2026, 11, 10), -27),), due_soon=(soon,),
                    extend_by_soon=(soon, DueRequest(7, "erasure", date(2026, 12, 9), 2)),
                    waiting=(DueRequest(9, "access", date(2026, 11, 20), 17),), proposals=(3,), due_for_purge=204,
                    blocked=1)
    inbox, port = smtp()
    server = Server("127.0.0.1", port, "none", "rekisteri@molentum.fi", "", None)
    delivery = send(server, [("mari", message(digest, "https://rekisteri.molentum.fi/", server.sender))])
    assert delivery.accepted == ("mari",) and delivery.failed == ()
    [(to, mail)] = inbox.parsed()
    assert to == ("mari@molentum.fi",) and mail["Subject"] == "Asiakasrekisteri 7.12.2026: 1 pyyntö myöhässä"
    text = mail.get_body(("plain",)).get_content()
    assert text.startswith("Hei Mari Mäkelä,\n")
    assert "  - pyyntö 12 (oikaisu), määräaika 10.11.2026 (27 päivää myöhässä)\n" \
           "    <https://rekisteri.molentum.fi/requests?request=12&lang=fi>" in text
    assert "pyyntö 5 (tarkastus), määräaika 7.12.2026 (tänään); jos aikaa tarvitaan lisää" in text
    assert text.count("request=5&") == 1  # its last day to extend is its due day: said once, on that line
    assert "pyyntö 7 (poisto), jatkettava viimeistään 9.12.2026 (2 päivää jäljellä)" in text
    assert "pyyntö 9 (tarkastus), kysytty 20.11.2026 (17 päivää sitten)" in text
    assert "https://rekisteri.molentum.fi/due?proposal=3&lang=fi" in text
    assert "Poistettavia henkilöitä: 204 voidaan poistaa, 1 estetty" in text
    html = mail.get_body(("html",)).get_content()
    assert '<a href="https://rekisteri.molentum.fi/requests?request=12&amp;lang=fi" style="color: #0b57d0;">' \
           'pyyntö 12 (oikaisu)</a>, määräaika 10.11.2026 (27 päivää myöhässä)' in html
    assert "<style" not in html  # inline styles only: mail clients drop style sheets


def test_starttls_against_a_server_without_it_is_refused_with_what_to_set_and_never_sent_in_the_clear(store, smtp):
    inbox, port = smtp()  # a plain local relay: no STARTTLS
    configure(store, port)
    with db.connect(store) as conn:
        set_settings(conn, CRON, {"smtp.security": "starttls"})
        with pytest.raises(MailNotDelivered, match="offers no STARTTLS; set smtp.security to tls"):
            run_digest(conn, CRON, TODAY, send=True)
    assert inbox.messages == []


def test_each_list_of_the_digest_holds_what_section_12_says_counted_from_the_store(tmp_path, smtp):
    """Overdue, due within 0-7 days (overdue excluded), last day to extend within 7 days (not once extended),
    waiting for the person's answer for more than 14 days, proposals awaiting a second manager (not one's own),
    due and blocked persons, and for admins the backup's age, flagged after 7 days. Counted from the store, then
    read as the manager gets them: sent through the real server on 127.0.0.1 and parsed back."""
    path = tmp_path / "registry.duckdb"
    with db.connect(path, must_exist=False) as conn:
        contract = Contract(conn)
        for cid in (1, 2, 3, 4, 5):
            contract.customer(id=cid)
        contract.customer(id=6, until=date(2025, 1, 31))  # due for purge, unblocked
        contract.customer(id=7, until=date(2025, 1, 31))
        contract.invoice(7)  # due, but an open invoice blocks
        staff = {}
        for username, role in (("m.one", "manager"), ("m.two", "manager"), ("a.one", "admin")):
            users.add_user(conn, CRON, username, role, "salainen-sana-1", email=f"{username}@molentum.fi", language="en")
            staff[username] = Actor(username, role)

        def record(cid, received):
            return record_request(conn, CRON, received, "access", received, "email", customer_id=cid).request_id

        due_today = record(1, date(2026, 11, 7))  # due 7.12.2026: 0 days left, its last day to extend too
        overdue = record(2, date(2026, 10, 30))  # due 30.11.2026
        waiting = record(3, date(2026, 11, 14))
        ask_person(conn, CRON, waiting, "identity", date(2026, 11, 16), date(2026, 11, 16))  # 21 days waited
        waited_less = record(4, date(2026, 11, 20))
        ask_person(conn, CRON, waited_less, "identity", date(2026, 11, 25), date(2026, 11, 25))  # 12 days
        extended = record(5, date(2026, 11, 9))
        extend_request(conn, CRON, extended, "Laaja pyyntö", date(2026, 11, 20))
        conn.execute("INSERT INTO backups VALUES (TIMESTAMP '2026-11-29 06:00:00', 'a.one', 'r.backup', 1, 7, NULL)")
        proposal = propose_purge(conn, TODAY, staff["m.one"], [6], now=NOW).proposal_id

        found = {d.username: d for d in digests(conn, TODAY)}
        two = found["m.two"]
        assert [r.request_id for r in two.overdue] == [overdue]
        assert [(r.request_id, r.days) for r in two.due_soon] == [(due_today, 0)]
        assert [r.request_id for r in two.extend_by_soon] == [due_today]  # not the extended one
        assert [(r.request_id, r.days) for r in two.waiting] == [(waiting, 21)]  # not the one waiting 12 days
        assert two.proposals == (proposal,) and found["m.one"].proposals == ()  # not the proposer's own
        assert (two.due_for_purge, two.blocked) == (1, 1)
        assert two.backup_age_days is None and not two.backup_flagged  # managers are not told of backups
        admin = found["a.one"]
        assert (admin.backup_age_days, admin.backup_flagged) == (8, True)
        assert admin.as_json()["backup_age_days"] == 8
    inbox, port = smtp()
    configure(path, port)
    with db.connect(path) as conn:
        run_digest(conn, CRON, TODAY, send=True)
    mails = {to[0]: mail for to, mail in inbox.parsed()}
    text = mails["m.two@molentum.fi"].get_body(("plain",)).get_content()
    linked = {int(n) for n in re.findall(r"/requests\?request=(\d+)&lang=en", text)}
    assert linked == {overdue, due_today, waiting}  # neither the one waiting 12 days nor the extended one
    assert f"/due?proposal={proposal}&lang=en" in text
    assert f"proposal={proposal}" not in mails["m.one@molentum.fi"].get_body(("plain",)).get_content()
    assert "8 days" in mails["a.one@molentum.fi"].get_body(("plain",)).get_content()
