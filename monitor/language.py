"""Guess a story's language as an ISO 639-1 code ('en', 'km', 'th', 'vi', 'zh', ...).

A script that only one of the region's languages uses decides at once: Khmer, Lao,
Burmese and Thai letters are counted first, which is exact, cheap and works on a
three-word headline where a statistical model guesses. Everything else goes to
py3langid. Its model covers km, lo, my and th too, but on short or mixed text (an
English story quoting a Khmer name) the script count is the better witness.

py3langid is not restricted to the region's languages: the feeds carry wire copy in
French, Japanese or Korean too, and forcing those onto the nearest regional label
would hide them. Its Cantonese/Wu labels are reported as 'zh', which is what the
review queue groups by.
"""

from __future__ import annotations

import functools
import logging

from py3langid.langid import MODEL_FILE, LanguageIdentifier

log = logging.getLogger(__name__)

# Scripts used by a single language of the region, by code point range.
_SCRIPTS = (
    ("km", 0x1780, 0x17FF),
    ("km", 0x19E0, 0x19FF),
    ("lo", 0x0E80, 0x0EFF),
    ("th", 0x0E00, 0x0E7F),
    ("my", 0x1000, 0x109F),
    ("my", 0xAA60, 0xAA7F),
    ("my", 0xA9E0, 0xA9FF),
)
_SCRIPT_SHARE = 0.4  # of the letters; Khmer vowel signs are not letters, so Khmer text scores low
_MIN_LETTERS = 3
_SAMPLE_CHARS = 1500  # a headline and a lead: langid is sure long before this, and it keeps pages cheap
_LABELS = {"yue": "zh", "wuu": "zh", "zxx": None}


@functools.cache
def _identifier() -> LanguageIdentifier:
    # Loaded once per process, on first use: unpacking the model takes about a second,
    # and the object is only read afterwards, so sharing it is safe.
    log.debug("loading the py3langid model")
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little to tell."""
    sample = text[:_SAMPLE_CHARS]
    letters = [char for char in sample if char.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return None
    script = _dominant_script(letters)
    if script:
        return script
    label, _probability = _identifier().classify(sample)
    return _LABELS.get(label, label)


def _dominant_script(letters: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for char in letters:
        code = ord(char)
        for language, low, high in _SCRIPTS:
            if low <= code <= high:
                counts[language] = counts.get(language, 0) + 1
                break
    if not counts:
        return None
    language, count = max(counts.items(), key=lambda item: item[1])
    return language if count >= _SCRIPT_SHARE * len(letters) else None
