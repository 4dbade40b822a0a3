"""The database schema, as an ordered list of migrations.

``PRAGMA user_version`` records how many migrations a database has had; opening an older
database applies the rest, each in its own transaction. Never edit a migration that has
shipped: append a new one.
"""

from __future__ import annotations

# Each migration is a SQL script; the runner wraps it in a transaction together with
# the user_version bump, so a database is never left half-migrated.
M001_BASE = """
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
"""

# "Why flagged" in one short line per rule group: its three most frequent terms and how
# many more, e.g. "tip: Tier 3, TIP report, Tier 2 (+4 more)". Correlated on ``a.id``
# (the article), so each row reads only its own matches. Part of M002: never edit it,
# a later migration that wants another wording defines its own.
_WHY_FLAGGED = """(SELECT group_concat(gg.g || ': ' || (
                        SELECT group_concat(term, ', ') FROM (
                            SELECT t.term FROM matches t
                            WHERE t.article_id = a.id AND t.counted = 1 AND t."group" = gg.g
                            GROUP BY t.term ORDER BY count(*) DESC, min(t.start) LIMIT 3))
                    || CASE WHEN gg.n > 3 THEN ' (+' || (gg.n - 3) || ' more)' ELSE '' END, '; ')
                FROM (SELECT m."group" AS g, count(DISTINCT m.term) AS n FROM matches m
                      WHERE m.article_id = a.id AND m.counted = 1 GROUP BY m."group" ORDER BY m."group") gg)"""

