#!/usr/bin/env python3
"""Sentence-language classification (ky, kk, uz, tt, tr, ru): Kaiguul's TextClassifier vs
scikit-learn (TF-IDF char 1-5 + word 1-2, LogisticRegression) vs fastText, in one run.

Usage: classifier_bench.py BENCH_BINARY CORPORA
The Swift binary writes the train/test split it used; every system trains on train.tsv and is scored
on test.tsv (macro-F1), single-threaded, timings for training and for predicting the test set.
"""
import os, subprocess, sys, tempfile, time

binary, corpora = sys.argv[1], sys.argv[2]
out = tempfile.mkdtemp()
r = subprocess.run([binary, "classifier", corpora, out], check=True, capture_output=True, text=True)
print(r.stdout.strip())
first = r.stdout.splitlines()[0].split()
ours_train = float(first[first.index("train") + 1])
ours_predict = float(first[first.index("predict") + 1])
ours_f1 = float(first[first.index("macro-F1") + 1].rstrip(","))

def read(name):
    rows = [line.rstrip("\n").split("\t", 1) for line in open(os.path.join(out, name), encoding="utf-8")]
    return [r[1] for r in rows if len(r) == 2], [r[0] for r in rows if len(r) == 2]
train_x, train_y = read("train.tsv")
test_x, test_y = read("test.tsv")

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline, make_union
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

t0 = time.perf_counter()
pipeline = make_pipeline(
    make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True, max_features=300000),
               TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
    LogisticRegression(max_iter=1000, class_weight="balanced"))  # Kaiguul balances classes too
pipeline.fit(train_x, train_y)
sk_train = time.perf_counter() - t0
t0 = time.perf_counter()
sk_pred = pipeline.predict(test_x)
sk_predict = time.perf_counter() - t0
sk_f1 = f1_score(test_y, sk_pred, average="macro")

import fasttext
ft_file = os.path.join(out, "train.ft")
with open(ft_file, "w", encoding="utf-8") as f:
    for x, y in zip(train_x, train_y):
        f.write(f"__label__{y} {x}\n")
t0 = time.perf_counter()
ft = fasttext.train_supervised(ft_file, minn=1, maxn=5, wordNgrams=2, epoch=10, thread=1, verbose=0)
ft_train = time.perf_counter() - t0
t0 = time.perf_counter()
ft_pred = [ft.predict(x.replace("\n", " "))[0][0].replace("__label__", "") for x in test_x]
ft_predict = time.perf_counter() - t0
ft_f1 = f1_score(test_y, ft_pred, average="macro")

print(f"{'system':12} {'macro-F1':>9} {'train s':>9} {'predict s':>10}")
print(f"{'kaiguul':12} {ours_f1:9.4f} {ours_train:9.3f} {ours_predict:10.3f}")
print(f"{'sklearn':12} {sk_f1:9.4f} {sk_train:9.3f} {sk_predict:10.3f}")
print(f"{'fasttext':12} {ft_f1:9.4f} {ft_train:9.3f} {ft_predict:10.3f}")
best = max(sk_f1, ft_f1)
print(f"macro-F1 gap to best peer: {100 * (ours_f1 - best):+.2f} points")
print(f"train speed-up: vs sklearn {sk_train / ours_train:.1f}x, vs fastText {ft_train / ours_train:.1f}x; "
      f"predict speed-up: vs sklearn {sk_predict / ours_predict:.1f}x, vs fastText {ft_predict / ours_predict:.1f}x")
