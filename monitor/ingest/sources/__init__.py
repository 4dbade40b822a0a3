"""Source adapters: how each kind of source becomes the same feed entries.

- ``reader``: the dispatch. The fetched body decides the kind (RSS/Atom/RDF/JSON Feed,
  a sitemap or sitemap index, a robots.txt with ``Sitemap:`` lines, a Telegram channel's
  web preview) and every kind yields a ``ParsedFeed`` of ``Entry`` records; it also
  resolves aggregator links to the publisher's URL before pages are fetched.
- ``aggregators`` and ``googlenews``: Google Alerts, Bing News and Google News links.
- ``sitemaps``, ``telegram``: the parsers for those kinds.
- ``discovery``: the feeds, topic feeds and sitemaps a site offers (``monitor feeds add``).
- ``botwall``: challenge pages named as such in feed health, with what to use instead.
"""
