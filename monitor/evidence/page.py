"""An archived page for a person to read: inert, self-contained, with a banner saying what it is.

Three layers, so no single mistake lets the page act or call home:

1. the HTML is rewritten: scripts, frames, plugins, ``<base>``, ``<link>``, ``<meta>``
   refreshes and event handlers go; every attribute that makes the browser fetch
   (``src``, ``srcset``, ``poster``, ``url(...)`` in styles...) is removed, its value kept
   in a ``data-archived-*`` attribute; links are disabled (their target shown as a tooltip);
2. it is served with ``Content-Security-Policy: sandbox`` (no scripts, an opaque origin,
   no forms) plus ``default-src 'none'``, so the browser refuses any request the rewrite
   missed;
3. ``Referrer-Policy: no-referrer``: nothing tells the outlet who reads its page.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime
from html import escape

import lxml.etree
import lxml.html

from monitor.evidence.warc import ReadRecord
from monitor.ingest.extractor import decode_page
from monitor.store.snapshots import Snapshot

CONTENT_SECURITY_POLICY = (
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
)
META_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'"
RESPONSE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
# Elements that run code, embed other documents, or change where URLs point.
DROPPED_TAGS = ("script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                "link", "portal", "template", "audio", "video", "source", "track")
# Attributes whose value the browser fetches (or navigates to) by itself.
FETCHING_ATTRIBUTES = frozenset({
    "src", "srcset", "imagesrcset", "lowsrc", "dynsrc", "poster", "background", "data", "codebase", "archive",
    "action", "formaction", "ping", "manifest", "longdesc", "profile", "usemap", "xlink:href",
})
LINK_TAGS = frozenset({"a", "area"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CSS_URL = re.compile(r"url\s*\([^)]*\)|@import[^;]*;?|expression\s*\(|image-set\s*\(", re.IGNORECASE)


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            candidate = value.strip().strip("\"'")
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                return None
    return None


def _inert_css(text: str) -> str:
    return _CSS_URL.sub("none", text)


def _defuse(root: lxml.html.HtmlElement) -> None:
    for element in list(root.iter(*DROPPED_TAGS)):
        element.drop_tree()
    # Named metadata (og:title, article:published_time) is evidence; http-equiv (refresh,
    # a second CSP, the old charset) and charset are not: the page is re-encoded as UTF-8.
    for element in list(root.iter("meta")):
        if element.get("name") is None and element.get("property") is None:
            element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        for name in list(element.attrib):
            lowered = name.lower()
            value = element.attrib[name]
            if lowered.startswith("on"):
                del element.attrib[name]
            elif lowered in FETCHING_ATTRIBUTES or lowered.endswith(":href") or (
                    lowered == "href" and element.tag not in LINK_TAGS):
                del element.attrib[name]
                element.set(f"data-archived-{lowered.replace(':', '-')}", value)
            elif lowered == "href":
                if not value.strip().startswith("#"):
                    del element.attrib[name]
                    element.set("data-archived-href", value)
                    element.set("title", value)
            elif lowered == "style":
                element.set(name, _inert_css(value))
        if element.tag == "style" and element.text:
            element.text = _inert_css(element.text)


def banner_html(snapshot: Snapshot, verified: bool) -> str:
    captured = datetime.strptime(snapshot.captured_at, "%Y-%m-%dT%H:%M:%SZ").strftime("%d %B %Y, %H:%M:%S UTC")
    lines = [
        f"<strong>Archived copy</strong>, read-only: captured {escape(captured)} "
        f"from <code>{escape(snapshot.url)}</code> (HTTP {snapshot.status}).",
    ]
    if snapshot.redirects or snapshot.requested_url != snapshot.url:
        hops = " → ".join(escape(hop) for hop in (snapshot.redirects or snapshot.requested_url).split(" -> "))
        lines.append(f"Requested as <code>{hops}</code>, redirected to the address above.")
    lines.append(
        ("sha256 verified: " if verified else "sha256: ") + f"<code>{snapshot.sha256}</code>. "
        "Scripts, images and other external resources are removed; links are disabled (hover to see them)."
    )
    if snapshot.truncated:
        lines.append(f"The page was cut at {snapshot.payload_bytes:,} bytes when it was fetched ([http] max_bytes).")
    if snapshot.wayback_url:
        lines.append(f"Internet Archive copy: <code>{escape(snapshot.wayback_url)}</code>")
    style = ("all:initial;display:block;box-sizing:border-box;width:100%;padding:10px 14px;margin:0 0 12px 0;"
             "background:#fff4c2;color:#222;border-bottom:2px solid #b08900;font:14px/1.45 sans-serif;")
    body = "<br>".join(lines)
    return f'<div id="monitor-snapshot-banner" role="note" style="{style}">{body}</div>'


def render_snapshot(snapshot: Snapshot, record: ReadRecord, *, verified: bool = True) -> str:
    """The archived page as inert HTML (UTF-8) with the capture banner on top."""
    banner = banner_html(snapshot, verified)
    content_type = (record.header("content-type") or snapshot.content_type or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES or not record.payload.strip():
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Snapshot</title></head><body>'
            f"{banner}<p>The archived response is {escape(content_type or 'untyped')}, "
            f"{len(record.payload):,} bytes; it is not shown here. Export it with "
            f"<code>monitor snapshot {snapshot.article_id} --warc FILE.warc.gz</code>.</p></body></html>"
        )
    # Decoded as the analysis decoded it: strict UTF-8, the declared charset, else lxml reads
    # the page's own <meta charset>.
    page = decode_page(record.payload, _charset(record.header("content-type") or snapshot.content_type))
    if isinstance(page, str):
        page = _XML_DECLARATION.sub("", page, count=1)  # lxml refuses text that names an encoding
    try:
        root = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(remove_comments=True))
    except (lxml.etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html><body><p>(the archived HTML could not be parsed)</p></body></html>")
    _defuse(root)
    head = root.find("head")
    if head is None:
        head = lxml.html.Element("head")
        root.insert(0, head)
    for meta in (lxml.html.fragment_fromstring('<meta charset="utf-8">'),
                 lxml.html.fragment_fromstring('<meta name="referrer" content="no-referrer">'),
                 # For the exported file, opened without the desk's headers (a meta CSP cannot sandbox).
                 lxml.html.fragment_fromstring(f'<meta http-equiv="Content-Security-Policy" content="{META_POLICY}">')):
        head.insert(0, meta)
    body = root.find("body")
    if body is None:
        body = lxml.html.Element("body")
        root.append(body)
    body.insert(0, lxml.html.fragment_fromstring(banner))
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode", method="html")


def integrity_page(article_id: int, problem: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Snapshot failed its integrity check</title></head>'
        '<body style="font:15px/1.5 sans-serif;margin:2em"><h1>This snapshot cannot be shown</h1>'
        f"<p>The archived copy of story #{article_id} failed its check, so it is not served as evidence:</p>"
        f"<pre style=\"white-space:pre-wrap\">{escape(problem)}</pre>"
        "<p>Restore the WARC file from a backup, or compare it with "
        f"<code>monitor snapshot {article_id}</code>.</p></body></html>"
    )
