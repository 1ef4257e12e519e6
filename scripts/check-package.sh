#!/usr/bin/env bash
# Checks the evidence packages the Swift tests left under DIR (default .build/evidence-samples/package)
# with wacz validate, warcio (digests of every record), the package's structure, a pywb replay, the WACZ
# signature (cryptography; authsign for the domain mode) and `kaiguul verify-package` (.build/debug/kaiguul,
# or KAIGUUL_BIN), and refuses three tampered copies of each.
# The tools come from the virtualenv $VENV (default .venv; `make venv` installs requirements-test.txt).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$root/.venv}
case $VENV in /*) ;; *) VENV=$root/$VENV ;; esac
dir=${1:-$root/.build/evidence-samples/package}
for tool in python wacz warcio wb-manager wayback; do
    if [ ! -x "$VENV/bin/$tool" ]; then
        echo "missing $VENV/bin/$tool (pip install -r requirements-test.txt into $VENV)" >&2
        exit 2
    fi
done
exec "$VENV/bin/python" "$root/scripts/check-package.py" "$dir"
