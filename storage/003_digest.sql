-- Digests: each e-mail digest with its delivery state, and the stories it carries. A story
-- (article) is in at most one digest per section, ever: a digest is retried until it is
-- delivered, never abandoned, so "at most one" is "exactly one delivered" in the end.
-- db_identity: a random id per database, so two deployments (staging, production) never
-- mint the same Message-ID for their digest number 1.
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
