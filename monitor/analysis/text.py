"""Text helpers every analysis stage shares: which script a character is in, sentences, digits.

One place for the code-point ranges of the region's scripts (language detection, the
rules' normaliser, the classifier's clauses and the entity extractor all ask), one
sentence splitter (facts, snippets) and one digit mapping (Khmer ៣, Thai ๓, Lao ໓,
Burmese ၃ and full-width ３ to ASCII, offsets unchanged).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Scripts of the region that only one language uses, as regex character classes.
SCRIPT_CLASSES = {
    "km": "\u1780-\u17ff\u19e0-\u19ff",  # Khmer, Khmer symbols
    "lo": "\u0e80-\u0eff",  # Lao
    "th": "\u0e00-\u0e7f",  # Thai
    "my": "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff",  # Myanmar and its extensions
}
# Scripts written without spaces between words (the four above and CJK).
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x30FF),  # CJK punctuation, kana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA9E0, 0xA9FF),  # Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
# The same as a character class, for regular expressions.
UNSPACED_CLASS = "".join(
    f"{chr(low)}-{chr(high)}" for low, high in _UNSPACED_RANGES
)
# Thai, Lao, Khmer and Burmese: writers put a space where a clause ends.
SPACE_CLAUSE_CLASS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
SCRIPT_PATTERNS = {language: re.compile(f"[{chars}]") for language, chars in SCRIPT_CLASSES.items()}


@functools.cache  # called for every space and hit edge; the alphabet in use is small
def is_unspaced(char: str) -> bool:
    """True for a character of a script that does not separate words with spaces."""
    code = ord(char)
    return code >= 0x0E00 and any(low <= code <= high for low, high in _UNSPACED_RANGES)


def mostly_latin(text: str, sample: int = 2000) -> bool:
    """At least half the letters of the first ``sample`` characters are Latin (or Greek/Cyrillic-free ASCII-ish)."""
    letters = [ch for ch in text[:sample] if ch.isalpha()]
    return sum(ch < "\u0250" for ch in letters) * 2 >= len(letters)


# --- digits ---------------------------------------------------------------------------

def _digit_table() -> dict[int, str]:
    table = {}
    for start in (0x17E0, 0x0E50, 0x0ED0, 0x1040, 0x1090, 0xFF10, 0x0660, 0x06F0, 0x0966):
        for offset in range(10):
            char = chr(start + offset)
            if unicodedata.category(char) == "Nd":
                table[start + offset] = str(offset)
    return table


_DIGITS = _digit_table()


def ascii_digits(text: str) -> str:
    """``text`` with the region's decimal digits as ASCII; one character for one, so offsets hold."""
    return text.translate(_DIGITS)


# --- sentences ------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col capt sgt maj gov sen rep st mt no nos vol art sec ch
    jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp vs e.g i.e jr sr
    h.e u.s u.k u.n approx est fig dept govt pol brig adm cmdr supt insp""".split()
)
# A full stop, then a capital (any Latin capital with diacritics too), a digit or a letter of
# a script without capitals; or a full stop of a script that has its own.
_BOUNDARY = re.compile(
    r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff"
    + UNSPACED_CLASS + r"])"
    r"|[。！？។៕။]+[\"'”’)\]]*\s*"
)
_LAST_WORD = re.compile(r"(\S+?)[.!?][\"'”’)\]]*\s*$")
_STARTERS = frozenset(
    "The A An In On At It Its He His She Her They Their There We This That These Those But However Meanwhile "
    "Then Some Many Most Officials Police Authorities What When While After As According Last Earlier Since "
    "If For Also".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text``; each line break ends one too, unless the
    text is hard-wrapped there and the sentence goes on in the next line (``_wrapped``)."""
    lines: list[tuple[int, int]] = []
    line_start = 0  # of the last physical line, which says whether the break after it is a wrap
    for line in re.finditer(r"[^\n]+", text):
        if lines and text[lines[-1][1]:line.start()] == "\n" and _wrapped(text[line_start:lines[-1][1]], line.group()):
            lines[-1] = (lines[-1][0], line.end())
        else:
            lines.append((line.start(), line.end()))
        line_start = line.start()
    spans = []
    for line_begin, line_end in lines:
        begin = line_begin
        for boundary in _BOUNDARY.finditer(text, line_begin, line_end):
            cut = boundary.start() + 1
            after = boundary.end()
            if boundary.group()[0] in ".!?" and _is_abbreviation(text[max(begin, cut - 30):cut], text[after:after + 40]):
                continue
            spans.append((begin, after))
            begin = after
        spans.append((begin, line_end))
    result = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            start += len(chunk) - len(chunk.lstrip())
            result.append((start, start + len(stripped)))
    return result


# How a line that ends its sentence ends: a stop, a colon, a closing quote or bracket.
_LINE_ENDS = frozenset(".!?。！？។៕။:：;；\"'”’」』)）]")


def _wrapped(line: str, following: str) -> bool:
    """Whether the line break between ``line`` and ``following`` stands inside a sentence: text
    hard-wrapped at a fixed width, as PDFs and some wires give it ("...ผู้เสียหายรวมทั้งสิ้น" then
    "จำนวน ๓๘๑ คน", "抓获犯罪嫌疑人" then "310名"), not a heading or a sentence that ended. A
    subheading and then a sentence ("Deux personnes mises en examen", "Trente-trois victimes ...")
    is two."""
    line, following = line.rstrip(), following.lstrip(" \t")
    if len(line) < 30 or line[-1] in _LINE_ENDS or not following:
        return False
    first = following[0]
    return ((is_unspaced(line[-1]) and (is_unspaced(first) or first.isdigit()))
            or (line[-1].isdigit() and is_unspaced(first)) or first.islower())


def _is_abbreviation(before: str, after: str) -> bool:
    found = _LAST_WORD.search(before + " ")
    if not found:
        return False
    word = found.group(1).lstrip("(\"'“‘")
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S. / H.E. / U.N.
        # A dotted acronym can end a sentence; guess from the next word.
        return after.split(" ", 1)[0].strip("\"'“‘(") not in _STARTERS
    return word.lower() in _ABBREVIATIONS or bool(re.fullmatch(r"[A-Z]", word))
