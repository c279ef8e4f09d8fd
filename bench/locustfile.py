"""Locust users for `bench/scale.py`: one page per run, as logged-in people (session cookies made by the script).

Environment (set by bench/scale.py): BENCH_LOCUST_PAGE (triage, dashboard or case), BENCH_LOCUST_SESSIONS (a JSON
list of session cookie values, one per persona of that page; each user takes one), BENCH_LOCUST_COOKIE (the cookie
name), BENCH_LOCUST_CASES (JSON list of case ids the personas may open).
"""

import itertools
import json
import os
import random

from locust import HttpUser, constant, task

PAGE = os.environ.get("BENCH_LOCUST_PAGE", "triage")
SESSIONS = json.loads(os.environ.get("BENCH_LOCUST_SESSIONS", "[]"))
COOKIE = os.environ.get("BENCH_LOCUST_COOKIE", "sessionid")
CASES = json.loads(os.environ.get("BENCH_LOCUST_CASES", "[]"))
# The filters people use on the triage queue: the default queue, a label, a platform, a score, a date range.
TRIAGE = ["", "?label=partisan", "?platform=x", "?min_score=0.8", "?date_from=2024-10-01&date_to=2024-10-31",
          "?status=all&page=3"]
DASHBOARD = ["", "?date_from=2024-10-01&date_to=2024-10-31"]
_next_session = itertools.cycle(range(max(len(SESSIONS), 1)))


class Person(HttpUser):
    wait_time = constant(0)  # closed loop: each user sends its next request when the last one is answered

    def on_start(self):
        self.client.cookies.set(COOKIE, SESSIONS[next(_next_session)])

    @task
    def page(self):
        if PAGE == "triage":
            url = "/pemantauan/" + random.choice(TRIAGE)
            name = "/pemantauan/"
        elif PAGE == "dashboard":
            url = "/laporan/" + random.choice(DASHBOARD)
            name = "/laporan/"
        else:
            url = f"/kasus/{random.choice(CASES)}/"
            name = "/kasus/<id>/"
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
