"""The offline demo: serve the bundled corpus on loopback and poll it with the real pipeline.

``seeds/demo/<outlet>/feed.{xml,atom,json}`` and the article pages beside them are served
with ``{{BASE}}`` replaced by the server's address, with ETag and Last-Modified so the
second poll shows conditional GET at work. One source of each other kind is served the
same way: a news sitemap (``sitemap-news.xml``), a Telegram channel's web preview
(``telegram.html``) and a Google News-style search feed whose links are built at serve
time (``{{GNEWS:/path}}`` becomes a Google News article id that encodes BASE/path).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict

from monitor.ingest.sources.googlenews import encode_article_id
from monitor.resources import shipped_path
from monitor.settings import Settings, settings_from_dict
from monitor.tomlconfig import StrictModel, load_toml

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
SOURCE_FILES = ("feed.xml", "feed.atom", "feed.json", "sitemap-news.xml", "telegram.html")
SOURCE_KINDS = {
    "feed.xml": "RSS feed",
    "feed.atom": "Atom feed",
    "feed.json": "JSON Feed",
    "sitemap-news.xml": "news sitemap",
    "telegram.html": "Telegram channel preview",
}
# Outlet folders whose title-cased name would misspell the outlet ("Asean Wire").
OUTLET_NAMES = {"asean-wire": "ASEAN Wire", "kh-voice": "KH Voice", "google-news-ncct": "Google News: NCCT"}
_GNEWS_LINK = re.compile(rb"\{\{GNEWS:([^}]+)\}\}")


def demo_root() -> Path:
    return shipped_path("seeds", "demo")


def demo_feeds(root: Path) -> list[tuple[str, str]]:
    """(name, path below root) of each outlet's source (feed, sitemap, Telegram preview), in a stable order."""
    found = []
    for outlet in sorted(p for p in root.iterdir() if p.is_dir()):
        for name in SOURCE_FILES:
            feed = outlet / name
            if feed.is_file():
                name = OUTLET_NAMES.get(outlet.name) or outlet.name.replace("-", " ").title()
                found.append((name, feed.relative_to(root).as_posix()))
    return found


def source_kind(root: Path, path: str) -> str:
    """What kind of source the demo serves at ``path`` (below root), as the demo's printout names it."""
    if b"{{GNEWS:" in (root / path).read_bytes():
        return "Google News-style search"
    return SOURCE_KINDS.get(Path(path).name, "feed")


class ManifestArticle(StrictModel):
    # Keys beyond these pass through: corpus additions may carry their own notes.
    model_config = ConfigDict(extra="allow", frozen=True)

    title: str
    feed: str
    lang: str
    expected: Literal["flagged", "related", "none"]
    family: str = ""
    note: str = ""
    published: str | None = None
    path: str | None = None  # the article page, below the corpus root
    entry_id: str | None = None  # a feed-only entry (no page)
    syndication_group: str | None = None


class Manifest(StrictModel):
    article: list[ManifestArticle] = []


def load_manifest(root: Path) -> list[dict[str, Any]]:
    """The corpus's expected verdicts (used by the demo summary and the tests), as written."""
    manifest = root / "manifest.toml"
    if not manifest.is_file():
        return []
    return [article.model_dump(exclude_unset=True) for article in load_toml(manifest, Manifest, what="demo manifest").article]


class _CorpusHandler(BaseHTTPRequestHandler):
    server: _CorpusServer

    def do_GET(self) -> None:
        relative = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        target = (self.server.root / relative).resolve()
        if not target.is_file() or self.server.root not in target.parents or target.suffix not in CONTENT_TYPES:
            self.send_error(404)
            return
        base = self.server.base.encode()
        body = _GNEWS_LINK.sub(lambda m: encode_article_id((base + m.group(1)).decode()).encode(), target.read_bytes())
        body = body.replace(b"{{BASE}}", base)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES[target.suffix])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(target.stat().st_mtime, usegmt=True))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo server: " + format, *args)


class _CorpusServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _CorpusHandler)
        self.root = root.resolve()
        self.base = f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def serve_corpus(root: Path | None = None) -> Iterator[str]:
    """Serve the corpus on a free loopback port; yields the base URL."""
    server = _CorpusServer(root or demo_root())
    thread = threading.Thread(target=server.serve_forever, name="demo-server", daemon=True)
    thread.start()
    try:
        yield server.base
    finally:
        server.shutdown()
        server.server_close()


def demo_settings(base_url: str, db_path: Path, root: Path | None = None, *, ner: bool = True) -> Settings:
    """A config for the demo: the corpus's feeds, loopback allowed, no politeness delay."""
    raw = {
        "storage": {"path": str(db_path)},
        "http": {"allow_private_networks": True, "per_host_delay": 0, "per_host_concurrency": 4},
        "ner": {"enabled": ner},
        "feeds": [{"name": name, "url": f"{base_url}/{path}"} for name, path in demo_feeds(root or demo_root())],
    }
    return settings_from_dict(raw, base_dir=db_path.parent)
