"""The dedup stage: canonical links, fingerprints, and the window of recent stories."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, datetime

import numpy
import pytest

from monitor.analysis.stories import (
    PREFILTER_BITS,
    StoryCopy,
    StoryMatcher,
    StoryWindow,
    close_fingerprints,
    content_hash,
    fingerprint,
    same_shingles,
    same_story,
    shingles,
    shingles_to_bytes,
    simhash,
)
from monitor.ingest.urls import canonical_url
from monitor.models import Article, Entry, Findings, Verdict
from monitor.store import Store, utc_now

WIRE = (
    "Police in Sihanoukville said on Monday they had freed 41 people held in a compound where "
    "they were forced to run online scams, after a woman who escaped alerted her embassy. "
    "The National Committee for Counter Trafficking said the victims came from Indonesia, "
    "Vietnam and Thailand and would be repatriated once interviews were complete. Officers "
    "arrested seven suspects, including two managers accused of confiscating passports and "
    "beating workers who failed to meet targets. A committee spokesman said the raid followed "
    "weeks of surveillance and that more sites in the province were under investigation. "
    "Rights groups welcomed the rescue but said thousands more remain trapped in similar compounds "
    "along the coast, many lured by advertisements promising office work with high salaries."
)


def rewrite(text: str, lead: str) -> str:
    """A syndicated copy: a new lead sentence, the last sentence trimmed."""
    sentences = text.split(". ")
    return lead + " " + ". ".join(sentences[:-1]) + "."


def test_canonical_url_drops_tracking_and_fragment():
    assert canonical_url("HTTPS://Example.COM:443/News/1?utm_source=x&id=2#top") == "https://example.com/News/1?id=2"
    assert canonical_url("https://example.com/News/1?id=2&fbclid=abc") == canonical_url("https://example.com/News/1?id=2")


def test_fingerprint_agrees_with_simhash_and_shingles():
    prints = fingerprint(WIRE)
    assert prints.simhash == simhash(WIRE)
    assert numpy.array_equal(prints.shingles, shingles(WIRE))
    assert prints.shingles.dtype == numpy.uint32
    assert numpy.all(numpy.diff(prints.shingles.astype(numpy.int64)) > 0)  # sorted, unique


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        (WIRE, 8699916619492545618),
        (
            "Investigators in Sihanoukville rescued forty-one foreigners from a compound where traffickers forced "
            "them into cryptocurrency scams, after one escaped and alerted her embassy; the National Committee for "
            "Counter Trafficking confirmed seven arrests on Monday afternoon.",
            9068227295753776629,
        ),
        ("柬埔寨国家打击人口贩运委员会表示，警方在西哈努克港解救了四十一名被迫从事网络诈骗的外国人，并逮捕了七名嫌疑人。" * 5,
         2963064688840658955),
        ("គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្សបានជួយសង្គ្រោះជនរងគ្រោះចំនួនសែសិបនាក់" * 6, 1235704665608903337),
    ],
    ids=["spaced", "under-40-words", "chinese", "khmer"],
)
def test_simhash_values_stored_by_earlier_versions_still_match(text, stored):
    """Databases keep SimHashes for 14 days of grouping: the values must not drift."""
    assert simhash(text) == stored
    assert fingerprint(text).simhash == stored


def test_short_text_has_no_simhash_but_shingles():
    prints = fingerprint("Seven arrested in a raid on a scam compound.")
    assert prints.simhash is None
    assert prints.shingles.size > 0


def test_fingerprints_are_the_same_in_every_process():
    """Workers and the main process must agree: no per-process hash seeds."""
    code = (
        "import sys; from monitor.analysis.stories import fingerprint; "
        "p = fingerprint(sys.stdin.read()); print(p.simhash, p.shingles[:5].tolist())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], input=WIRE, capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    prints = fingerprint(WIRE)
    assert outputs.pop().split(" ", 1)[0] == str(prints.simhash)


def test_syndicated_copy_is_the_same_story_and_a_same_topic_story_is_not():
    copy = rewrite(WIRE, "PHNOM PENH (Wire) -")
    other = (
        "The National Committee for Counter Trafficking met provincial officials on Tuesday to "
        "review a training plan for border police, the committee said in a statement. The plan "
        "covers how to identify victims at checkpoints, how to refer them to shelters and how to "
        "record cases so that prosecutors can use the evidence. Officials from Battambang, Banteay "
        "Meanchey and Pursat attended, along with representatives of two international agencies. "
        "The committee said a second session would be held next month in Siem Reap."
    )
    assert close_fingerprints(simhash(WIRE), simhash(copy))
    assert same_story(WIRE, copy)
    assert not same_story(WIRE, other)
    assert not same_shingles(shingles(WIRE), numpy.array([], dtype=numpy.uint32))


def test_unspaced_script_copies_match():
    khmer = "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្សបានជួយសង្គ្រោះជនរងគ្រោះចំនួនសែសិបនាក់" * 6
    assert same_story(khmer, "ព័ត៌មាន" + khmer[:-40])
    assert fingerprint(khmer).simhash == simhash(khmer)


def flip(value: int, bits: int) -> int:
    """``value`` with its lowest ``bits`` bits inverted, kept a signed 64-bit integer."""
    flipped = (value & 0xFFFFFFFFFFFFFFFF) ^ ((1 << bits) - 1)
    return flipped - (1 << 64) if flipped >= 1 << 63 else flipped


@pytest.mark.parametrize("base", [0x0123456789ABCDEF, -0x0123456789ABCDEF, -1])
def test_window_candidates_are_those_within_the_prefilter(base):
    rows = [(10 + bits, 100 + bits, flip(base, bits)) for bits in range(0, 65, 3)]
    window = StoryWindow(rows)
    expected = [(story, article) for story, article, value in rows if close_fingerprints(base, value)]
    assert window.candidates(base) == expected
    assert {article - 100 for _, article in expected} == {b for b in range(0, 65, 3) if b <= PREFILTER_BITS}


def test_window_grows_and_keeps_order():
    rng = random.Random(7)
    window = StoryWindow()
    values = [rng.getrandbits(64) - (1 << 63) for _ in range(3000)]
    for index, value in enumerate(values):
        window.add(index, index, value)
    assert len(window) == 3000
    target = values[1234]
    found = window.candidates(target)
    assert (1234, 1234) in found
    assert found == sorted(found)
    assert found == [(i, i) for i, v in enumerate(values) if close_fingerprints(target, v)]


def test_window_reset_keeps_the_shingle_cache_and_evicts_the_least_recent():
    window = StoryWindow(cache_size=2)
    window.add(1, 1, 5, numpy.array([1, 2], dtype=numpy.uint32))
    window.add(2, 2, 6, numpy.array([3], dtype=numpy.uint32))
    assert window.cached_shingles(1) is not None  # now the most recent
    window.remember(3, numpy.array([4], dtype=numpy.uint32))
    assert window.cached_shingles(2) is None
    window.reset([(1, 1, 5)])
    assert len(window) == 1
    assert window.cached_shingles(1) is not None and window.cached_shingles(3) is not None


def _stored(store: Store, url: str, text: str, story_id: int | None = None) -> int:
    """Store one article as the poller would, with its fingerprint's shingles."""
    prints = fingerprint(text)
    verdict = Verdict(flagged=False, related=False, score=0.0, reason="", matches=(), discounted=())
    article = Article(
        url=url, feed_id=None, guid=None, title="Compound raid", author=None, site_name=None, published_at=None,
        discovered_at=utc_now(), text=text, summary="", source="page", fetch_error=None,
        content_hash=content_hash("Compound raid", text), simhash=prints.simhash, story_id=story_id,
        classified_at=utc_now(), findings=Findings(verdict=verdict, rules_version="test", lang="en"),
    )
    entry = Entry(key=url, guid=None, link=url, title="Compound raid", summary="", content="", published_at=None, author=None)
    return store.save_article(article, entry=entry, shingles=shingles_to_bytes(prints.shingles))


