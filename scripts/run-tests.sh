#!/usr/bin/env bash
# The whole suite, in the order that fails fastest. Called by `make test` after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export KAIGUUL_BCRYPT_COST=4

step() { printf '\n=== %s ===\n' "$*"; }

step "OpenAPI document (openapi-spec-validator)"
"$VENV/bin/openapi-spec-validator" Sources/App/Resources/openapi.yaml

step "Swift tests on SQLite (all targets)"
# Evidence tests leave sample WARC and WACZ files here for the real validators below.
rm -rf .build/evidence-samples
# Chromium and yt-dlp load both cores for seconds at a time; they run on their own below so the
# timing tests (politeness, proxy limits) are not measured on a machine they have saturated.
outside_tools='MonitorTests\.(ChromiumBrowserTests|BrowserGuardProxyTests|VideoDownloaderTests)'
KAIGUUL_EVIDENCE_SAMPLES_DIR="$PWD/.build/evidence-samples" swift test --skip-build --skip "$outside_tools"

step "Chromium and yt-dlp behind the guard proxy (Swift tests, on their own)"
swift test --skip-build --filter "$outside_tools"

step "Swift tests of the application on PostgreSQL"
scripts/with-postgres.sh swift test --skip-build --filter AppTests

step "Operations: /metrics parsed by prometheus_client, /healthz, /readyz, JSON log lines, on a live server (SQLite, then PostgreSQL)"
"$VENV/bin/python" scripts/check-metrics.py --kaiguul .build/debug/kaiguul
scripts/with-postgres.sh "$VENV/bin/python" scripts/check-metrics.py --kaiguul .build/debug/kaiguul

step "Backup while a worker writes, restore elsewhere: audit verify, WARC digests, blob hashes, the same case served (SQLite, then PostgreSQL)"
scripts/test-backup.sh

step "The API against openapi.yaml on a live demo server, as each role (schemathesis)"
scripts/check-api-contract.sh .build/debug/kaiguul

step "Four workers, three killed with SIGKILL mid-crawl on PostgreSQL (lease expiry, nothing lost or twice)"
scripts/test-worker-kill.sh

step "Block list in a real resolver (kaiguul export → named-checkzone + Unbound)"
scripts/test-blocklist-resolver.sh .build/debug/kaiguul

step "Probes in a provider's network on loopback: two Unbound resolvers (control; provider with the exported RPZ), five sites (accessible, DNS-blocked, TCP-dropped, blockpage, down everywhere), kaiguul probe --once uploading, the compliance page"
scripts/test-probes.sh .build/debug/kaiguul

step "Favicon hashes as Shodan computes them: kaiguul mirrors favicon-hash against the mmh3 package"
"$VENV/bin/python" scripts/check-favicon-hash.py --kaiguul .build/debug/kaiguul

step "WARC and WACZ through warcio, cdxj-indexer and wacz validate"
scripts/check-warc.sh .build/evidence-samples

step "Evidence packages: wacz validate, warcio digests, warcinfo first, a request per response, pywb replay, signatures (cryptography, authsign, kaiguul verify-package), three tampered copies refused"
scripts/check-package.sh .build/evidence-samples/package

step "Browser and video capture: a script-built loopback page through kaiguul archive --browser (warcio, wacz validate, verify-package, pywb replay showing the script's text, OCR of the screenshot) and a loopback video through --video (yt-dlp behind the guard proxy)"
scripts/check-browser-capture.sh

step "Partners: STIX bundles (stix2-validator, stix2-matcher), TAXII 2.1 (taxii2-client), MISP feeds (PyMISP), a TCAP list imported twice, a lift revoked in the next TAXII read"
scripts/check-exchange.sh .build/debug/kaiguul .build/debug/kaiguul-fixture

step "Browser test (Chromium + Selenium)"
scripts/browser-test.sh

echo
echo "All test stages passed."
