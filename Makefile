# ScopeGuide – the two commands a new machine needs: `make site` and `make test`.
SWIFT  ?= swift
PYTHON ?= python3
BIN    := .build/debug/scopeguide
VERSION := $(shell sed -n 's/^ *version: "\([^"]*\)",.*/\1/p' Sources/scopeguide/ScopeGuideCommand.swift)

.PHONY: site test build unit browser stale check bench fuzz clean dist

## Build the site from Content/ into Public/ (installs libcmark-dev when missing).
site: build
	$(BIN) build

build:
	@scripts/prereqs.sh site
	$(SWIFT) build --product scopeguide

## Run every test: Swift unit tests, the stale-Public/ check, and the browser tests.
test:
	@scripts/prereqs.sh test
	$(SWIFT) build --product scopeguide
	$(MAKE) --no-print-directory unit stale browser

unit:
	$(SWIFT) test

## Public/ is committed: fail when it differs from a fresh build.
stale:
	@rm -rf .build/stale-site
	@$(BIN) build --quiet --output .build/stale-site >/dev/null
	@diff -r Public .build/stale-site >/dev/null || { echo "Public/ is stale: run 'make site' and commit it" >&2; diff -rq Public .build/stale-site >&2; exit 1; }
	@echo "Public/ is up to date"

browser:
	$(PYTHON) -m pytest -q Tests/python

check: build
	$(BIN) check

clean:
	rm -rf .build

## A release archive, dist/scopeguide-$(VERSION)-linux-<arch>.tar.gz: the binary built in release
## mode with the Swift standard library linked statically (the same build `make bench` uses),
## Templates/, the repository's Content/ as a starter, and a README naming the runtime libraries.
dist:
	@scripts/prereqs.sh site
	$(SWIFT) build -c release --static-swift-stdlib --product scopeguide
	@scripts/dist.sh $(VERSION) .build/release/scopeguide

## Benchmark against Hugo and raw cmark (release build); writes bench/results.md.
bench:
	@scripts/prereqs.sh bench
	$(PYTHON) bench/run.py

## Bounded libFuzzer runs (FUZZ_SECONDS per target, default 60) over Fuzz/corpus.
fuzz:
	@scripts/prereqs.sh site
	scripts/fuzz.sh $(FUZZ_SECONDS)
