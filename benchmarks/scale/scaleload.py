"""Loads the scale dataset (dataset.py) into PostgreSQL (COPY) or SQLite (one transaction).

Both loaders: schema from `kaiguul migrate --yes` first (the application's own migrations, so the
schema is exactly the one the pages run on), refuse a database that already holds data, bulk load
table by table timing each, set the id sequences, chain the audit head, create one account per role
with `kaiguul user create` (password PASSWORD), ANALYZE, and print the timings to stdout.
Logs go to stderr.
"""

import argparse
import csv
import io
import os
import sqlite3
import subprocess
import sys
import time

import dataset

PASSWORD = "Scale-Bench-2026-kaiguul"  # the benchmark accounts' password (fictional data only)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def args(kind):
    p = argparse.ArgumentParser(description=f"Load the Kaiguul scale dataset into {kind}.")
    p.add_argument("--kaiguul", default=os.environ.get("KAIGUUL_BIN", "kaiguul"), help="the kaiguul binary")
    p.add_argument("--scale", type=float, default=float(os.environ.get("SCALE", "1.0")),
                   help="fraction of the national year (1.0 = issue 18's sizes)")
    p.add_argument("--data-dir", default=os.environ.get("KAIGUUL_DATA_DIR"),
                   help="KAIGUUL_DATA_DIR for the kaiguul commands (keys, audit checkpoints)")
    p.add_argument("--no-files", action="store_true",
                   help="do not write the WARC files and document blobs the rows name into the data folder")
    if kind == "PostgreSQL":
        p.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    else:
        p.add_argument("--sqlite", required=True, help="the SQLite file to create")
    return p.parse_args()


def kaiguul(a, env_extra, *argv, stdin=None):
    env = dict(os.environ, **env_extra)
    env.pop("KAIGUUL_DEMO", None)
    if a.data_dir:
        os.makedirs(a.data_dir, exist_ok=True)
        env["KAIGUUL_DATA_DIR"] = a.data_dir
    r = subprocess.run([a.kaiguul, *argv], env=env, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        log(r.stderr[-4000:])
        raise SystemExit(f"kaiguul {' '.join(argv)} failed ({r.returncode})")
    return r.stdout


def create_users(a, env_extra):
    for name, role, display in dataset.USERS:
        kaiguul(a, env_extra, "user", "create", name, "--role", role, "--name", display, "--password-stdin",
                stdin=PASSWORD + "\n")


def seal_people(a, env_extra, volunteers):
    """The generator writes volunteers' names and contacts in plain text, as a bulk load would; the
    application seals them (a data key per record, wrapped by a key outside the database) and
    retires the key `migrate` made. Returns one timing row."""
    t = time.monotonic()
    out = kaiguul(a, env_extra, "keys", "rotate-data-key", "--lang", "en")
    log(out.strip())
    if f"Sealed: {volunteers} volunteers" not in out:
        raise SystemExit(f"kaiguul keys rotate-data-key sealed another number of volunteers than {volunteers}")
    return ("(seal people's data)", volunteers, time.monotonic() - t)


def report(kind, scale, timings, total):
    print(f"# scale dataset load into {kind} (scale {scale})")
    print(f"{'table':<22}{'rows':>12}{'seconds':>10}{'rows/s':>12}")
    for name, rows, secs in timings:
        rate = f"{rows / secs:,.0f}" if secs > 0 and rows else "-"
        print(f"{name:<22}{rows:>12,}{secs:>10.1f}{rate:>12}")
    print(f"{'total':<22}{sum(r for _, r, _ in timings):>12,}{total:>10.1f}")
    sys.stdout.flush()


# --- PostgreSQL -------------------------------------------------------------------------------

def pg_ts(t):
    if t is None:
        return None
    us = int(round(t * 1_000_000))
    sec, frac = divmod(us, 1_000_000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(sec)) + ".%06d+00" % frac


def psql(url, *sql, stdin=None):
    cmd = ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
    for s in sql:
        cmd += ["-c", s]
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"psql failed: {r.stderr.strip()}")
    return r.stdout.strip()


def copy_table(url, name, cols, rows):
    """Streams rows as CSV into `COPY … FROM STDIN`. Foreign keys are not checked row by row
    (session_replication_role = replica, superuser only): the generator writes ids it made itself,
    in parent-first order; `check_references` verifies them afterwards in one pass per key."""
    names = ", ".join(c for c, _ in cols)
    sql = f"COPY {name} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    proc = subprocess.Popen(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                             "-c", "SET session_replication_role = replica", "-c", sql],
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    out = io.TextIOWrapper(proc.stdin, encoding="utf-8", newline="", write_through=False)
    w = csv.writer(out, lineterminator="\n")
    ts = [i for i, (_, k) in enumerate(cols) if k == dataset.TS]
    bl = [i for i, (_, k) in enumerate(cols) if k == dataset.BOOL]
    n = 0
    batch = []
    for row in rows:
        row = list(row)
        for i in ts:
            row[i] = pg_ts(row[i])
        for i in bl:
            row[i] = "t" if row[i] else "f"
        batch.append(["\\N" if v is None else v for v in row])
        if len(batch) == 5000:
            w.writerows(batch)
            n += len(batch)
            batch = []
    w.writerows(batch)
    n += len(batch)
    out.flush()
    out.close()
    err = proc.stderr.read().decode()
    if proc.wait() != 0:
        raise SystemExit(f"COPY {name} failed: {err.strip()}")
    return n


