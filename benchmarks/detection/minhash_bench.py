#!/usr/bin/env python3
"""Near-duplicates: Kaiguul's MinHash + LSH vs datasketch on the same data, in one run.

Usage: minhash_bench.py BENCH_BINARY CORPORA
Both get the same word lists (Kaiguul's matching key, so shingles are identical), 128 permutations,
word 3-shingles, threshold 0.5, whole documents. Recall = share of (query, material) pairs whose
exact Jaccard is >= 0.5 that each index returns as a candidate.
"""
import os, subprocess, sys, tempfile, time
from collections import defaultdict

binary, corpora = sys.argv[1], sys.argv[2]
out = tempfile.mkdtemp()
r = subprocess.run([binary, "minhash", corpora, out], check=True, capture_output=True, text=True)
print(r.stdout.strip())
parts = r.stdout.split()
ours_build = float(parts[len(parts) - 1 - parts[::-1].index("build") + 1])
ours_query = float(parts[len(parts) - 1 - parts[::-1].index("query") + 1])

def read(name):
    return [line.rstrip("\n").split() for line in open(os.path.join(out, name), encoding="utf-8")]
materials, queries = read("materials.txt"), read("queries.txt")
seeds = int(r.stdout.split("seeds=")[1].split()[0])
ours_runs = [[set(line) for line in read(f"kaiguul-candidates-{seed}.txt")] for seed in range(1, seeds + 1)]

def shingles(words, k=3):
    if not words:
        return set()
    k = min(k, len(words))
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}

mat_sh = [shingles(m) for m in materials]
qry_sh = [shingles(q) for q in queries]

from datasketch import MinHash, MinHashLSH
ds_build = ds_query = 0.0
theirs_runs = []
for seed in range(1, seeds + 1):
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, s in enumerate(mat_sh):
        m = MinHash(num_perm=128, seed=seed)
        m.update_batch([x.encode("utf-8") for x in s])
        lsh.insert(str(i), m)
    ds_build += time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = []
    for s in qry_sh:
        m = MinHash(num_perm=128, seed=seed)
        m.update_batch([x.encode("utf-8") for x in s])
        theirs.append(set(lsh.query(m)))
    ds_query += time.perf_counter() - t0
    theirs_runs.append(theirs)
print(f"datasketch: bands={lsh.b} rows={lsh.r} seeds={seeds} build {ds_build:.4f} s, query {ds_query:.4f} s")

# Exact Jaccard for every pair that shares a shingle.
inverted = defaultdict(set)
for i, s in enumerate(mat_sh):
    for x in s:
        inverted[x].add(i)
truth = []
for qi, s in enumerate(qry_sh):
    cands = set()
    for x in s:
        cands |= inverted.get(x, set())
    for mi in cands:
        j = len(s & mat_sh[mi]) / len(s | mat_sh[mi])
        if j >= 0.5:
            truth.append((qi, str(mi)))
def recall(found):
    return sum(1 for qi, mi in truth if mi in found[qi]) / max(1, len(truth))
def candidates(found):
    return sum(len(f) for f in found)
print(f"pairs with exact Jaccard >= 0.5: {len(truth)}")
mean = lambda xs: sum(xs) / len(xs)
print("recall per seed: kaiguul " + " ".join(f"{recall(o):.3f}" for o in ours_runs)
      + " | datasketch " + " ".join(f"{recall(t):.3f}" for t in theirs_runs))
print(f"mean recall: kaiguul {mean([recall(o) for o in ours_runs]):.4f}  datasketch {mean([recall(t) for t in theirs_runs]):.4f}")
print(f"mean candidates returned: kaiguul {mean([candidates(o) for o in ours_runs]):.0f}  "
      f"datasketch {mean([candidates(t) for t in theirs_runs]):.0f}")
print(f"speed-up (build+query): {(ds_build + ds_query) / (ours_build + ours_query):.1f}x")
