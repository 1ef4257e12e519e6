#!/usr/bin/env python3
"""Checks a MISP feed exported by Kaiguul (`kaiguul exchange misp --rule N DIR`, or the files served
at /feeds/misp/<collection>/) with PyMISP, as a MISP instance pulling it would read it.

- manifest.json names every event; each <uuid>.json loads with `MISPEvent().load(...)` without
  errors and carries the uuid, info and date the manifest gives;
- attribute types are the expected ones (domain, url; sha256, md5 in `file` objects; PDQ as `text`
  in Kaiguul's `perceptual-hash` object), and no other object appears;
- every event carries exactly one TLP tag (`tlp:…`), the one given with --tlp if any;
- an attribute tagged kaiguul:lifted or kaiguul:withdrawn is not `to_ids` (a reversal turns it off);
- hashes.csv is exactly PyMISP's MD5 of every attribute value, each with its event's uuid;
- with --expect-lifted VALUE, an attribute with that value is present, lifted and not `to_ids`.

    .venv/bin/python scripts/check-misp.py DIR [--tlp amber] [--expect-lifted example.kg]

One line per event to stdout, problems to stderr, exit status 1 on any problem.
"""
import argparse
import json
import os
import sys

from pymisp import MISPEvent

ATTRIBUTE_TYPES = {"domain", "url"}
OBJECT_TYPES = {"file": {"sha256", "md5"}, "perceptual-hash": {"text"}}
REVERSAL_TAGS = {"kaiguul:lifted", "kaiguul:withdrawn"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--tlp", help="the TLP level every event must carry (clear, green, amber, amber+strict, red)")
    parser.add_argument("--expect-lifted", help="an attribute value that must be present and lifted")
    args = parser.parse_args()
    problems = []

    with open(os.path.join(args.dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    expected_hashes = set()
    lifted_seen = False
    for uuid, entry in sorted(manifest.items()):
        path = os.path.join(args.dir, uuid + ".json")
        event = MISPEvent()
        try:
            event.load_file(path)
        except Exception as e:  # PyMISP raises several kinds; any of them is a failure here
            problems.append("%s: PyMISP cannot load it: %s" % (path, e))
            continue
        if event.uuid != uuid:
            problems.append("%s: uuid %s, manifest says %s" % (path, event.uuid, uuid))
        if event.info != entry.get("info") or event.date.isoformat() != entry.get("date"):
            problems.append("%s: info or date differ from the manifest" % path)
        tlp = [t.name for t in event.tags if t.name.startswith("tlp:")]
        if len(tlp) != 1 or (args.tlp and tlp[0] != "tlp:" + args.tlp):
            problems.append("%s: TLP tags %s" % (path, tlp))
        attributes = list(event.attributes)
        for a in event.attributes:
            if a.type not in ATTRIBUTE_TYPES:
                problems.append("%s: attribute type %s" % (path, a.type))
        for obj in event.objects:
            allowed = OBJECT_TYPES.get(obj.name)
            if allowed is None:
                problems.append("%s: object %s" % (path, obj.name))
                continue
            for a in obj.attributes:
                if a.type not in allowed:
                    problems.append("%s: %s object attribute type %s" % (path, obj.name, a.type))
            attributes += list(obj.attributes)
        for a in attributes:
            tags = {t.name for t in a.tags}
            if tags & REVERSAL_TAGS and a.to_ids:
                problems.append("%s: %s is %s but still to_ids" % (path, a.value, sorted(tags & REVERSAL_TAGS)))
            if args.expect_lifted and a.value == args.expect_lifted and "kaiguul:lifted" in tags and not a.to_ids:
                lifted_seen = True
        expected_hashes |= {(h, uuid) for h in event.attributes_hashes("md5")}
        print("event %s: %d attributes, %d objects, %s" % (uuid, len(event.attributes), len(event.objects), tlp[0] if tlp else "no TLP"))

    with open(os.path.join(args.dir, "hashes.csv"), encoding="utf-8") as f:
        lines = [line.strip() for line in f if line.strip()]
    listed = {tuple(line.split(",", 1)) for line in lines}
    if listed != expected_hashes:
        problems.append("hashes.csv: %d lines, PyMISP computes %d (missing %d, extra %d)" % (
            len(listed), len(expected_hashes), len(expected_hashes - listed), len(listed - expected_hashes)))
    if args.expect_lifted and not lifted_seen:
        problems.append("no lifted, non-IDS attribute with value %s" % args.expect_lifted)

    for p in problems:
        print("check-misp: " + p, file=sys.stderr)
    print("misp: %d events, %d hashes, %d problems" % (len(manifest), len(lines), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
