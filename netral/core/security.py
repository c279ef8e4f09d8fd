"""Login protection shared by the login views: the caller's address, the failure throttle, the
login history. Two-factor codes are in core/totp.py; session expiry in core/middleware.py.

Throttle: failures are counted per account name and per source address over
LOGIN_FAILURE_WINDOW seconds. Past the limit, the account (or address) is held for 30 seconds,
doubling with each further failure up to LOGIN_LOCK_MAX; the hold always expires, so an attacker
is slowed to a crawl while the real user is never locked out for good. Counts live in the cache
(the database cache by default), shared by every web process.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

FIRST_HOLD = 30


def client_ip(request) -> str:
    """The caller's address. Behind a TLS proxy (BEHIND_PROXY) it is the last X-Forwarded-For
    entry, the one our own proxy appended; earlier entries are set by the client and can lie."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or ""


def coarse_source(ip: str) -> str:
    """The network, not the machine: IPv4 /24, IPv6 /48 (for the login history)."""
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def _keys(username: str, ip: str):
    username = (username or "").strip().lower()
    keys = []
    if username:
        keys.append((f"login-failures:{username}", settings.LOGIN_FAILURES_PER_ACCOUNT))
    if ip:
        keys.append((f"login-failures-ip:{ip}", settings.LOGIN_FAILURES_PER_SOURCE))
    return keys


def held_for(username: str, ip: str) -> int:
    """Seconds before this account name / address may try again (0: now)."""
    now = time.time()
    until = max((cache.get(f"{key}:until", 0) for key, _ in _keys(username, ip)), default=0)
    return max(0, int(until - now + 0.999))


def record_failure(username: str, ip: str):
    now = time.time()
    for key, limit in _keys(username, ip):
        cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW)
        try:
            n = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW)
            n = 1
        if n >= limit:
            hold = min(settings.LOGIN_LOCK_MAX, FIRST_HOLD * 2 ** min(n - limit, 20))
            cache.set(f"{key}:until", now + hold, hold + 1)
            # The count outlives the hold so that the next failure doubles it.
            cache.touch(key, max(settings.LOGIN_FAILURE_WINDOW, hold + settings.LOGIN_FAILURE_WINDOW))


def record_success(username: str):
    """A right password (and code) clears the account's count; the address keeps its own."""
    username = (username or "").strip().lower()
    cache.delete_many([f"login-failures:{username}", f"login-failures:{username}:until"])


def log_login(request, outcome, *, user=None, username=""):
    from netral.core.models import LoginEvent

    LoginEvent.objects.create(
        user=user if user is not None and user.pk else None,
        username=(username or getattr(user, "username", ""))[:150],
        outcome=outcome,
        source=coarse_source(client_ip(request)),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
    )


def wait_message(seconds: int) -> str:
    from django.utils.translation import gettext as _

    if seconds < 60:
        return _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(n)d detik.") % {"n": max(1, seconds)}
    return _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(n)d menit.") % {"n": (seconds + 59) // 60}
