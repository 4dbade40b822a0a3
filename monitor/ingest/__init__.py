"""Ingestion stages: what comes from the network, turned into typed records.

fetcher (HTTP, politeness, limits) → parser (feeds) → urls (canonical links) → extractor
(article text and metadata); robots answers "may we fetch this page"; opml reads feed lists.
"""
