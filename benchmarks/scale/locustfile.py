"""The pages of issue 18 under load: each simulated user signs in once (as the auditor, the one
role that may read every page here) and then opens the pages in random order, one request named
per page, with a think time of SCALE_THINK seconds (default 0.5 to 1.5) between requests.

Run by run.sh; alone: locust -f locustfile.py --headless -u 10 -r 10 -t 60s --host http://127.0.0.1:8080
"""

import os
import random
import re

from locust import HttpUser, between, task

USERNAME = os.environ.get("SCALE_USER", "auditor")
PASSWORD = os.environ.get("SCALE_PASSWORD", "Scale-Bench-2026-kaiguul")
CASES = int(os.environ.get("SCALE_CASES", "20000"))
ITEMS = int(os.environ.get("SCALE_ITEMS", "1000000"))
THINK = [float(x) for x in os.environ.get("SCALE_THINK", "0.5,1.5").split(",")]
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')

# page name -> path maker; the names are the rows of the latency table.
PAGES = {
    "home /": lambda r: "/",
    "dashboard": lambda r: "/dashboard",
    "period report": lambda r: "/reports",
    "triage queue": lambda r: "/triage",
    "case list": lambda r: "/cases",
    "case page": lambda r: f"/cases/{r.randint(1, CASES)}",
    "item page": lambda r: f"/items/{r.randint(1, ITEMS)}",
    "audit log": lambda r: "/audit",
    "block-list export": lambda r: "/blocklist/download/csv",
}


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
        name = self.rng.choice(list(PAGES))
        path = PAGES[name](self.rng)
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{path}: HTTP {r.status_code}")
            elif name != "block-list export" and "/login" in r.url:
                r.failure(f"{path}: signed out")
