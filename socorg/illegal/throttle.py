"""A per-address hourly limit on public tips, kept in the cache framework.

The key is a keyed hash of the client address (no raw IP in the cache) and the hour, so the
window is fixed per clock hour. Production needs a cache shared by all workers (e.g. Redis or
the database cache); the default local-memory cache limits each worker process separately.
"""

from __future__ import annotations

import contextlib
import time

from django.core.cache import cache

from socorg.core.crypto import lookup_hash
from socorg.illegal.policy import get_policy

WINDOW_SECONDS = 3600


def _key(ip: str, now: float) -> str:
    return f"illegal:tip:{lookup_hash(ip or 'unknown')[:40]}:{int(now // WINDOW_SECONDS)}"


def public_tip_take(ip: str, *, now: float | None = None) -> bool:
    """Count one public tip from ``ip`` in this hour; False (and not counted) over the limit."""
    now = time.time() if now is None else now
    key = _key(ip, now)
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        count = 1
    if count > get_policy().public_tips_per_ip_per_hour:
        public_tip_give_back(ip, now=now)
        return False
    return True


def public_tip_give_back(ip: str, *, now: float | None = None) -> None:
    """Undo a take whose tip was not written (bad input found late, or over the limit)."""
    now = time.time() if now is None else now
    with contextlib.suppress(ValueError):
        cache.decr(_key(ip, now))


def public_tip_remaining(ip: str, *, now: float | None = None) -> int:
    now = time.time() if now is None else now
    used = cache.get(_key(ip, now), 0)
    return max(0, get_policy().public_tips_per_ip_per_hour - int(used))
