"""Doubling backoff, the one formula for feeds, digests and alerts: ``base * 2 ** (n - 1)``, capped."""

from __future__ import annotations


def doubling_backoff(failures: int, base: float, cap: float) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (counted from 1), at most ``cap``.

    One failure waits ``base``; each further one doubles it. The exponent is bounded so a
    target failing for months does not overflow a float.
    """
    return min(cap, base * 2.0 ** min(max(failures, 1) - 1, 64))
