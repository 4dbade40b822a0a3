-- Alerts: the delivery ledger of the [[alerts]] watchlists (monitor.toml), and discarded digests.
--
-- alert_watchlists: one row per watchlist name ever configured. seen_up_to is the highest
-- article id already considered for it (matched or not), so each story is looked at once and
-- a new watchlist starts from the newest story instead of flooding its channel with history.
CREATE TABLE alert_watchlists (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    seen_up_to INTEGER NOT NULL DEFAULT 0
);

-- alert_deliveries: one message to one channel (one story for instant alerts, or the
-- stories of a scheduled watchlist digest). sending: recorded before the send (a crash leaves
-- it here and it is sent again, with the same delivery_key, after next_attempt_at);
-- failed: the channel said no or was unreachable, retried at next_attempt_at; sent;
-- discarded: given up by `monitor alerts discard`.
CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY,
    watchlist TEXT NOT NULL REFERENCES alert_watchlists(name),
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'sending' CHECK (state IN ('sending', 'sent', 'failed', 'discarded')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    last_error TEXT,
    next_attempt_at TEXT,
    sent_at TEXT,
    -- Idempotency-Key header (HTTP kinds) or Message-ID (email): the same on every retry
    delivery_key TEXT UNIQUE,
    item_count INTEGER NOT NULL DEFAULT 0,
    -- the channel's own id for the sent message (Telegram's message_id), so it can be edited
    channel_ref TEXT,
    -- 1: a syndicated copy arrived after the send; the message is edited to add its outlet
    -- ("also reported by") where the channel allows it (Telegram), once, best effort
    update_pending INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alert_deliveries_due ON alert_deliveries(state, next_attempt_at);
CREATE INDEX alert_deliveries_watchlist ON alert_deliveries(watchlist, state);

-- alert_items: the stories a delivery carries. story is the story's root article
-- (COALESCE(story_id, id)), so a syndicated copy of a story a watchlist already got is not
-- sent to it again: it is added to that delivery instead (its "also reported by"). Each
-- article is in at most one delivery per watchlist.
CREATE TABLE alert_items (
    delivery_id INTEGER NOT NULL REFERENCES alert_deliveries(id) ON DELETE CASCADE,
    watchlist TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    story INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, article_id)
);
CREATE UNIQUE INDEX alert_items_once ON alert_items(watchlist, article_id);
CREATE INDEX alert_items_story ON alert_items(watchlist, story);

-- Digests given up with `monitor digests discard ID`: no longer retried (their stories stay
-- with them, so they are not sent in a later digest either).
CREATE TABLE digest_discards (
    digest_id INTEGER PRIMARY KEY REFERENCES digests(id) ON DELETE CASCADE,
    discarded_at TEXT NOT NULL
);

-- What keeps failing, alerts and digests together (shown in the review desk and `monitor status`).
CREATE VIEW failing_deliveries AS
SELECT 'alert' AS channel, d.watchlist AS name, d.id, d.kind, d.attempts, d.last_error,
       d.last_attempt_at, d.next_attempt_at, d.item_count AS stories
FROM alert_deliveries d
WHERE d.state = 'failed'
UNION ALL
SELECT 'digest', 'digest', g.id, 'email', g.attempts, g.last_error, g.last_attempt_at, g.next_attempt_at, g.item_count
FROM digests g
WHERE g.state = 'failed' AND g.id NOT IN (SELECT digest_id FROM digest_discards);
