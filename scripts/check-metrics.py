#!/usr/bin/env python3
"""/metrics, /healthz and /readyz of a live `kaiguul serve`, read the way Prometheus reads them: the
exposition is parsed by prometheus_client's text parser (text_string_to_metric_families), not by
string matching, and the server's standard error (KAIGUUL_LOG_FORMAT=json) by Python's json module.

The server runs on a fresh data folder with a scrape token. On SQLite by default; under
scripts/with-postgres.sh (KAIGUUL_TEST_POSTGRES_URL set) on a database of its own, dropped after.
A job and two captures (one failed) are written into the database behind the server's back, so the
figures read at scrape time are seen to come from the database.

    .venv/bin/python scripts/check-metrics.py [--kaiguul .build/debug/kaiguul]
    scripts/with-postgres.sh .venv/bin/python scripts/check-metrics.py

One line per failed check to stderr, a summary line to stdout; exit status 1 on any failure (the
temporary folder with the server's log is then kept).
"""
import argparse
import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(base, path, token=None):
    request = urllib.request.Request(base + path)
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:
            return reply.status, dict(reply.headers), reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


class Database:
    """The server's database, written directly: SQLite file or a PostgreSQL database through psql."""

    def __init__(self, data_dir, postgres_base):
        self.data_dir = data_dir
        self.postgres_base = postgres_base
        self.name = None
        if postgres_base:
            self.name = "kaiguul_metrics_" + secrets.token_hex(6)
            self.psql(postgres_base, "CREATE DATABASE " + self.name)

    def url(self):
        if not self.postgres_base:
            return None
        parts = urllib.parse.urlsplit(self.postgres_base)
        return urllib.parse.urlunsplit(parts._replace(path="/" + self.name))

    @staticmethod
    def psql(url, sql):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], check=True,
                       stdout=subprocess.DEVNULL)

    def execute(self, sql):
        if self.postgres_base:
            self.psql(self.url(), sql)
        else:
            with sqlite3.connect(os.path.join(self.data_dir, "kaiguul.sqlite"), timeout=30) as db:
                db.execute(sql)

    def drop(self):
        if self.postgres_base:
            self.psql(self.postgres_base, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)


def families_by_name(text):
    return {family.name: family for family in text_string_to_metric_families(text)}


def samples(family, name, **labels):
    return [s for s in family.samples
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())]


