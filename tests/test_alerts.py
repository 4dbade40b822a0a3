"""Alerts on loopback: a webhook receiver (also 503 and hanging), ntfy/Slack/Telegram imitations
that check the request each service expects, aiosmtpd for e-mail watchlists; filters; retry
with backoff; at-least-once with a stable id after a crash; a re-poll sends nothing."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from conftest import free_port
from corpus import TRAFFICKING_STORY, Item, article_html, paragraphs, rss
from smtp_box import Mailbox

from monitor.app import App
from monitor.cli import cli
from monitor.delivery.alerts import list_alerts, retry_alerts, send_alerts, send_test_alert
from monitor.delivery.alerts.formats import NTFY_MAX_BYTES, slack_text, telegram_html
from monitor.delivery.alerts.stories import sample_story
from monitor.errors import ConfigError
from monitor.settings import AlertSettings, Settings, settings_from_dict
from monitor.store import Store, parse_time
from monitor.store.alerts import AlertLedger
from monitor.usecases.demo import demo_settings, load_manifest, serve_corpus
from monitor.usecases.poll import poll_once

EXPECTED = load_manifest(Path(__file__).resolve().parent.parent / "seeds" / "demo")
FLAGGED = [a for a in EXPECTED if a["expected"] == "flagged"]
TELEGRAM_TOKEN = "123456:TEST-token"
HOSTILE_TITLE = 'NCCT <!here> @channel <b>Tier 3</b> & "Co" <script>x</script>'


# --------------------------------------------------------------------------- loopback servers
@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Loopback:
    """One threaded HTTP server on a free port: serves GET pages, records POSTs, imitates services."""

    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (content type, body)
    received: list[Received] = field(default_factory=list)
    mode: str = "ok"  # ok | 503 | hang
    hang_seconds: float = 1.5
    port: int = 0

    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def posts(self, prefix: str) -> list[Received]:
        return [r for r in self.received if r.path.startswith(prefix)]

    def answer(self, request: Received) -> tuple[int, dict[str, str], bytes]:
        if self.mode == "503":
            return 503, {"Content-Type": "text/plain"}, b"down for maintenance"
        if self.mode == "429":
            if request.path.startswith("/bot"):
                return _json_error(429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 900",
                                         "parameters": {"retry_after": 900}})
            return 429, {"Retry-After": "600", "Content-Type": "text/plain"}, b"slow down"
        if self.mode == "hang":
            time.sleep(self.hang_seconds)
        if request.path.startswith("/slack/"):
            return slack_imitation(request)
        if request.path.startswith("/ntfy/"):
            return ntfy_imitation(request)
        if request.path.startswith("/bot"):
            return telegram_imitation(request)
        return 200, {"Content-Type": "application/json"}, b'{"received": true}'


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    state = Loopback()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            found = state.pages.get(self.path)
            if found is None:
                self.send_error(404)
                return
            kind, body = found
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            request = Received("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            state.received.append(request)
            status, headers, answer = state.answer(request)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the client gave up (the hanging case)
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _json_error(status: int, payload: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def slack_imitation(request: Received) -> tuple[int, dict[str, str], bytes]:
    """Slack incoming webhooks: a JSON POST with a text; the answer is a plain "ok"."""
    if not request.headers.get("content-type", "").startswith("application/json"):
        return 400, {}, b"invalid_payload"
    try:
        payload = request.json
    except ValueError:
        return 400, {}, b"invalid_payload"
    if not isinstance(payload.get("text"), str) or not payload["text"] or len(payload["text"]) > 40_000:
        return 400, {}, b"no_text"
    if set(payload) - {"text", "blocks", "attachments", "unfurl_links", "unfurl_media", "mrkdwn", "thread_ts"}:
        return 400, {}, b"invalid_payload"
    return 200, {"Content-Type": "text/html"}, b"ok"


def ntfy_imitation(request: Received) -> tuple[int, dict[str, str], bytes]:
    """ntfy publish: POST /<topic> with the message as the body and Title/Click/Tags headers."""
    topic = request.path.removeprefix("/ntfy/")
    if not re.fullmatch(r"[-_A-Za-z0-9]{1,64}", topic):
        return _json_error(404, {"code": 40401, "error": "page not found"})
    if len(request.body) > NTFY_MAX_BYTES:
        return _json_error(413, {"code": 41301, "error": "message too large"})
    title = request.headers.get("title", "")
    if not title.isascii():
        return _json_error(400, {"code": 40001, "error": "title header must be ASCII or RFC 2047"})
    return _json_error(200, {"id": "abc123", "event": "message", "topic": topic,
                             "title": decode_rfc2047(title), "message": request.body.decode("utf-8")})


def decode_rfc2047(value: str) -> str:
    match = re.fullmatch(r"=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=", value)
    return base64.b64decode(match.group(1)).decode("utf-8") if match else value


class TelegramHTML(HTMLParser):
    """Telegram's HTML parse mode: only its few tags; <a> with href only; text length after entities."""

    ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler",
               "blockquote", "span"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.errors: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.ALLOWED:
            self.errors.append(f"Unsupported start tag \"{tag}\"")
        if tag == "a" and [name for name, _ in attrs] != ["href"]:
            self.errors.append("a tag needs exactly href")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(f"unexpected end tag {tag}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


TELEGRAM_SENT: dict[tuple[str, int], str] = {}  # (chat, message_id) -> text, as the imitation holds them


def telegram_imitation(request: Received) -> tuple[int, dict[str, str], bytes]:
    """Bot API sendMessage / editMessageText: POST /bot<token>/<method>, JSON chat_id/text/parse_mode."""
    match = re.fullmatch(r"/bot([^/]+)/(sendMessage|editMessageText)", request.path)
    if not match or match.group(1) != TELEGRAM_TOKEN:
        return _json_error(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    if match.group(2) == "editMessageText":
        payload = request.json
        key = (str(payload.get("chat_id")), payload.get("message_id"))
        if key not in TELEGRAM_SENT:
            return _json_error(400, {"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"})
        if TELEGRAM_SENT[key] == payload.get("text"):
            return _json_error(400, {"ok": False, "error_code": 400,
                                     "description": "Bad Request: message is not modified"})
    payload = request.json
    if not payload.get("chat_id") or not isinstance(payload.get("text"), str):
        return _json_error(400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"})
    if payload.get("parse_mode") != "HTML":
        return _json_error(400, {"ok": False, "error_code": 400, "description": "Bad Request: expected HTML"})
    parser = TelegramHTML()
    parser.feed(payload["text"])
    parser.close()
    if parser.errors or parser.open:
        return _json_error(400, {"ok": False, "error_code": 400,
                                 "description": f"Bad Request: can't parse entities: {parser.errors or parser.open}"})
    if len("".join(parser.text)) > 4096:
        return _json_error(400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"})
    if match.group(2) == "editMessageText":
        message_id = payload["message_id"]
    else:
        message_id = 1 + max((number for _, number in TELEGRAM_SENT), default=0)
    TELEGRAM_SENT[(str(payload["chat_id"]), message_id)] = payload["text"]
    return _json_error(200, {"ok": True, "result": {"message_id": message_id, "chat": {"id": payload["chat_id"]},
                                                    "text": "".join(parser.text)}})


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


# --------------------------------------------------------------------------- settings and feeds
def with_alerts(settings: Settings, alerts: list[dict[str, Any]], **sections: dict[str, Any]) -> Settings:
    update: dict[str, Any] = {"alerts": [AlertSettings(**alert) for alert in alerts]}
    update["alerting"] = settings.alerting.model_copy(update={"telegram_api_url": "http://127.0.0.1:9", **sections.get("alerting", {})})
    for name in ("smtp", "digest", "review"):
        if name in sections:
            update[name] = getattr(settings, name).model_copy(update=sections[name])
    return settings.model_copy(update=update)


def small_feed(site: Loopback, titles: list[str]) -> None:
    """A feed of flagged stories (our own words) with these titles, served by ``site``."""
    items = []
    for number, title in enumerate(titles):
        path = f"/news/{number}.html"
        body = paragraphs([TRAFFICKING_STORY[number % len(TRAFFICKING_STORY)], *TRAFFICKING_STORY], seed=number)
        site.pages[path] = ("text/html; charset=utf-8", article_html(title, body + [f"Story number {number}."]))
        items.append(Item(title=title, link=site.base() + path, guid=f"story-{number}"))
    site.pages["/feed.xml"] = ("application/rss+xml", rss(items, title="Loopback Wire"))


def feed_settings(tmp_path: Path, site: Loopback) -> Settings:
    raw = {
        "storage": {"path": str(tmp_path / "monitor.db")},
        "ner": {"enabled": False},
        "extract": {"workers": 1},
        "http": {"allow_private_networks": True, "per_host_delay": 0, "respect_robots": False},
        "digest": {"from": "Monitor <monitor@example.org>"},
        "feeds": [{"name": "Loopback Wire", "url": site.base() + "/feed.xml"}],
    }
    return settings_from_dict(raw, base_dir=tmp_path)


def poll(settings: Settings) -> Store:
    store = App(settings).synced_store()
    poll_once(settings, store)
    return store


# --------------------------------------------------------------------------- the demo corpus, every kind
def test_every_kind_from_one_poll_and_a_repoll_sends_nothing(tmp_path: Path, loopback: Loopback,
                                                             mailbox: tuple[Mailbox, int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    box, smtp_port = mailbox
    monkeypatch.setenv("TEST_SLACK_URL", loopback.base() + "/slack/T000/B000/XXXX")
    monkeypatch.setenv("TEST_TG_TOKEN", TELEGRAM_TOKEN)
    base = loopback.base()
    with serve_corpus() as corpus_url:
        settings = with_alerts(
            demo_settings(corpus_url, tmp_path / "demo.db", ner=False),
            [
                {"name": "all", "kind": "webhook", "url": base + "/hook/all"},
                {"name": "khmer", "kind": "webhook", "url": base + "/hook/khmer", "languages": ["km"]},
                {"name": "tip", "kind": "webhook", "url": base + "/hook/tip", "groups": ["tip"], "min_score": 1},
                {"name": "cambodia-tip", "kind": "webhook", "url": base + "/hook/cambodia", "groups": ["tip"],
                 "countries": ["cambodia"]},
                {"name": "surrogacy", "kind": "webhook", "url": base + "/hook/terms", "terms": ["Surrogacy"]},
                {"name": "phone", "kind": "ntfy", "url": base + "/ntfy/khmer_desk-7f3a"},
                {"name": "team", "kind": "slack", "url_env": "TEST_SLACK_URL"},
                {"name": "bot", "kind": "telegram", "token_env": "TEST_TG_TOKEN", "chat_id": -100123},
                {"name": "inbox", "kind": "email", "to": ["analyst@example.org"], "schedule": "instant"},
                {"name": "weekly", "kind": "email", "to": ["research@example.org"], "schedule": "0 7 * * 1"},
            ],
            alerting={"telegram_api_url": base},
            smtp={"host": "127.0.0.1", "port": smtp_port, "timeout": 5},
            digest={"from": "Monitor <monitor@example.org>"},
            review={"base_url": "https://desk.example.org"},
        )
        store = poll(settings)
        first = list(loopback.received)
        first_mail = len(box.messages)
        poll_once(settings, store)  # conditional GET: nothing new, nothing sent
        assert loopback.received == first and len(box.messages) == first_mail

    everything = [r.json for r in loopback.posts("/hook/all")]
    titles = [p["title"] for p in everything]
    assert len(titles) == len(set(titles)), "a story was sent twice"
    # Every flagged story, once: of the two wire copies of one story (the dedup stage links them),
    # the one stored first is alerted; the later copy is not sent again.
    syndicated = {a["title"] for a in FLAGGED if a.get("syndication_group")}
    assert len(syndicated) == 2 and len(syndicated & set(titles)) == 1
    assert set(titles) | syndicated == {a["title"] for a in FLAGGED}
    for payload in everything:
        assert {"url", "title", "reason", "outlet", "published", "language", "score", "facts", "entities",
                "also_reported_by", "desk_url"} <= set(payload)
        assert payload["desk_url"].startswith("https://desk.example.org/demo/articles/")
    keys = [r.headers["idempotency-key"] for r in loopback.posts("/hook/all")]
    assert len(set(keys)) == len(keys)

    # Filters, each checked against the full set.
    khmer = {p["title"] for p in (r.json for r in loopback.posts("/hook/khmer"))}
    assert khmer == {p["title"] for p in everything if p["language"] == "km"} and khmer
    tip = {r.json["title"] for r in loopback.posts("/hook/tip")}
    assert tip == {p["title"] for p in everything if "tip:" in p["reason"]} and tip
    cambodia = [r.json for r in loopback.posts("/hook/cambodia")]
    assert cambodia and {p["title"] for p in cambodia} <= tip
    assert all("Cambodia" in " ".join(p["facts"] + p["entities"]) for p in cambodia)
    assert [r.json["title"] for r in loopback.posts("/hook/terms")] == [
        next(a["title"] for a in FLAGGED if "surrogacy" in a["title"])]

    # ntfy, Slack, Telegram: every request was accepted by the imitation (it checks the format).
    for prefix in ("/ntfy/", "/slack/"):
        assert len(loopback.posts(prefix)) == len(everything), prefix
    assert len([r for r in loopback.posts("/bot") if r.path.endswith("/sendMessage")]) == len(everything)
    ntfy = loopback.posts("/ntfy/")[0]
    assert ntfy.headers["click"] in {p["url"] for p in everything} and ntfy.headers["tags"] == "warning"
    assert decode_rfc2047(ntfy.headers["title"]) in titles
    slack = loopback.posts("/slack/")[0].json
    assert slack["unfurl_links"] is False and slack["text"].startswith("*<http")
    sent = [r.json for r in loopback.posts("/bot") if r.path.endswith("/sendMessage")]
    assert sent[0]["chat_id"] == "-100123" and sent[0]["link_preview_options"] == {"is_disabled": True}
    # The wire copy that came later is added to the Telegram message of its story (an edit).
    [wire] = [p for p in everything if p["title"] in syndicated]
    edits = [r.json for r in loopback.posts("/bot") if r.path.endswith("/editMessageText")]
    first = next(m for m in sent if wire["title"] in m["text"])
    assert edits or "Also reported by" in first["text"]
    for edited in edits:
        assert edited["message_id"] >= 1 and "Also reported by" in edited["text"] and wire["title"] in edited["text"]

    # E-mail: one digest-format message per story for "inbox"; "weekly" waits for its cron run.
    messages = box.messages
    assert len(messages) == len(everything)
    assert all(m["To"] == "analyst@example.org" and m["Subject"].startswith("[Trafficking monitor] inbox: ")
               for m in messages)
    assert len({m["Message-ID"] for m in messages}) == len(messages)
    weekly = send_alerts(settings, store, scheduled=["weekly"])
    assert len(weekly.sent) == 1 and len(box.messages) == len(everything) + 1
    digest = box.messages[-1]
    assert digest["To"] == "research@example.org" and f"{len(everything)} new flagged stories" in digest["Subject"]
    assert send_alerts(settings, store, scheduled=["weekly"]).attempts == []
    store.close()


# --------------------------------------------------------------------------- failures and retries
def test_failing_receiver_is_retried_with_backoff_until_each_story_is_delivered_once(
        tmp_path: Path, loopback: Loopback) -> None:
    small_feed(loopback, [f"NCCT and the TIP report: case {n}" for n in range(3)])
    settings = with_alerts(feed_settings(tmp_path, loopback), [
        {"name": "hook", "kind": "webhook", "url": loopback.base() + "/hook"}],
        alerting={"timeout": 0.5, "retry_backoff": 60})
    loopback.mode = "503"
    store = poll(settings)  # the poll stores 3 flagged stories; the receiver answers 503
    ledger = AlertLedger(store)
    failed = ledger.deliveries(states=("failed",))
    assert len(failed) == 3 and all("HTTP 503" in (d.last_error or "") for d in failed)
    assert len(loopback.posts("/hook")) == 3
    start = datetime.now(UTC)

    assert send_alerts(settings, store, now=start + timedelta(seconds=30)).attempts == []  # backoff: 60 s
    loopback.mode = "hang"
    hung = send_alerts(settings, store, now=start + timedelta(seconds=61))
    assert [a.state for a in hung.attempts] == ["failed"] * 3
    assert all("timed out after 0.5s" in (a.error or "") for a in hung.attempts)
    # The second failure doubles the wait: 120 s.
    assert send_alerts(settings, store, now=start + timedelta(seconds=61 + 100)).attempts == []
    loopback.mode = "ok"
    done = send_alerts(settings, store, now=start + timedelta(seconds=61 + 121))
    assert [a.state for a in done.attempts] == ["sent"] * 3
    assert send_alerts(settings, store, now=start + timedelta(days=2)).attempts == []

    delivered = [r for r in loopback.posts("/hook")[-3:]]
    assert sorted(r.json["title"] for r in delivered) == [f"NCCT and the TIP report: case {n}" for n in range(3)]
    assert len(loopback.posts("/hook")) == 9  # 3 x 503, 3 x hanging, 3 delivered
    assert all(d.attempts == 3 and d.state == "sent" for d in ledger.deliveries())
    poll_once(settings, store)
    assert len(loopback.posts("/hook")) == 9, "a re-poll sent something"
    store.close()


def test_down_receiver_shows_in_status_and_alerts_list_then_retry_and_discard(
        tmp_path: Path, loopback: Loopback) -> None:
    small_feed(loopback, ["NCCT warns of scam compound recruitment", "TIP report keeps Cambodia on Tier 2"])
    closed = free_port()
    config = cli_config(tmp_path, loopback, f'[[alerts]]\nname = "ops"\nkind = "webhook"\n'
                                            f'url = "http://127.0.0.1:{closed}/hook"\n')
    runner = CliRunner()
    assert runner.invoke(cli, ["--config", str(config), "poll"]).exit_code == 0
    listed = runner.invoke(cli, ["--config", str(config), "alerts", "list"])
    assert listed.exit_code == 0
    assert "ops: webhook to http://127.0.0.1:" in listed.output and listed.output.count(" failed, 1 attempts") == 2
    assert "cannot reach webhook" in listed.output
    as_json = json.loads(runner.invoke(cli, ["--config", str(config), "alerts", "list", "--json"]).output)
    assert [(w["name"], w["kind"], w["schedule"], len(w["waiting"])) for w in as_json] == [("ops", "webhook", "instant", 2)]
    assert as_json[0]["waiting"][0]["state"] == "failed" and as_json[0]["counts"]["failed"] == 2
    status = runner.invoke(cli, ["--config", str(config), "status", "--json"])
    failing = json.loads(status.output)["failing_deliveries"]
    assert [(f["channel"], f["name"], f["attempts"]) for f in failing] == [("alert", "ops", 1), ("alert", "ops", 1)]

    # The desk shows them too (the failing_deliveries view, digests included).
    import httpx

    from monitor.review.desk import running
    from monitor.settings import load_settings

    with running(load_settings(config)) as desk:
        shown = httpx.get(f"{desk}/monitor/failing_deliveries.json?_shape=array", timeout=30).json()
    assert [(row["channel"], row["name"]) for row in shown] == [("alert", "ops"), ("alert", "ops")]
    assert "cannot reach webhook" in shown[0]["last_error"]

    still_down = runner.invoke(cli, ["--config", str(config), "alerts", "retry", "ops"])
    assert still_down.exit_code == 1 and "NOT delivered" in still_down.output
    first_id = failing[0]["id"]
    discarded = runner.invoke(cli, ["--config", str(config), "alerts", "discard", "ops", str(first_id)])
    assert discarded.exit_code == 0 and "discarded" in discarded.output
    assert runner.invoke(cli, ["--config", str(config), "alerts", "discard", "ops", str(first_id)]).exit_code == 2

    config.write_text(config.read_text().replace(f"127.0.0.1:{closed}", f"127.0.0.1:{loopback.port}"))
    fixed = runner.invoke(cli, ["--config", str(config), "alerts", "retry", "ops"])
    assert fixed.exit_code == 0 and "sent" in fixed.output
    assert len(loopback.posts("/hook")) == 1  # the discarded one is never sent
    assert json.loads(runner.invoke(cli, ["--config", str(config), "status", "--json"]).output)["failing_deliveries"] == []


def test_a_later_poll_retries_what_failed_once_its_backoff_is_over(tmp_path: Path, loopback: Loopback) -> None:
    small_feed(loopback, ["NCCT: repatriation flights resume", "TIP report: Tier 2 for Thailand"])
    settings = with_alerts(feed_settings(tmp_path, loopback), [
        {"name": "hook", "kind": "webhook", "url": loopback.base() + "/hook"}], alerting={"retry_backoff": 0.5})
    loopback.mode = "503"
    store = poll(settings)
    assert [d.state for d in AlertLedger(store).deliveries()] == ["failed", "failed"]
    loopback.mode = "ok"
    time.sleep(1.1)  # due times are whole seconds
    poll_once(settings, store)  # nothing new in the feed: the poll's hook sends the due retries
    assert [d.state for d in AlertLedger(store).deliveries()] == ["sent", "sent"]
    assert len(loopback.posts("/hook")) == 4
    poll_once(settings, store)
    assert len(loopback.posts("/hook")) == 4
    store.close()


def test_429_retry_after_is_honoured_over_the_backoff(tmp_path: Path, loopback: Loopback,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    small_feed(loopback, ["NCCT: border checkpoint screening expanded"])
    monkeypatch.setenv("TEST_TG_TOKEN", TELEGRAM_TOKEN)
    settings = with_alerts(feed_settings(tmp_path, loopback), [
        {"name": "hook", "kind": "webhook", "url": loopback.base() + "/hook"},
        {"name": "bot", "kind": "telegram", "token_env": "TEST_TG_TOKEN", "chat_id": 9},
    ], alerting={"telegram_api_url": loopback.base(), "retry_backoff": 60})
    loopback.mode = "429"
    store = poll(settings)
    by_name = {d.watchlist: d for d in AlertLedger(store).deliveries()}
    for name, wait, reason in (("hook", 600, "HTTP 429 Too Many Requests: slow down"),
                               ("bot", 900, "Too Many Requests: retry after 900")):
        delivery = by_name[name]
        assert delivery.state == "failed" and reason in (delivery.last_error or "")
        last, due = parse_time(delivery.last_attempt_at), parse_time(delivery.next_attempt_at)
        assert last and due and (due - last).total_seconds() == wait  # not the 60 s backoff
    store.close()


class Crash(BaseException):
    """The process dying between the channel's answer and the ledger's write."""


def test_crash_between_send_and_record_resends_once_with_the_same_idempotency_key(
        tmp_path: Path, loopback: Loopback, monkeypatch: pytest.MonkeyPatch) -> None:
    small_feed(loopback, ["NCCT: 41 workers freed", "NCCT: court jails recruiter", "TIP report: Tier 2 Watch List"])
    settings = with_alerts(feed_settings(tmp_path, loopback), [
        {"name": "hook", "kind": "webhook", "url": loopback.base() + "/hook"}])
    loopback.mode = "503"
    store = poll(settings)
    loopback.mode = "ok"
    start = datetime.now(UTC)

    original = AlertLedger.mark_sent

    def crash(self: AlertLedger, delivery_id: int, **recorded: object) -> None:
        raise Crash()

    monkeypatch.setattr(AlertLedger, "mark_sent", crash)
    with pytest.raises(Crash):
        send_alerts(settings, store, now=start + timedelta(seconds=61))
    monkeypatch.setattr(AlertLedger, "mark_sent", original)
    crashed_key = loopback.posts("/hook")[-1].headers["idempotency-key"]

    # The other two are sent; the crashed one waits for its lease (2 min), not re-sent yet.
    later = send_alerts(settings, store, now=start + timedelta(seconds=90))
    assert [a.state for a in later.attempts] == ["sent", "sent"]
    assert send_alerts(settings, store, now=start + timedelta(seconds=150)).attempts == []
    resent = send_alerts(settings, store, now=start + timedelta(seconds=61 + 121))
    assert [a.state for a in resent.attempts] == ["sent"]
    assert send_alerts(settings, store, now=start + timedelta(days=1)).attempts == []

    accepted = loopback.posts("/hook")[3:]  # after the three 503 answers
    keys = [r.headers["idempotency-key"] for r in accepted]
    assert len(keys) == 4 and keys.count(crashed_key) == 2 and len(set(keys)) == 3
    store.close()


# --------------------------------------------------------------------------- escaping and injection
def test_hostile_text_from_a_poll_is_escaped_for_every_channel(tmp_path: Path, loopback: Loopback,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    small_feed(loopback, [HOSTILE_TITLE])
    monkeypatch.setenv("TEST_TG_TOKEN", TELEGRAM_TOKEN)
    base = loopback.base()
    settings = with_alerts(feed_settings(tmp_path, loopback), [
        {"name": "hook", "kind": "webhook", "url": base + "/hook"},
        {"name": "phone", "kind": "ntfy", "url": base + "/ntfy/topic"},
        {"name": "team", "kind": "slack", "url": base + "/slack/T/B/X"},
        {"name": "bot", "kind": "telegram", "token_env": "TEST_TG_TOKEN", "chat_id": "@monitor_test"},
    ], alerting={"telegram_api_url": base})
    store = poll(settings)
    # What survives extraction of that title: a mention, an ampersand, quotes.
    title = loopback.posts("/hook")[0].json["title"]
    assert "@channel" in title and "&" in title
    slack = loopback.posts("/slack/")[0].json["text"]
    assert "@\u2060channel" in slack and "@channel" not in slack and "&amp;" in slack
    telegram = loopback.posts("/bot")[0]
    assert telegram.path == f"/bot{TELEGRAM_TOKEN}/sendMessage" and "&amp;" in telegram.json["text"]
    assert decode_rfc2047(loopback.posts("/ntfy/")[0].headers["title"]) == title
    assert [d.state for d in AlertLedger(store).deliveries()] == ["sent"] * 4
    store.close()


def test_markup_and_mentions_cannot_be_injected(tmp_path: Path, loopback: Loopback,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.delivery.alerts.channels import send

    monkeypatch.setenv("TEST_TG_TOKEN", TELEGRAM_TOKEN)
    base = loopback.base()
    settings = with_alerts(settings_from_dict({"storage": {"path": str(tmp_path / "x.db")}}, base_dir=tmp_path), [
        {"name": "phone", "kind": "ntfy", "url": base + "/ntfy/topic"},
        {"name": "team", "kind": "slack", "url": base + "/slack/T/B/X"},
        {"name": "bot", "kind": "telegram", "token_env": "TEST_TG_TOKEN", "chat_id": "42"},
    ], alerting={"telegram_api_url": base})
    story = sample_story(settings)
    entry = story.entry
    hostile = type(entry)(**{**entry.__dict__, "title": HOSTILE_TITLE + "\r\nX-Injected: yes",
                             "url": "https://example.org/a?x=1&y=<2>|3", "entities": ["<@U024BE7LH>", "<b>x</b>"]})
    hostile_story = type(story)(entry=hostile, reason="tip: <!channel> ×1", published=None, desk_url=None)
    for alert in settings.alerts:
        send(settings, alert, [hostile_story], key="alert-1.test", created=datetime.now(UTC), number=1)

    slack = loopback.posts("/slack/")[0].json["text"]
    assert "<!here>" not in slack and "<!channel>" not in slack and "<@U024BE7LH>" not in slack
    assert "&lt;!here&gt;" in slack and "&lt;script&gt;" in slack and "@\u2060channel" in slack
    assert slack.startswith("*<https://example.org/a?x=1&amp;y=%3C2%3E%7C3|NCCT &lt;!here&gt;")
    assert re.search(r"<(?!https://)", slack) is None  # every "<" left opens a link we made

    telegram = loopback.posts("/bot")[0].json["text"]  # the imitation parsed it as Telegram does
    assert "&lt;b&gt;Tier 3&lt;/b&gt;" in telegram and "<script>" not in telegram
    assert 'href="https://example.org/a?x=1&amp;y=&lt;2&gt;|3"' in telegram

    ntfy = loopback.posts("/ntfy/")[0]
    assert "x-injected" not in ntfy.headers and "\n" not in ntfy.headers["title"]
    assert decode_rfc2047(ntfy.headers["title"]).startswith("NCCT <!here> @channel")
    assert "markdown" not in ntfy.headers  # plain text: nothing in it is markup


def test_long_stories_stay_within_each_service_limit(tmp_path: Path) -> None:
    settings = settings_from_dict({"storage": {"path": str(tmp_path / "x.db")}}, base_dir=tmp_path)
    story = sample_story(settings)
    entry = story.entry
    long = type(entry)(**{**entry.__dict__, "title": "ត" * 5000, "entities": ["ឈ្មោះ" * 30] * 5,
                          "statistics": ["១២៣ " + "ជនរងគ្រោះ" * 100] * 6})
    big = type(story)(entry=long, reason="trafficking: " + "ការជួញដូរមនុស្ស ×3; " * 50, published=story.published,
                      desk_url=None)
    from monitor.delivery.alerts.formats import ntfy_message

    headers, body = ntfy_message(big)
    assert len(body) <= NTFY_MAX_BYTES and len(headers["Title"]) < 2000
    assert len(slack_text(big)) <= 3000
    parser = TelegramHTML()
    parser.feed(telegram_html(big))
    assert not parser.errors and len(telegram_html(big)) <= 4096


# --------------------------------------------------------------------------- config and commands
@pytest.mark.parametrize("alert,expected", [
    ({"name": "x", "kind": "webhook"}, ["alerts[0]", 'kind = "webhook" needs url']),
    ({"name": "x", "kind": "telegram", "chat_id": 1}, ["alerts[0]", "token_env"]),
    ({"name": "x", "kind": "email"}, ["alerts[0]", "to = ["]),
    ({"name": "x", "kind": "email", "to": ["not an address"]}, ["alerts[0].to", "not one e-mail address"]),
    ({"name": "x", "kind": "slack", "url": "ftp://x"}, ["alerts[0].url", "http"]),
    ({"name": "x", "kind": "sms", "url": "http://x"}, ["alerts[0].kind", "'webhook'"]),
    ({"name": "x", "kind": "ntfy", "url": "http://x/t", "schedule": "every day"}, ["alerts[0].schedule", "cron fields"]),
    ({"name": "x", "kind": "ntfy", "url": "http://x/t", "token": "secret"}, ["alerts[0].token", "unknown key", "token_env"]),
    ({"name": "bad name", "kind": "ntfy", "url": "http://x/t"}, ["alerts[0].name", "pattern"]),
    ({"name": "x", "kind": "ntfy", "url": "http://x/t", "groups": ["tpi"]}, ["alerts[0].groups[0]", "'ncct'"]),
    ({"name": "x", "kind": "ntfy", "url": "http://x/t", "languages": ["Khmer"]}, ["alerts[0].languages[0]", "pattern"]),
    ({"name": "x", "kind": "ntfy", "url": "http://x/t", "chat_id": 5}, ["alerts[0]", "chat_id is for kind = \"telegram\""]),
    ({"name": "x", "kind": "webhook", "url_env": "my-var"}, ["alerts[0].url_env", "pattern"]),
])
def test_alert_config_mistakes_name_the_key_and_the_fix(tmp_path: Path, alert: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict({"alerts": [alert]}, base_dir=tmp_path)
    for fragment in expected:
        assert fragment in str(caught.value)


@pytest.mark.parametrize("section,expected", [
    ({"alerting": {"timeout": 0}}, ["alerting.timeout = 0", "greater than 0"]),
    ({"alerting": {"telegram_api_url": "api.telegram.org"}}, ["alerting.telegram_api_url", "https://api.telegram.org"]),
    ({"review": {"base_url": "desk.example.org"}}, ["review.base_url", "https://desk.example.org"]),
])
def test_alerting_and_desk_url_mistakes(tmp_path: Path, section: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict(section, base_dir=tmp_path)
    for fragment in expected:
        assert fragment in str(caught.value)


def test_repeated_watchlist_names_and_missing_secrets(tmp_path: Path, loopback: Loopback,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    hook = {"name": "x", "kind": "webhook", "url": "http://127.0.0.1:1/h"}
    with pytest.raises(ConfigError, match="repeats alerts"):
        settings_from_dict({"alerts": [hook, hook]}, base_dir=tmp_path)
    monkeypatch.delenv("NO_SUCH_TOKEN", raising=False)
    settings = settings_from_dict({"alerts": [{"name": "bot", "kind": "telegram", "token_env": "NO_SUCH_TOKEN",
                                               "chat_id": 5}]}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="NO_SUCH_TOKEN named by token_env"):
        send_test_alert(settings, "bot")
    with pytest.raises(ConfigError, match="no \\[\\[alerts\\]\\] watchlist named 'nope'"):
        send_test_alert(settings, "nope")


def test_alerts_test_sends_a_sample_and_records_nothing(tmp_path: Path, loopback: Loopback,
                                                        mailbox: tuple[Mailbox, int]) -> None:
    box, port = mailbox
    settings = settings_from_dict({
        "storage": {"path": str(tmp_path / "m.db")},
        "smtp": {"host": "127.0.0.1", "port": port},
        "digest": {"from": "monitor@example.org"},
        "alerts": [{"name": "hook", "kind": "webhook", "url": loopback.base() + "/hook", "token_env": "HOOK_TOKEN"},
                   {"name": "mail", "kind": "email", "to": ["a@example.org"]}],
    }, base_dir=tmp_path)
    import os

    os.environ["HOOK_TOKEN"] = "s3cret"
    try:
        assert "sample alert sent to hook" in send_test_alert(settings, "hook")
    finally:
        del os.environ["HOOK_TOKEN"]
    sample = loopback.posts("/hook")[0]
    assert sample.headers["authorization"] == "Bearer s3cret"
    assert sample.json["title"].startswith("Test alert") and sample.json["watchlist"] == "hook"
    assert "sample alert sent to mail" in send_test_alert(settings, "mail")
    assert box.messages[0]["Subject"].startswith("[Trafficking monitor] mail: Test alert")
    assert not (tmp_path / "m.db").exists()
    loopback.mode = "503"
    result = CliRunner().invoke(cli, ["alerts", "test", "hook"], env={"MONITOR_CONFIG": str(_write(tmp_path, loopback))})
    assert result.exit_code == 1 and "HTTP 503" in result.output


def _write(tmp_path: Path, loopback: Loopback) -> Path:
    path = tmp_path / "cfg.toml"
    path.write_text(f'[storage]\npath = "m.db"\n[[alerts]]\nname = "hook"\nkind = "webhook"\nurl = "{loopback.base()}/hook"\n')
    return path


def test_new_watchlist_starts_with_new_stories_only(tmp_path: Path, loopback: Loopback) -> None:
    small_feed(loopback, ["NCCT: old story", "TIP report: old story two"])
    plain = feed_settings(tmp_path, loopback)
    store = poll(plain)  # no watchlist yet
    settings = with_alerts(plain, [{"name": "late", "kind": "webhook", "url": loopback.base() + "/hook"}])
    assert send_alerts(settings, store).attempts == []
    assert [w.name for w in list_alerts(settings, store)] == ["late"]
    assert retry_alerts(settings, store, "late").attempts == []
    assert loopback.posts("/hook") == []
    store.close()


def cli_config(tmp_path: Path, loopback: Loopback, alerts: str) -> Path:
    config = tmp_path / "monitor.toml"
    config.write_text(f"""
[storage]
path = "monitor.db"
[ner]
enabled = false
[extract]
workers = 1
[http]
allow_private_networks = true
per_host_delay = 0
respect_robots = false
[schedule]
min_interval = 1.0
max_interval = 2.0
default_interval = 1.0
tick = 0.2
jitter = 0.0
stop_timeout = 4.0
[[feeds]]
name = "Loopback Wire"
url = "{loopback.base()}/feed.xml"
{alerts}
""")
    return config


def test_monitor_run_sends_instant_alerts_and_refuses_a_missing_secret(tmp_path: Path, loopback: Loopback) -> None:
    import os
    import signal
    import subprocess
    import sys

    small_feed(loopback, ["NCCT: hotline calls doubled", "TIP report: Cambodia on Tier 2 Watch List"])
    env = {k: v for k, v in os.environ.items() if k != "NO_SUCH_TOKEN"}
    missing = cli_config(tmp_path, loopback, '[[alerts]]\nname = "bot"\nkind = "telegram"\n'
                                                 'token_env = "NO_SUCH_TOKEN"\nchat_id = 5\n')
    refused = subprocess.run([sys.executable, "-m", "monitor", "--config", str(missing), "run"], env=env,
                             capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert refused.returncode == 2 and "NO_SUCH_TOKEN named by token_env" in refused.stderr

    config = cli_config(tmp_path, loopback, f'[[alerts]]\nname = "ops"\nkind = "webhook"\nurl = "{loopback.base()}/hook"\n'
                                                '[[alerts]]\nname = "weekly"\nkind = "webhook"\n'
                                                f'url = "{loopback.base()}/weekly"\nschedule = "0 7 * * 1"\n')
    log = (tmp_path / "daemon.log").open("wb")
    daemon = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config), "run"], stdout=log,
                              stderr=subprocess.STDOUT, cwd=tmp_path, env=env)
    try:
        deadline = time.monotonic() + 40
        while len(loopback.posts("/hook")) < 2 and time.monotonic() < deadline and daemon.poll() is None:
            time.sleep(0.1)
        time.sleep(1.5)  # a few more polls of the unchanged feed: nothing more is sent
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=20)
    finally:
        if daemon.poll() is None:
            daemon.kill()
        log.close()
    output = (tmp_path / "daemon.log").read_text()
    assert code == 0, output
    assert sorted(r.json["title"] for r in loopback.posts("/hook")) == [
        "NCCT: hotline calls doubled", "TIP report: Cambodia on Tier 2 Watch List"]
    assert loopback.posts("/weekly") == []  # its cron time has not come
    assert "alerts-weekly" in output and "alerts-retry" in output and "Traceback" not in output


def test_a_bug_while_alerting_never_fails_the_poll(tmp_path: Path, loopback: Loopback,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import monitor.delivery.alerts.job as job

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug in a channel")

    monkeypatch.setattr(job, "send", broken)
    small_feed(loopback, ["NCCT: shelter capacity doubled"])
    settings = with_alerts(feed_settings(tmp_path, loopback), [
        {"name": "hook", "kind": "webhook", "url": loopback.base() + "/hook"}])
    store = App(settings).synced_store()
    report = poll_once(settings, store)
    assert not report.failed and report.total("stored") == 1
    # Left "sending": after its lease it is tried again, like after a crash.
    assert [d.state for d in AlertLedger(store).deliveries()] == ["sending"]
    store.close()
