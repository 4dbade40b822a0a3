-- Story grouping: each article's shingle hashes (sorted uint32, little-endian, written by
-- monitor/dedup.py), so comparing a new story with a stored near-duplicate candidate is one
-- small read instead of re-reading and re-splitting the stored text.
CREATE TABLE article_shingles (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    shingles BLOB NOT NULL
);