def check_references(url):
    """Every foreign key of the loaded tables holds (the load skipped the per-row checks)."""
    q = """
    SELECT c.conrelid::regclass, a.attname, c.confrelid::regclass, f.attname
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1"""
    bad = []
    for line in psql(url, q).splitlines():
        t, col, ft, fcol = line.split("|")
        n = psql(url, f"SELECT count(*) FROM {t} x WHERE x.{col} IS NOT NULL AND NOT EXISTS "
                      f"(SELECT 1 FROM {ft} y WHERE y.{fcol} = x.{col})")
        if n != "0":
            bad.append(f"{t}.{col} -> {ft}.{fcol}: {n} dangling")
    return bad


def load_pg():
    a = args("PostgreSQL")
    url = a.database_url
    if not url:
        raise SystemExit("DATABASE_URL (or --database-url) is required")
    env = {"DATABASE_URL": url}
    y = dataset.Year(a.scale, files_dir=None if a.no_files else a.data_dir)
    t0 = time.monotonic()
    log("migrating (kaiguul migrate --yes)…")
    kaiguul(a, env, "migrate", "--yes")
    if psql(url, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM items) + (SELECT count(*) FROM cases)") != "0":
        raise SystemExit("the database already holds accounts, items or cases: load into an empty database")
    timings = [("(migrate)", 0, time.monotonic() - t0)]
    for name, make in y.tables():
        cols, rows = make()
        t = time.monotonic()
        n = copy_table(url, name, cols, rows)
        timings.append((name, n, time.monotonic() - t))
        log(f"{name}: {n:,} rows in {timings[-1][2]:.1f} s")
    t = time.monotonic()
    seq, head = y.audit_last
    psql(url, f"UPDATE audit_head SET seq = {seq}, hash = '{head}'")
    for name, _ in y.tables():
        psql(url, f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
    create_users(a, env)
    ids = psql(url, "SELECT string_agg(username || '=' || id, ',' ORDER BY id) FROM users")
    want = ",".join(f"{n}={i}" for n, i in dataset.USER_IDS.items())
    if ids != want:
        raise SystemExit(f"account ids are {ids}, the dataset expects {want}")
    timings.append(("(users, sequences)", len(dataset.USERS), time.monotonic() - t))
    timings.append(seal_people(a, env, y.n["volunteers"]))
    t = time.monotonic()
    bad = check_references(url)
    if bad:
        raise SystemExit("dangling references:\n" + "\n".join(bad))
    timings.append(("(check references)", 0, time.monotonic() - t))
    t = time.monotonic()
    psql(url, "ANALYZE")
    timings.append(("(ANALYZE)", 0, time.monotonic() - t))
    report("PostgreSQL", a.scale, timings, time.monotonic() - t0)


# --- SQLite -----------------------------------------------------------------------------------

def load_sqlite():
    a = args("SQLite")
    path = os.path.abspath(a.sqlite)
    if os.path.exists(path):
        raise SystemExit(f"{path} exists: the SQLite load makes a new file")
    env = {}
    # kaiguul reads SQLite from its data folder (KAIGUUL_DATA_DIR/kaiguul.sqlite) when no
    # DATABASE_URL is set; the loader points it there.
    if os.path.basename(path) != "kaiguul.sqlite":
        raise SystemExit("the SQLite file must be named kaiguul.sqlite (the data folder's database)")
    a.data_dir = os.path.dirname(path)
    y = dataset.Year(a.scale, files_dir=None if a.no_files else a.data_dir)
    t0 = time.monotonic()
    log("migrating (kaiguul migrate --yes)…")
    kaiguul(a, env, "migrate", "--yes")
    timings = [("(migrate)", 0, time.monotonic() - t0)]
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -500000")
    if db.execute("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM items)").fetchone()[0]:
        raise SystemExit("the database already holds data")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN")
    for name, make in y.tables():
        cols, rows = make()
        bl = [i for i, (_, k) in enumerate(cols) if k == dataset.BOOL]
        sql = f"INSERT INTO {name} ({', '.join(c for c, _ in cols)}) VALUES ({', '.join('?' for _ in cols)})"
        t = time.monotonic()
        count = 0

        def fix(rows):
            nonlocal count
            for r in rows:
                count += 1
                if bl:
                    r = list(r)
                    for i in bl:
                        r[i] = 1 if r[i] else 0
                yield r
        db.executemany(sql, fix(rows))
        timings.append((name, count, time.monotonic() - t))
        log(f"{name}: {count:,} rows in {timings[-1][2]:.1f} s")
    seq, head = y.audit_last
    db.execute("UPDATE audit_head SET seq = ?, hash = ?", (seq, head))
    t = time.monotonic()
    db.execute("COMMIT")
    timings.append(("(commit)", 0, time.monotonic() - t))
    db.close()
    t = time.monotonic()
    create_users(a, env)
    db = sqlite3.connect(path)
    ids = ",".join(f"{u}={i}" for i, u in db.execute("SELECT id, username FROM users ORDER BY id"))
    want = ",".join(f"{n}={i}" for n, i in dataset.USER_IDS.items())
    if ids != want:
        raise SystemExit(f"account ids are {ids}, the dataset expects {want}")
    timings.append(("(users)", len(dataset.USERS), time.monotonic() - t))
    timings.append(seal_people(a, env, y.n["volunteers"]))
    t = time.monotonic()
    problems = db.execute("PRAGMA foreign_key_check").fetchmany(5)
    if problems:
        raise SystemExit(f"dangling references (first five): {problems}")
    timings.append(("(check references)", 0, time.monotonic() - t))
    t = time.monotonic()
    db.execute("ANALYZE")
    db.commit()
    db.close()
    timings.append(("(ANALYZE)", 0, time.monotonic() - t))
    report("SQLite", a.scale, timings, time.monotonic() - t0)