def check_histograms(family):
    """Per label set: buckets never decrease, +Inf equals _count."""
    series = {}
    for s in family.samples:
        key = tuple(sorted((k, v) for k, v in s.labels.items() if k != "le"))
        series.setdefault(key, {"buckets": [], "count": None})
        if s.name.endswith("_bucket"):
            series[key]["buckets"].append((float(s.labels["le"]), s.value))
        elif s.name.endswith("_count"):
            series[key]["count"] = s.value
    for key, one in series.items():
        values = [v for _, v in sorted(one["buckets"])]
        check(values == sorted(values), "buckets decrease for %s: %s" % (key, values))
        check(one["buckets"] and sorted(one["buckets"])[-1][0] == float("inf"), "no +Inf bucket for %s" % (key,))
        check(values and values[-1] == one["count"], "+Inf bucket is not the count for %s" % (key,))
    return len(series)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kaiguul", default=".build/debug/kaiguul")
    args = parser.parse_args()
    binary = os.path.abspath(args.kaiguul)
    if not os.access(binary, os.X_OK):
        print("build first: swift build (no %s)" % binary, file=sys.stderr)
        return 2

    work = tempfile.mkdtemp(prefix="kaiguul-metrics.")
    data_dir = os.path.join(work, "data")
    database = Database(data_dir, os.environ.get("KAIGUUL_TEST_POSTGRES_URL") or None)
    token = secrets.token_urlsafe(24)
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAIGUUL_") and k != "DATABASE_URL"}
    env.update({
        "KAIGUUL_DATA_DIR": data_dir, "KAIGUUL_METRICS_TOKEN": token, "KAIGUUL_LOG_FORMAT": "json",
        "KAIGUUL_READY_MIN_FREE_MB": "1", "KAIGUUL_BCRYPT_COST": "4", "LOG_LEVEL": "info",
    })
    if database.url():
        env["DATABASE_URL"] = database.url()
    stderr_path = os.path.join(work, "server.stderr")
    server = None
    try:
        with open(stderr_path, "wb") as stderr_file:
            server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=stderr_file)
        for _ in range(240):
            if server.poll() is not None:
                break
            try:
                if get(base, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        status, headers, body = get(base, "/healthz")
        check(status == 200 and body == "ok", "/healthz: %s %r" % (status, body[:80]))

        status, _, body = get(base, "/readyz")
        ready = json.loads(body)
        check(status == 200 and ready.get("status") == "ready", "/readyz: %s %s" % (status, body[:400]))
        check(set(ready.get("checks", {})) == {"database", "migrations", "disk", "audit_key"},
              "/readyz checks: %s" % sorted(ready.get("checks", {})))

        check(get(base, "/metrics")[0] == 403, "/metrics without the token is not refused")
        check(get(base, "/metrics", token + "x")[0] == 403, "/metrics with a wrong token is not refused")

        for path in ["/login", "/login", "/cases/987654", "/no-such-page-metrics-check"]:
            get(base, path)
        database.execute("INSERT INTO jobs (kind, payload, run_at, status, attempts, created_at) "
                         "VALUES ('check_source', '{}', CURRENT_TIMESTAMP, 'done', 1, CURRENT_TIMESTAMP)")
        database.execute("INSERT INTO captures (url, fetched_at, collector, warc_length, error) VALUES "
                         "('https://fictional-site.example/', CURRENT_TIMESTAMP, 'check', 700, NULL), "
                         "('https://fictional-site.example/x', CURRENT_TIMESTAMP, 'check', NULL, 'connect timeout')")

        status, headers, text = get(base, "/metrics", token)
        check(status == 200, "/metrics with the token: %s" % status)
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        check(content_type.startswith("text/plain; version=0.0.4"), "content type %r" % content_type)
        families = families_by_name(text)

        latency = families.get("kaiguul_http_request_duration_seconds")
        check(latency is not None and latency.type == "histogram", "no latency histogram")
        if latency is not None:
            login = samples(latency, "kaiguul_http_request_duration_seconds_count", route="/login", method="GET",
                            status="2xx")
            check(login and login[0].value >= 2, "login requests not counted: %s" % login)
            check(samples(latency, "kaiguul_http_request_duration_seconds_count", route="/cases/:id"),
                  "no series for the route pattern /cases/:id")
            check(samples(latency, "kaiguul_http_request_duration_seconds_count", route="unmatched"),
                  "no series for unmatched paths")
            raw = [s for s in latency.samples if "987654" in s.labels.get("route", "")
                   or "no-such-page" in s.labels.get("route", "")]
            check(not raw, "raw URLs became labels: %s" % raw[:2])
            series = check_histograms(latency)
        else:
            series = 0

        def one(family_name, sample_name, **labels):
            family = families.get(family_name)
            found = samples(family, sample_name, **labels) if family else []
            check(len(found) == 1, "%s%s: %d samples" % (sample_name, labels, len(found)))
            return found[0].value if found else None

        check(families.get("kaiguul_jobs") and families["kaiguul_jobs"].type == "gauge", "kaiguul_jobs is no gauge")
        check(one("kaiguul_jobs", "kaiguul_jobs", kind="check_source", state="done") == 1, "the done job is not counted")
        check(one("kaiguul_jobs", "kaiguul_jobs", kind="check_source", state="queued") == 0, "a queued job appeared")
        check(one("kaiguul_jobs_due", "kaiguul_jobs_due", kind="check_source") == 0, "queue depth not 0")
        check(families.get("kaiguul_captures") and families["kaiguul_captures"].type == "counter",
              "kaiguul_captures_total is no counter")
        check(one("kaiguul_captures", "kaiguul_captures_total") == 2, "captures not 2")
        check(one("kaiguul_fetch_failures", "kaiguul_fetch_failures_total", kind="connect_timeout") == 1,
              "the connect timeout is not counted")
        check(one("kaiguul_evidence_bytes", "kaiguul_evidence_bytes") == 700, "evidence bytes not 700")
        check(one("kaiguul_metrics_database_up", "kaiguul_metrics_database_up") == 1, "database figures not read")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        database.drop()

    lines = [line for line in open(stderr_path, encoding="utf-8").read().split("\n") if line]
    bad = []
    for line in lines:
        try:
            record = json.loads(line)
            if not {"ts", "level", "label", "message"} <= set(record):
                bad.append(line)
        except ValueError:
            bad.append(line)
    check(lines, "the server wrote no log lines")
    check(not bad, "%d of %d log lines are not JSON records, e.g. %r" % (len(bad), len(lines), bad[:1]))
    # Vapor's request log is not installed (configure replaces the middleware); the migrator's records
    # carry metadata, which must arrive as a JSON object.
    with_metadata = [json.loads(line) for line in lines if line not in bad and '"metadata":' in line]
    check(with_metadata and all(isinstance(r["metadata"], dict) for r in with_metadata),
          "no log record with a metadata object")

    if failures:
        print("check-metrics: %d of the checks failed (server log: %s)" % (len(failures), stderr_path))
        return 1
    shutil.rmtree(work, ignore_errors=True)
    backend = "PostgreSQL" if database.postgres_base else "SQLite"
    print("check-metrics: %s: /healthz, /readyz, /metrics parsed by prometheus_client (%d families, %d latency "
          "series checked), %d JSON log lines" % (backend, len(families), series, len(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
