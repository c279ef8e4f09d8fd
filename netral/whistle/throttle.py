"""Slowing down receipt-code guessing without keeping who tried.

Two buckets, both in the whistle cache (process memory or Redis, with expiry; never the database):
a global count of wrong codes per minute, and a count per client, keyed by the client's address
hashed with a salt that changes daily (middleware.client_bucket). Every wrong code also waits
WHISTLE_FAILURE_DELAY seconds before the answer.
"""

import time

from django.conf import settings
from django.utils import timezone

from netral.whistle.middleware import bucket_cache

SUBMISSIONS_PER_HOUR = 10


def _incr(key, timeout):
    cache = bucket_cache()
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _global_key():
    return "fail:g:" + timezone.now().strftime("%Y%m%d%H%M")


def code_checks_allowed(client):
    cache = bucket_cache()
    if cache.get(_global_key(), 0) >= settings.WHISTLE_GLOBAL_FAILURES_PER_MINUTE:
        return False
    return cache.get(f"fail:c:{client}", 0) < settings.WHISTLE_CLIENT_FAILURES


def record_failure(client):
    _incr(_global_key(), 120)
    _incr(f"fail:c:{client}", settings.WHISTLE_CLIENT_WINDOW)
    slow_down()


def slow_down():
    if settings.WHISTLE_FAILURE_DELAY > 0:
        time.sleep(settings.WHISTLE_FAILURE_DELAY)


def submission_allowed(client):
    return bucket_cache().get(f"sub:c:{client}", 0) < SUBMISSIONS_PER_HOUR


def record_submission(client):
    _incr(f"sub:c:{client}", 3600)