# Review: views that read well in any SQLite browser, trigram full-text search (works for
# Khmer, Thai and Chinese, which have no spaces between words), and rule precision from
# reviewers' verdicts. Views are frozen SQL: change one by dropping and recreating it in a
# later migration.
M002_REVIEW = ("""
        -- Full-text search over title and text. External content (no second copy of the
        -- text); the triggers keep it in sync. Trigram: any substring of 3+ characters
        -- matches, whatever the script; shorter terms (2-character Chinese words) need LIKE.
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='id', tokenize='trigram'
        );
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE INDEX articles_reviewed ON articles(review_status, reviewed_at);
        CREATE INDEX articles_story ON articles(story_id);
        -- Covers the "why flagged" summaries: one story's counted terms per group.
        CREATE INDEX matches_article_terms ON matches(article_id, counted, "group", term, start);

        -- One readable line per fact, shared by the article views.
        CREATE VIEW fact_lines AS
        SELECT id AS fact_id, article_id, kind,
               CASE kind
                   WHEN 'tip_tier' THEN 'TIP: ' || coalesce(country, '?') || ' ' || coalesce(tier, '?')
                        || coalesce(' (' || year || coalesce(', ' || change, '') || ')',
                                    ' (' || change || ')', '')
                   ELSE printf('%,d', number) || ' ' || coalesce(counted, '')
                        || coalesce(' (' || period || ')', '')
               END AS line,
               start
        FROM facts;

        -- Stories awaiting a verdict, best first. Copies of a flagged story (story_id: the
        -- same wire story on another site) are left out: they show as "also reported by"
        -- on the first copy, so each story is reviewed once.
        CREATE VIEW review_queue AS
        SELECT a.id AS article_id,
               a.title,
               a.url AS link,
               f.name AS feed,
               a.published_at AS published,
               a.lang AS language,
               round(a.score, 2) AS score,
               """ + _WHY_FLAGGED + """ AS why_flagged,
               (SELECT nullif(json_group_array(canonical), '[]') FROM (
                    SELECT e.canonical FROM entities e WHERE e.article_id = a.id
                    GROUP BY e.canonical ORDER BY count(*) DESC, min(e.start) LIMIT 6)) AS top_entities,
               (SELECT group_concat(line, '; ') FROM (
                    SELECT line FROM fact_lines x WHERE x.article_id = a.id ORDER BY x.start)) AS facts,
               (SELECT group_concat(name, '; ') FROM (
                    SELECT DISTINCT g.name FROM entries n JOIN feeds g ON g.id = n.feed_id
                    WHERE (n.article_id = a.id OR n.article_id IN (SELECT c.id FROM articles c WHERE c.story_id = a.id))
                      AND n.feed_id IS NOT a.feed_id ORDER BY g.name)) AS also_reported_by
        FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE a.flagged = 1 AND a.review_status = 'new'
          AND NOT EXISTS (SELECT 1 FROM articles o WHERE o.id = a.story_id AND o.flagged = 1)
        ORDER BY a.score DESC, a.published_at DESC, a.id DESC;

        -- Every flagged story with its verdict (if any).
        CREATE VIEW flagged_articles AS
        SELECT a.id AS article_id,
               a.title,
               a.url AS link,
               f.name AS feed,
               a.published_at AS published,
               a.lang AS language,
               round(a.score, 2) AS score,
               a.review_status,
               a.review_note,
               a.reviewer,
               a.reviewed_at,
               """ + _WHY_FLAGGED + """ AS why_flagged,
               (SELECT nullif(json_group_array(canonical), '[]') FROM (
                    SELECT e.canonical FROM entities e WHERE e.article_id = a.id
                    GROUP BY e.canonical ORDER BY count(*) DESC, min(e.start) LIMIT 6)) AS top_entities,
               (SELECT group_concat(line, '; ') FROM (
                    SELECT line FROM fact_lines x WHERE x.article_id = a.id ORDER BY x.start)) AS facts,
               a.story_id AS copy_of_article,
               a.discovered_at AS discovered
        FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE a.flagged = 1
        ORDER BY coalesce(a.published_at, a.discovered_at) DESC, a.id DESC;

        -- About human trafficking but neither NCCT nor the TIP report: context, not flagged.
        CREATE VIEW related_articles AS
        SELECT a.id AS article_id,
               a.title,
               a.url AS link,
               f.name AS feed,
               a.published_at AS published,
               a.lang AS language,
               round(a.score, 2) AS score,
               """ + _WHY_FLAGGED + """ AS matched_terms,
               a.review_status,
               a.review_note,
               a.discovered_at AS discovered
        FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE a.related = 1 AND a.flagged = 0
        ORDER BY coalesce(a.published_at, a.discovered_at) DESC, a.id DESC;

        -- Each entity in each story: who and what a story names.
        CREATE VIEW entity_mentions AS
        SELECT e.canonical AS entity,
               e.label AS type,
               group_concat(DISTINCT e.text) AS as_written,
               count(*) AS mentions,
               a.id AS article_id,
               a.title,
               a.url AS link,
               a.published_at AS published,
               a.flagged,
               a.review_status
        FROM entities e JOIN articles a ON a.id = e.article_id
        GROUP BY e.article_id, e.canonical, e.label
        ORDER BY a.id DESC, mentions DESC;

        -- How often each entity appears across stories.
        CREATE VIEW entity_counts AS
        SELECT e.canonical AS entity,
               e.label AS type,
               count(DISTINCT e.article_id) AS stories,
               count(DISTINCT CASE WHEN a.flagged = 1 THEN e.article_id END) AS flagged_stories,
               count(*) AS mentions,
               min(coalesce(a.published_at, a.discovered_at)) AS first_seen,
               max(coalesce(a.published_at, a.discovered_at)) AS last_seen
        FROM entities e JOIN articles a ON a.id = e.article_id
        GROUP BY e.canonical, e.label
        ORDER BY stories DESC, mentions DESC, entity;

        -- TIP report rankings stated in stories.
        CREATE VIEW tip_tiers AS
        SELECT x.country,
               x.tier,
               x.year,
               x.change,
               x.sentence,
               a.id AS article_id,
               a.title AS article,
               a.url AS link,
               f.name AS feed,
               a.published_at AS published,
               a.flagged,
               a.review_status
        FROM facts x JOIN articles a ON a.id = x.article_id LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE x.kind = 'tip_tier'
        ORDER BY x.year DESC, a.published_at DESC, x.country;

        -- Figures: cases, arrests, rescues, repatriations, deportations.
        CREATE VIEW statistics AS
        SELECT x.number AS figure,
               x.counted AS what,
               x.period,
               x.sentence,
               a.id AS article_id,
               a.title AS article,
               a.url AS link,
               f.name AS feed,
               a.published_at AS published,
               a.flagged,
               a.review_status
        FROM facts x JOIN articles a ON a.id = x.article_id LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE x.kind = 'statistic'
        ORDER BY a.published_at DESC, a.id DESC, x.start;

        -- Is each feed working? A feed that 404s or redirects shows here, not silently.
        CREATE VIEW feed_health AS
        SELECT f.id AS feed_id,
               f.name AS feed,
               f.url,
               CASE
                   WHEN f.active = 0 THEN 'inactive: ' || coalesce(f.deactivated_reason, 'switched off')
                   WHEN f.last_checked_at IS NULL THEN 'not polled yet'
                   WHEN f.consecutive_errors > 0 THEN 'failing (' || f.consecutive_errors || ' in a row)'
                   ELSE 'ok'
               END AS state,
               f.last_success_at AS last_success,
               f.last_checked_at AS last_checked,
               f.last_status AS last_http_status,
               f.last_error,
               f.original_url AS moved_from,
               f.next_check_at AS next_check,
               (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) AS articles,
               (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.flagged = 1) AS flagged,
               (SELECT count(*) FROM fetches h WHERE h.feed_id = f.id) AS fetches,
               (SELECT count(*) FROM fetches h WHERE h.feed_id = f.id AND h.error IS NOT NULL) AS failed_fetches
        FROM feeds f
        ORDER BY f.active DESC, f.consecutive_errors DESC, f.name;

        -- Reviewers' verdicts, newest first.
        CREATE VIEW review_log AS
        SELECT a.reviewed_at, a.reviewer, a.review_status, a.review_note,
               a.id AS article_id, a.title, a.url AS link, a.flagged, a.related
        FROM articles a
        WHERE a.review_status != 'new'
        ORDER BY a.reviewed_at DESC, a.id DESC;

        -- Closing the loop: how often each rule term's flags were confirmed by a reviewer.
        -- precision = confirmed / (confirmed + rejected); NULL until someone reviews.
        CREATE VIEW rule_precision AS
        SELECT rule_group,
               term,
               count(*) AS flagged_stories,
               sum(review_status IN ('relevant', 'escalated')) AS confirmed,
               sum(review_status = 'not_relevant') AS rejected,
               sum(review_status = 'new') AS pending,
               round(1.0 * sum(review_status IN ('relevant', 'escalated'))
                     / nullif(sum(review_status != 'new'), 0), 3) AS precision
        FROM (SELECT DISTINCT m."group" AS rule_group, m.term, a.id, a.review_status
              FROM matches m JOIN articles a ON a.id = m.article_id
              WHERE m.counted = 1 AND a.flagged = 1)
        GROUP BY rule_group, term
        ORDER BY rule_group, flagged_stories DESC, term;
""")

