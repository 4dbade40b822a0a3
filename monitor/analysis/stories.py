"""Which articles are copies of one story (syndicated wire copy): the ``StoryMatcher``.

Near-duplicates: a SimHash within ``PREFILTER_BITS`` picks candidates cheaply, then the
share of word shingles they have in common decides (a trimmed copy still counts). A
story's ``fingerprint`` (both at once) is computed in the analysis workers; the main
process holds one ``StoryMatcher``, which gives a new article the ``story_id`` of an
earlier copy (poll) and groups the copies a digest shows as one entry (delivery).
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

import numpy

from monitor.timefmt import format_time

_WORDS = re.compile(r"\w+", re.UNICODE)
# Fewer "words" than this: a script written without spaces (Khmer, Thai, Chinese...), whose
# character pieces stand in for words.
UNSPACED_WORDS = 40


def _words(text: str) -> list[str]:
    return _WORDS.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What near-duplicate detection needs of a text, computed once (in the analysis workers)."""

    simhash: int | None  # None: too short to judge
    shingles: numpy.ndarray  # sorted, unique uint32 hashes of its shingles (see ``shingles``)


def fingerprint(text: str) -> Fingerprint:
    """SimHash and shingle hashes of ``text``; spaced scripts hash their word shingles once for both."""
    words = _words(text)
    if len(words) < UNSPACED_WORDS:
        return Fingerprint(_simhash_of_words(words), _shingles_of_words(words))
    digests = _digests(_word_grams(words))
    simhash = _simhash_of_digests(digests) if sum(len(w) for w in words) >= 200 else None
    return Fingerprint(simhash, _hash_set(digests))


def simhash(text: str) -> int | None:
    """64-bit SimHash of word shingles: copies of one wire story with small edits differ
    in a few bits only (see ``close_fingerprints``). None for texts too short to judge.

    Scripts written without spaces give few "words"; their character shingles stand in.
    """
    return _simhash_of_words(_words(text))


def _simhash_of_words(words: list[str]) -> int | None:
    if sum(len(w) for w in words) < 200:
        return None
    if len(words) < UNSPACED_WORDS:  # 4-character pieces stand in for words
        joined = "".join(words)
        words = [joined[i : i + 4] for i in range(0, len(joined) - 3, 2)]
    return _simhash_of_digests(_digests(_word_grams(words)))


def _word_grams(words: list[str], size: int = 3) -> list[str]:
    if size == 3 and len(words) >= 3:  # the shingles of every story: zip and an f-string are the cheapest
        return [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]
    return [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]


def _digests(grams: list[str]) -> bytes:
    # blake2b, not hash(): the same text must give the same value in every process and run.
    blake2b = hashlib.blake2b
    return b"".join([blake2b(gram.encode(), digest_size=8).digest() for gram in grams])


def _simhash_of_digests(digests: bytes) -> int:
    count = len(digests) // 8
    # A bit is set when more than half the shingles' digests have it. Counted with numpy
    # (a 64-step Python loop per shingle was most of the analysis time): digests are
    # big-endian, so reversed bytes unpacked little-endian give bit 0 first.
    bits = numpy.unpackbits(numpy.frombuffer(digests, numpy.uint8).reshape(count, 8)[:, ::-1], axis=1, bitorder="little")
    ones = bits.sum(axis=0, dtype=numpy.int64)
    value = sum(1 << bit for bit in range(64) if 2 * int(ones[bit]) > count)
    return value - (1 << 64) if value >= 1 << 63 else value  # SQLite integers are signed


def _hash_set(digests: bytes) -> numpy.ndarray:
    # 32 bits of each digest: ample for comparing sets of a few thousand, half the memory.
    return numpy.unique(numpy.frombuffer(digests, dtype=numpy.uint32)[::2])


# Unrelated texts differ in ~32 of 64 bits; fewer than 18 happens about 3 times in 10,000.
PREFILTER_BITS = 18
# Share of the shorter text's word shingles found in the other: wire copies with a new
# lead and trimmed paragraphs stay above this; stories merely on the same topic do not.
SAME_STORY_CONTAINMENT = 0.5


def close_fingerprints(first: int, second: int, max_bits: int = PREFILTER_BITS) -> bool:
    return bin((first ^ second) & 0xFFFFFFFFFFFFFFFF).count("1") <= max_bits


def shingles(text: str) -> numpy.ndarray:
    """Hashed word shingles (character shingles for unspaced scripts) of ``text``:
    sorted, unique uint32 values, a fraction of the memory of a set of strings, so recent
    stories' shingles can be kept for comparison instead of re-reading their texts.
    """
    return _shingles_of_words(_words(text))


def _shingles_of_words(words: list[str]) -> numpy.ndarray:
    if len(words) < UNSPACED_WORDS:
        joined = "".join(words)
        return _hash_set(_digests([joined[i : i + 6] for i in range(len(joined) - 5)]))
    return _hash_set(_digests(_word_grams(words)))


def shingles_to_bytes(hashes: numpy.ndarray) -> bytes:
    """Shingle hashes as stored (little-endian uint32), a third of the text's size."""
    return hashes.astype("<u4", copy=False).tobytes()


