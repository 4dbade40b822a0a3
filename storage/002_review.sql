-- Review: views that read well in any SQLite browser, trigram full-text search (works for
-- Khmer, Thai and Chinese, which have no spaces between words), and rule precision from
-- reviewers' verdicts. Views are frozen SQL: change one by dropping and recreating it in a
-- later migration.
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
       (SELECT group_concat(gg.g || ': ' || (
                SELECT group_concat(term, ', ') FROM (
                    SELECT t.term FROM matches t
                    WHERE t.article_id = a.id AND t.counted = 1 AND t."group" = gg.g
                    GROUP BY t.term ORDER BY count(*) DESC, min(t.start) LIMIT 3))
            || CASE WHEN gg.n > 3 THEN ' (+' || (gg.n - 3) || ' more)' ELSE '' END, '; ')
        FROM (SELECT m."group" AS g, count(DISTINCT m.term) AS n FROM matches m
              WHERE m.article_id = a.id AND m.counted = 1 GROUP BY m."group" ORDER BY m."group") gg) AS why_flagged,
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
       (SELECT group_concat(gg.g || ': ' || (
                SELECT group_concat(term, ', ') FROM (
                    SELECT t.term FROM matches t
                    WHERE t.article_id = a.id AND t.counted = 1 AND t."group" = gg.g
                    GROUP BY t.term ORDER BY count(*) DESC, min(t.start) LIMIT 3))
            || CASE WHEN gg.n > 3 THEN ' (+' || (gg.n - 3) || ' more)' ELSE '' END, '; ')
        FROM (SELECT m."group" AS g, count(DISTINCT m.term) AS n FROM matches m
              WHERE m.article_id = a.id AND m.counted = 1 GROUP BY m."group" ORDER BY m."group") gg) AS why_flagged,
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
       (SELECT group_concat(gg.g || ': ' || (
                SELECT group_concat(term, ', ') FROM (
                    SELECT t.term FROM matches t
                    WHERE t.article_id = a.id AND t.counted = 1 AND t."group" = gg.g
                    GROUP BY t.term ORDER BY count(*) DESC, min(t.start) LIMIT 3))
            || CASE WHEN gg.n > 3 THEN ' (+' || (gg.n - 3) || ' more)' ELSE '' END, '; ')
        FROM (SELECT m."group" AS g, count(DISTINCT m.term) AS n FROM matches m
              WHERE m.article_id = a.id AND m.counted = 1 GROUP BY m."group" ORDER BY m."group") gg) AS matched_terms,
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
