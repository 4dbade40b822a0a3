"""Concept rules: read ``config/rules.toml``, validate it, compile it into one matcher.

``load_rules`` returns a :class:`RuleSet`. Its :meth:`RuleSet.scan` finds every rule
string (group terms, context words, look-alike patterns) in one pass of a
pyahocorasick automaton over a normalised copy of the text, and reports the hits
with offsets into that copy; :class:`NormalisedText` maps them back to the original.
What the hits mean (look-alikes, context, the verdict) is ``monitor.analysis.classifier``'s job.

Normalisation (applied alike to rule strings and article text): NFKC, case folding,
dashes as spaces, curly apostrophes as ``'``, every decimal digit as ASCII (Khmer ៣,
Thai ๓, Burmese ၃ → 3), Khmer subscript DA as subscript TA (the two spellings
of ផ្តល់ look the same), invisible format characters dropped (zero-width space,
soft hyphen), runs of whitespace as one space, and no space at all next to a
character of a script written without spaces (Thai, Lao, Khmer, Burmese, Chinese,
Japanese), where spaces are phrase breaks the writer may or may not put in.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ahocorasick
from pydantic import Field

from monitor.analysis.text import is_unspaced  # the one table of scripts written without spaces
from monitor.errors import RulesError
from monitor.resources import shipped_path
from monitor.tomlconfig import StrictModel, parse_toml, read_toml, validate

log = logging.getLogger(__name__)

GROUPS = ("trafficking", "ncct", "tip")

# "{year}" in a term stands for any year the TIP report could carry in its name ("Rapport
# 2020 sur la traite des personnes", "Báo cáo năm 2022 về tình hình mua bán người"): the
# automaton gets one key per year, and a match names the term as written.
YEAR_PLACEHOLDER = "{year}"
REPORT_YEARS = range(2000, 2041)

# Printable ASCII that normalises to itself in lower case (not spaces, "-" or "`"), and
# single spaces between such runs (a space between words stays one space): copied in
# bulk, which makes English text several times faster to normalise.
_PLAIN_RUN = re.compile(r"[!-,./-_a-~]+(?: [!-,./-_a-~]+)*")
_APOSTROPHES = "\u2018\u2019\u02bc\u0060\u00b4\u2032"
_KHMER_COENG, _KHMER_DA, _KHMER_TA = "\u17d2", "\u178a", "\u178f"


@functools.cache
def is_word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces (Latin, Cyrillic...)."""
    return char.isalnum() and not is_unspaced(char)


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A normalised copy of a text, with where each of its characters came from."""

    text: str
    starts: tuple[int, ...]  # original offset of the first source character of text[i]
    ends: tuple[int, ...]  # original offset just past the last source character of text[i]
    capitals: tuple[bool, ...]  # text[i] came from a capital letter

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the normalised slice ``[start, end)``."""
        return self.starts[start], self.ends[end - 1]


_CLUSTER_CACHE: dict[str, tuple[tuple[str, bool], ...]] = {}


def _fold_cluster(cluster: str) -> tuple[tuple[str, bool], ...]:
    """Normalised characters of one base character and its combining marks, each with
    whether it came from a capital. Cached: real text reuses few distinct clusters."""
    folded = _CLUSTER_CACHE.get(cluster)
    if folded is not None:
        return folded
    out: list[tuple[str, bool]] = []
    for char in unicodedata.normalize("NFKC", cluster):
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        if category == "Pd" or char == "\u2212" or char.isspace():
            out.append((" ", False))
        elif char in _APOSTROPHES:
            out.append(("'", False))
        elif category == "Nd":
            out.append((str(unicodedata.decimal(char)), False))
        else:
            capital = char.isupper() or category == "Lt"
            out.extend((folded_char, capital) for folded_char in char.casefold())
    folded = tuple(out)
    if len(_CLUSTER_CACHE) < 50_000:  # bound the cache against adversarial input
        _CLUSTER_CACHE[cluster] = folded
    return folded


