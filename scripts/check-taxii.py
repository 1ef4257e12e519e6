#!/usr/bin/env python3
"""Reads every collection of a running Kaiguul TAXII 2.1 server with taxii2-client, as a partner would.

For each collection the partner's token can see: the manifest is read whole, then the objects are read
in at least two pages (following `next`) and must be exactly the manifest's last versions, each once;
then `added_after` (a date_added the manifest gave) must return exactly what was added
later. With --expect-revoked DOMAIN, an indicator naming DOMAIN must be served revoked (a lifted
block). Results go to stdout, one line per collection; problems to stderr; the exit status is 1 on
any problem.

    .venv/bin/python scripts/check-taxii.py http://127.0.0.1:8080/taxii2/ --token kgl_... [--user partner]
"""
import argparse
import os
import sys

from taxii2client.common import TokenAuth
from taxii2client.v21 import Server, as_pages


def fail(message):
    print("check-taxii: " + message, file=sys.stderr)
    return 1


def read_all(func, per_request, **filters):
    """All items and the number of pages it took, following `next`."""
    items, pages = [], 0
    for envelope in as_pages(func, per_request=per_request, **filters):
        pages += 1
        items.extend(envelope.get("objects", []))
        if pages > 10000:
            raise RuntimeError("paging does not end")
    return items, pages


def check_collection(collection, expect_revoked):
    problems = 0
    manifest, _ = read_all(collection.get_manifest, 0)
    ids = [entry["id"] for entry in manifest]
    if len(ids) != len(set(ids)):
        problems += fail(f"{collection.id}: the manifest names an object twice")
    if len(manifest) < 2:
        problems += fail(f"{collection.id}: {len(manifest)} object(s); two pages need at least two")
        return problems, 0, 0
    per_page = max(1, (len(manifest) + 1) // 2)
    objects, pages = read_all(collection.get_objects, per_page)
    if pages < 2:
        problems += fail(f"{collection.id}: read in {pages} page(s) of {per_page}; expected at least two")
    served = [(o["id"], o.get("modified") or o.get("created") or "") for o in objects]
    if len(served) != len(set(served)):
        problems += fail(f"{collection.id}: an object came twice across pages")
    if [o["id"] for o in objects] != ids:
        problems += fail(f"{collection.id}: paged objects differ from the manifest "
                         f"({len(objects)} against {len(manifest)})")
    versions = {entry["id"]: entry["version"] for entry in manifest}
    for obj in objects:
        version = obj.get("modified") or obj.get("created")
        if version and versions.get(obj["id"]) not in (version, None) and obj["type"] != "identity":
            problems += fail(f"{collection.id}: {obj['id']} served at {version}, manifest says {versions[obj['id']]}")
    # added_after: what was added strictly after a date_added the manifest gave, nothing else. A
    # collection published in one run has one date_added; then only "nothing after the newest" is checked.
    dates = sorted({e["date_added"] for e in manifest})
    if len(dates) >= 2:
        after = dates[-2]
        later_expected = [e["id"] for e in manifest if e["date_added"] > after]
        later, _ = read_all(collection.get_objects, per_page, added_after=after)
        if [o["id"] for o in later] != later_expected:
            problems += fail(f"{collection.id}: added_after={after} gave {len(later)} object(s), "
                             f"expected {len(later_expected)}")
    newest, _ = read_all(collection.get_objects, per_page, added_after=dates[-1])
    if newest:
        problems += fail(f"{collection.id}: added_after={dates[-1]} (the newest) still gave {len(newest)} object(s)")
    if expect_revoked:
        named = [o for o in objects if o.get("type") == "indicator" and expect_revoked in o.get("pattern", "")]
        if named and not all(o.get("revoked") is True for o in named):
            problems += fail(f"{collection.id}: the indicator for {expect_revoked} is not revoked")
    return problems, pages, len(objects)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the discovery URL, e.g. http://127.0.0.1:8080/taxii2/")
    parser.add_argument("--token", default=os.environ.get("KAIGUUL_TAXII_TOKEN"),
                        help="a partner account's API token (or KAIGUUL_TAXII_TOKEN)")
    parser.add_argument("--user", default=None, help="the account's user name, sent with Basic authentication")
    parser.add_argument("--expect-revoked", default=None, metavar="DOMAIN",
                        help="an indicator naming DOMAIN must be served revoked in the collections that hold it")
    args = parser.parse_args()
    if not args.token:
        return fail("no token: pass --token or set KAIGUUL_TAXII_TOKEN")

    # With a user name the token goes as the Basic password; without one as `Authorization: Token …`.
    if args.user:
        server = Server(args.url, user=args.user, password=args.token)
    else:
        server = Server(args.url, auth=TokenAuth(args.token))
    roots = server.api_roots
    if not roots:
        return fail("the discovery resource names no API root")
    problems, checked, revoked_seen = 0, 0, False
    for root in roots:
        if "application/taxii+json;version=2.1" not in root.versions:
            problems += fail(f"{root.url}: does not declare TAXII 2.1")
        for collection in root.collections:
            if not collection.can_read or collection.can_write:
                problems += fail(f"{collection.id}: expected can_read true and can_write false")
            found, pages, count = check_collection(collection, args.expect_revoked)
            problems += found
            checked += 1
            if args.expect_revoked:
                objects, _ = read_all(collection.get_objects, 0, type="indicator")
                revoked_seen |= any(args.expect_revoked in o.get("pattern", "") and o.get("revoked") is True
                                    for o in objects)
            print(f"{collection.id}\t{collection.title}\t{count} objects\t{pages} pages\t"
                  f"{'ok' if found == 0 else 'FAILED'}")
    if checked == 0:
        problems += fail("the token sees no collection: is a sharing rule in place for its partner?")
    if args.expect_revoked and not revoked_seen:
        problems += fail(f"no collection serves a revoked indicator for {args.expect_revoked}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
