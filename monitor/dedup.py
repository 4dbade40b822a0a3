"""Dedup stage: one canonical form per article link, so a story is stored once, and
fingerprints that group copies of one story (syndicated wire copy) under one ``story_id``.

courlan removes tracking parameters (utm_*, fbclid, ...), the fragment, default ports
and case differences in scheme and host; the path keeps its case (servers differ).
Near-duplicates: a SimHash within ``PREFILTER_BITS`` picks candidates cheaply, then the
share of word shingles they have in common decides (a trimmed copy still counts).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import courlan
import numpy

_WORDS = re.compile(r"\w+", re.UNICODE)


def canonical_url(url: str) -> str:
    """Canonical form of an article link; the input itself when courlan cannot parse it."""
    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError, AttributeError):
        return url


def _words(text: str) -> list[str]:
    return _WORDS.findall(unicodedata.normalize("NFKC", text).casefold())


def simhash(text: str, shingle: int = 3) -> int | None:
    """64-bit SimHash of word shingles: copies of one wire story with small edits differ
    in a few bits only (see ``near_duplicate``). None for texts too short to judge.

    Scripts written without spaces give few "words"; their character shingles stand in.
    """
    words = _words(text)
    if sum(len(w) for w in words) < 200:
        return None
    if len(words) < 40:  # Khmer, Thai, Chinese...: shingle characters instead
        joined = "".join(words)
        words = [joined[i : i + 4] for i in range(0, len(joined) - 3, 2)]
    count = max(1, len(words) - shingle + 1)
    digests = b"".join(
        hashlib.blake2b(" ".join(words[i : i + shingle]).encode(), digest_size=8).digest() for i in range(count)
    )
    # A bit is set when more than half the shingles' digests have it. Counted with numpy
    # (a 64-step Python loop per shingle was most of the analysis time): digests are
    # big-endian, so reversed bytes unpacked little-endian give bit 0 first.
    bits = numpy.unpackbits(numpy.frombuffer(digests, numpy.uint8).reshape(count, 8)[:, ::-1], axis=1, bitorder="little")
    ones = bits.sum(axis=0, dtype=numpy.int64)
    value = sum(1 << bit for bit in range(64) if 2 * int(ones[bit]) > count)
    return value - (1 << 64) if value >= 1 << 63 else value  # SQLite integers are signed


# Unrelated texts differ in ~32 of 64 bits; fewer than 18 happens about 3 times in 10,000.
PREFILTER_BITS = 18
# Share of the shorter text's word shingles found in the other: wire copies with a new
# lead and trimmed paragraphs stay above this; stories merely on the same topic do not.
SAME_STORY_CONTAINMENT = 0.5


def close_fingerprints(first: int, second: int, max_bits: int = PREFILTER_BITS) -> bool:
    return bin((first ^ second) & 0xFFFFFFFFFFFFFFFF).count("1") <= max_bits


def shingles(text: str, size: int = 3) -> frozenset[int]:
    """Hashed word shingles (character shingles for unspaced scripts) of ``text``.

    Ints, not strings: a set of them is a fraction of the memory, so recent stories'
    sets can be kept for comparison instead of re-reading and re-splitting their texts.
    """
    words = _words(text)
    if len(words) < 40:  # unspaced scripts
        joined = "".join(words)
        return frozenset(hash(joined[i : i + 6]) for i in range(len(joined) - 5))
    return frozenset(hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1))


def same_story(first_text: str, second_text: str) -> bool:
    return same_shingles(shingles(first_text), shingles(second_text))


def same_shingles(first: frozenset[int], second: frozenset[int]) -> bool:
    """``same_story`` on shingle sets: a caller comparing one text to many shingles it once."""
    if not first or not second:
        return False
    return len(first & second) / min(len(first), len(second)) >= SAME_STORY_CONTAINMENT


def content_hash(title: str, text: str) -> str:
    """Fingerprint of a story's words: identical copies (syndication) share it."""
    words = _words(f"{title}\n{text}")
    return hashlib.sha1(" ".join(words).encode()).hexdigest()
