"""Make docs/sample-digest-50.eml: what a full digest (50 stories, the default cap) looks like.

Everything is real except the news: the bundled demo corpus (English, Khmer, Thai and
Vietnamese stories, a syndicated pair) and the generated bench press (bench/corpus.py)
are served on loopback, polled by the real pipeline, and the digest is delivered by the
real SMTP code to an aiosmtpd server on a free port, which keeps the bytes.

    .venv/bin/python bench/make_sample_digest.py [--out docs/sample-digest-50.eml] [--no-ner]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Corpus

from monitor.app import App
from monitor.delivery.digest import run_digest
from monitor.settings import settings_from_dict
from monitor.usecases.demo import demo_feeds, demo_root, serve_corpus
from monitor.usecases.poll import poll_once

NOW = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)  # 07:00 in Phnom Penh
BENCH_FEEDS = 4
BENCH_ITEMS = 40  # per feed; about a third of them flagged


class Keep:
    def __init__(self) -> None:
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.original_content)
        return "250 kept"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/sample-digest-50.eml"))
    parser.add_argument("--no-ner", action="store_true", help="skip entity extraction (no key names shown)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="sample-digest-"))
    bench = Corpus(BENCH_FEEDS, BENCH_ITEMS, relevant_share=0.6, seed=6).start()
    mailbox = Keep()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        with serve_corpus() as demo_url:
            feeds = [{"name": name, "url": f"{demo_url}/{path}"} for name, path in demo_feeds(demo_root())]
            feeds += [{"name": bench.site(f), "url": bench.feed_url(f)} for f in range(BENCH_FEEDS)]
            settings = settings_from_dict({
                "storage": {"path": str(folder / "sample.db")},
                "http": {"allow_private_networks": True, "per_host_delay": 0, "per_host_concurrency": 4},
                "ner": {"enabled": not args.no_ner},
                "feeds": feeds,
                "digest": {"to": ["analysts@example.org"], "from": "Trafficking monitor <monitor@example.org>"},
                "smtp": {"host": "127.0.0.1", "port": smtp.port},
            }, base_dir=folder)
            store = App(settings).synced_store()
            poll_once(settings, store)
        run = run_digest(settings, store, now=NOW)
    finally:
        smtp.stop()
        bench.stop()
    for line in run.describe():
        print(line)
    if not mailbox.raw:
        raise SystemExit("no digest was delivered")
    raw = mailbox.raw[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(raw)
    message = message_from_bytes(raw, policy=default_policy)
    text = message.get_body(("plain",)).get_content()
    html_part = message.get_body(("html",)).get_content()
    counts = store.counts()
    print(f"database: {counts['articles']} stories, {counts['flagged']} flagged ({folder / 'sample.db'})")
    print(f"wrote {args.out}: {len(raw):,} bytes; text part {len(text):,} chars, HTML part {len(html_part):,} chars")
    print(f"subject: {message['Subject']}")
    print(f"entries: {text.count(chr(10) + '* ')}, day sections: {text.count(chr(10) + '== ')}; "
          f"'and K more': {run.more}")


if __name__ == "__main__":
    main()