def shingles_from_bytes(blob: bytes) -> numpy.ndarray:
    return numpy.frombuffer(blob, dtype="<u4").astype(numpy.uint32, copy=False)


def same_story(first_text: str, second_text: str) -> bool:
    return same_shingles(shingles(first_text), shingles(second_text))


def same_shingles(first: numpy.ndarray, second: numpy.ndarray) -> bool:
    """``same_story`` on shingle hashes: a caller comparing one text to many shingles it once."""
    if not first.size or not second.size:
        return False
    common = numpy.intersect1d(first, second, assume_unique=True).size
    return common / min(first.size, second.size) >= SAME_STORY_CONTAINMENT


class StoryWindow:
    """Recent stories' SimHashes, for finding the near-duplicates of a new one.

    The SimHashes sit in one numpy array, so the prefilter is one vector operation over
    the whole window, however many weeks of stories it holds. Shingles of the stories
    compared or stored most recently are kept (``cache_size``; ~4 KB for 1,000 words).
    """

    def __init__(self, rows: Iterable[tuple[int, int, int]] = (), cache_size: int = 2048) -> None:
        self.cache_size = cache_size
        self._cache: OrderedDict[int, numpy.ndarray] = OrderedDict()
        self.reset(rows)

    def reset(self, rows: Iterable[tuple[int, int, int]]) -> None:
        """Replace the window by ``rows`` of (story id, article id, simhash); the cache stays."""
        found = numpy.array(list(rows), dtype=numpy.int64).reshape(-1, 3)
        self._size = len(found)
        self._ids = numpy.zeros((max(1024, 2 * self._size), 2), dtype=numpy.int64)
        self._hashes = numpy.zeros(len(self._ids), dtype=numpy.int64)
        self._ids[: self._size] = found[:, :2]
        self._hashes[: self._size] = found[:, 2]

    def __len__(self) -> int:
        return self._size

    def add(self, story_id: int, article_id: int, simhash: int, shingles: numpy.ndarray | None = None) -> None:
        if self._size == len(self._hashes):  # grow by doubling: appends stay cheap
            self._ids = numpy.concatenate([self._ids, numpy.zeros_like(self._ids)])
            self._hashes = numpy.concatenate([self._hashes, numpy.zeros_like(self._hashes)])
        self._ids[self._size] = (story_id, article_id)
        self._hashes[self._size] = simhash
        self._size += 1
        if shingles is not None:
            self.remember(article_id, shingles)

    def candidates(self, simhash: int, max_bits: int = PREFILTER_BITS) -> list[tuple[int, int]]:
        """(story id, article id) of the stories within ``max_bits`` of ``simhash``, oldest first."""
        # Unsigned: numpy counts the bits of a signed value's magnitude, not of its pattern.
        distance = numpy.bitwise_count((self._hashes[: self._size] ^ numpy.int64(simhash)).view(numpy.uint64))
        return [(int(story), int(article)) for story, article in self._ids[: self._size][distance <= max_bits]]

    def cached_shingles(self, article_id: int) -> numpy.ndarray | None:
        found = self._cache.get(article_id)
        if found is not None:
            self._cache.move_to_end(article_id)
        return found

    def remember(self, article_id: int, shingles: numpy.ndarray) -> None:
        self._cache[article_id] = shingles
        self._cache.move_to_end(article_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


def content_hash(title: str, text: str) -> str:
    """Fingerprint of a story's words: identical copies (syndication) share it."""
    words = _words(f"{title}\n{text}")
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


# --------------------------------------------------------------------------- the matcher
STORY_WINDOW_DAYS = 14  # copies of one story appear within days of each other
# Stories' shingles kept for near-duplicate checks (~4 KB each); a candidate outside them is read
# back from the store (one indexed row). 2,048 made the poller's memory grow for 2,048 pages
# (+8 MB at 2,040 real pages, bench/README.md); candidates are rare (SimHash prefilter), so a
# few hundred suffice.
SHINGLE_CACHE_SIZE = 256
WINDOW_REREAD_SECONDS = 3600  # the window is re-read from the archive hourly, so it slides
SIMILAR_WITHIN = timedelta(days=3)  # copies of one story under one title appear within days
FULL_TEXT_CHARS = 500  # shorter texts are feed summaries, too short to tell stories apart


class StoryArchive(Protocol):
    """The stored stories a ``StoryMatcher`` compares with (the ``Store``)."""

    def story_of_content(self, content_hash: str) -> int | None: ...
    def recent_fingerprints(self, since: str) -> list[tuple[int, int, int]]: ...
    def article_shingles(self, article_id: int) -> bytes | None: ...
    def article_text(self, article_id: int) -> str: ...


@dataclass(frozen=True)
class StoryCopy:
    """What grouping needs to know of one article."""

    id: int
    story: int  # the story id the dedup stage gave it (its own id when first)
    title: str | None
    score: float
    when: datetime  # published, else discovered
    text: str


Item = TypeVar("Item")


class StoryMatcher:
    """The one judge of "copies of one story", for the poller and the digest.

    ``story_of`` finds the story a new article is a copy of (an identical text, else a
    near-duplicate among the last ``STORY_WINDOW_DAYS`` of stories) and ``add`` puts a
    stored one in the window. ``group`` groups articles a reader should see as one story.
    """

    def __init__(self, archive: StoryArchive | None = None, *, cache_size: int = SHINGLE_CACHE_SIZE) -> None:
        self.archive = archive
        self._window = StoryWindow(cache_size=cache_size)
        self._window_read_at: float | None = None

    # ------------------------------------------------------------------ new articles
    def story_of(
        self, content_hash: str, simhash: int | None, mine: numpy.ndarray | None, text: str
    ) -> int | None:
        """The story an article is a copy of: an identical text, else a near-duplicate."""
        archive = self._archive()
        story = archive.story_of_content(content_hash)
        if story is not None or simhash is None:
            return story
        window = self.window()
        for story_id, article_id in window.candidates(simhash):
            if mine is None:
                mine = shingles(text)
            theirs = window.cached_shingles(article_id)
            if theirs is None:  # stored before this process started, or long ago
                blob = archive.article_shingles(article_id)
                theirs = shingles_from_bytes(blob) if blob is not None else shingles(archive.article_text(article_id))
                window.remember(article_id, theirs)
            if same_shingles(mine, theirs):
                return story_id
        return None

    def add(self, story_id: int, article_id: int, simhash: int, mine: numpy.ndarray | None) -> None:
        """A stored article joins the window (``story_id``: its story, else its own id)."""
        self.window().add(story_id, article_id, simhash, mine)

    def window(self) -> StoryWindow:
        """Recent articles' fingerprints, kept in memory; re-read hourly so the window slides."""
        if self._window_read_at is None or time.monotonic() - self._window_read_at > WINDOW_REREAD_SECONDS:
            since = format_time(datetime.now(UTC) - timedelta(days=STORY_WINDOW_DAYS))
            self._window.reset(self._archive().recent_fingerprints(since))
            self._window_read_at = time.monotonic()
        return self._window

    def _archive(self) -> StoryArchive:
        if self.archive is None:
            raise RuntimeError("this StoryMatcher has no archive of stored stories")
        return self.archive

    # ------------------------------------------------------------------ grouping for readers
    def group(self, items: Sequence[Item], copy: Callable[[Item], StoryCopy]) -> list[list[Item]]:
        """Group copies of one story; each group best first, groups best first.

        Copies are what ``story_of`` linked (the same ``story``: identical or near-identical
        text), plus stories with the same normalised title within ``SIMILAR_WITHIN``,
        unless both have full texts that tell them apart (a generic headline such as
        "Thailand kept on Tier 2 in TIP report" can head two different stories).
        Deterministic for the same items, so a recorded digest renders the same on retry.
        """
        copies = [copy(item) for item in items]
        parent = {c.id: c.id for c in copies}

        def find(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        def union(a: int, b: int) -> None:
            root_a, root_b = find(a), find(b)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)

        first_of_story: dict[int, int] = {}
        for c in copies:
            union(first_of_story.setdefault(c.story, c.id), c.id)
        for cluster in _same_title_clusters(copies):
            for member in cluster[1:]:
                union(cluster[0].id, member.id)
        groups: dict[int, list[tuple[StoryCopy, Item]]] = {}
        for c, item in zip(copies, items, strict=True):
            groups.setdefault(find(c.id), []).append((c, item))
        ordered = [sorted(group, key=lambda pair: (-pair[0].score, pair[0].id)) for group in groups.values()]
        ordered.sort(key=lambda group: (-group[0][0].score, group[0][0].id))
        return [[item for _, item in group] for group in ordered]


def _same_title_clusters(copies: Sequence[StoryCopy]) -> list[list[StoryCopy]]:
    """Copies under one normalised title within ``SIMILAR_WITHIN`` whose texts do not differ."""
    by_title: dict[str, list[StoryCopy]] = {}
    for c in copies:
        if title := normalised_title(c.title):
            by_title.setdefault(title, []).append(c)
    clusters: list[list[StoryCopy]] = []
    for same in by_title.values():
        # Join a cluster only if compatible with every member: a feed-only copy must not
        # bridge two different stories that share a headline.
        found: list[list[StoryCopy]] = []
        for c in sorted(same, key=lambda c: (-c.score, c.id)):
            home = next((cluster for cluster in found if all(
                abs(c.when - member.when) <= SIMILAR_WITHIN and not different_texts(c.text, member.text)
                for member in cluster)), None)
            if home is None:
                found.append([c])
            else:
                home.append(c)
        clusters.extend(found)
    return clusters


def normalised_title(title: str | None) -> str:
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


def different_texts(first: str, second: str) -> bool:
    """Both full texts, and not the same story. A feed-only copy (a summary) cannot be
    compared: the title has to do."""
    return min(len(first), len(second)) >= FULL_TEXT_CHARS and not same_story(first, second)
