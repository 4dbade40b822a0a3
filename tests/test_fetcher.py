"""The fetcher on loopback: limits, redirects, conditional GET, and the private-network guard."""

from __future__ import annotations

import asyncio

import pytest
from werkzeug import Request, Response

from monitor.errors import BlockedURLError, FetchError
from monitor.ingest.fetcher import Fetcher, check_public_address, parse_retry_after
from monitor.settings import HttpSettings


def fetch(settings: HttpSettings, url: str, **kwargs):
    async def run():
        async with Fetcher(settings) as fetcher:
            return await fetcher.get(url, **kwargs)

    return asyncio.run(run())


LOOPBACK = HttpSettings(allow_private_networks=True, per_host_delay=0)


def test_body_is_cut_at_max_bytes(web):
    web.expect_request("/big").respond_with_data(b"a" * 50_000)
    result = fetch(LOOPBACK.model_copy(update={"max_bytes": 10_000}), web.url_for("/big"))
    assert len(result.body) == 10_000 and result.truncated


def test_redirects_are_followed_capped_and_permanent_ones_reported(web):
    web.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    web.expect_request("/new").respond_with_data("fresh")
    result = fetch(LOOPBACK, web.url_for("/old"))
    assert result.body == b"fresh" and result.permanent_redirect == web.url_for("/new")

    for n in range(4):
        web.expect_request(f"/hop{n}").respond_with_data("", status=302, headers={"Location": f"/hop{n + 1}"})
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(LOOPBACK.model_copy(update={"max_redirects": 2}), web.url_for("/hop0"))


def test_conditional_get_sends_validators(web):
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"abc"' and request.headers.get("If-Modified-Since"):
            return Response(status=304)
        return Response("body", headers={"ETag": '"abc"'})

    web.expect_request("/feed").respond_with_handler(handler)
    result = fetch(LOOPBACK, web.url_for("/feed"), etag='"abc"', last_modified="Mon, 02 Nov 2026 08:00:00 GMT")
    assert result.not_modified and result.body == b""


def test_user_agent_is_the_configured_one(web):
    web.expect_request("/ua").respond_with_data("ok")
    fetch(LOOPBACK, web.url_for("/ua"))
    assert "TraffickingNewsMonitor" in web.log[0][0].headers["User-Agent"]


def test_guard_refuses_loopback_and_non_http(web):
    guarded = HttpSettings(allow_private_networks=False, per_host_delay=0)
    with pytest.raises(BlockedURLError, match="non-public address 127.0.0.1"):
        fetch(guarded, web.url_for("/x"), guard=True)
    with pytest.raises(BlockedURLError, match="not an http"):
        fetch(LOOPBACK, "file:///etc/passwd")
    for address in ("http://10.0.0.1/", "http://169.254.169.254/latest", "http://[::1]/", "http://224.0.0.1/"):
        with pytest.raises(BlockedURLError):
            asyncio.run(check_public_address(address))


def test_redirect_to_a_private_address_is_refused_per_hop(web):
    guarded = HttpSettings(allow_private_networks=False, per_host_delay=0)
    # The first hop is checked before any request is sent, so nothing reaches the server.
    with pytest.raises(BlockedURLError):
        fetch(guarded, web.url_for("/redirect"), guard=True)
    assert not web.log


def test_connection_refused_is_a_fetch_error():
    with pytest.raises(FetchError, match="connection failed"):
        fetch(LOOPBACK, "http://127.0.0.1:9/nothing-listens-here")


def test_retry_after_parsing():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("garbage") is None
    assert 0 <= parse_retry_after("Mon, 02 Nov 2026 08:00:00 GMT") < 1e9


def test_a_request_searches_no_module_path(web, monkeypatch):
    # httpcore asks sniffio which event loop runs, several times a request; without sniffio
    # installed each ask was a failed import that searched sys.path (~0.4 ms of CPU a page).
    import importlib.machinery

    web.expect_request("/page").respond_with_data("ok")
    fetch(LOOPBACK, web.url_for("/page"))  # the first request imports what it needs
    searched: list[str] = []
    real = importlib.machinery.PathFinder.find_spec

    def find_spec(name, *args, **kwargs):
        searched.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.machinery.PathFinder, "find_spec", find_spec)
    for _ in range(3):
        assert fetch(LOOPBACK, web.url_for("/page")).body == b"ok"
    assert searched == []
