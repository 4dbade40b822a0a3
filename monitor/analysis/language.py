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
import re
from array import array

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from monitor.analysis.text import SCRIPT_PATTERNS

log = logging.getLogger(__name__)

# Scripts used by a single language of the region (monitor.analysis.text holds the code points).
_SCRIPTS = SCRIPT_PATTERNS
_SCRIPT_SHARE = 0.4  # of the letters; Khmer vowel signs are not letters, so Khmer text scores low
_MIN_LETTERS = 3
_SAMPLE_CHARS = 1500  # a headline and a lead: langid is sure long before this, and it keeps pages cheap
_LABELS = {"yue": "zh", "wuu": "zh", "zxx": None}


@functools.cache
def _identifier() -> LanguageIdentifier:
    # Loaded once per process, on first use: unpacking the model takes about a second,
    # and the object is only read afterwards, so sharing it is safe.
    log.debug("loading the py3langid model")
    return _compact(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


def _compact(identifier: LanguageIdentifier) -> LanguageIdentifier:
    """Hold the model's two per-state tables (~105,000 states each) as machine integers.

    py3langid keeps them as lists of int objects: 7 MB, and every lookup writes the looked-up
    int's reference count, so each forked worker that detects languages copies the pages it
    touches of the parent's shared copy. Arrays hold the same values (the walk reads them
    the same way, ~0.1 ms more per page) in 1.6 MB that lookups only read.
    """
    for name in ("_rowbase", "tk_output"):
        table = getattr(identifier, name, None)
        if isinstance(table, list):
            setattr(identifier, name, array("l", table))
    return identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little to tell."""
    sample = text[:_SAMPLE_CHARS]
    letters = "".join(filter(str.isalpha, sample))
    if len(letters) < _MIN_LETTERS:
        return None
    script = _dominant_script(letters)
    if script:
        return script
    label, _probability = _identifier().classify(sample)
    return _LABELS.get(label, label)


def _dominant_script(letters: str) -> str | None:
    # Counted by the regex engine: a Python loop over every letter cost more than langid.
    counts = {language: len(pattern.findall(letters)) for language, pattern in _SCRIPTS.items()}
    best = max(counts.values())
    if not best or best < _SCRIPT_SHARE * len(letters):
        return None
    tied = [language for language, count in counts.items() if count == best]
    # A tie goes to the script that comes first in the text.
    return min(tied, key=lambda language: _first_letter(_SCRIPTS[language], letters))


def _first_letter(pattern: re.Pattern[str], letters: str) -> int:
    found = pattern.search(letters)
    return found.start() if found else len(letters)
