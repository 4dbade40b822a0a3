-- Every verdict ever given, not only the latest: who said what about a story, when, and why.
-- articles.review_* keep the current verdict (the queue and rule_precision read those); this
-- table is the story page's history. The store writes a row in the same transaction as
-- each verdict. Verdicts given before this migration are carried over as their first row.
CREATE TABLE review_history (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    review_status TEXT NOT NULL
        CHECK (review_status IN ('new', 'relevant', 'not_relevant', 'escalated')),
    review_note TEXT,
    reviewer TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX review_history_article ON review_history(article_id, recorded_at);

INSERT INTO review_history (article_id, review_status, review_note, reviewer, recorded_at)
SELECT id, review_status, review_note, reviewer, coalesce(reviewed_at, classified_at, discovered_at)
FROM articles WHERE review_status != 'new';
