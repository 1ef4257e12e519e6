"""The pages of issue 18 under load: each simulated user signs in once (as the auditor, the one
role that may read every page here) and then opens the pages in turn (each user from a random start), one request named
per page, with a think time of SCALE_THINK seconds (default 0.5 to 1.5) between requests.

Run by run.sh; alone: locust -f locustfile.py --headless -u 10 -r 10 -t 60s --host http://127.0.0.1:8080
"""

import os
import random
import sys

from locust import HttpUser, between, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pages import CASES, CSRF, ITEMS, PAGES, PASSWORD, THINK, USERNAME  # noqa: E402,F401


class Staff(HttpUser):
    wait_time = between(*THINK)

    def on_start(self):
        self.rng = random.Random()
        page = self.client.get("/login", name="(login form)")
        m = CSRF.search(page.text)
        form = {"username": USERNAME, "password": PASSWORD, "next": "/"}
        if m:
            form["_csrf"] = m.group(1)
        with self.client.post("/login", data=form, name="(login)", catch_response=True,
                              allow_redirects=False) as r:
            if r.status_code not in (302, 303):
                r.failure(f"login refused: {r.status_code}")

    @task
    def page(self):
        # Round robin from a random start: every page gets its share even in a short run.
        if not hasattr(self, "order"):
            self.order = list(PAGES)
            self.rng.shuffle(self.order)
            self.turn = 0
        name = self.order[self.turn % len(self.order)]
        self.turn += 1
        path = PAGES[name](self.rng)
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{path}: HTTP {r.status_code}")
            elif name != "block-list export" and "/login" in r.url:
                r.failure(f"{path}: signed out")
