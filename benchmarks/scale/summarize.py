#!/usr/bin/env python3
"""The latency table from locust's CSV stats: page x users -> p50/p95/p99 ms, requests, failures.

usage: summarize.py OUT_DIR 1 10 50   (reads OUT_DIR/locust-<n>_stats.csv; markdown to stdout)
"""

import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages import PAGES  # noqa: E402


def main():
    out, users = sys.argv[1], sys.argv[2:]
    stats = {}
    for n in users:
        path = os.path.join(out, f"locust-{n}_stats.csv")
        if not os.path.exists(path):
            continue
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                stats[(row["Name"], n)] = row
    head = "| page | " + " | ".join(f"{n} users: p50 / p95 / p99 ms (requests, failures)" for n in users) + " |"
    print(head)
    print("|" + "---|" * (len(users) + 1))
    for name in list(PAGES) + ["Aggregated"]:
        cells = []
        for n in users:
            r = stats.get((name, n))
            if not r or r["Request Count"] == "0":
                cells.append("-")
                continue
            cells.append(f"{r['50%']} / {r['95%']} / {r['99%']} ({r['Request Count']}, {r['Failure Count']})")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