def normalise(text: str) -> NormalisedText:
    """Normalise ``text`` as the matcher sees it (see the module docstring)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    capitals: list[bool] = []
    pending_space: int | None = None  # original offset of a whitespace run not yet written

    def write_pending_space(next_char: str) -> None:
        # One space between words, none at the start or next to an unspaced script.
        nonlocal pending_space
        if chars and not is_unspaced(chars[-1]) and not is_unspaced(next_char):
            chars.append(" ")
            starts.append(pending_space)  # type: ignore[arg-type]
            ends.append(pending_space + 1)  # type: ignore[operator]
            capitals.append(False)
        pending_space = None

    length = len(text)
    index = 0
    while index < length:
        plain = _PLAIN_RUN.match(text, index)
        stop = plain.end() if plain else index
        if stop < length and unicodedata.combining(text[stop]):
            stop -= 1  # the last letter takes a combining mark: leave it to the slow path
        if stop > index:
            run = text[index:stop]
            if pending_space is not None:
                write_pending_space(run[0])
            chars.extend(run.lower())
            starts.extend(range(index, stop))
            ends.extend(range(index + 1, stop + 1))
            capitals.extend(map(str.isupper, run))
            index = stop
            continue
        # A cluster is a base character and the combining marks after it, so that
        # decomposed Vietnamese (e + U+0301) composes as it would in the whole string.
        stop = index + 1
        while stop < length and unicodedata.combining(text[stop]):
            stop += 1
        for char, capital in _fold_cluster(text[index:stop]):
            if char == " ":
                if pending_space is None:
                    pending_space = index
                continue
            if pending_space is not None:
                write_pending_space(char)
            if char == _KHMER_DA and chars and chars[-1] == _KHMER_COENG:
                char = _KHMER_TA
            chars.append(char)
            starts.append(index)
            ends.append(stop)
            capitals.append(capital)
        index = stop
    return NormalisedText("".join(chars), tuple(starts), tuple(ends), tuple(capitals))


# --- the rules file schema --------------------------------------------------------




class TermSpec(StrictModel):
    """One term written as a table, to override its list's options."""

    term: str
    case_sensitive: bool | None = None
    whole_word: bool | None = None


TermEntry = str | TermSpec


class TermSource(StrictModel):
    """Options shared by everything that holds terms."""

    terms: list[TermEntry] = Field(min_length=1)
    case_sensitive: bool = False
    whole_word: bool = True


class TermList(TermSource):
    """A list of terms of one group that share weight, context and look-alike rules."""

    name: str = Field(min_length=1)
    lang: str = ""
    weight: float = Field(1.0, gt=0)
    requires: list[str] = []
    unless: list[str] = []
    window: int = Field(200, ge=0)


class GroupSpec(StrictModel):
    label: str = ""
    weight: float = Field(1.0, gt=0)
    lists: list[TermList] = Field(min_length=1)


class ContextSpec(TermSource):
    description: str = ""


class LookalikeSpec(TermSource):
    description: str = ""
    window: int = Field(0, ge=0)


class ScoreSpec(StrictModel):
    title_weight: float = Field(3.0, gt=0)
    max: float = Field(10.0, gt=0)


class RulesFile(StrictModel):
    score: ScoreSpec = ScoreSpec()
    groups: dict[str, GroupSpec]
    contexts: dict[str, ContextSpec] = {}
    lookalikes: dict[str, LookalikeSpec] = {}


# --- the compiled rules -------------------------------------------------------------

Kind = Literal["term", "context", "lookalike"]


@dataclass(frozen=True, slots=True)
class Pattern:
    """One rule string as the automaton finds it."""

    kind: Kind
    owner: str  # group, context or look-alike name
    list_index: int  # index into RuleSet.lists for a term, -1 otherwise
    term: str  # as written in the rules file
    length: int  # length of the normalised term
    check_start: bool  # the text before a hit must not be a word character
    check_end: bool  # the text after a hit must not be a word character
    capitals: tuple[int, ...]  # offsets that must be capitals in the text


@dataclass(frozen=True, slots=True)
class CompiledList:
    group: str
    name: str
    weight: float
    requires: tuple[str, ...]  # context or group names; any one nearby will do
    unless: tuple[str, ...]  # look-alike names
    window: int