# Digests: each e-mail digest with its delivery state, and the stories it carries. A story
# (article) is in at most one digest per section, ever: a digest is retried until it is
# delivered, never abandoned, so "at most one" is "exactly one delivered" in the end.
# db_identity: a random id per database, so two deployments (staging, production) never
# mint the same Message-ID for their digest number 1.
M003_DIGEST = """
        CREATE TABLE db_identity (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            uid TEXT NOT NULL
        );
        INSERT INTO db_identity (id, uid) VALUES (1, lower(hex(randomblob(8))));

        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            -- sending: recorded before the SMTP call (a crash leaves it here: re-sent later);
            -- failed: SMTP said no, retried at next_attempt_at; sent: delivered.
            state TEXT NOT NULL DEFAULT 'sending' CHECK (state IN ('sending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            last_error TEXT,
            next_attempt_at TEXT,
            message_id TEXT UNIQUE,
            recipients TEXT NOT NULL DEFAULT '[]',
            subject TEXT,
            sent_at TEXT,
            item_count INTEGER NOT NULL DEFAULT 0,
            -- stories left for the next digest by [digest] max_items ("and K more")
            more_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX digests_state ON digests(state, next_attempt_at);

        CREATE TABLE digest_items (
            digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            section TEXT NOT NULL CHECK (section IN ('flagged', 'related')),
            position INTEGER NOT NULL,
            PRIMARY KEY (digest_id, article_id)
        );
        CREATE UNIQUE INDEX digest_items_once ON digest_items(article_id, section);
"""

# Story grouping: each article's shingle hashes (sorted uint32, little-endian, written by
# monitor/dedup.py), so comparing a new story with a stored near-duplicate candidate is one
# small read instead of re-reading and re-splitting the stored text.
M004_SHINGLES = """
        CREATE TABLE article_shingles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            shingles BLOB NOT NULL
        );
"""

MIGRATIONS: list[str] = [
    M001_BASE,
    M002_REVIEW,
    M003_DIGEST,
    M004_SHINGLES,
]
