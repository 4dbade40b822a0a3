"""A generated regional press on loopback: outlets, RSS feeds and article pages.

Our own generated text, no network. Each outlet (feed) lives on its own loopback address
(127.0.0.2, 127.0.0.3, ...; all of 127.0.0.0/8 reaches this machine), so the monitor's
per-host politeness limits apply the way they would to real outlets. Pages look like news
sites: head with inline CSS/JS and JSON-LD, a mega-menu, breadcrumb, byline, figure,
an inline "read also" box, tags, share bar, most-read and related lists, newsletter,
comments stub and a link-heavy footer, around an article of 500-1,500 words.

Story kinds (``relevant_share`` is split evenly between flagged and related):
  flagged    human trafficking plus the NCCT or the TIP report
  related    human trafficking, neither of those
  lookalike  drug/wildlife/timber trafficking, "traffic" stories: must not be flagged
  general    everything else a regional paper prints

The server answers conditional GETs (ETag and Last-Modified, 304), gzips when asked,
serves robots.txt, and counts requests and body bytes per kind on the server side.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KINDS = ("flagged", "related", "lookalike", "general")
LOOKALIKE_SHARE = 0.1
FEED_WINDOW = 50  # items a feed lists: older ones drop off, as on real sites
EPOCH = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)

# ----------------------------------------------------------------------------- vocabulary
CITIES = ["Phnom Penh", "Sihanoukville", "Poipet", "Bavet", "Siem Reap", "Battambang", "Kampot", "Koh Kong",
          "Bangkok", "Mae Sot", "Ho Chi Minh City", "Vientiane", "Kuala Lumpur", "Yangon", "Myawaddy", "Manila"]
COUNTRIES = ["Cambodia", "Thailand", "Vietnam", "Laos", "Myanmar", "Malaysia", "Indonesia", "the Philippines",
             "China", "South Korea", "Japan", "Singapore"]
NATIONALITIES = ["Indonesian", "Chinese", "Vietnamese", "Thai", "Kenyan", "Filipino", "Malaysian", "Ugandan",
                 "Cambodian", "Lao", "Burmese", "Sri Lankan"]
PEOPLE = ["Sok Dara", "Chan Sophea", "Keo Vannak", "Lim Sreymom", "Nguyen Van Minh", "Somchai Wongsa",
          "Mao Sothea", "Heng Rithy", "Pich Chanthou", "Ouk Bunthoeun", "Ly Sokha", "Tep Monyrath"]
GROUPS = ["LICADHO", "ADHOC", "the IOM", "UNODC", "International Justice Mission", "the provincial police",
          "the Ministry of Labour", "the Ministry of Interior", "the Cambodian Red Cross", "World Vision"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "last week", "on Friday night"]
TOPICS = ["rice exports", "garment orders", "the new expressway", "school enrolment", "tourist arrivals",
          "the dry season", "electricity prices", "the provincial budget", "land titles", "the football league",
          "mobile banking", "the rubber harvest", "flood defences", "hospital beds", "the fishing season"]

GENERAL = [
    "Officials in {city} said on {day} that {topic} would be reviewed at the end of the quarter, after {n} complaints.",
    "Traders in {city} reported steady demand for {topic} despite the rain, and prices rose by {m} percent.",
    "{person}, a spokesperson for {group}, declined to give a timetable but said talks on {topic} were continuing.",
    "Economists expect growth in {country} to pick up next year as {topic} and tourist arrivals recover.",
    "The committee met {day} in {city} and agreed to send {m} officials to study {topic} in {country}.",
    "Teachers in {m} districts asked for more support as {topic} grew faster than expected this year.",
    "Farmers near {city} said the late monsoon had shortened the planting season by {m} days.",
    "The governor of {city} urged businesses to register their {n} workers before the inspections begin.",
    "Road repairs between {city} and the border have been delayed twice, residents told reporters {day}.",
    "{person} said the ministry would publish a fuller account of {topic} once the figures were checked.",
    "A delegation from {country} visited {city} {day} to discuss {topic} and investment in ports.",
    "Sales of {topic} in {country} reached {n} million dollars in the first nine months, the chamber said.",
    "Residents of {m} villages near {city} lined up for clean water as the wells ran dry.",
    "The national team beat {country} by {m} goals in {city} {day}, its best result in {n} days.",
    "A fire destroyed {m} shops in the market of {city} overnight; no one was hurt, {group} said.",
]
TRAFFICKING = [
    "Police in {city} freed {n} {nat} nationals {day} from a compound where they were forced to run online scams, "
    "in what officials described as a human trafficking case.",
    "{person} of {group} said the victims of trafficking came from {m} countries and would be repatriated through {city}.",
    "Survivors said their passports were confiscated and their wages withheld, and that workers who refused were beaten.",
    "The trafficked workers had been recruited on social media in {country} with promises of jobs in {city}.",
    "{group} said {n} trafficking victims had been referred to shelters in {city} since January.",
    "Prosecutors in {city} charged {m} suspects with human trafficking and forced labour {day}.",
    "A court in {city} sentenced {m} members of a ring that sold {n} women as brides in {country}, a case of bride trafficking.",
    "Anti-trafficking groups urged {country} to stop treating people forced to scam as criminals.",
]
NCCT_TIP = [
    "{person}, a vice-chair of the National Committee for Counter Trafficking (NCCT), said the case would be reviewed.",
    "According to the NCCT, authorities handled {n} human trafficking cases this year and rescued {m} victims.",
    "The US State Department kept {country} on Tier {tier} in its latest Trafficking in Persons Report.",
    "The TIP report said {country} had not met the minimum standards for the elimination of trafficking.",
]
LOOKALIKE = [
    "Anti-narcotics police seized {n} kilograms of methamphetamine near {city}, a blow to drug trafficking networks.",
    "{m} suspects were charged with drug trafficking and possession, the court in {city} said {day}.",
    "Customs officers found {n} pangolin scales in a lorry, the latest case of wildlife trafficking in {country}.",
    "Rangers said timber trafficking of rosewood logs from {country} had fallen by {m} percent.",
    "Heavy traffic on the road to {city} slowed deliveries {day}, the transport ministry said.",
    "Police in {city} arrested {m} men for arms trafficking after finding guns and ammunition in a warehouse.",
]
HEADLINES = {
    "flagged": ["NCCT reviews {city} scam compound rescue", "{country} kept on Tier {tier} in TIP report",
                "Trafficking committee reports {n} cases in {city}"],
    "related": ["{n} freed from scam compound in {city}", "Court jails {m} for bride trafficking in {city}",
                "Trafficking victims return home through {city}"],
    "lookalike": ["Police seize {n} kg of meth near {city}", "Wildlife trafficking bust at {city} port",
                  "Traffic chaos on the road to {city}"],
    "general": ["{city} reviews {topic}", "Talks on {topic} continue in {city}", "{country} delegation visits {city}"],
}
# Context sentences are built from parts, so that stories share few word triples (as real
# stories do): a handful of fixed templates would make every story a near-duplicate.
SUBJECTS = ["The provincial governor", "A spokesperson for {group}", "{person}", "Local traders", "The finance ministry",
            "Opposition lawmakers", "A senior official", "The chamber of commerce", "Residents of {city}", "The mayor of {city}",
            "Villagers near {city}", "The central bank", "Union leaders", "Hospital staff", "The education minister",
            "A World Bank report", "Farmers' groups", "The national assembly", "Border officials", "Shop owners in {city}",
            "The tourism board", "An economist at a {city} university", "Fishermen on the coast", "The electricity utility",
            "Garment workers", "The prime minister's office", "Commune chiefs", "Transport operators", "Civil society groups",
            "Health inspectors", "The provincial court", "Students in {city}", "A government auditor", "Rice millers"]
VERBS = ["said", "announced", "warned", "confirmed", "denied", "told reporters", "argued", "insisted", "estimated",
         "reported", "promised", "acknowledged", "complained", "suggested", "explained", "predicted", "noted",
         "claimed", "stressed", "admitted", "revealed", "cautioned", "agreed", "recalled"]
CLAUSES = ["that {topic} would be reviewed before the end of the year", "that {n} families had been moved from the riverbank",
           "that prices for {topic} had climbed {m} percent since spring", "that the new budget left little room for {topic}",
           "that inspections of {topic} would resume next month", "that nobody had been consulted about {topic}",
           "that {m} new schools would open in remote districts", "that the bridge to {city} needed urgent repairs",
           "that a drought had cut yields by a third", "that exports to {country} had doubled",
           "that the tax on fuel would stay unchanged", "that the hospital had run out of beds twice",
           "that {m} ferries had stopped running because of low water", "that a new market hall was almost finished",
           "that tourists from {country} were returning slowly", "that loans to small businesses had dried up",
           "that the power cuts would end once the dam was repaired", "that {n} households still lacked clean water",
           "that land disputes had grown more bitter", "that teachers had not been paid for {m} weeks",
           "that the port in {city} would be dredged", "that mobile payments had spread to rural markets",
           "that the rubber price had fallen again", "that a dengue outbreak was under control",
           "that {topic} had become the main concern of voters", "that talks with {country} had stalled",
           "that the road tolls were too high for lorry drivers", "that {m} factories had closed since January",
           "that flood warnings had come too late", "that the census results would be published soon",
           "that young people were leaving the villages for {city}", "that a pilot scheme on {topic} had worked"]
TAILS = ["in {city} on {day}", "after a meeting with {group}", "", "according to a statement", "in an interview",
         "at a press conference", "during a visit to {city}", "in a post on social media", "without giving details",
         "citing figures from {group}", "on the sidelines of a forum in {city}", "in a letter to the ministry",
         "speaking to local radio", "as the rains began", "in a report released {day}"]
MORE_TOPICS = ["cashew prices", "the minimum wage", "bus routes", "the pepper crop", "dengue cases", "the stock exchange",
               "river transport", "solar farms", "the census", "vocational training", "property taxes", "the airport"]

NAV = ["Home", "National", "Politics", "Business", "Economy", "World", "Asia", "Opinion", "Sport", "Lifestyle",
       "Travel", "Tech", "Health", "Education", "Video", "Photos", "Podcasts", "Events", "Jobs", "Contact"]
CSS = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 2731 % 0xFFFFFF:06x};display:block}}" for i in range(220))
SCRIPT = "".join(f"window.__cfg{i}={{id:{i},slot:'ad-{i}',lazy:true,sizes:[[300,250],[728,90]]}};" for i in range(160))


def _fill(template: str, rng: random.Random) -> str:
    country, _ = rng.sample(COUNTRIES, 2)
    return template.format(
        city=rng.choice(CITIES), country=country, nat=rng.choice(NATIONALITIES), person=rng.choice(PEOPLE),
        group=rng.choice(GROUPS), day=rng.choice(DAYS), topic=rng.choice(TOPICS + MORE_TOPICS), n=rng.randint(12, 2400),
        m=rng.randint(2, 90), tier=rng.choice("123"),
    )


SYLLABLES = ["kam", "pong", "sre", "tra", "chey", "lok", "boeng", "phum", "rong", "svay", "ang", "krek", "prey",
             "veng", "thom", "toch", "kor", "sam", "rith", "mean", "chak", "dong", "ror", "ka", "baray", "tuol", "oun"]
PLACE_KINDS = ["commune", "district", "village", "market", "pagoda", "school", "bridge", "dam", "port", "hospital"]


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.sample(SYLLABLES, rng.choice((1, 2)))).capitalize() for _ in range(rng.choice((1, 2))))


def _context_sentence(rng: random.Random) -> str:
    """Subject, verb, clause and tail drawn apart, plus made-up local names and figures: real
    stories share few word triples, so their fingerprints sit far apart."""
    tail = rng.choice(TAILS)
    sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}{' ' + tail if tail else ''}"
    sentence = _fill(sentence, rng)
    if rng.random() < 0.7:
        sentence += f", near the {_name(rng)} {rng.choice(PLACE_KINDS)} where {rng.randint(3, 900)} {rng.choice(['people', 'households', 'workers', 'pupils', 'vendors'])} {rng.choice(['live', 'work', 'wait', 'voted', 'gathered'])}"
    return sentence + "."


# ----------------------------------------------------------------------------- stories
@dataclass(frozen=True)
class Story:
    feed: int
    item: int
    kind: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def story_kind(rng: random.Random, relevant_share: float) -> str:
    draw = rng.random()
    if draw < relevant_share / 2:
        return "flagged"
    if draw < relevant_share:
        return "related"
    if draw < relevant_share + LOOKALIKE_SHARE:
        return "lookalike"
    return "general"


def make_story(seed: int, feed: int, item: int, relevant_share: float) -> Story:
    """One story, the same for the same (seed, feed, item): pages can be rebuilt on demand."""
    rng = random.Random(f"{seed}:{feed}:{item}")
    kind = story_kind(rng, relevant_share)
    target = rng.randint(500, 1500)
    lead = {"flagged": TRAFFICKING + NCCT_TIP, "related": TRAFFICKING, "lookalike": LOOKALIKE, "general": GENERAL}[kind]
    sentences: list[str] = []
    words = 0
    while words < target:
        # Topic sentences open the story and come back now and then; the rest is context.
        if len(sentences) < 3 or rng.random() < 0.2:
            sentence = _fill(rng.choice(lead), rng)
        else:
            sentence = _context_sentence(rng)
        sentences.append(sentence)
        words += len(sentence.split())
    if kind == "flagged":
        sentences.insert(1, _fill(rng.choice(NCCT_TIP), rng))  # the flag's reason, near the top
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    title = _fill(rng.choice(HEADLINES[kind]), rng)
    published = EPOCH + timedelta(minutes=7 * item + feed)
    return Story(feed, item, kind, title, tuple(paragraphs), published)


# ----------------------------------------------------------------------------- pages
def page_html(story: Story, site: str, base: str) -> str:
    rng = random.Random(f"page:{story.feed}:{story.item}")
    esc = html.escape
    nav = "".join(
        f'<li class="menu-item"><a href="{base}/{n.lower()}/">{n}</a><ul class="sub">'
        + "".join(f'<li><a href="{base}/{n.lower()}/{s}/">{n} {s}</a></li>' for s in ("latest", "analysis", "archive"))
        + "</ul></li>"
        for n in NAV
    )
    paras = [f"<p>{esc(p)}</p>" for p in story.paragraphs]
    also = f'<div class="read-also"><span>Read also:</span> <a href="{base}/news/{story.feed}/{max(0, story.item - 1)}.html">{esc(_fill(rng.choice(HEADLINES["general"]), rng))}</a></div>'
    paras.insert(len(paras) // 2, also)
    teasers = "".join(
        f'<li><a href="{base}/news/{story.feed}/{rng.randint(0, 9999)}.html"><img src="{base}/img/t{i}.jpg" alt="">'
        f"<h4>{esc(_fill(rng.choice(HEADLINES['general']), rng))}</h4><p>{esc(_fill(rng.choice(GENERAL), rng))}</p></a></li>"
        for i in range(6)
    )
    most_read = "".join(
        f'<li><a href="{base}/news/{story.feed}/{rng.randint(0, 9999)}.html">{esc(_fill(rng.choice(HEADLINES["general"]), rng))}</a></li>'
        for _ in range(10)
    )
    tags = "".join(f'<a class="tag" href="{base}/tag/{t.replace(" ", "-")}/">{esc(t)}</a>' for t in rng.sample(TOPICS, 4))
    footer = "".join(f'<li><a href="{base}/{n.lower()}/">{n}</a></li>' for n in NAV + ["About us", "Advertise", "Careers", "Privacy", "Terms", "Cookies", "RSS"])
    author = rng.choice(PEOPLE)
    when = story.published.isoformat()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(story.title)} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{esc(story.paragraphs[0][:180])}">
<meta property="og:title" content="{esc(story.title)}"><meta property="og:site_name" content="{site}">
<meta property="og:type" content="article"><meta name="author" content="{author}">
<meta property="article:published_time" content="{when}">
<link rel="canonical" href="{base}/news/{story.feed}/{story.item}.html">
<style>{CSS}</style>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{esc(story.title)}","datePublished":"{when}","author":{{"@type":"Person","name":"{author}"}},"publisher":{{"@type":"Organization","name":"{site}"}}}}</script>
<script>{SCRIPT}</script>
</head><body class="article-page">
<div class="top-bar"><span class="date">{story.published:%A, %d %B %Y}</span><a href="{base}/subscribe/">Subscribe</a> <a href="{base}/login/">Log in</a></div>
<header class="site-header"><div class="logo"><a href="{base}/">{site}</a></div><nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search" action="{base}/search"><input name="q" placeholder="Search"></form></header>
<div class="ad ad-leaderboard">Advertisement</div>
<div class="breadcrumb"><a href="{base}/">Home</a> &rsaquo; <a href="{base}/national/">National</a> &rsaquo; <span>{esc(story.title)}</span></div>
<main><article class="story"><h1 class="headline">{esc(story.title)}</h1>
<p class="byline">By <a href="{base}/author/{author.replace(' ', '-').lower()}/">{author}</a> | <time datetime="{when}">{story.published:%d %B %Y %H:%M}</time></p>
<div class="share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">Telegram</a> <a href="#">Copy link</a></div>
<figure><img src="{base}/img/{story.item}.jpg" alt=""><figcaption>{esc(_fill(rng.choice(GENERAL), rng))} Photo: {site}</figcaption></figure>
<div class="story-body">{"".join(paras)}</div>
<div class="tags">{tags}</div></article>
<section class="related"><h3>Related stories</h3><ul>{teasers}</ul></section>
<div class="newsletter"><h3>Morning briefing</h3><p>The day's top stories in your inbox.</p><form><input type="email"><button>Sign up</button></form></div>
<section class="comments"><h3>Comments</h3><p>Comments are moderated and appear after review.</p></section></main>
<aside class="sidebar"><h3>Most read</h3><ol>{most_read}</ol><div class="ad ad-mpu">Advertisement</div></aside>
<footer class="site-footer"><ul>{footer}</ul><p>&copy; 2026 {site}. All rights reserved. Reproduction without permission is prohibited.</p></footer>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}};gtag('js',new Date());</script>
</body></html>"""


