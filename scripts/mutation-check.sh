#!/usr/bin/env bash
# Plants each one-line bug of scripts/mutations.txt in turn, builds, runs the tests its record names,
# and restores the file byte for byte. A bug whose tests still pass SURVIVED: the suite would let it
# through. Not part of `make test`: every mutation costs an incremental build (one to several minutes
# on two cores). It edits source files while it runs, so do not run it in a tree others are building.
#
#   scripts/mutation-check.sh                 every record
#   scripts/mutation-check.sh ID [ID…]        only these records
#   MUTATION_POSTGRES=1 scripts/mutation-check.sh …   App tests on PostgreSQL too (scripts/with-postgres.sh)
#   MUTATIONS=path/to/list scripts/mutation-check.sh  another list
#
# Exit status: 0 when every mutation was caught, 1 when one survived, was stale (its `from` text no
# longer occurs once) or did not build.
set -uo pipefail
cd "$(dirname "$0")/.."
LIST="${MUTATIONS:-scripts/mutations.txt}"
WORK="$(mktemp -d /tmp/kaiguul-mutation.XXXXXX)"
export KAIGUUL_BCRYPT_COST=4

# Restores whatever is planted, also on Ctrl-C: a planted bug must never stay in the tree.
PLANTED=""
restore() {
  if [ -n "$PLANTED" ]; then
    cp "$WORK/original" "$PLANTED"
    if ! cmp -s "$WORK/original" "$PLANTED"; then
      cp "$WORK/original" "/tmp/$(basename "$PLANTED").original"
      echo "!! could not restore $PLANTED (its original is in /tmp/$(basename "$PLANTED").original)" >&2
    fi
    PLANTED=""
  fi
}
# (bash runs the trap once the build or test in progress has stopped; Ctrl-C stops it too.)
trap 'restore; exit 130' INT TERM
trap 'restore; rm -rf "$WORK"' EXIT

# Writes one record per line as ID<TAB>FILE<TAB>FILTER into $WORK/records, and FROM/TO as files.
python3 - "$LIST" "$WORK" "$@" <<'PY' || exit 1
import os, sys
path, work, wanted = sys.argv[1], sys.argv[2], set(sys.argv[3:])
records, current = [], {}
for raw in open(path, encoding="utf-8").read().split("\n") + [""]:
    if raw.startswith("#"):
        continue
    if raw.strip() == "":
        if current:
            records.append(current)
        current = {}
        continue
    key, _, value = raw.partition(":")
    current[key.strip()] = value[1:] if value.startswith(" ") else value
out = open(os.path.join(work, "records"), "w")
for n, r in enumerate(records):
    missing = [k for k in ("id", "file", "filter", "from", "to") if k not in r]
    if missing:
        sys.exit(f"{path}: record {n + 1} lacks {', '.join(missing)}")
    if wanted and r["id"] not in wanted:
        continue
    for k in ("from", "to"):
        open(os.path.join(work, f"{n}.{k}"), "w", encoding="utf-8").write(r[k])
    out.write(f"{n}\t{r['id']}\t{r['file']}\t{r['filter']}\n")
PY

# Replaces the one occurrence of FROM by TO in FILE; exit 3 when FROM does not occur exactly once.
apply() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
file, old, new = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), open(sys.argv[3], encoding="utf-8").read()
text = open(file, encoding="utf-8").read()
if not old or text.count(old) != 1:
    sys.exit(3)
open(file, "w", encoding="utf-8").write(text.replace(old, new))
PY
}

declare -a RESULTS
STATUS=0
while IFS=$'\t' read -r n id file filter; do
  printf '\n=== %s (%s) ===\n' "$id" "$file"
  if [ ! -f "$file" ]; then RESULTS+=("STALE     $id: $file is gone"); STATUS=1; continue; fi
  cp "$file" "$WORK/original"
  PLANTED="$file"
  if ! apply "$file" "$WORK/$n.from" "$WORK/$n.to"; then
    restore
    RESULTS+=("STALE     $id: its 'from' text does not occur exactly once in $file"); STATUS=1; continue
  fi
  if ! swift build --build-tests >"$WORK/build.log" 2>&1; then
    restore
    grep -E "error:" "$WORK/build.log" | head -5
    RESULTS+=("NO BUILD  $id: the mutated code did not compile (fix the record)"); STATUS=1; continue
  fi
  caught=""
  if ! swift test --skip-build --filter "$filter" >"$WORK/test.log" 2>&1; then caught="SQLite"; fi
  if [ -z "$caught" ] && [ "${MUTATION_POSTGRES:-0}" = "1" ] && [[ "$filter" == *AppTests* ]]; then
    if ! scripts/with-postgres.sh swift test --skip-build --filter "$filter" >"$WORK/test.log" 2>&1; then
      caught="PostgreSQL"
    fi
  fi
  restore
  if [ -n "$caught" ]; then
    grep -E "recorded an issue|error:" "$WORK/test.log" | head -3 | cut -c1-240
    RESULTS+=("caught    $id ($caught)")
  else
    RESULTS+=("SURVIVED  $id: no test in '$filter' failed"); STATUS=1
  fi
done <"$WORK/records"

printf '\n=== rebuilding the restored tree ===\n'
swift build --build-tests >"$WORK/build.log" 2>&1 || { echo "the restored tree does not build:"; tail -20 "$WORK/build.log"; STATUS=1; }
printf '\n=== mutations ===\n'
printf '%s\n' "${RESULTS[@]}"
exit $STATUS
