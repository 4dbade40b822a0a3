"""The e-mail digest, end to end: a database filled by the real pipeline from the bundled
corpus, a real SMTP server (aiosmtpd) on a free loopback port, messages parsed back."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from conftest import free_port
from corpus import TRAFFICKING_STORY, Item, article_html, paragraphs, rss
from markupsafe import escape
from smtp_box import Mailbox

from monitor.app import App
from monitor.cli import cli
from monitor.delivery.digest import digest_jobs, digest_trigger, run_digest
from monitor.errors import ConfigError
from monitor.settings import Settings, settings_from_dict
from monitor.store import Store
from monitor.usecases.demo import demo_settings, load_manifest, serve_corpus
from monitor.usecases.poll import poll_once

NOW = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)  # 07:00 in Phnom Penh, after every corpus story
EXPECTED = load_manifest(Path(__file__).resolve().parent.parent / "seeds" / "demo")
FLAGGED_TITLES = [a["title"] for a in EXPECTED if a["expected"] == "flagged"]
# Wire copies of one story: the digest shows one of them, with the others as "also reported by".
SYNDICATED = [a["title"] for a in EXPECTED if a["expected"] == "flagged" and a.get("syndication_group")]
UNIQUE_TITLES = [title for title in FLAGGED_TITLES if title not in SYNDICATED]


# --------------------------------------------------------------------------- fixtures
def build_corpus_db(folder: Path, *, ner: bool = False) -> Path:
    """Poll the bundled demo corpus with the real pipeline into ``folder/corpus.db``."""
    db = folder / "corpus.db"
    with serve_corpus() as base_url:
        settings = demo_settings(base_url, db, ner=ner)
        store = App(settings).synced_store()
        poll_once(settings, store)
        store.close()  # checkpoints the WAL, so copying the file copies everything
    return db


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus_db(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield mailbox, controller.port
    controller.stop()


@pytest.fixture
def db_copy(corpus_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "monitor.db"
    shutil.copy(corpus_db, target)
    return target


def make_settings(db: Path, port: int, **sections: dict[str, Any]) -> Settings:
    raw: dict[str, Any] = {
        "storage": {"path": str(db)},
        "ner": {"enabled": False},
        "http": {"allow_private_networks": True, "per_host_delay": 0},
        "digest": {"to": ["analyst@example.org"], "from": "Monitor <monitor@example.org>"},
        "smtp": {"host": "127.0.0.1", "port": port, "timeout": 5},
    }
    for name, values in sections.items():
        raw[name] = {**raw.get(name, {}), **values}
    return settings_from_dict(raw, base_dir=db.parent)


@pytest.fixture
def setup(db_copy: Path, smtp_server: tuple[Mailbox, int]) -> Iterator[Callable[..., tuple[Settings, Store, Mailbox]]]:
    opened: list[Store] = []

    def _setup(**sections: dict[str, Any]) -> tuple[Settings, Store, Mailbox]:
        settings = make_settings(db_copy, smtp_server[1], **sections)
        store = Store.open(db_copy)
        opened.append(store)
        return settings, store, smtp_server[0]

    yield _setup
    for store in opened:
        store.close()


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html_part = (message.get_body((kind,)).get_content() for kind in ("plain", "html"))
    return text.replace("\r\n", "\n"), html_part.replace("\r\n", "\n")


def digests(store: Store) -> list[dict[str, Any]]:
    return store.rows("SELECT * FROM digests ORDER BY id")


def flagged_ids(store: Store) -> set[int]:
    return {row["id"] for row in store.rows("SELECT id FROM articles WHERE flagged = 1")}


def delivered_ids(store: Store) -> list[int]:
    return [row["article_id"] for row in store.rows(
        "SELECT i.article_id FROM digest_items i JOIN digests d ON d.id = i.digest_id "
        "WHERE d.state = 'sent' AND i.section = 'flagged'")]


# --------------------------------------------------------------------------- content and format
def test_delivered_digest_parses_back_with_every_flagged_story_and_why(setup) -> None:
    settings, store, mailbox = setup()
    run = run_digest(settings, store, now=NOW)

    assert [a.state for a in run.attempts] == ["sent"]
    [envelope] = mailbox.envelopes
    assert envelope.mail_from == "monitor@example.org" and envelope.rcpt_tos == ["analyst@example.org"]
    [message] = mailbox.messages
    assert message.get_content_type() == "multipart/alternative"
    text, html_part = parts(message)
    for title in UNIQUE_TITLES:
        assert title in text, f"flagged story missing from the text part: {title}"
        assert str(escape(title)) in html_part
    # The two ANN wire versions are one entry, with the other outlet "also reporting".
    assert len(SYNDICATED) == 2 and sum(title in text for title in SYNDICATED) == 1
    # ...and so does a story that an aggregator (the demo's Google News-style search) carried too.
    carried_twice = store.rows(
        "SELECT COUNT(*) AS n FROM (SELECT e.article_id FROM entries e JOIN articles a ON a.id = e.article_id "
        "WHERE a.flagged = 1 GROUP BY e.article_id HAVING COUNT(DISTINCT e.feed_id) > 1)")[0]["n"]
    assert carried_twice == 2 and text.count("Also reported by: ") == 1 + carried_twice
    # Why each story was flagged, its facts and its outlet, in both parts.
    assert "Flagged for: NCCT" in text
    assert "TIP: Cambodia: Tier 2 Watch List (2026, up)" in text
    assert "3,412 deported (first nine months of 2026)" in text
    assert "Cambodia: Tier 2 Watch List (2026, up)" in html_part and ">NCCT</span>" in html_part
    # Gmail clips HTML parts over ~100 KB: 50 stories must fit, so about 2 KB a story.
    assert len(html_part.encode()) < 6_000 + 2_000 * run.pending
    # Not flagged: related stories (include_related is off) and look-alikes.
    assert "Udon Thani karaoke bar" not in text and "meth haul" not in text
    # Headers: stable Message-ID recorded, List-Id, Date, subject from the template.
    [digest] = digests(store)
    assert message["Message-ID"] == digest["message_id"]
    assert digest["message_id"].startswith("<digest-1.") and digest["message_id"].endswith("@example.org>")
    assert message["List-Id"] == "Trafficking news monitor digest <trafficking-monitor.digest>"
    assert message["Date"].datetime == NOW
    assert message["Subject"] == f"[Trafficking monitor] {run.pending} new flagged stories (2026-11-20)"
    assert run.pending == len(FLAGGED_TITLES) - 1  # the syndicated pair counts once
    assert f"{run.pending} new flagged stories" in text.splitlines()[1]
    # Every flagged article (both wire copies included) is in this one delivered digest.
    assert digest["state"] == "sent" and digest["attempts"] == 1 and digest["sent_at"]
    assert sorted(delivered_ids(store)) == sorted(flagged_ids(store))


def test_second_run_sends_nothing_then_only_the_new_story(setup, web) -> None:
    settings, store, mailbox = setup()
    run_digest(settings, store, now=NOW)
    again = run_digest(settings, store, now=NOW + timedelta(days=1))
    assert again.attempts == [] and "no new flagged stories" in again.note
    assert len(mailbox.envelopes) == 1

    # A new flagged story arrives through the real pipeline from a new feed.
    base = web.url_for("").rstrip("/")
    item = Item(title="Koh Kong police free 27 fishermen as NCCT opens trafficking probe",
                link=f"{base}/koh-kong.html", guid="koh-kong",
                published=datetime(2026, 11, 21, 2, 0, tzinfo=UTC))
    body = article_html(item.title, paragraphs(TRAFFICKING_STORY, seed=7), date="2026-11-21")
    web.expect_request("/koh-kong.html").respond_with_data(body, content_type="text/html; charset=utf-8")
    web.expect_request("/feed.xml").respond_with_data(rss([item], title="Coast Post"),
                                                      content_type="application/rss+xml")
    feed_id = store.add_feed(f"{base}/feed.xml", "Coast Post")
    poll_once(settings, store, feeds=[store.feed(feed_id)])
    third = run_digest(settings, store, now=NOW + timedelta(days=2))
    assert [a.state for a in third.attempts] == ["sent"] and third.pending == 1
    text, _ = parts(mailbox.messages[-1])
    assert "Koh Kong police free 27 fishermen" in text and "Coast Post" in text
    assert not any(title in text for title in FLAGGED_TITLES), "an already delivered story came again"
    assert mailbox.messages[-1]["Message-ID"] != mailbox.messages[0]["Message-ID"]


def test_max_items_leaves_the_rest_pending_and_says_so(setup) -> None:
    settings, store, mailbox = setup(digest={"max_items": 3})
    first = run_digest(settings, store, now=NOW)
    assert first.pending == 3 and first.more == len(FLAGGED_TITLES) - 1 - 3
    text, html_part = parts(mailbox.messages[0])
    assert f"and {first.more} more flagged stories waiting for the next digest" in text
    assert f"and {first.more} more flagged stories" in html_part
    later_runs = []  # as many daily digests of three as the corpus's flagged stories need
    while not later_runs or later_runs[-1].more:
        later_runs.append(run_digest(settings, store, now=NOW + timedelta(days=len(later_runs) + 1)))
        assert len(later_runs) < 10
    full = len(later_runs) - 1
    assert len(later_runs) >= 3 and [r.pending for r in later_runs] == [3] * full + [first.more - 3 * full]
    delivered = delivered_ids(store)
    assert len(delivered) == len(set(delivered)) and set(delivered) == flagged_ids(store)
    # Relevance first: every story left for later scores below the first digest's three best.
    first_scores = sorted((row["score"] for row in store.rows(
        "SELECT a.score FROM digest_items i JOIN articles a ON a.id = i.article_id WHERE i.digest_id = 1")),
        reverse=True)
    later = store.rows("SELECT MAX(a.score) AS best FROM digest_items i JOIN articles a ON a.id = i.article_id "
                       "WHERE i.digest_id > 1")[0]["best"]
    assert later <= first_scores[2]


def test_related_section_when_enabled(setup) -> None:
    settings, store, mailbox = setup(digest={"include_related": True})
    run_digest(settings, store, now=NOW)
    text, html_part = parts(mailbox.messages[0])
    related_part = text.split("== Related:", 1)[1]
    assert "Thai police free nine Lao teenagers from Udon Thani karaoke bar" in related_part
    assert "Related · about trafficking" in html_part
    assert store.rows("SELECT COUNT(*) AS n FROM digest_items WHERE section = 'related'")[0]["n"] >= 1


def test_empty_digest_only_with_send_empty(setup) -> None:
    settings, store, mailbox = setup()
    store.db.conn.execute("UPDATE articles SET flagged = 0")
    assert run_digest(settings, store, now=NOW).attempts == []
    assert mailbox.envelopes == [] and digests(store) == []
    settings, store, mailbox = setup(digest={"send_empty": True})
    run_digest(settings, store, now=NOW)
    text, _ = parts(mailbox.messages[0])
    assert "No new flagged stories since the last digest." in text
    assert mailbox.messages[0]["Subject"].startswith("[Trafficking monitor] 0 new flagged stories")


# --------------------------------------------------------------------------- hostile and non-Latin text
def test_title_cannot_inject_headers_or_markup(setup) -> None:
    settings, store, mailbox = setup(digest={"subject": "{count} new: {top}"})
    top = store.rows("SELECT id FROM articles WHERE flagged = 1 ORDER BY score DESC LIMIT 1")[0]["id"]
    hostile = "Evil\r\nBcc: victim@example.net\r\nX-Injected: yes\n<script>alert(1)</script><b>bold</b>"
    store.db.conn.execute("UPDATE articles SET title = ?, url = 'javascript:alert(2)' WHERE id = ?", [hostile, top])
    run_digest(settings, store, now=NOW)
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["analyst@example.org"]  # no recipient smuggled in
    [message] = mailbox.messages
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert "Bcc: victim@example.net X-Injected: yes" in message["Subject"]
    text, html_part = parts(message)
    assert "<script>" not in html_part and "<b>bold</b>" not in html_part
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_part
    assert "javascript:" not in html_part  # not a link at all
    assert "* Evil Bcc: victim@example.net X-Injected: yes <script>alert(1)</script><b>bold</b>" in text


def test_khmer_and_thai_titles_round_trip_in_subject_and_body(setup) -> None:
    settings, store, mailbox = setup(digest={"subject": "{top} · {count} stories"})
    khmer = store.rows("SELECT id, title FROM articles WHERE flagged = 1 AND lang = 'km'")[0]
    thai = store.rows("SELECT title FROM articles WHERE flagged = 1 AND lang = 'th'")[0]["title"]
    store.db.conn.execute("UPDATE articles SET score = 99 WHERE id = ?", [khmer["id"]])
    run_digest(settings, store, now=NOW)
    raw = mailbox.envelopes[0].original_content
    raw.decode("ascii")  # 7-bit clean on the wire: encoded words and base64/quoted-printable
    assert b"Subject: =?utf-8?" in raw
    message = mailbox.messages[0]
    assert message["Subject"].startswith(khmer["title"])
    text, html_part = parts(message)
    assert khmer["title"] in text and thai in text
    assert f'lang="km">{khmer["title"]}</a>' in html_part


# --------------------------------------------------------------------------- failures and retries
def test_smtp_down_marks_failed_then_retries_the_same_digest_with_backoff(db_copy: Path) -> None:
    port = free_port()  # nothing listens here yet
    settings = make_settings(db_copy, port, digest={"retry_backoff": 600})
    store = Store.open(db_copy)
    first = run_digest(settings, store, now=NOW)
    [failed] = first.failed
    assert "cannot reach SMTP server 127.0.0.1" in failed.error
    [digest] = digests(store)
    assert digest["state"] == "failed" and digest["attempts"] == 1
    assert digest["last_error"] == failed.error
    assert digest["next_attempt_at"] == "2026-11-20T00:10:00Z"  # now + retry_backoff
    claimed = sorted(row["article_id"] for row in store.rows("SELECT article_id FROM digest_items"))
    assert delivered_ids(store) == []

    # Before the backoff: nothing is tried and no second digest is composed.
    early = run_digest(settings, store, now=NOW + timedelta(minutes=5))
    assert early.attempts == [] and len(digests(store)) == 1
    # Still down at the retry: the backoff doubles, still one digest.
    again = run_digest(settings, store, now=NOW + timedelta(minutes=10))
    assert [a.state for a in again.attempts] == ["failed"] and "no new digest composed" in again.note
    assert digests(store)[0]["next_attempt_at"] == "2026-11-20T00:30:00Z"  # + 2 x 600 s
    assert len(digests(store)) == 1

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        late = run_digest(settings, store, now=NOW + timedelta(minutes=30))
    finally:
        controller.stop()
    assert [a.state for a in late.attempts] == ["sent"]
    [message] = mailbox.messages
    assert message["Message-ID"] == digest["message_id"]
    assert message["Date"].datetime == NOW  # the digest's own date, not the retry's
    text, _ = parts(message)
    assert all(title in text for title in UNIQUE_TITLES)
    [digest] = digests(store)
    assert digest["state"] == "sent" and digest["attempts"] == 3 and digest["last_error"] is None
    assert sorted(delivered_ids(store)) == claimed == sorted(flagged_ids(store))
    store.close()


@pytest.mark.parametrize(
    ("where", "reply", "expected"),
    [
        ("data", "451 4.3.0 Mailbox busy, try later", "451 4.3.0 Mailbox busy"),
        ("data", "554 5.7.1 Message rejected as spam", "554 5.7.1 Message rejected"),
        ("rcpt", "550 5.1.1 No such user", "refused every recipient: analyst@example.org: 550"),
    ],
)
def test_smtp_4xx_and_5xx_answers_mark_the_digest_failed(setup, where: str, reply: str, expected: str) -> None:
    settings, store, mailbox = setup()
    setattr(mailbox, f"{where}_reply", reply)
    run = run_digest(settings, store, now=NOW)
    assert expected in run.failed[0].error
    assert digests(store)[0]["state"] == "failed" and expected in digests(store)[0]["last_error"]
    assert delivered_ids(store) == []


def test_smtp_timeout_marks_the_digest_failed(db_copy: Path) -> None:
    with socket.socket() as silent:  # accepts the connection (backlog) but never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        settings = make_settings(db_copy, silent.getsockname()[1], smtp={"timeout": 0.5})
        store = Store.open(db_copy)
        run = run_digest(settings, store, now=NOW)
    assert "timed out after 0.5s" in run.failed[0].error
    assert digests(store)[0]["state"] == "failed"
    store.close()


CRASHER = textwrap.dedent(
    """
    import os, sys
    from datetime import datetime
    from pathlib import Path
    from monitor.settings import settings_from_dict
    from monitor.delivery.digest import run_digest
    from monitor.store import Store
    from monitor.store.digests import DigestLedger

    raw, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
    import json
    settings = settings_from_dict(json.loads(raw), base_dir=Path("."))
    # The server has accepted the message; the process dies before recording it.
    DigestLedger.mark_sent = lambda *args, **kwargs: os._exit(9)
    run_digest(settings, Store.open(Path(settings.storage.path)), now=now)
    """
)


def test_crash_after_sending_resends_the_same_message_id_and_loses_nothing(db_copy: Path, smtp_server) -> None:
    mailbox, port = smtp_server
    raw = {
        "storage": {"path": str(db_copy)}, "ner": {"enabled": False},
        "digest": {"to": ["analyst@example.org"], "from": "monitor@example.org"},
        "smtp": {"host": "127.0.0.1", "port": port, "timeout": 5},
    }
    crashed = subprocess.run([sys.executable, "-c", CRASHER, json.dumps(raw), NOW.isoformat()],
                             capture_output=True, text=True, timeout=60)
    assert crashed.returncode == 9, crashed.stderr
    assert len(mailbox.envelopes) == 1
    store = Store.open(db_copy)
    [digest] = digests(store)
    assert digest["state"] == "sending" and digest["attempts"] == 1
    settings = settings_from_dict(raw, base_dir=db_copy.parent)

    # Within the lease the digest may still be in flight elsewhere: no second send yet.
    soon = run_digest(settings, store, now=NOW + timedelta(minutes=1))
    assert soon.attempts == [] and len(mailbox.envelopes) == 1 and len(digests(store)) == 1
    # After the lease: the same message again, same Message-ID, so clients drop the copy.
    later = run_digest(settings, store, now=NOW + timedelta(minutes=6))
    assert [a.state for a in later.attempts] == ["sent"]
    first, second = mailbox.messages
    assert first["Message-ID"] == second["Message-ID"] == digest["message_id"]
    assert parts(first) == parts(second)
    [digest] = digests(store)
    assert digest["state"] == "sent" and digest["attempts"] == 2
    delivered = delivered_ids(store)
    assert len(delivered) == len(set(delivered)) and set(delivered) == flagged_ids(store)
    assert run_digest(settings, store, now=NOW + timedelta(days=1)).attempts == []
    store.close()


# --------------------------------------------------------------------------- TLS and auth
@pytest.fixture(scope="module")
def tls_ca(tmp_path_factory: pytest.TempPathFactory):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return server_context, ca_file


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"digest" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture
def tls_server(tls_ca) -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=free_port(), tls_context=tls_ca[0], require_starttls=True,
        authenticator=authenticator, auth_required=True, auth_require_tls=True,
    )
    controller.start()
    yield mailbox, controller.port
    controller.stop()


def test_starttls_with_verified_certificate_and_login(db_copy, tls_ca, tls_server, monkeypatch) -> None:
    mailbox, port = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_ca[1]))  # our CA, as an operator would configure
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD", "s3cret")
    settings = make_settings(db_copy, port, smtp={"security": "starttls", "username": "digest",
                                                  "password_env": "DIGEST_SMTP_PASSWORD"})
    store = Store.open(db_copy)
    run = run_digest(settings, store, now=NOW)
    assert [a.state for a in run.attempts] == ["sent"], run.describe()
    assert len(mailbox.envelopes) == 1
    store.close()


def test_tls_and_auth_failures_are_recorded_with_the_reason(db_copy, tls_ca, tls_server, monkeypatch) -> None:
    mailbox, port = tls_server
    store = Store.open(db_copy)
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD", "wrong")
    smtp = {"security": "starttls", "username": "digest", "password_env": "DIGEST_SMTP_PASSWORD"}
    # Unknown CA with verification on: refused before any password is sent.
    run = run_digest(make_settings(db_copy, port, smtp=smtp), store, now=NOW)
    assert "TLS with 127.0.0.1" in run.failed[0].error and "certificate verify failed" in run.failed[0].error
    # verify_tls = false gets through TLS; the wrong password is refused.
    run = run_digest(make_settings(db_copy, port, smtp={**smtp, "verify_tls": False}), store,
                     now=NOW + timedelta(hours=1))
    assert "refused the login of 'digest': 535" in run.failed[0].error
    # Plain SMTP against a server that requires STARTTLS: refused, not sent in clear.
    run = run_digest(make_settings(db_copy, port, smtp={**smtp, "security": "none"}), store,
                     now=NOW + timedelta(hours=2))
    assert run.failed and mailbox.envelopes == []
    assert digests(store)[0]["attempts"] == 3 and len(digests(store)) == 1
    # A missing secret is a configuration error, raised before anything is sent.
    monkeypatch.delenv("DIGEST_SMTP_PASSWORD")
    with pytest.raises(ConfigError) as error:
        run_digest(make_settings(db_copy, port, smtp=smtp), store, now=NOW + timedelta(hours=3))
    assert error.value.key == "smtp.password_env" and "DIGEST_SMTP_PASSWORD" in str(error.value)
    store.close()


# --------------------------------------------------------------------------- CLI, previews, scheduling
def write_config(folder: Path, port: int, **digest: Any) -> Path:
    import tomli_w

    config = folder / "monitor.toml"
    config.write_text(tomli_w.dumps({
        "storage": {"path": "monitor.db"}, "ner": {"enabled": False},
        "digest": {"to": ["analyst@example.org"], "from": "monitor@example.org", **digest},
        "smtp": {"host": "127.0.0.1", "port": port, "timeout": 5},
    }), encoding="utf-8")
    return config


def test_cli_dry_run_and_out_change_nothing(db_copy: Path, smtp_server, tmp_path: Path) -> None:
    mailbox, port = smtp_server
    config = write_config(tmp_path, port)
    runner = CliRunner()
    dry = runner.invoke(cli, ["--config", str(config), "digest", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("TRAFFICKING NEWS MONITOR · digest of ")
    assert all(title in dry.stdout for title in UNIQUE_TITLES)
    eml = tmp_path / "preview.eml"
    out = runner.invoke(cli, ["--config", str(config), "digest", "--out", str(eml), "--to", "boss@example.org"])
    assert out.exit_code == 0, out.output
    message = message_from_bytes(eml.read_bytes(), policy=default_policy)
    assert message["To"] == "boss@example.org" and "digest-preview-" in message["Message-ID"]
    assert all(title in parts(message)[0] for title in UNIQUE_TITLES)
    store = Store.open(db_copy)
    assert digests(store) == [] and mailbox.envelopes == []
    store.close()

    sent = runner.invoke(cli, ["--config", str(config), "digest", "--to", "boss@example.org"])
    assert sent.exit_code == 0, sent.output
    assert "digest 1 sent" in sent.output and mailbox.envelopes[0].rcpt_tos == ["boss@example.org"]


def test_cli_exits_1_when_delivery_fails_and_2_on_config_errors(db_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    down = runner.invoke(cli, ["--config", str(write_config(tmp_path, free_port())), "digest"])
    assert down.exit_code == 1 and "NOT delivered: cannot reach SMTP server" in down.output
    bad = runner.invoke(cli, ["--config", str(write_config(tmp_path, 25, subject="{count} {nope}")), "digest"])
    assert bad.exit_code == 2 and "digest.subject" in bad.output
    to = runner.invoke(cli, ["--config", str(write_config(tmp_path, 25)), "digest", "--to", "a@x\r\nBcc: b@y"])
    assert to.exit_code == 2 and "--to" in to.output


def test_schedule_validation_names_the_key(tmp_path: Path) -> None:
    def settings(**digest: Any) -> Settings:
        return make_settings(tmp_path / "x.db", 25, digest=digest)

    trigger = digest_trigger(settings(schedule="0 7 * * *", timezone="Asia/Phnom_Penh"))
    fire = trigger.get_next_fire_time(None, datetime(2026, 11, 20, 1, 0, tzinfo=UTC))
    assert fire.astimezone(UTC) == datetime(2026, 11, 21, 0, 0, tzinfo=UTC)  # 07:00 UTC+7
    for digest, key in (({"schedule": "0 7 * *"}, "digest.schedule"), ({"schedule": "61 7 * * *"}, "digest.schedule"),
                        ({"timezone": "Asia/Phnom Penh"}, "digest.timezone"), ({"subject": "{when}"}, "digest.subject"),
                        ({"from": "not an address"}, "digest.from")):
        with pytest.raises(ConfigError) as error:  # when the settings are loaded, for every command alike
            settings(**digest)
        assert error.value.key == key and key in str(error.value)


def test_digest_job_opens_its_own_connection_and_honours_enabled(db_copy: Path, smtp_server) -> None:
    from monitor.app import App

    mailbox, port = smtp_server
    assert digest_jobs(make_settings(db_copy, port, digest={"enabled": False})) == []
    settings = make_settings(db_copy, port)
    jobs = {job.name: job for job in digest_jobs(settings)}
    assert [(job.cron, job.timezone) for job in jobs.values()] == [
        (settings.digest.schedule, settings.digest.timezone), ("* * * * *", settings.digest.timezone)]
    daemon = App(settings).daemon()
    daemon.run_job("digest", jobs["digest"].work)  # as a worker thread runs it: on a connection of its own
    assert len(mailbox.envelopes) == 1
    unreachable = {job.name: job for job in digest_jobs(make_settings(db_copy, free_port()))}
    daemon.run_job("digest", unreachable["digest"].work)  # nothing new: nothing sent, nothing raised
    daemon.run_job("digest-retry", unreachable["digest-retry"].work)
    assert len(mailbox.envelopes) == 1
    store = Store.open(db_copy)
    assert [d["state"] for d in digests(store)] == ["sent"]
    store.close()


def test_implicit_tls_port(db_copy, tls_ca, monkeypatch) -> None:
    mailbox = Mailbox()
    # aiosmtpd checks its own readiness with a client socket: give it a context that trusts our CA.
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), ssl_context=tls_ca[0],
                            server_hostname="127.0.0.1")
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_ca[1]))
    controller.start()
    try:
        store = Store.open(db_copy)
        run = run_digest(make_settings(db_copy, controller.port, smtp={"security": "ssl"}), store, now=NOW)
        store.close()
    finally:
        controller.stop()
    assert [a.state for a in run.attempts] == ["sent"] and len(mailbox.envelopes) == 1


def row(article_id: int, title: str, text: str, *, story: int | None = None, day: int = 1, score: float = 5.0):
    from monitor.models import StoredStory

    return StoredStory(id=article_id, story=story or article_id, title=title, text=text, score=score,
                       published_at=f"2026-11-{day:02d}T08:00:00Z", discovered_at="2026-11-20T00:00:00Z",
                       url=None, lang="en", summary=None, story_id=None, feed_id=None, site_name=None, feed=None)


def test_grouping_trusts_story_id_and_titles_only_when_texts_agree() -> None:
    from monitor.delivery.digest import group_stories

    wire = " ".join(TRAFFICKING_STORY) * 2
    other = " ".join(reversed(paragraphs([], count=8, seed=3)))
    groups = group_stories([
        row(1, "Cambodia kept on Tier 2 in TIP report", wire, score=9),
        row(2, "Cambodia kept on Tier 2 in TIP report", other, score=8),  # same headline, another story
        row(3, "Cambodia kept on Tier 2 in TIP report!", "A short feed summary.", score=7),  # feed-only copy
        row(4, "Rewritten wire copy", wire, story=1, score=6),  # the dedup stage linked it
        row(5, "Cambodia kept on Tier 2 in TIP report", wire, day=9, score=5),  # a week later: a new story
    ])
    assert [[r.id for r in group] for group in groups] == [[1, 3, 4], [2], [5]]


def test_digests_list_retry_and_discard_commands(setup, db_copy: Path, tmp_path: Path) -> None:
    settings, store, mailbox = setup(digest={"max_items": 3})
    mailbox.data_reply = "451 4.3.0 Mailbox busy, try later"
    first = run_digest(settings, store, now=NOW)
    assert first.failed
    config = tmp_path / "cfg.toml"
    config.write_text(textwrap.dedent(f"""
        [storage]
        path = "{db_copy}"
        [digest]
        to = ["analyst@example.org"]
        from = "monitor@example.org"
        [smtp]
        host = "127.0.0.1"
        port = {settings.smtp.port}
        timeout = 5
    """))
    runner = CliRunner()
    listed = runner.invoke(cli, ["--config", str(config), "digests", "list"])
    assert listed.exit_code == 0 and "0 digests sent" in listed.output
    assert f"#{first.failed[0].digest_id} failed, 1 attempts" in listed.output and "451 4.3.0" in listed.output

    still = runner.invoke(cli, ["--config", str(config), "digests", "retry"])
    assert still.exit_code == 1 and "failed: SMTP server" in still.output
    mailbox.data_reply = None
    sent = runner.invoke(cli, ["--config", str(config), "digests", "retry"])
    assert sent.exit_code == 0 and f"digest {first.failed[0].digest_id}: sent" in sent.output
    assert len(mailbox.messages) == 1

    # A digest that keeps failing can be given up: it is not retried and its stories stay with it.
    mailbox.data_reply = "554 5.7.1 rejected"
    second = run_digest(settings, store, now=NOW + timedelta(hours=1))
    given_up = second.failed[0].digest_id
    assert runner.invoke(cli, ["--config", str(config), "digests", "discard", str(given_up)]).exit_code == 0
    assert runner.invoke(cli, ["--config", str(config), "digests", "discard", str(given_up)]).exit_code == 2
    mailbox.data_reply = None
    third = run_digest(settings, store, now=NOW + timedelta(days=3))
    assert [a.digest_id for a in third.attempts] == [given_up + 1]  # a new digest, the discarded one left alone
    listed = runner.invoke(cli, ["--config", str(config), "digests", "list"]).output
    assert "2 digests sent" in listed and f"#{given_up} discarded" in listed
