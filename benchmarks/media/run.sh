#!/usr/bin/env bash
# One run of the MediaMatch benchmarks beside their Python peers:
#   PDQ images/s from decoded pixels and from files (ours vs pdqhash, the C++ reference on PyPI),
#   a bit-exactness cross-check against pdqhash on synthetic pictures of many sizes,
#   exact radius-31 search over 1,000,000 hashes, random and clustered (ours vs our brute force vs
#   faiss IndexBinaryMultiHash), with memory per hash.
# Environment: SECONDS_PER_TEST (3), COUNT (1000000), QUERIES (10000), BRUTE_QUERIES (100),
# CROSS_IMAGES (150), BENCH_BIN (a prebuilt MediaBench; otherwise built here in release mode).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/benchmarks/out/media"
venv="$root/.venv"
seconds="${SECONDS_PER_TEST:-3}"
count="${COUNT:-1000000}"
queries="${QUERIES:-10000}"
brute="${BRUTE_QUERIES:-100}"
cross="${CROSS_IMAGES:-150}"
images="$root/../shared/fixtures/pdq/images"
mkdir -p "$out"

if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c "import pdqhash, faiss, PIL, numpy" 2>/dev/null \
    || "$venv/bin/pip" install --quiet pdqhash faiss-cpu pillow numpy
py="$venv/bin/python"

bin="${BENCH_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$here" && swift build -c release --product MediaBench >/dev/null)
    bin="$here/.build/release/MediaBench"
fi

value() { grep "^$1 " "$2" | head -1 | cut -d' ' -f2; }

echo "== PDQ speed (fixture images, $seconds s per measurement)"
"$bin" pdq "$images" "$seconds" > "$out/pdq-swift.txt"
"$py" "$here/bench.py" pdq "$images" "$seconds" > "$out/pdq-python.txt"
printf '%-34s %12s %12s\n' "images/s" "MediaMatch" "pdqhash"
for key in pixels_images_per_s files_images_per_s dihedral_images_per_s; do
    printf '%-34s %12s %12s\n' "$key" "$(value $key "$out/pdq-swift.txt")" "$(value $key "$out/pdq-python.txt")"
done

echo "== Bit-exactness against pdqhash on $cross synthetic pictures"
[ -f "$out/cross/expected.tsv" ] && [ "$(wc -l < "$out/cross/expected.tsv")" -eq "$cross" ] \
    || "$py" "$here/bench.py" crossgen "$out/cross" "$cross" 7
"$bin" crosscheck "$out/cross" | tee "$out/cross.txt" | grep -E "^(crosscheck|differs)"

echo "== Exact search at distance <= 31: $count hashes, $queries queries (brute force: $brute queries)"
[ -f "$out/index/clustered.queries.bin" ] && [ "$(stat -c %s "$out/index/random.bin")" -eq $((count * 32)) ] \
    || "$py" "$here/bench.py" gen "$out/index" "$count" "$queries" 1
printf '%-10s %-28s %10s %14s %14s\n' "data" "method" "qps" "matches" "bytes/hash"
for set in random clustered; do
    "$bin" index "$out/index/$set.bin" "$out/index/$set.queries.bin" "$brute" > "$out/index-$set-swift.txt"
    "$py" "$here/bench.py" faiss "$out/index/$set.bin" "$out/index/$set.queries.bin" 1 > "$out/index-$set-faiss1.txt"
    "$py" "$here/bench.py" faiss "$out/index/$set.bin" "$out/index/$set.queries.bin" 0 > "$out/index-$set-faiss0.txt"
    s="$out/index-$set-swift.txt"
    printf '%-10s %-28s %10s %14s %14s\n' "$set" "MediaMatch MIH (exact)" "$(value mih_qps "$s")" \
        "$(value mih_total_matches "$s")" "$(value bytes_per_hash "$s")"
    printf '%-10s %-28s %10s %14s %14s\n' "$set" "MediaMatch brute force" "$(value brute_qps "$s")" \
        "equal=$(value brute_equals_mih "$s")" "32.0"
    for n in 1 0; do
        f="$out/index-$set-faiss$n.txt"
        label="faiss MultiHash nflip=$n"; [ $n = 1 ] && label="$label (exact)" || label="$label (approx)"
        printf '%-10s %-28s %10s %14s %14s\n' "$set" "$label" "$(value qps "$f")" "$(value total_matches "$f")" \
            "$(value bytes_per_hash "$f")"
    done
done
