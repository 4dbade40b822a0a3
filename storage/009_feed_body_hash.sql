-- A hash of the feed body last processed (issue 18): many servers change ETag or
-- Last-Modified on every request although the body is the same, so conditional GET alone
-- would parse and process an unchanged feed again. Saved with the validators, only once
-- every new story of that body is stored.
ALTER TABLE feeds ADD COLUMN body_hash TEXT;
