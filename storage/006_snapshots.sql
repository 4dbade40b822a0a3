-- Evidence: one row per WARC snapshot of an article's page (monitor/evidence/). The page
-- itself lives in a WARC file under [evidence] dir; this row says where, and the sha256
-- that proves the bytes read back are the bytes that were served.
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    path TEXT NOT NULL,              -- the WARC file: relative to the database's folder, or absolute
    "offset" INTEGER NOT NULL,       -- where the response record (one gzip member) starts in it
    length INTEGER NOT NULL,         -- its size in the file, compressed
    request_offset INTEGER NOT NULL, -- the request record that goes with it
    request_length INTEGER NOT NULL,
    sha256 TEXT NOT NULL,            -- of the payload: the page's body as served (after content decoding)
    captured_at TEXT NOT NULL,       -- when the page was fetched (the records' WARC-Date)
    url TEXT NOT NULL,               -- WARC-Target-URI: the URL that served the page (after redirects)
    requested_url TEXT NOT NULL,     -- the link that was fetched (before redirects)
    redirects TEXT,                  -- the hops before url, ' -> ' joined; NULL when none
    status INTEGER NOT NULL,         -- HTTP status of the response
    content_type TEXT,
    payload_bytes INTEGER NOT NULL,
    truncated INTEGER NOT NULL DEFAULT 0,  -- 1: the body was cut at [http] max_bytes
    record_id TEXT NOT NULL,         -- the response record's WARC-Record-ID
    wayback_status TEXT CHECK (wayback_status IN ('pending', 'saved', 'failed')),  -- NULL: not asked
    wayback_url TEXT,                -- the Internet Archive's copy, when saved
    wayback_at TEXT,
    wayback_error TEXT,
    wayback_attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX snapshots_article ON snapshots(article_id);
CREATE INDEX snapshots_captured ON snapshots(captured_at);
CREATE INDEX snapshots_path ON snapshots(path);
CREATE INDEX snapshots_wayback_pending ON snapshots(id) WHERE wayback_status = 'pending';
