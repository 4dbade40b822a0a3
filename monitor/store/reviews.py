"""Reviewers' verdicts, the review queue and the story page's data, as a Python API.

The review desk (monitor/review/) calls these functions and never writes SQL itself;
``monitor`` scripts and tests use the same ones, so a verdict means the same thing
whichever way it was given. Only the review columns of ``articles`` and the
``review_history`` table are ever written here: a poll or a reclassify writes the
classifier's columns and never these.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from monitor.errors import MonitorError
from monitor.store.store import Store
from monitor.timefmt import utc_now

log = logging.getLogger(__name__)

REVIEW_STATUSES = ("new", "relevant", "not_relevant", "escalated")

# The tables and views the review desk shows by name (Datasette's pages are named after them).
ARTICLES_TABLE = "articles"
QUEUE_VIEW = "review_queue"
RULE_PRECISION_VIEW = "rule_precision"
# Views whose article_id cell is a story id (the desk links it to the story page).
STORY_VIEWS = (QUEUE_VIEW, "flagged_articles", "related_articles", "review_log", "tip_tiers", "statistics",
               "entity_mentions")
LINK_COLUMN = "link"  # a story's URL in the story views
TOP_ENTITIES_COLUMN = "top_entities"  # a JSON list of names in the story views


def story_id_column(table: str | None) -> str | None:
    """The column of ``table`` holding a story id (linked to the story page); None: not a story table."""
    if table == ARTICLES_TABLE:
        return "id"
    return "article_id" if table in STORY_VIEWS else None


def wait_for_writers(conn: Any, busy_timeout_ms: int) -> None:
    """On a connection Datasette opened: wait up to ``busy_timeout_ms`` for the daemon's write lock rather than fail."""
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")

