-- Each migration is a SQL script; the runner wraps it in a transaction together with
-- the user_version bump, so a database is never left half-migrated.
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    -- the URL as configured, when a permanent redirect has replaced ``url``
    original_url TEXT,
    name TEXT NOT NULL,
    lang TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    robots INTEGER NOT NULL DEFAULT 1,
    interval_override REAL,
    title TEXT,
    site_url TEXT,
    added_at TEXT NOT NULL,
    -- conditional GET
    etag TEXT,
    last_modified TEXT,
    -- health
    last_checked_at TEXT,
    last_success_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    last_error_at TEXT,
    consecutive_errors INTEGER NOT NULL DEFAULT 0,
    -- schedule (filled by the daemon)
    next_check_at TEXT,
    interval_seconds REAL,
    deactivated_reason TEXT
);

CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    started_at TEXT NOT NULL,
    status INTEGER,
    bytes INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER,
    not_modified INTEGER NOT NULL DEFAULT 0,
    entries INTEGER NOT NULL DEFAULT 0,
    new_items INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    warning TEXT
);
CREATE INDEX fetches_feed_started ON fetches(feed_id, started_at);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT UNIQUE,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    guid TEXT,
    title TEXT,
    author TEXT,
    site_name TEXT,
    published_at TEXT,
    discovered_at TEXT NOT NULL,
    lang TEXT,
    text TEXT,
    summary TEXT,
    source TEXT NOT NULL CHECK (source IN ('page', 'feed')),
    fetch_error TEXT,
    http_status INTEGER,
    content_hash TEXT,
    simhash INTEGER,
    -- the first article of the same story (syndicated copies); NULL for the first itself
    story_id INTEGER REFERENCES articles(id),
    flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    related INTEGER NOT NULL DEFAULT 0 CHECK (related IN (0, 1)),
    score REAL NOT NULL DEFAULT 0,
    reason TEXT,
    rules_version TEXT,
    classified_at TEXT,
    ner_status TEXT,
    review_status TEXT NOT NULL DEFAULT 'new'
        CHECK (review_status IN ('new', 'relevant', 'not_relevant', 'escalated')),
    review_note TEXT,
    reviewed_at TEXT,
    reviewer TEXT
);
CREATE INDEX articles_feed ON articles(feed_id);
CREATE INDEX articles_flagged ON articles(flagged, score);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_discovered ON articles(discovered_at);

-- Every feed that carried a story, so syndicated copies show "also reported by".
CREATE TABLE entries (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    link TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
);
CREATE INDEX entries_article ON entries(article_id);

CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    "group" TEXT NOT NULL,
    term TEXT NOT NULL,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    snippet TEXT,
    counted INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX matches_article ON matches(article_id);
CREATE INDEX matches_group_term ON matches("group", term);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    canonical TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    source TEXT
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_canonical ON entities(canonical, label);

CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('tip_tier', 'statistic')),
    country TEXT,
    tier TEXT,
    year INTEGER,
    change TEXT,
    number INTEGER,
    counted TEXT,
    period TEXT,
    sentence TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX facts_article ON facts(article_id);
CREATE INDEX facts_kind ON facts(kind);