def test_the_matcher_finds_identical_and_rewritten_copies_in_the_store(tmp_path):
    store = Store.open(tmp_path / "stories.db")
    first = _stored(store, "https://a.example/raid", WIRE)
    matcher = StoryMatcher(store)
    copy = rewrite(WIRE, "PHNOM PENH (Wire) -")
    prints = fingerprint(copy)
    assert matcher.story_of(content_hash("Compound raid", WIRE), None, None, WIRE) == first  # identical text
    # A near-duplicate, compared with shingles read back from the database (a new process).
    assert matcher.story_of(content_hash("Compound raid", copy), prints.simhash, prints.shingles, copy) == first
    second = _stored(store, "https://b.example/raid", copy, story_id=first)
    matcher.add(first, second, prints.simhash, prints.shingles)
    assert (first, second) in matcher.window().candidates(prints.simhash)
    other = "A different story about a provincial budget and road repairs, told at length. " * 8
    other_prints = fingerprint(other)
    assert matcher.story_of(content_hash("Budget", other), other_prints.simhash, other_prints.shingles, other) is None
    # The digest groups with the same judge: the copy joins its story, the other stands alone.
    when = datetime(2026, 11, 2, tzinfo=UTC)
    copies = [StoryCopy(first, first, "Raid", 3.0, when, WIRE), StoryCopy(2, 2, "Raid", 2.0, when, copy),
              StoryCopy(3, 3, "Raid", 1.0, when, other)]
    assert [[c.id for c in group] for group in matcher.group(copies, lambda c: c)] == [[first, 2], [3]]
    store.close()