@dataclass(frozen=True, slots=True)
class Hit:
    pattern: Pattern
    start: int  # offsets into the normalised text
    end: int


@dataclass(frozen=True, slots=True)
class Scan:
    normalised: NormalisedText
    hits: tuple[Hit, ...]


class RuleSet:
    """Validated, compiled rules. Build it with :func:`load_rules`.

    Pickles as its source text and recompiles on the other side (a few milliseconds),
    so it can be handed to worker processes once, e.g. through a pool initializer.
    """

    def __init__(self, spec: RulesFile, source_text: str, source: str) -> None:
        self.source = source
        self.source_text = source_text
        self.version = hashlib.sha256(source_text.encode("utf-8")).hexdigest()[:16]
        self.title_weight = spec.score.title_weight
        self.max_score = spec.score.max
        self.group_weights = {name: spec.groups[name].weight for name in GROUPS}
        self.lookalike_windows = {name: look.window for name, look in spec.lookalikes.items()}
        self.lists: tuple[CompiledList, ...] = tuple(
            CompiledList(group, item.name, item.weight, tuple(item.requires), tuple(item.unless), item.window)
            for group in GROUPS
            for item in spec.groups[group].lists
        )
        self._automaton = _build_automaton(spec)

    def __reduce__(self) -> tuple[Any, ...]:
        return (rules_from_text, (self.source_text, self.source))

    def __repr__(self) -> str:
        return f"RuleSet(source={self.source!r}, version={self.version!r})"

    def scan(self, text: str) -> Scan:
        """Every rule string found in ``text``, after boundary and capitals checks."""
        normalised = normalise(text)
        return Scan(normalised, tuple(self._hits(normalised)))

    def _hits(self, normalised: NormalisedText) -> Iterator[Hit]:
        folded = normalised.text
        for end_index, (length, patterns) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            word_before = start > 0 and is_word_char(folded[start - 1])
            word_after = end < len(folded) and is_word_char(folded[end])
            for pattern in patterns:
                if (pattern.check_start and word_before) or (pattern.check_end and word_after):
                    continue
                if any(not normalised.capitals[start + offset] for offset in pattern.capitals):
                    continue
                yield Hit(pattern, start, end)


def load_rules(path: Path | None = None) -> RuleSet:
    """Read, validate and compile a rules file; ``None`` means the shipped default."""
    rules_path = path if path is not None else shipped_path("config", "rules.toml")
    raw, source_text = read_toml(rules_path, what="rules file", error=RulesError)
    rules = _compile(raw, source_text, str(rules_path))
    log.info("loaded rules %s (version %s, %d lists)", rules_path, rules.version, len(rules.lists))
    return rules


def rules_from_text(source_text: str, source: str = "rules.toml") -> RuleSet:
    """Validate and compile rules given as TOML text; ``source`` names it in errors."""
    return _compile(parse_toml(source_text, source, error=RulesError), source_text, source)


def _compile(raw: dict[str, Any], source_text: str, source: str) -> RuleSet:
    spec = validate(RulesFile, raw, source, error=RulesError)
    _check_references(spec, source)
    return RuleSet(spec, source_text, source)


def _build_automaton(spec: RulesFile) -> ahocorasick.Automaton:
    by_key: dict[str, list[Pattern]] = {}
    list_index = 0
    for group in GROUPS:
        for item in spec.groups[group].lists:
            for entry in item.terms:
                for key, pattern in _patterns(entry, item, "term", group, list_index):
                    by_key.setdefault(key, []).append(pattern)
            list_index += 1
    kinds: tuple[tuple[Kind, dict[str, ContextSpec] | dict[str, LookalikeSpec]], ...] = (("context", spec.contexts), ("lookalike", spec.lookalikes))
    for kind, sources in kinds:
        for name, source in sources.items():
            for entry in source.terms:
                for key, pattern in _patterns(entry, source, kind, name, -1):
                    by_key.setdefault(key, []).append(pattern)
    automaton = ahocorasick.Automaton()
    for key, patterns in by_key.items():
        automaton.add_word(key, (len(key), tuple(patterns)))
    automaton.make_automaton()
    return automaton