def rss_xml(stories: list[Story], site: str, base: str) -> str:
    items = "".join(
        f"<item><title>{html.escape(s.title)}</title><link>{base}/news/{s.feed}/{s.item}.html</link>"
        f'<guid isPermaLink="false">{site}-{s.feed}-{s.item}</guid><pubDate>{format_datetime(s.published)}</pubDate>'
        f"<description>{html.escape(s.paragraphs[0][:300])}</description></item>"
        for s in reversed(stories)  # newest first
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{site}</title><link>{base}/</link><description>Latest news from {site}</description>{items}"
        "</channel></rss>"
    )


# ----------------------------------------------------------------------------- resources
@dataclass
class Resource:
    body: bytes
    content_type: str
    last_modified: datetime
    kind: str  # feed | page | robots
    etag: str = ""
    gzipped: bytes | None = None

    def __post_init__(self) -> None:
        self.etag = '"' + hashlib.blake2b(self.body, digest_size=8).hexdigest() + '"'

    def compressed(self) -> bytes:
        if self.gzipped is None:
            self.gzipped = gzip.compress(self.body, compresslevel=5)
        return self.gzipped


@dataclass
class Stats:
    """Server-side counts per kind: what the client really asked for and got."""

    requests: dict[str, int] = field(default_factory=dict)
    full: dict[str, int] = field(default_factory=dict)  # 200 with a body
    not_modified: dict[str, int] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)  # body bytes sent (compressed when gzipped)

    def add(self, kind: str, status: int, size: int) -> None:
        self.requests[kind] = self.requests.get(kind, 0) + 1
        if status == 200:
            self.full[kind] = self.full.get(kind, 0) + 1
        elif status == 304:
            self.not_modified[kind] = self.not_modified.get(kind, 0) + 1
        self.bytes[kind] = self.bytes.get(kind, 0) + size

    def snapshot(self) -> dict[str, dict[str, int]]:
        return {"requests": dict(self.requests), "full": dict(self.full),
                "not_modified": dict(self.not_modified), "bytes": dict(self.bytes)}


