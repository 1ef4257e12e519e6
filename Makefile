# Kaiguul — the two commands: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

SWIFT ?= swift
VENV ?= .venv
PORT ?= 8080
HOST ?= 127.0.0.1
BIN := .build/debug/kaiguul

# Debian packages the build, the product and the test peers need.
APT_PACKAGES := build-essential pkg-config libsqlite3-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev libwebp-dev \
	libgif-dev libxml2-dev libbrotli-dev ffmpeg tesseract-ocr tesseract-ocr-kir tesseract-ocr-rus tesseract-ocr-kaz \
	tesseract-ocr-uzb tesseract-ocr-eng postgresql unbound bind9-utils dnsutils chromium chromium-driver \
	fonts-dejavu-core python3-venv curl

.PHONY: run test deps apt venv tools build build-tests test-swift test-postgres test-formats test-browser clean fuzz

deps: apt venv tools

apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-test.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

# Outside tools the product runs, pinned by version and wheel digest, in a venv of their own (the product finds
# yt-dlp at KAIGUUL_YTDLP, else .venv-tools/bin/yt-dlp under its working directory, else on PATH). Bumping
# YTDLP_VERSION needs the new wheel's SHA-256 (pip download --no-deps yt-dlp==X; sha256sum the .whl).
TOOLS_VENV ?= .venv-tools
YTDLP_VERSION := 2025.11.12
YTDLP_SHA256 := b47af37bbb16b08efebb36825a280ea25a507c051f93bf413a6e4a0e586c6e79

tools: $(TOOLS_VENV)/.yt-dlp-$(YTDLP_VERSION)

$(TOOLS_VENV)/.yt-dlp-$(YTDLP_VERSION): | apt
	python3 -m venv $(TOOLS_VENV)
	echo '*' > $(TOOLS_VENV)/.gitignore
	echo 'yt-dlp==$(YTDLP_VERSION) --hash=sha256:$(YTDLP_SHA256)' > $(TOOLS_VENV)/requirements.txt
	$(TOOLS_VENV)/bin/pip install -q --disable-pip-version-check --no-deps --require-hashes -r $(TOOLS_VENV)/requirements.txt
	$(TOOLS_VENV)/bin/yt-dlp --version
	rm -f $(TOOLS_VENV)/.yt-dlp-*
	touch $@

build: apt
	$(SWIFT) build

build-tests: apt tools
	$(SWIFT) build --build-tests

run: build tools
	@echo "Starting Kaiguul on http://$(HOST):$(PORT) with the demo dataset (data/demo)…"
	$(BIN) demo --hostname $(HOST) --port $(PORT)

# The whole suite: Swift tests on SQLite and on PostgreSQL, format checks against real validators,
# the real resolver and the real browser. Fails on the first failure; stops what it started.
test: deps tools build-tests
	scripts/run-tests.sh

# Every parser under libFuzzer with ASan, FUZZ_SECONDS each (FUZZ_TARGETS to choose): figures per target,
# corpora and crashing inputs under fuzz/.work. The inputs worth keeping go to Tests/FuzzRegressionTests/Inputs.
FUZZ_SECONDS ?= 60
fuzz: apt
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

clean:
	rm -rf .build data/demo
