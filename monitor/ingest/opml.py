"""Feed lists as OPML 2.0: import an outlet list, export what the monitor polls."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from monitor.errors import ConfigError


@dataclass(frozen=True)
class OutlineFeed:
    name: str
    url: str
    lang: str | None = None
    category: str | None = None


def read_opml(path: Path) -> list[OutlineFeed]:
    """Every outline with an ``xmlUrl``, with its nearest enclosing category as ``category``."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise ConfigError(f"{path}: not a readable OPML file: {exc}", path=str(path)) from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ConfigError(f"{path}: not an OPML file (no <opml><body>)", path=str(path))
    feeds: list[OutlineFeed] = []

    def walk(node: ET.Element, category: str | None) -> None:
        for outline in node.findall("outline"):
            url = (outline.get("xmlUrl") or "").strip()
            name = (outline.get("title") or outline.get("text") or url).strip()
            if url:
                feeds.append(OutlineFeed(name=name, url=url, lang=outline.get("language"), category=category))
            walk(outline, name if not url else category)

    walk(body, None)
    return feeds


def write_opml(feeds: list[OutlineFeed], title: str = "Trafficking news monitor feeds") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    groups: dict[str | None, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.category:
            if feed.category not in groups:
                groups[feed.category] = ET.SubElement(body, "outline", text=feed.category)
            parent = groups[feed.category]
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.lang:
            attrs["language"] = feed.lang
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
