"""Realistic test pages and feeds, written for the tests (our own words, invented outlets)."""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

NAV = ["Home", "National", "Politics", "Business", "World", "Opinion", "Sport", "Lifestyle", "Video", "Contact"]

FILLER = [
    "Officials in the provincial capital said the new arrangements would be reviewed at the end of the quarter.",
    "Traders at the central market reported steady demand for rice and vegetables despite the rain.",
    "The ministry said it would publish a fuller account of the programme once the figures were checked.",
    "Local residents told reporters that road repairs on the national highway had been delayed twice this year.",
    "A spokesperson for the provincial hall declined to give a timetable but said talks were continuing.",
    "Economists expect growth to pick up slightly next year as garment orders and tourist arrivals recover.",
    "The committee met on Monday morning and agreed to send a delegation to the border checkpoints.",
    "Teachers in several districts asked for more support as enrolment rose faster than expected.",
    "Farmers said the late monsoon had shortened the planting season in the lowland communes.",
    "The governor urged businesses to register their workers so that labour inspections could proceed.",
]

TRAFFICKING_STORY = [
    "Police in Sihanoukville freed 41 workers from a compound where they had been forced to run online fraud schemes, in what officials described as a human trafficking case.",
    "Chou Bun Eng, permanent vice-chair of the National Committee for Counter Trafficking (NCCT), said the victims came from five countries and would be repatriated.",
    "According to the NCCT, authorities handled 96 human trafficking cases in the first ten months of the year, arrested 121 suspects and rescued 233 victims.",
    "The US State Department kept Cambodia on Tier 3 in its latest Trafficking in Persons Report, the lowest ranking.",
]

DRUG_STORY = [
    "Anti-narcotics police seized 120 kilograms of methamphetamine in a raid near the border, the latest blow against drug trafficking networks.",
    "Three suspects were charged with drug trafficking and possession, the provincial court said on Friday.",
]


def paragraphs(lead: list[str], count: int = 8, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    body = list(lead)
    while len(body) < count:
        body.append(" ".join(rng.sample(FILLER, 3)))
    return body


def article_html(title: str, body: list[str], *, site: str = "Mekong Test Daily", date: str = "2026-11-02",
                 author: str = "Staff Reporter", charset: str = "utf-8") -> str:
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    related = "".join(f'<li><a href="/story-{i}.html">Related headline number {i}</a></li>' for i in range(1, 6))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{html.escape(title)} | {site}</title>
<meta property="og:title" content="{html.escape(title)}"><meta property="og:site_name" content="{site}">
<meta name="author" content="{author}"><meta property="article:published_time" content="{date}T08:00:00+07:00">
</head><body>
<header><div class="logo">{site}</div><nav><ul>{nav}</ul></nav>
<div class="breadcrumb"><a href="/">Home</a> / <a href="/national">National</a></div></header>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By {author} | {date}</p>{paras}</article>
<aside><h3>Related stories</h3><ul>{related}</ul></aside>
<div class="newsletter">Sign up for our morning briefing. <form><input type="email"></form></div></main>
<footer><p>&copy; 2026 {site}. All rights reserved.</p><ul><li><a href="/about">About us</a></li>
<li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
</body></html>"""


@dataclass
class Item:
    title: str
    link: str | None
    guid: str | None = None
    summary: str = ""
    content: str = ""
    published: datetime = field(default_factory=lambda: datetime(2026, 11, 2, 8, 0, tzinfo=UTC))


def rss(items: list[Item], *, title: str = "Test Feed", ttl: int | None = None) -> str:
    parts = []
    for item in items:
        link = f"<link>{html.escape(item.link)}</link>" if item.link else ""
        guid = f'<guid isPermaLink="false">{html.escape(item.guid)}</guid>' if item.guid else ""
        content = f"<content:encoded><![CDATA[{item.content}]]></content:encoded>" if item.content else ""
        parts.append(
            f"<item><title>{html.escape(item.title)}</title>{link}{guid}"
            f"<pubDate>{format_datetime(item.published)}</pubDate>"
            f"<description>{html.escape(item.summary)}</description>{content}</item>"
        )
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link><description>Test</description>{ttl_tag}"
        + "".join(parts)
        + "</channel></rss>"
    )


def atom(items: list[Item], *, title: str = "Test Atom") -> str:
    parts = []
    for item in items:
        link = f'<link rel="alternate" href="{html.escape(item.link)}"/>' if item.link else ""
        content = f'<content type="html">{html.escape(item.content)}</content>' if item.content else ""
        parts.append(
            f"<entry><title>{html.escape(item.title)}</title>{link}<id>{html.escape(item.guid or item.link or item.title)}</id>"
            f"<updated>{item.published.isoformat()}</updated><summary>{html.escape(item.summary)}</summary>{content}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:test:atom</id><updated>2026-11-02T08:00:00Z</updated>"
        + "".join(parts)
        + "</feed>"
    )


def rdf(items: list[Item]) -> str:
    parts = "".join(
        f'<item rdf:about="{html.escape(i.link or "")}"><title>{html.escape(i.title)}</title>'
        f"<link>{html.escape(i.link or '')}</link><description>{html.escape(i.summary)}</description></item>"
        for i in items
    )
    return (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.invalid/"><title>RDF</title>'
        "<link>http://example.invalid/</link><description>d</description></channel>" + parts + "</rdf:RDF>"
    )


def json_feed(items: list[Item]) -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON Test",
            "items": [
                {"id": i.guid or i.link, "url": i.link, "title": i.title, "summary": i.summary,
                 "content_text": i.content or i.summary, "date_published": i.published.isoformat()}
                for i in items
            ],
        }
    )


def news_items(base: str, count: int, *, prefix: str = "story", start: int = 0) -> list[Item]:
    """``count`` general-news entries linking to ``{base}/{prefix}-{n}.html``."""
    moment = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    return [
        Item(
            title=f"Provincial update number {n}",
            link=f"{base}/{prefix}-{n}.html",
            guid=f"{prefix}-{n}",
            summary=f"Short summary of provincial update {n}.",
            published=moment - timedelta(hours=n),
        )
        for n in range(start, start + count)
    ]