def _patterns(entry: TermEntry, source: TermSource, kind: Kind, owner: str, list_index: int) -> Iterator[tuple[str, Pattern]]:
    """The automaton keys of one term: one, or one per report year for a ``{year}`` term."""
    term = entry if isinstance(entry, str) else entry.term
    if YEAR_PLACEHOLDER not in term:
        yield _pattern(term, term, entry, source, kind, owner, list_index)
        return
    for year in REPORT_YEARS:
        yield _pattern(term.replace(YEAR_PLACEHOLDER, str(year)), term, entry, source, kind, owner, list_index)


def _pattern(written: str, term: str, entry: TermEntry, source: TermSource, kind: Kind, owner: str,
             list_index: int) -> tuple[str, Pattern]:
    options = entry if isinstance(entry, TermSpec) else None
    case_sensitive = source.case_sensitive if options is None or options.case_sensitive is None else options.case_sensitive
    whole_word = source.whole_word if options is None or options.whole_word is None else options.whole_word
    normalised = normalise(written)
    key = normalised.text
    capitals = tuple(i for i, capital in enumerate(normalised.capitals) if capital) if case_sensitive else ()
    pattern = Pattern(
        kind=kind,
        owner=owner,
        list_index=list_index,
        term=term,
        length=len(key),
        check_start=whole_word and is_word_char(key[0]),
        check_end=whole_word and is_word_char(key[-1]),
        capitals=capitals,
    )
    return key, pattern


def _check_references(spec: RulesFile, source: str) -> None:
    """What the schema cannot say: group names, empty terms, names that must exist."""
    unknown = sorted(set(spec.groups) - set(GROUPS))
    missing = [name for name in GROUPS if name not in spec.groups]
    if unknown:
        raise RulesError(
            f"{source}: groups.{unknown[0]}: unknown group; the groups are: {', '.join(GROUPS)}",
            key=f"groups.{unknown[0]}",
            path=source,
        )
    if missing:
        raise RulesError(
            f"{source}: groups.{missing[0]}: missing; the flag needs all of: {', '.join(GROUPS)}",
            key=f"groups.{missing[0]}",
            path=source,
        )
    overlap = sorted(set(spec.contexts) & set(GROUPS))
    if overlap:
        raise RulesError(f"{source}: contexts.{overlap[0]}: a context may not share a group's name", path=source)
    for where, holder in _term_holders(spec):
        for index, entry in enumerate(holder.terms):
            term = entry if isinstance(entry, str) else entry.term
            if not normalise(term).text:
                raise RulesError(f"{source}: {where}.terms[{index}]: empty term", key=f"{where}.terms[{index}]", path=source)
    context_names = set(spec.contexts) | set(GROUPS)
    seen: dict[str, str] = {}
    for group in GROUPS:
        for index, item in enumerate(spec.groups[group].lists):
            where = f"groups.{group}.lists[{index}]"
            if item.name in seen:
                raise RulesError(f"{source}: {where}.name: {item.name!r} is also the name of {seen[item.name]}", path=source)
            seen[item.name] = where
            for key, names, known in (("requires", item.requires, context_names), ("unless", item.unless, set(spec.lookalikes))):
                for position, name in enumerate(names):
                    if name not in known:
                        raise RulesError(
                            f"{source}: {where}.{key}[{position}]: {name!r} is not defined; known: {', '.join(sorted(known))}",
                            key=f"{where}.{key}[{position}]",
                            path=source,
                        )


def _term_holders(spec: RulesFile) -> Iterator[tuple[str, TermSource]]:
    for group, group_spec in spec.groups.items():
        for index, item in enumerate(group_spec.lists):
            yield f"groups.{group}.lists[{index}]", item
    for name, context in spec.contexts.items():
        yield f"contexts.{name}", context
    for name, lookalike in spec.lookalikes.items():
        yield f"lookalikes.{name}", lookalike
