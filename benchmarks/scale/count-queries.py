#!/usr/bin/env python3
"""Counts the SQL statements one request of each page causes on PostgreSQL.

The server's database must log every statement (`ALTER DATABASE <db> SET log_statement = 'all'`
before `kaiguul serve` starts: run.sh does it) to the file given with --pg-log, whose lines start
with the default prefix `<time> [<pid>]`. A statement counts if its backend pid is one of the
database's connections (pg_stat_activity, asked through --admin-url, another database), so other
databases on the same server do not disturb the count. Each page is requested once to warm
caches, then REPEAT times; between requests nothing else runs on the database, and the figure
is the smallest count seen (background work of the server can only add). Sign-in is not counted;
the session and account look-ups each request makes are.

Output (stdout): one line per page, `page<TAB>statements<TAB>max seen`.
"""

import argparse
import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pages import PAGES, PASSWORD, USERNAME  # noqa: E402

LINE = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] (?:\S+ )?LOG:  (?:statement|execute [^:]*):")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--pg-log", required=True)
    p.add_argument("--admin-url", required=True, help="psql URL of another database on the same server")
    p.add_argument("--db", required=True, help="the database the server uses")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()

    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kw):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def get(path):
        try:
            with opener.open(a.base + path, timeout=600) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            e.read()
            return e.code

    with opener.open(a.base + "/login", timeout=60) as r:
        html = r.read().decode()
    m = re.search(r'name="_csrf" value="([^"]+)"', html)
    form = {"username": USERNAME, "password": PASSWORD, "next": "/"}
    if m:
        form["_csrf"] = m.group(1)
    try:
        opener.open(a.base + "/login", data=urllib.parse.urlencode(form).encode(), timeout=60)
    except urllib.error.HTTPError as e:
        if e.code not in (302, 303):
            raise SystemExit(f"sign-in failed: HTTP {e.code}")

    def pids():
        out = subprocess.run(["psql", a.admin_url, "-X", "-A", "-t", "-c",
                              f"SELECT pid FROM pg_stat_activity WHERE datname = '{a.db}'"],
                             capture_output=True, text=True, check=True).stdout
        return {x.strip() for x in out.split() if x.strip()}

    def count_since(offset, ours):
        with open(a.pg_log, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        return sum(1 for line in text.splitlines() if (m := LINE.match(line)) and m.group(1) in ours)

    def size():
        with open(a.pg_log, "rb") as f:
            return f.seek(0, 2)

    import random
    rng = random.Random(18)
    # Idle: what the server does on its own in two seconds (should be nothing).
    start = size()
    time.sleep(2)
    idle = count_since(start, pids())
    print(f"(idle, 2 s)\t{idle}\t{idle}")
    for name, make in PAGES.items():
        path = make(rng)
        status = get(path)  # warm-up
        seen = []
        for _ in range(a.repeat):
            start = size()
            status = get(path)
            time.sleep(0.4)
            seen.append(count_since(start, pids()))
        print(f"{name}\t{min(seen)}\t{max(seen)}" + ("" if status == 200 else f"\t(HTTP {status})"), flush=True)


if __name__ == "__main__":
    main()
