import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _whistle_fast(settings):
    # A cheap Argon2id and no wrong-code delay in tests; fresh rate-limit buckets for each test.
    settings.WHISTLE_ARGON2_TIME_COST = 1
    settings.WHISTLE_ARGON2_MEMORY_KIB = 1024
    settings.WHISTLE_FAILURE_DELAY = 0
    caches["whistle"].clear()
    yield
    caches["whistle"].clear()
