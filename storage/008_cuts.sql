-- What was cut from an article (issue 12): a huge page's HTML before extraction
-- ([extract] max_html_bytes), its stored text ([extract] max_text_chars), or the body
-- itself at [http] max_bytes. NULL when nothing was cut. Plain words, e.g.
-- "html cut at 1500000 of 5242880 bytes; text cut at 100000 of 4912301 characters".
ALTER TABLE articles ADD COLUMN truncated TEXT;