def diff(after: dict[str, dict[str, int]], before: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {name: {k: v - before[name].get(k, 0) for k, v in counts.items()} for name, counts in after.items()}


class Corpus:
    """``feeds`` outlets on ``hosts`` loopback addresses; ``items`` stories each to start with."""

    def __init__(self, feeds: int, items: int, *, relevant_share: float = 0.2, hosts: int | None = None,
                 seed: int = 1, cache_pages: bool = True, latency: float = 0.0) -> None:
        self.feeds, self.seed, self.relevant_share = feeds, seed, relevant_share
        self.hosts = [f"127.0.0.{2 + i}" for i in range(min(hosts or feeds, 250))]
        self.port = 0
        self.cache_pages = cache_pages
        self.latency = latency  # seconds before each answer: a real outlet's round trip and server time
        self._lock = threading.Lock()
        self._published = [0] * feeds  # stories published so far, per feed
        self._feed_cache: dict[int, Resource] = {}
        self._pages: dict[tuple[int, int], Resource] = {}
        self.stats = Stats()
        self._servers: list[ThreadingHTTPServer] = []
        self.publish(items)

    # --- addresses
    def host_of(self, feed: int) -> str:
        return self.hosts[feed % len(self.hosts)]

    def base(self, feed: int) -> str:
        return f"http://{self.host_of(feed)}:{self.port}"

    def site(self, feed: int) -> str:
        return f"Mekong Bench Post {feed}"

    def feed_url(self, feed: int) -> str:
        return f"{self.base(feed)}/feeds/{feed}.xml"

    def page_url(self, feed: int, item: int) -> str:
        return f"{self.base(feed)}/news/{feed}/{item}.html"

    # --- content
    def publish(self, per_feed: int = 1) -> int:
        """Publish ``per_feed`` new stories in every feed; returns the total published."""
        with self._lock:
            for feed in range(self.feeds):
                self._published[feed] += per_feed
                self._feed_cache.pop(feed, None)
            return sum(self._published)

    @property
    def published(self) -> int:
        return sum(self._published)

    def story(self, feed: int, item: int) -> Story:
        return make_story(self.seed, feed, item, self.relevant_share)

    def stories(self) -> list[Story]:
        return [self.story(f, i) for f in range(self.feeds) for i in range(self._published[f])]

    def page(self, feed: int, item: int) -> Resource:
        key = (feed, item)
        cached = self._pages.get(key)
        if cached is not None:
            return cached
        story = self.story(feed, item)
        resource = Resource(page_html(story, self.site(feed), self.base(feed)).encode(), "text/html; charset=utf-8",
                            story.published, "page")
        if self.cache_pages:
            self._pages[key] = resource
        return resource

    def feed(self, feed: int) -> Resource:
        with self._lock:
            cached = self._feed_cache.get(feed)
            if cached is None:
                count = self._published[feed]
                stories = [self.story(feed, i) for i in range(max(0, count - FEED_WINDOW), count)]
                latest = max((s.published for s in stories), default=EPOCH)
                cached = Resource(rss_xml(stories, self.site(feed), self.base(feed)).encode(),
                                  "application/rss+xml; charset=utf-8", latest, "feed")
                self._feed_cache[feed] = cached
            return cached

    def pages(self) -> list[tuple[str, bytes]]:
        """Every published page as (url, body), rendered and gzipped now so serving is cheap."""
        found = []
        for f in range(self.feeds):
            for i in range(self._published[f]):
                resource = self.page(f, i)
                resource.compressed()
                found.append((self.page_url(f, i), resource.body))
        return found

    def resolve(self, host: str, path: str) -> Resource | None:
        parts = path.split("?")[0].strip("/").split("/")
        try:
            if parts == ["robots.txt"]:
                return Resource(b"User-agent: *\nAllow: /\n", "text/plain", EPOCH, "robots")
            if len(parts) == 2 and parts[0] == "feeds" and parts[1].endswith(".xml"):
                feed = int(parts[1][:-4])
                ok = 0 <= feed < self.feeds and self.host_of(feed) == host
                return self.feed(feed) if ok else None
            if len(parts) == 3 and parts[0] == "news" and parts[2].endswith(".html"):
                feed, item = int(parts[1]), int(parts[2][:-5])
                ok = 0 <= feed < self.feeds and self.host_of(feed) == host and 0 <= item < self._published[feed]
                return self.page(feed, item) if ok else None
        except ValueError:
            return None
        return None

    # --- serving
    def start(self) -> Corpus:
        """One threaded server per loopback address, all on one port."""
        for _attempt in range(20):
            probe = socket.socket()
            probe.bind((self.hosts[0], 0))
            self.port = probe.getsockname()[1]
            probe.close()
            try:
                self._servers = [ThreadingHTTPServer((host, self.port), _handler(self)) for host in self.hosts]
                break
            except OSError:  # the port is taken on another address: try another
                for server in self._servers:
                    server.server_close()
                self._servers = []
        else:
            raise RuntimeError("no free port common to every loopback address")
        for server in self._servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []


def _not_modified(resource: Resource, headers) -> bool:
    match = headers.get("If-None-Match")
    if match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        return resource.etag in [m.strip() for m in match.split(",")] or match.strip() == "*"
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return resource.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _handler(corpus: Corpus) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers
        # Headers and body go out in two writes; with Nagle on, each keep-alive response
        # would wait ~40 ms for the client's delayed ACK, a stall no real server has.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            if corpus.latency:
                time.sleep(corpus.latency)
            resource = corpus.resolve(self.server.server_address[0], self.path)
            if resource is None:
                self._reply(404, b"not found", "text/plain", {}, "other")
                return
            validators = {"ETag": resource.etag, "Last-Modified": format_datetime(resource.last_modified, usegmt=True)}
            if _not_modified(resource, self.headers):
                self._reply(304, b"", "", validators, resource.kind)
                return
            body, extra = resource.body, dict(validators)
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                body, extra["Content-Encoding"] = resource.compressed(), "gzip"
            self._reply(200, body, resource.content_type, extra, resource.kind)

        def _reply(self, status: int, body: bytes, content_type: str, headers: dict[str, str], kind: str) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
            corpus.stats.add(kind, status, len(body))

        def log_message(self, format: str, *args: object) -> None:  # quiet: thousands of requests
            pass

    return Handler
