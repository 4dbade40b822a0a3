-- The full-text index is filled in batches by the store (issue 18), not row by row by a
-- trigger: one INSERT ... SELECT over the stories stored since the last batch costs about
-- a third less than indexing each story in its own transaction (FTS5 writes and merges a
-- segment per commit). A story is indexed once the batch is full, at the end of each feed's
-- poll, and when the database is opened for writing (after a crash), so search lags at
-- most one feed's poll behind.
--
-- Indexed are exactly the stories up to the highest id in articles_fts_docsize (FTS5 writes
-- a row there per indexed story). Deleting or retitling a story not indexed yet leaves the
-- index alone: the next batch indexes what is there then.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
WHEN old.id <= (SELECT coalesce(max(id), 0) FROM articles_fts_docsize) BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
WHEN old.id <= (SELECT coalesce(max(id), 0) FROM articles_fts_docsize) BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
