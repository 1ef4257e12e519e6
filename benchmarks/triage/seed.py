#!/usr/bin/env python3
"""Seeds a migrated Kaiguul SQLite database with findings for the triage benchmark: N items with
signals (indicator spans, near-duplicates, classifier, the triage verdict and the stored priority
columns), spread over sources of every kind and region, a few organisations, banned materials and tips.
All names and texts are invented. Not part of the shipped binary: the benchmark's own seeding path.

Usage: seed.py DATABASE.sqlite [ITEMS]
"""
import json
import random
import sqlite3
import sys
import time

db_path = sys.argv[1]
items_wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
rng = random.Random(11)
db = sqlite3.connect(db_path)
now = time.time()


def columns(table):
    return {row[1]: (row[2].upper(), bool(row[3])) for row in db.execute(f"PRAGMA table_info({table})")}


def insert(table, values):
    """Inserts values, filling the other NOT NULL columns with an empty value of their type."""
    row = dict(values)
    for name, (kind, required) in columns(table).items():
        if name in row or name == "id" or not required:
            continue
        row[name] = 0 if ("INT" in kind or "REAL" in kind or "DOUBLE" in kind) else ""
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values())).lastrowid


ORGS = [("Кара Туман Бирлиги", "Союз Чёрного Тумана", "Black Fog Union", "кара туман"),
        ("Жашыл Шамал", "Зелёный Ветер", "Green Wind", "жашыл шамал"),
        ("Түнкү Жолдош", "Ночной Попутчик", "Night Companion", "түнкү жолдош"),
        ("Көк Кылыч", "Синий Меч", "Blue Sword", "көк кылыч"),
        ("Алтын Чынжыр", "Золотая Цепь", "Golden Chain", "алтын чынжыр")]
org_ids = []
for ky, ru, en, alias in ORGS:
    org_ids.append(insert("organizations", {
        "name_ky": ky, "name_ru": ru, "name_en": en, "aliases": alias, "designation": "extremist",
        "status": "banned", "search_text": f"{ky} {ru} {en}".lower(), "created_at": now}))
material_ids = [insert("banned_materials", {"title": f"Брошюра №{n} (вымышленная)", "kind": "text",
                                            "organization_id": org_ids[n % len(org_ids)], "created_at": now})
                for n in range(10)]

KINDS = ["website", "rss", "telegram", "youtube", "facebook", "vk"]
source_ids = []
for n in range(60):
    kind = KINDS[n % len(KINDS)]
    address = f"https://t.me/bench_channel_{n}" if kind == "telegram" else f"https://bench-{n}.example/"
    identity = f"telegram:bench_channel_{n}" if kind == "telegram" else f"bench-{n}.example"
    source_ids.append((insert("sources", {
        "kind": kind, "address": address, "identity": identity, "title": f"Bench source {n}",
        "region_id": 1 + n % 9, "check_interval_minutes": 60, "status": "active", "found_by": "analyst",
        "search_text": f"bench source {n}", "created_at": now}), address))

WORDS = ("биз бардыгыбыз бирге жолго чыгабыз элибиз үчүн күрөш улана берет жаштар кошулгула "
         "мы все вместе выйдем на дорогу ради народа борьба продолжается молодёжь присоединяйтесь").split()


def filler(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


LEVELS = [(3, 70, 100), (2, 40, 69), (1, 15, 39), (0, 0, 14)]
signal_rows = []
for n in range(items_wanted):
    source_id, address = source_ids[n % len(source_ids)]
    org_index = rng.randrange(len(ORGS))
    alias = ORGS[org_index][3].title()
    before = filler(rng.randint(10, 60)) + " "
    text = before + alias + " " + filler(rng.randint(20, 80)) + " <b>&amp;</b>"
    rank, low, high = LEVELS[min(3, int(rng.random() ** 1.5 * 4))]
    score = rng.randint(low, high)
    created = now - rng.random() * 30 * 86400
    item_id = insert("items", {
        "source_id": source_id, "item_key": f"bench-{n}", "text": text, "language": rng.choice(["ky", "ru"]),
        "media": "[]", "version": 1, "permalink": address.rstrip("/") + f"/{n}", "created_at": created,
        "triage_score": score, "triage_level": rank})
    start = len(before.encode())
    span = {"start": start, "end": start + len(alias.encode())}
    signal_rows.append((item_id, "triage", score / 100, None, None, json.dumps({"priority": {"score": score}}), created))
    if rng.random() < 0.7:
        signal_rows.append((item_id, "indicator", 0.63, org_ids[org_index], None, json.dumps({
            "kind": "indicator", "score": 0.63, "organizationID": str(org_ids[org_index]),
            "reasons": [f"phrase «{alias.lower()}» (weight 3.00)"], "spans": [span]}, ensure_ascii=False), created))
    if rng.random() < 0.2:
        material = rng.choice(material_ids)
        signal_rows.append((item_id, "near_duplicate", rng.uniform(0.3, 0.95), None, material, json.dumps({
            "kind": "near_duplicate", "score": 0.5, "materialID": str(material),
            "reasons": ["about 50% of this text is in banned material"], "spans": []}), created))
    probability = rng.uniform(0.34, 0.99)
    signal_rows.append((item_id, "classifier", probability, None, None, json.dumps({
        "kind": "classifier", "score": probability, "label": rng.choice(["propaganda", "reporting", "unrelated"]),
        "reasons": ["бирге (+0.41)", "жолго (+0.22)", "күрөш (+0.17)"], "spans": []}, ensure_ascii=False), created))
db.executemany("INSERT INTO signals (item_id, kind, score, organization_id, material_id, details, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)", signal_rows)
for n in range(200):
    insert("tips", {"urls": json.dumps([f"https://t.me/s/bench_channel_{n % 60}/{n}"]),
                    "comment": f"Вымышленное сообщение {n}", "status": "received",
                    "created_at": now - rng.random() * 30 * 86400})
db.commit()
print(f"seeded {items_wanted} items, {len(signal_rows)} signals, 200 tips", file=sys.stderr)
