#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer harness (fuzz/, its own package and .build) with ASan and runs every
# target for FUZZ_SECONDS, each with a corpus seeded from the committed inputs and the shared fixtures.
# Prints one line of figures per target; a crash stops the run with the crashing input saved.
#   FUZZ_SECONDS=60 FUZZ_TARGETS="warc feed" FUZZ_WORK=fuzz/.work FUZZ_BUILD=1 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
WORK="${FUZZ_WORK:-$ROOT/fuzz/.work}"
FIXTURES="${KAIGUUL_FIXTURES:-/work/shared/fixtures}"
INPUTS="$ROOT/Tests/FuzzRegressionTests/Inputs"

echo "Building the fuzz harness (release, -sanitize=fuzzer,address)…" >&2
# With -sanitize=address beside it, swiftc 6.3 drops the coverage that -sanitize=fuzzer should add to Swift code
# (only C was instrumented: libFuzzer saw ~30 edges for a whole WARC parse), so it is asked for explicitly.
BUILD=(swift build -c release --sanitize=fuzzer --sanitize=address
       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp)
mkdir -p fuzz/.work
# FUZZ_BUILD=0 runs the harness as last built (e.g. while the tree is mid-change).
if [ "${FUZZ_BUILD:-1}" != 0 ] && ! (cd fuzz && nice -n 15 "${BUILD[@]}" -j 2 >.work/build.log 2>&1); then
    grep -E "error" fuzz/.work/build.log | head -40 >&2
    echo "fuzz harness did not build (fuzz/.work/build.log)" >&2
    exit 1
fi
BIN="${FUZZ_BIN:-$(cd fuzz && "${BUILD[@]}" --show-bin-path)/kaiguul-fuzz}"

# The harness names its targets when asked for one it does not know (and exits 2).
TARGETS="${FUZZ_TARGETS:-$( (KAIGUUL_FUZZ_TARGET=list "$BIN" 2>&1 || true) | sed -n 's/^KAIGUUL_FUZZ_TARGET must be one of: //p')}"
[ -n "$TARGETS" ] || { echo "no fuzz targets listed by $BIN" >&2; exit 1; }

# Seeds from the read-only fixtures, per target (copied: libFuzzer writes into its corpus directory).
seed_fixtures() {
    local target="$1" corpus="$2"
    [ -d "$FIXTURES" ] || return 0
    case "$target" in
        feed) for f in "$FIXTURES"/feeds/*.xml; do { printf '\x05'; cat "$f"; } > "$corpus/fixture-$(basename "$f")"; done ;;
        telegram) for f in "$FIXTURES"/telegram/*.html; do { printf '\x01'; cat "$f"; } > "$corpus/fixture-$(basename "$f")"; done ;;
        html|charset)
            for f in "$FIXTURES"/telegram/message_*.html "$FIXTURES"/feeds/feed-test-charset.xml; do
                { printf '\x00'; cat "$f"; } > "$corpus/fixture-$(basename "$f")"
            done ;;
        jpeg|exif|image) for f in "$FIXTURES"/pdq/images/*.jpg; do
                [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$corpus/fixture-$(basename "$f")"; done ;;
        png) for f in "$FIXTURES"/pdq/images/*.png; do
                [ "$(stat -c %s "$f")" -le 262144 ] && cp "$f" "$corpus/fixture-$(basename "$f")"; done ;;
    esac
    return 0
}

mkdir -p "$WORK"
printf '%-26s %8s %12s %10s %8s %8s %8s  %s\n' target seconds executions exec/s corpus cov ft result
status=0
for target in $TARGETS; do
    dir="$WORK/$target"
    scratch="${FUZZ_SCRATCH:-/dev/shm}/kaiguul-fuzz-$target"
    mkdir -p "$dir/corpus" "$dir/artifacts" "$scratch"
    [ -d "$INPUTS/$target" ] && cp -n "$INPUTS/$target"/* "$dir/corpus/" 2>/dev/null || true
    seed_fixtures "$target" "$dir/corpus"
    log="$dir/fuzz.log"
    set +e
    # SWIFT_BACKTRACE: the Swift runtime's own crash handler would race libFuzzer's and trip ASan.
    KAIGUUL_FUZZ_TARGET="$target" KAIGUUL_FUZZ_SCRATCH="$scratch" SWIFT_BACKTRACE=enable=no \
        ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1" \
        nice -n "${FUZZ_NICE:-15}" "$BIN" "$dir/corpus" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" >"$log" 2>&1
    rc=$?
    set -e
    rm -rf "$scratch"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corpus=$(ls "$dir/corpus" | wc -l)
    result=ok
    if [ "$rc" -ne 0 ]; then
        result="CRASH (exit $rc): $(ls -t "$dir/artifacts" | head -1) — see $log"
        status=1
    fi
    printf '%-26s %8s %12s %10s %8s %8s %8s  %s\n' "$target" "$SECONDS_PER_TARGET" "${runs:-?}" "${rate:-?}" \
        "$corpus" "${cov:-?}" "${ft:-?}" "$result"
done
exit $status
