"""How long the review desk takes to render its pages with 10,000 stored stories.

    python bench/bench_review.py [--articles 10000] [--flagged-share 0.02] [--repeat 7] [--db PATH] [--browser]

Builds a database of synthetic stories (inserted straight through the Store's connection:
running the real pipeline 10,000 times would measure the pipeline, not the desk), each
with rule matches, and flagged ones with entities and facts, so every column of the
queue has work to do. Then starts the desk (``monitor.review.desk.running``, the same code as
``monitor review``) on a free loopback port and times full HTML page loads with httpx:
one warm-up, then the median of ``--repeat`` requests per page: the card queue, the queue
as Datasette's table, the top story's page, a verdict through the JSON API, and the other
review views. ``--browser`` also opens the queue in headless chromium at 1400x1000 and
counts the story cards wholly above the fold.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from monitor.review.desk import database_name, running
from monitor.settings import settings_from_dict
from monitor.store import Store, utc_now
from monitor.store.reviews import review_queue

FEEDS = ["Mekong Daily", "Kh Voice", "Asean Wire", "Phnom Penh Ledger", "Bangkok Courier", "Saigon Notes"]
TERMS = {
    "trafficking": ["human trafficking", "trafficking", "forced labour", "scam compound", "trafficked", "ការជួញដូរមនុស្ស"],
    "ncct": ["NCCT", "National Committee for Counter Trafficking", "គ.ជ.ប.ជ"],
    "tip": ["TIP report", "Tier 2 Watch List", "Tier 3", "Trafficking in Persons Report"],
}
ENTITIES = [("NCCT", "ORG"), ("Chou Bun Eng", "PERSON"), ("Cambodia", "GPE"), ("LICADHO", "ORG"), ("IOM", "ORG"),
            ("Sihanoukville", "GPE"), ("Am Sam Ath", "PERSON"), ("Thailand", "GPE"), ("Ministry of Interior", "ORG")]
SENTENCES = [
    "Police in Sihanoukville freed {n} workers from a compound where they were forced to run online scams.",
    "The National Committee for Counter Trafficking said it handled {n} human trafficking cases this year.",
    "The US State Department kept the country on Tier 2 Watch List in its latest TIP report.",
    "Traders at the central market reported steady demand for rice and vegetables despite the rain.",
    "The ministry said it would publish a fuller account of the programme once the figures were checked.",
    "Farmers said the late monsoon had shortened the planting season in the lowland communes.",
]
VIEWS = ["flagged_articles", "rule_precision", "tip_tiers", "entity_counts"]
CHROMIUM = "/usr/bin/chromium"


def build_db(path: Path, articles: int, flagged_share: float, seed: int = 1) -> dict[str, int]:
    """A database with ``articles`` synthetic stories; returns row counts."""
    rng = random.Random(seed)
    store = Store.open(path)
    counts = {"articles": 0, "flagged": 0, "matches": 0, "entities": 0, "facts": 0}
    now = utc_now()
    with store.transaction("building the benchmark database"):
        conn = store.db.conn
        for index, name in enumerate(FEEDS, start=1):
            conn.execute("INSERT INTO feeds (id, url, name, added_at, last_checked_at, last_success_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)", [index, f"https://example.org/{index}/feed", name, now, now, now])
        rows, matches, entities, facts = [], [], [], []
        for article_id in range(1, articles + 1):
            flagged = rng.random() < flagged_share
            related = not flagged and rng.random() < 0.1
            text = " ".join(rng.choice(SENTENCES).format(n=rng.randint(2, 900)) for _ in range(12))
            day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T08:00:00Z"
            rows.append((article_id, f"https://example.org/story/{article_id}", rng.randint(1, len(FEEDS)),
                         f"Story {article_id}: trafficking case update {rng.randint(1, 99)}", day, now,
                         rng.choice(["en", "en", "en", "km", "th"]), text, "page", int(flagged), int(related),
                         round(rng.uniform(3, 12) if flagged else rng.uniform(0, 3), 3)))
            groups = ["trafficking", "ncct", "tip"] if flagged else ["trafficking"] if related else []
            for group in groups:
                for term in rng.sample(TERMS[group], k=min(3, len(TERMS[group]))):
                    for _ in range(rng.randint(1, 3)):
                        start = rng.randint(0, 900)
                        matches.append((article_id, group, term, "text", start, start + len(term), term))
            if flagged:
                for canonical, label in rng.sample(ENTITIES, k=5):
                    for _ in range(rng.randint(1, 3)):
                        start = rng.randint(0, 900)
                        entities.append((article_id, label, canonical, canonical, start, start + len(canonical)))
                facts.append((article_id, "tip_tier", "Cambodia", "Tier 2 Watch List", 2026, "up", None, None, None,
                              SENTENCES[2], 10))
                facts.append((article_id, "statistic", None, None, None, None, rng.randint(5, 900), "victims rescued",
                              "first nine months of 2026", SENTENCES[0].format(n=41), 200))
        conn.executemany(
            "INSERT INTO articles (id, url, feed_id, title, published_at, discovered_at, lang, text, source, "
            "flagged, related, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany('INSERT INTO matches (article_id, "group", term, field, start, "end", snippet) '
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", matches)
        conn.executemany('INSERT INTO entities (article_id, label, text, canonical, start, "end") '
                         "VALUES (?, ?, ?, ?, ?, ?)", entities)
        conn.executemany("INSERT INTO facts (article_id, kind, country, tier, year, change, number, counted, period, "
                         "sentence, start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", facts)
    counts.update(articles=len(rows), flagged=sum(r[9] for r in rows), matches=len(matches),
                  entities=len(entities), facts=len(facts))
    store.db.conn.execute("ANALYZE")
    store.close()
    return counts


def _median_get(client: httpx.Client, url: str, repeat: int) -> float:
    client.get(url).raise_for_status()  # warm-up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        response.raise_for_status()
    return statistics.median(timings)


def time_pages(base_url: str, db_name: str, repeat: int, top_story: int) -> dict[str, float]:
    """Median seconds for a full HTML GET of each page (after one warm-up), and for a verdict."""
    pages = {
        f"/{db_name}/review_queue": "the queue (story cards)",
        f"/{db_name}/review_queue?language=en&q=trafficking": "the queue, filtered and searched",
        f"/{db_name}/review_queue?_table=1": "the queue as a Datasette table",
        f"/-/monitor/story/{top_story}": "a story page",
        **{f"/{db_name}/{view}": view for view in VIEWS},
    }
    medians: dict[str, float] = {}
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for path, label in pages.items():
            medians[f"GET {path} ({label})"] = _median_get(client, path, repeat)
        timings = []
        for index in range(repeat):
            status = "relevant" if index % 2 else "new"  # leaves the story where it was
            started = time.perf_counter()
            client.post("/-/monitor/verdict", json={"article_id": top_story, "status": status}).raise_for_status()
            timings.append(time.perf_counter() - started)
        medians["POST /-/monitor/verdict (JSON)"] = statistics.median(timings)
    return medians


def cards_above_fold(base_url: str, db_name: str) -> tuple[int, dict[str, float]]:
    """(story cards wholly inside a 1400x1000 window, the browser's own navigation timings in ms)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base_url}/{db_name}/review_queue")  # warm-up
            runs = []
            for _ in range(5):
                page.goto(f"{base_url}/{db_name}/review_queue", wait_until="load")
                page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
                runs.append(page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                                          " return {response: n.responseEnd, interactive: n.domInteractive,"
                                          " load: n.loadEventEnd}; })()"))
            loaded = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            count = page.evaluate("[...document.querySelectorAll('article.card')]"
                                  ".filter(c => c.getBoundingClientRect().bottom <= window.innerHeight).length")
        finally:
            browser.close()
    return int(count), {key: float(value) for key, value in loaded.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--flagged-share", type=float, default=0.02)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--db", type=Path, help="database path (default: a temporary folder)")
    parser.add_argument("--browser", action="store_true", help="also count the cards above the fold in chromium")
    args = parser.parse_args()
    db_path = args.db or Path(tempfile.mkdtemp(prefix="bench-review-")) / "monitor.db"
    if db_path.exists():
        parser.error(f"--db {db_path} exists; choose a new path")
    started = time.perf_counter()
    counts = build_db(db_path, args.articles, args.flagged_share)
    print(f"built {db_path} in {time.perf_counter() - started:.1f}s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    settings = settings_from_dict({"storage": {"path": str(db_path)}}, base_dir=db_path.parent)
    store = Store.open(db_path, readonly=True)
    top_story = review_queue(store, limit=1)[0]["article_id"]
    store.close()
    with running(settings) as base_url:
        medians = time_pages(base_url, database_name(db_path), args.repeat, top_story)
        fold = cards_above_fold(base_url, database_name(db_path)) if args.browser else None
    for what, seconds in medians.items():
        print(f"{what:<78} median {seconds * 1000:7.1f} ms  (of {args.repeat})")
    if fold:
        timings = ", ".join(f"{key} {ms:.0f} ms" for key, ms in fold[1].items())
        print(f"chromium 1400x1000: {fold[0]} story cards wholly above the fold; the queue's navigation timings (median of 5): {timings}")


if __name__ == "__main__":
    main()
