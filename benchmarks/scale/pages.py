"""The pages the scale benchmark opens, and the account it opens them with (shared by
locustfile.py and count-queries.py, which must not import locust: gevent patches the standard
library)."""

import os
import re

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
