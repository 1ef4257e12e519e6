#!/usr/bin/env bash
# Browser and video capture end to end (scripts/check-browser-capture.py): a loopback page built by its
# script captured with `kaiguul archive --browser` (warcio digests, wacz validate, kaiguul verify-package,
# pywb replay in Chromium showing the script-built text, tesseract OCR of the screenshot), and a loopback
# video captured with `kaiguul archive --video` (yt-dlp through the guard proxy; the served file's bytes
# in a resource record tied to the info JSON).
# Needs .build/debug/kaiguul (or KAIGUUL_BIN), Chromium and chromedriver, tesseract, ffmpeg, yt-dlp
# (`make tools`), and the virtualenv $VENV (default .venv) with warcio, wacz, pywb and selenium.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$root/.venv}
case $VENV in /*) ;; *) VENV=$root/$VENV ;; esac
for tool in python wacz warcio wb-manager wayback; do
    if [ ! -x "$VENV/bin/$tool" ]; then
        echo "missing $VENV/bin/$tool (pip install -r requirements-test.txt into $VENV)" >&2
        exit 2
    fi
done
for tool in tesseract ffmpeg chromedriver; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
# A copy of the binary: a build running meanwhile in the shared .build may relink it.
work=$(mktemp -d /tmp/kaiguul-capture-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "${KAIGUUL_BIN:-$root/.build/debug/kaiguul}" "$work/kaiguul"
KAIGUUL_BIN="$work/kaiguul" "$VENV/bin/python" "$root/scripts/check-browser-capture.py"
