"""Story fingerprints that group copies of one story (syndicated wire copy) under one
``story_id``.

Near-duplicates: a SimHash within ``PREFILTER_BITS`` picks candidates cheaply, then the
share of word shingles they have in common decides (a trimmed copy still counts). A
story's ``fingerprint`` (both at once) is computed in the analysis workers; the main
process only holds the ``StoryWindow`` of recent stories and compares.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy

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
    return [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]


def _digests(grams: list[str]) -> bytes:
    # blake2b, not hash(): the same text must give the same value in every process and run.
    return b"".join(hashlib.blake2b(gram.encode(), digest_size=8).digest() for gram in grams)


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
