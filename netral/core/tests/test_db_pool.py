"""Connection pooling is configured from the environment (DB_POOL_*; docs/deployment.md)."""

import json
import os
import subprocess
import sys
import unittest
from pathlib import Path

from django.db import connection
from django.test import SimpleTestCase, TestCase

ROOT = Path(__file__).resolve().parents[3]


def database_settings(**env):
    """settings.DATABASES["default"] as a fresh process reads it with these variables."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    out = subprocess.run([sys.executable, "-c", "import json; from netral import settings; "
                          "print(json.dumps(settings.DATABASES['default'], default=str))"],
                         env={**keep, **env}, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


class PoolSettingTestCase(SimpleTestCase):
    def test_it_has_no_pool_unless_asked(self):
        db = database_settings(DATABASE_URL="postgres://netral@db.example:5432/netral")
        self.assertNotIn("pool", db.get("OPTIONS", {}))
        self.assertEqual(db["CONN_MAX_AGE"], 60)

    def test_it_ignores_the_pool_on_sqlite(self):
        db = database_settings(DB_POOL_MAX_SIZE="8")
        self.assertEqual(db["ENGINE"], "django.db.backends.sqlite3")
        self.assertNotIn("pool", db["OPTIONS"])

    def test_it_reads_the_pool_size_and_turns_persistent_connections_off(self):
        db = database_settings(DATABASE_URL="postgres://netral@db.example:5432/netral", DB_POOL_MAX_SIZE="8",
                               DB_POOL_MIN_SIZE="2", DB_POOL_TIMEOUT="5", CONN_MAX_AGE="600")
        self.assertEqual(db["OPTIONS"]["pool"], {"min_size": 2, "max_size": 8, "timeout": 5.0})
        self.assertEqual(db["CONN_MAX_AGE"], 0)  # Django refuses a pool with persistent connections

    def test_it_keeps_the_smallest_size_within_the_largest(self):
        db = database_settings(DATABASE_URL="postgres://netral@db.example:5432/netral", DB_POOL_MAX_SIZE="1",
                               DB_POOL_MIN_SIZE="4")
        self.assertEqual(db["OPTIONS"]["pool"]["min_size"], 1)


class PoolConnectionTestCase(TestCase):
    @unittest.skipUnless(connection.vendor == "postgresql", "Uji pool DILEWATI: hanya pada PostgreSQL.")
    def test_it_serves_queries_from_a_psycopg_pool(self):
        from django.db.backends.postgresql.base import DatabaseWrapper

        settings = {**connection.settings_dict, "CONN_MAX_AGE": 0,
                    "OPTIONS": {**connection.settings_dict["OPTIONS"], "pool": {"min_size": 1, "max_size": 1}}}
        pooled = DatabaseWrapper(settings, alias="pool_test")
        try:
            with pooled.cursor() as cur:
                cur.execute("SELECT 1")
                self.assertEqual(cur.fetchone(), (1,))
            self.assertIsNotNone(pooled.pool)
            pooled.close()  # back to the pool, not closed
            # One connection at most: with two, the pool may open the second in the background while the
            # first request waits for its first connection, and "available" was 2 on a busy machine.
            self.assertEqual(pooled.pool.get_stats()["pool_available"], 1)
        finally:
            pooled.close()
            pooled.close_pool()
