#!/usr/bin/env python3
"""Checks a STIX 2.1 bundle exported by Kaiguul (`kaiguul exchange stix --rule N`).

1. stix2-validator (STIX 2.1, default options): no errors. Warnings are printed and allowed.
2. Every indicator's pattern is run by stix2-matcher against the observation made from its own
   capture, and must match:
   - a court-ordered domain or address: the observed-data of its case's captures (the report that
     names the indicator names them), each with the url and domain-name observables it refers to;
     at least one of them must match;
   - a banned or listed file: an observed-data built here from the file observables of the bundle;
     at least one must match.
   An indicator with no observation at all fails, unless --allow-unobserved (then it is reported).
Revoked indicators are checked too: a lift withdraws the claim, not the fact that it was observed.

    .venv/bin/python scripts/check-stix.py bundle.json [--allow-unobserved]

One line per check to stdout, problems to stderr, exit status 1 on any problem.
"""
import argparse
import json
import sys

from stix2matcher.matcher import match
from stix2validator import ValidationOptions, validate_parsed_json


def problem(message):
    print("check-stix: " + message, file=sys.stderr)


def validate(bundle):
    """Number of errors stix2-validator reports (warnings printed, not counted)."""
    results = validate_parsed_json(bundle, ValidationOptions(version="2.1"))
    results = results if isinstance(results, list) else [results]
    errors = 0
    for result in results:
        for item in getattr(result, "object_results", None) or [result]:
            for e in getattr(item, "errors", []) or []:
                problem("validator error in %s: %s" % (getattr(item, "object_id", "?"), e))
                errors += 1
            for w in getattr(item, "warnings", []) or []:
                print("validator warning in %s: %s" % (getattr(item, "object_id", "?"), w))
        if not getattr(result, "is_valid", True) and errors == 0:
            problem("validator: bundle is not valid")
            errors += 1
    return errors


def observation(observed, by_id):
    """A matcher input: one bundle holding the observed-data and the observables it refers to."""
    refs = [by_id[r] for r in observed.get("object_refs", []) if r in by_id]
    return {"type": "bundle", "id": "bundle--" + observed["id"].split("--")[1], "objects": [observed] + refs}


def file_observation(sco):
    """An observation made from a file observable: the file as seen once."""
    return {
        "type": "bundle",
        "id": "bundle--" + sco["id"].split("--")[1],
        "objects": [
            {
                "type": "observed-data", "spec_version": "2.1", "id": "observed-data--" + sco["id"].split("--")[1],
                "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                "first_observed": "2026-01-01T00:00:00.000Z", "last_observed": "2026-01-01T00:00:00.000Z",
                "number_observed": 1, "object_refs": [sco["id"]],
            },
            sco,
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle")
    parser.add_argument("--allow-unobserved", action="store_true",
                        help="report an indicator with no observation instead of failing")
    args = parser.parse_args()
    with open(args.bundle, encoding="utf-8") as f:
        bundle = json.load(f)
    objects = bundle.get("objects", [])
    by_id = {o["id"]: o for o in objects}
    failures = 0

    errors = validate(bundle)
    print("validator: %d objects, %d errors" % (len(objects), errors))
    failures += errors

    reports = [o for o in objects if o["type"] == "report"]
    file_observations = [file_observation(o) for o in objects if o["type"] == "file"]
    indicators = [o for o in objects if o["type"] == "indicator" and o.get("pattern_type") == "stix"]
    matched = unobserved = 0
    for indicator in indicators:
        pattern = indicator["pattern"]
        if pattern.startswith("[file:"):
            candidates = file_observations
        else:
            candidates = [
                observation(by_id[ref], by_id)
                for report in reports if indicator["id"] in report.get("object_refs", [])
                for ref in report["object_refs"]
                if ref in by_id and by_id[ref]["type"] == "observed-data"
            ]
        if not candidates:
            unobserved += 1
            message = "%s (%s) has no observation of its own capture" % (indicator["id"], pattern)
            if args.allow_unobserved:
                print("unobserved: " + message)
            else:
                problem(message)
                failures += 1
            continue
        if any(match(pattern, [c], stix_version="2.1") for c in candidates):
            matched += 1
        else:
            problem("%s: pattern %s matches none of its %d observations" % (indicator["id"], pattern, len(candidates)))
            failures += 1
    print("matcher: %d of %d indicators match their own capture (%d without one)" % (matched, len(indicators), unobserved))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