# The trigram tokenizer indexes 3-character substrings, so shorter terms cannot use it.
MIN_FTS_CHARS = 3
# A queue card's snippet: about this many characters around the first matched term.
SNIPPET_CHARS = 260
CARD_TERMS_PER_GROUP = 3
CARD_ENTITIES = 6
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Flagged, not reviewed, and not a copy of another flagged story (copies show as "also
# reported by" on the first one): the same rows as the review_queue view.
_QUEUED = """a.flagged = 1 AND a.review_status = 'new'
  AND NOT EXISTS (SELECT 1 FROM articles o WHERE o.id = a.story_id AND o.flagged = 1)"""


class ReviewError(MonitorError):
    """A verdict could not be recorded: unknown story or status."""


class UnknownStatusError(ReviewError):
    """The status is not one of REVIEW_STATUSES."""


class UnknownArticleError(ReviewError):
    """No stored story has this id."""


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class QueueFilter:
    """What the reviewer narrowed the queue to; None means "any"."""

    language: str | None = None
    country: str | None = None  # a TIP ranking's country or a place the story names
    feed: str | None = None
    rule_group: str | None = None
    tier: str | None = None
    since: str | None = None  # YYYY-MM-DD, published (or found) on or after
    until: str | None = None  # YYYY-MM-DD, on or before
    search: str | None = None  # words that must all be in the title or text
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class Highlight:
    """A matched rule term, as offsets into the string it was found in."""

    start: int
    end: int
    group: str
    term: str
    counted: bool = True  # False: a look-alike the classifier set aside


@dataclass(frozen=True)
class Excerpt:
    """A piece of a story's text with the matched terms inside it (offsets into ``text``)."""

    text: str
    highlights: tuple[Highlight, ...]
    start: int = 0  # where ``text`` begins in the story's text
    clipped_left: bool = False
    clipped_right: bool = False


@dataclass(frozen=True)
class RuleHit:
    """One rule group that matched, with its most frequent terms."""

    group: str
    terms: tuple[str, ...]
    more: int = 0  # further distinct terms not listed


@dataclass(frozen=True)
class StoryCard:
    article_id: int
    title: str
    url: str | None
    feed: str | None
    published: str | None
    language: str | None
    score: float
    why: tuple[RuleHit, ...]
    snippet: Excerpt
    entities: tuple[str, ...]
    facts: tuple[str, ...]
    also_reported_by: tuple[str, ...]


@dataclass(frozen=True)
class FilterOptions:
    """The values each queue filter can take, from the stories in the queue."""

    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    rule_groups: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueuePage:
    cards: tuple[StoryCard, ...]
    total: int  # stories matching the filter, on every page
    waiting: int  # stories in the queue, filter or not
    options: FilterOptions


@dataclass(frozen=True)
class Verdict:
    """One verdict in a story's history."""

    status: str
    note: str | None
    reviewer: str | None
    recorded_at: str


@dataclass(frozen=True)
class EntityCount:
    canonical: str
    label: str
    mentions: int


@dataclass(frozen=True)
class FactLine:
    kind: str  # "tip_tier" | "statistic"
    line: str
    sentence: str


@dataclass(frozen=True)
class Carrier:
    """A feed entry that carried the story (or a syndicated copy of it)."""

    feed: str | None
    link: str | None
    seen_at: str
    article_id: int | None


@dataclass(frozen=True)
class SnapshotRef:
    captured_at: str | None


@dataclass(frozen=True)
class StoryDetail:
    article_id: int
    title: str
    url: str | None
    feed: str | None
    published: str | None
    discovered: str | None
    language: str | None
    score: float
    flagged: bool
    related: bool
    reason: str | None
    text: str
    title_highlights: tuple[Highlight, ...]
    text_highlights: tuple[Highlight, ...]
    entities: tuple[EntityCount, ...]
    facts: tuple[FactLine, ...]
    carriers: tuple[Carrier, ...]
    history: tuple[Verdict, ...]  # newest first
    review_status: str
    review_note: str | None
    reviewer: str | None
    reviewed_at: str | None
    copy_of: int | None  # the first article of the same story, when this is a copy
    snapshot: SnapshotRef | None = None


# --------------------------------------------------------------------------- verdicts
def normalise_status(status: str) -> str:
    """``"Not relevant"`` -> ``"not_relevant"``; anything else unknown raises UnknownStatusError."""
    value = str(status).strip().lower().replace(" ", "_").replace("-", "_")
    if value not in REVIEW_STATUSES:
        raise UnknownStatusError(f"review status {status!r} is not one of {', '.join(REVIEW_STATUSES)}")
    return value


def set_review(store: Store, article_id: int, status: str, note: str | None = None,
               reviewer: str | None = None) -> dict[str, Any]:
    """Record a reviewer's verdict on one story, and add it to the story's history.

    Returns the story's review columns. Setting a story back to "new" clears the review
    time, so it returns to the queue as unreviewed.
    """
    value = normalise_status(status)
    note = (note or "").strip() or None
    reviewer = (reviewer or "").strip() or None
    now = utc_now()
    with store.transaction(f"recording review of article {article_id}"):
        changed = store.db.conn.execute(
            "UPDATE articles SET review_status = ?, review_note = ?, reviewer = ?, reviewed_at = ? WHERE id = ?",
            [value, note, reviewer, None if value == "new" else now, article_id],
        ).rowcount
        if changed != 1:
            raise UnknownArticleError(f"no story with id {article_id}; see the review_queue view for ids")
        store.db.conn.execute(
            "INSERT INTO review_history (article_id, review_status, review_note, reviewer, recorded_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [article_id, value, note, reviewer, now],
        )
    log.info("review recorded", extra={"article_id": article_id, "status": value})
    return review_of(store, article_id)


def review_of(store: Store, article_id: int) -> dict[str, Any]:
    rows = store.rows(
        "SELECT id, title, review_status, review_note, reviewer, reviewed_at FROM articles WHERE id = ?", [article_id]
    )
    if not rows:
        raise UnknownArticleError(f"no story with id {article_id}")
    return rows[0]


def review_history(store: Store, article_id: int) -> list[Verdict]:
    """Every verdict given on a story, newest first."""
    rows = store.rows(
        "SELECT review_status, review_note, reviewer, recorded_at FROM review_history "
        "WHERE article_id = ? ORDER BY recorded_at DESC, id DESC",
        [article_id],
    )
    return [Verdict(r["review_status"], r["review_note"], r["reviewer"], r["recorded_at"]) for r in rows]


# --------------------------------------------------------------------------- the views
def review_queue(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """Flagged stories awaiting a verdict, best first (the review_queue view)."""
    return store.rows("SELECT * FROM review_queue LIMIT ?", [limit])


def rule_precision(store: Store) -> list[dict[str, Any]]:
    """Per rule group and term: flagged stories confirmed, rejected, pending; precision."""
    return store.rows("SELECT * FROM rule_precision")


# --------------------------------------------------------------------------- search
def _search_condition(query: str) -> tuple[str, list[Any]] | None:
    """SQL (on alias ``a``) true for stories whose title or text contains every word.

    Words of 3+ characters use the trigram index. Shorter words (common in Chinese:
    贩卖) cannot, so they are matched with LIKE, which scans the stories still left.
    """
    words = [w for w in re.split(r"\s+", query.strip()) if w]
    if not words:
        return None
    long_words = [w for w in words if len(w) >= MIN_FTS_CHARS]
    short_words = [w for w in words if len(w) < MIN_FTS_CHARS]
    where: list[str] = []
    params: list[Any] = []
    if long_words:
        # Each word quoted as an FTS5 string, so punctuation in it is literal.
        where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(" ".join('"' + w.replace('"', '""') + '"' for w in long_words))
    for word in short_words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    return " AND ".join(where), params


def search_articles(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Stories whose title or text contains every word of ``query``, in any script."""
    condition = _search_condition(query)
    if condition is None:
        return []
    where, params = condition
    if not store.readonly:
        store.index_for_search()  # the stories a running poll has not indexed yet
    return store.rows(
        f"""
        SELECT a.id AS article_id, a.title, a.url AS link, a.lang AS language, a.flagged, a.related,
               a.review_status, a.published_at AS published
        FROM articles a WHERE {where}
        ORDER BY a.flagged DESC, a.related DESC, coalesce(a.published_at, a.discovered_at) DESC
        LIMIT ?
        """,
        [*params, limit],
    )


# --------------------------------------------------------------------------- the queue
def _filter_conditions(wanted: QueueFilter) -> tuple[list[str], list[Any]]:
    day = {"since": wanted.since if wanted.since and _DAY.match(wanted.since) else None,
           "until": wanted.until if wanted.until and _DAY.match(wanted.until) else None}
    # (the filter's value, the condition on story ``a``, how many times it takes the value)
    simple = [
        (wanted.language, "a.lang = ?", 1),
        (wanted.feed, "a.feed_id IN (SELECT id FROM feeds WHERE name = ?)", 1),
        (wanted.rule_group, 'EXISTS (SELECT 1 FROM matches m WHERE m.article_id = a.id AND m.counted = 1 AND m."group" = ?)', 1),
        (wanted.tier, "EXISTS (SELECT 1 FROM facts x WHERE x.article_id = a.id AND x.kind = 'tip_tier' AND x.tier = ?)", 1),
        (wanted.country, "(EXISTS (SELECT 1 FROM facts x WHERE x.article_id = a.id AND x.kind = 'tip_tier' AND x.country = ?)"
         " OR EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.label = 'GPE' AND e.canonical = ?))", 2),
        # Dates compare as text: stored times are ISO 8601 in UTC.
        (day["since"], "coalesce(a.published_at, a.discovered_at) >= ?", 1),
        (day["until"], "coalesce(a.published_at, a.discovered_at) < date(?, '+1 day')", 1),
    ]
    where = [_QUEUED] + [condition for value, condition, _ in simple if value]
    params: list[Any] = [value for value, _, times in simple if value for _ in range(times)]
    if wanted.search:
        condition = _search_condition(wanted.search)
        if condition:
            where.append(condition[0])
            params += condition[1]
    return where, params


def queue_page(store: Store, wanted: QueueFilter = QueueFilter()) -> QueuePage:
    """One page of the review queue as story cards, best first, with the filter choices."""
    where, params = _filter_conditions(wanted)
    sql_where = " AND ".join(where)
    total = store.rows(f"SELECT count(*) AS n FROM articles a WHERE {sql_where}", params)[0]["n"]
    rows = store.rows(
        f"""
        SELECT a.id, a.title, a.url, a.text, f.name AS feed, a.published_at, a.lang, a.score, a.feed_id
        FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE {sql_where}
        ORDER BY a.score DESC, a.published_at DESC, a.id DESC
        LIMIT ? OFFSET ?
        """,
        [*params, max(1, wanted.limit), max(0, wanted.offset)],
    )
    ids = [r["id"] for r in rows]
    matches = _matches_of(store, ids)
    entities = _top_entities(store, ids)
    facts = _fact_lines(store, ids)
    others = _also_reported_by(store, ids)
    cards = []
    for row in rows:
        found = matches.get(row["id"], [])
        cards.append(StoryCard(
            **_heading(row),
            why=_rule_hits(found),
            snippet=excerpt(row["text"] or "", [h for f, h in found if f == "text"]),
            entities=tuple(entities.get(row["id"], ())),
            facts=tuple(line.line for line in facts.get(row["id"], ())),
            also_reported_by=tuple(others.get(row["id"], ())),
        ))
    waiting = total if where == [_QUEUED] else store.rows(f"SELECT count(*) AS n FROM articles a WHERE {_QUEUED}")[0]["n"]
    return QueuePage(tuple(cards), total, waiting, filter_options(store))


def _heading(row: dict[str, Any]) -> dict[str, Any]:
    """The fields a card and a story page share, from an ``articles`` row with its feed's name."""
    return {"article_id": row["id"], "title": row["title"] or "(untitled)", "url": row["url"], "feed": row["feed"],
            "published": row["published_at"], "language": row["lang"], "score": round(float(row["score"] or 0), 2)}


def filter_options(store: Store) -> FilterOptions:
    """The languages, countries, feeds, rule groups and tiers of the stories in the queue."""
    queued = f"SELECT a.id FROM articles a WHERE {_QUEUED}"

    def values(sql: str) -> tuple[str, ...]:
        return tuple(r["v"] for r in store.rows(sql) if r["v"])

    return FilterOptions(
        languages=values(f"SELECT DISTINCT a.lang AS v FROM articles a WHERE {_QUEUED} ORDER BY v"),
        countries=values(
            f"""SELECT x.country AS v FROM facts x WHERE x.kind = 'tip_tier' AND x.article_id IN ({queued})
                UNION SELECT e.canonical FROM entities e WHERE e.label = 'GPE' AND e.article_id IN ({queued})
                ORDER BY v"""),
        feeds=values(f"SELECT DISTINCT f.name AS v FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {_QUEUED} ORDER BY v"),
        rule_groups=values(
            f'SELECT DISTINCT m."group" AS v FROM matches m WHERE m.counted = 1 AND m.article_id IN ({queued}) ORDER BY v'),
        tiers=values(
            f"SELECT DISTINCT x.tier AS v FROM facts x WHERE x.kind = 'tip_tier' AND x.article_id IN ({queued}) ORDER BY v"),
    )


def _rows_for(store: Store, ids: Sequence[int], sql: str) -> list[dict[str, Any]]:
    """The rows of ``sql`` for these stories; ``{ids}`` in it stands for their placeholders."""
    if not ids:
        return []
    return store.rows(sql.replace("{ids}", ",".join("?" * len(ids))), list(ids))


def _matches_of(store: Store, ids: Sequence[int], *, counted_only: bool = True) -> dict[int, list[tuple[str, Highlight]]]:
    """(field, highlight) per story, in text order."""
    found: dict[int, list[tuple[str, Highlight]]] = defaultdict(list)
    counted = "AND counted = 1" if counted_only else ""
    for r in _rows_for(store, ids, 'SELECT article_id, field, "group", term, start, "end", counted FROM matches '
                       f"WHERE article_id IN ({{ids}}) {counted} ORDER BY article_id, field, start"):
        found[r["article_id"]].append(
            (r["field"], Highlight(r["start"], r["end"], r["group"], r["term"], bool(r["counted"]))))
    return found


def _rule_hits(found: Sequence[tuple[str, Highlight]]) -> tuple[RuleHit, ...]:
    """Per rule group, its terms by how often they matched (then first seen)."""
    per_group: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for _field, hit in found:
        if hit.counted:
            seen = per_group[hit.group].setdefault(hit.term, [0, hit.start])
            seen[0] += 1
    hits = []
    for group in sorted(per_group):
        terms = sorted(per_group[group], key=lambda t: (-per_group[group][t][0], per_group[group][t][1]))
        hits.append(RuleHit(group, tuple(terms[:CARD_TERMS_PER_GROUP]), max(0, len(terms) - CARD_TERMS_PER_GROUP)))
    return tuple(hits)


def _top_entities(store: Store, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for r in _rows_for(store, ids, "SELECT article_id, canonical FROM entities WHERE article_id IN ({ids}) "
                       "GROUP BY article_id, canonical ORDER BY article_id, count(*) DESC, min(start)"):
        if len(found[r["article_id"]]) < CARD_ENTITIES:
            found[r["article_id"]].append(r["canonical"])
    return found


def _fact_lines(store: Store, ids: Sequence[int]) -> dict[int, list[FactLine]]:
    found: dict[int, list[FactLine]] = defaultdict(list)
    for r in _rows_for(store, ids, "SELECT l.article_id, l.kind, l.line, x.sentence FROM fact_lines l "
                       "JOIN facts x ON x.id = l.fact_id WHERE l.article_id IN ({ids}) "
                       "ORDER BY l.article_id, l.kind DESC, l.start"):
        lines = found[r["article_id"]]
        if all(line.line != r["line"] for line in lines):  # the same ranking stated twice is one line
            lines.append(FactLine(r["kind"], r["line"], r["sentence"]))
    return found


def _also_reported_by(store: Store, ids: Sequence[int]) -> dict[int, list[str]]:
    """Other feeds that carried each story or a syndicated copy of it."""
    found: dict[int, list[str]] = defaultdict(list)
    for r in _rows_for(store, ids, """
        SELECT DISTINCT s.id AS article_id, g.name
        FROM articles s
        JOIN articles c ON c.id = s.id OR c.story_id = s.id
        JOIN entries n ON n.article_id = c.id
        JOIN feeds g ON g.id = n.feed_id
        WHERE s.id IN ({ids}) AND n.feed_id IS NOT s.feed_id
        ORDER BY s.id, g.name"""):
        found[r["article_id"]].append(r["name"])
    return found


def excerpt(text: str, highlights: Sequence[Highlight], width: int = SNIPPET_CHARS) -> Excerpt:
    """About ``width`` characters of ``text`` around its first highlight, cut at spaces."""
    text_len = len(text)
    if not highlights:
        start, end = 0, min(text_len, width)
    else:
        first = highlights[0]
        room = max(0, width - (first.end - first.start))
        start = max(0, first.start - room // 3)
        end = min(text_len, start + width)
        start = max(0, min(start, end - width))
    # Move the cuts to whitespace so no word is split (unspaced scripts: cut where we are).
    if start > 0:
        space = text.find(" ", start, min(text_len, start + 30))
        if space != -1 and (not highlights or space < highlights[0].start):
            start = space + 1
    if end < text_len:
        space = text.rfind(" ", max(start, end - 30), end)
        if space != -1:
            end = space
    inside = tuple(
        Highlight(h.start - start, h.end - start, h.group, h.term, h.counted)
        for h in _without_overlaps(highlights) if h.start >= start and h.end <= end
    )
    piece = text[start:end]
    return Excerpt(piece.replace("\n", " "), inside, start, start > 0, end < text_len)


def _without_overlaps(highlights: Sequence[Highlight]) -> list[Highlight]:
    """Highlights in text order, dropping any that overlaps one kept before it (longest first)."""
    kept: list[Highlight] = []
    for h in sorted(highlights, key=lambda h: (h.start, -(h.end - h.start))):
        if not kept or h.start >= kept[-1].end:
            kept.append(h)
    return kept


# --------------------------------------------------------------------------- the story page
def story_detail(store: Store, article_id: int) -> StoryDetail:
    """Everything the story page shows about one stored story."""
    rows = store.rows(
        """SELECT a.*, f.name AS feed FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?""",
        [article_id],
    )
    if not rows:
        raise UnknownArticleError(f"no story with id {article_id}")
    a = rows[0]
    found = _matches_of(store, [article_id], counted_only=False).get(article_id, [])
    entities = store.rows(
        "SELECT canonical, label, count(*) AS n FROM entities WHERE article_id = ? "
        "GROUP BY canonical, label ORDER BY n DESC, min(start)",
        [article_id],
    )
    carriers = store.rows(
        """SELECT g.name, n.link, n.seen_at, n.article_id FROM entries n LEFT JOIN feeds g ON g.id = n.feed_id
           WHERE n.article_id = ? OR n.article_id IN (SELECT id FROM articles WHERE story_id = ?)
           ORDER BY n.seen_at, g.name""",
        [article_id, article_id],
    )
    return StoryDetail(
        **_heading(a),
        discovered=a["discovered_at"],
        flagged=bool(a["flagged"]),
        related=bool(a["related"]),
        reason=a["reason"],
        text=a["text"] or "",
        title_highlights=tuple(_without_overlaps([h for f, h in found if f == "title"])),
        text_highlights=tuple(_without_overlaps([h for f, h in found if f == "text"])),
        entities=tuple(EntityCount(r["canonical"], r["label"], r["n"]) for r in entities),
        facts=tuple(_fact_lines(store, [article_id]).get(article_id, ())),
        carriers=tuple(Carrier(r["name"], r["link"], r["seen_at"], r["article_id"]) for r in carriers),
        history=tuple(review_history(store, article_id)),
        review_status=a["review_status"],
        review_note=a["review_note"],
        reviewer=a["reviewer"],
        reviewed_at=a["reviewed_at"],
        copy_of=a["story_id"],
        snapshot=snapshot_of(store, article_id),
    )


def snapshot_of(store: Store, article_id: int) -> SnapshotRef | None:
    """The story's archived copy, when the evidence store has one (its table may not exist)."""
    columns = {r["name"] for r in store.rows("SELECT name FROM pragma_table_info('snapshots')")}
    if "article_id" not in columns:
        return None
    when = "captured_at" if "captured_at" in columns else "NULL"
    rows = store.rows(f"SELECT {when} AS captured_at FROM snapshots WHERE article_id = ? ORDER BY rowid DESC LIMIT 1",
                      [article_id])
    return SnapshotRef(rows[0]["captured_at"]) if rows else None
