"""Python peers for the MediaMatch benchmarks: pdqhash (the C++ reference, PyPI) and faiss
IndexBinaryMultiHash. Also generates the index data sets that the Swift benchmark reads, so both
sides search exactly the same hashes.

    bench.py gen OUTDIR COUNT QUERIES SEED     write random.bin, clustered.bin, *.queries.bin
    bench.py pdq IMAGES_DIR SECONDS            pdqhash images/s from pixels and from files
    bench.py faiss HASHES QUERIES [NFLIP]      faiss MultiHash range search at distance <= 31
    bench.py crossgen OUTDIR COUNT SEED        synthetic PPMs of many sizes + pdqhash's hashes
"""
import os
import sys
import time

import numpy as np


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def flip_bits(rows, counts, rng):
    """Flip counts[i] random bits (with replacement) in each 32-byte row."""
    out = rows.copy()
    bits = np.unpackbits(out, axis=1)
    for i, k in enumerate(counts):
        idx = rng.integers(0, 256, size=k)
        bits[i, idx] ^= 1
    return np.packbits(bits, axis=1)


def gen(outdir, count, queries, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(outdir, exist_ok=True)
    # Random: uniform hashes; queries half near a stored hash (0-20 bits away), half random.
    data = rng.integers(0, 256, size=(count, 32), dtype=np.uint8)
    half = queries // 2
    near = flip_bits(data[rng.integers(0, count, size=half)], rng.integers(0, 21, size=half), rng)
    far = rng.integers(0, 256, size=(queries - half, 32), dtype=np.uint8)
    data.tofile(os.path.join(outdir, "random.bin"))
    np.concatenate([near, far]).tofile(os.path.join(outdir, "random.queries.bin"))
    # Clustered: clusters of 100 near-duplicates (0-24 bits from the centre), as re-encoded and
    # resized copies of one picture are.
    clusters = count // 100
    centres = rng.integers(0, 256, size=(clusters, 32), dtype=np.uint8)
    members = centres[np.repeat(np.arange(clusters), 100)]
    # Flipping bits row by row is slow in Python for a million rows: flip with a random mask
    # of the wanted weight instead.
    weights = rng.integers(0, 25, size=count)
    masks = np.zeros((count, 256), dtype=np.uint8)
    cols = np.argsort(rng.random((count, 256)), axis=1)[:, :24]
    for w in range(1, 25):
        rows = np.nonzero(weights == w)[0]
        masks[rows[:, None], cols[rows, :w]] = 1
    clustered = members ^ np.packbits(masks, axis=1)
    clustered.tofile(os.path.join(outdir, "clustered.bin"))
    near = flip_bits(clustered[rng.integers(0, count, size=half)], rng.integers(0, 21, size=half), rng)
    far = rng.integers(0, 256, size=(queries - half, 32), dtype=np.uint8)
    np.concatenate([near, far]).tofile(os.path.join(outdir, "clustered.queries.bin"))


def pdq(images_dir, seconds):
    import pdqhash
    from PIL import Image

    names = sorted(n for n in os.listdir(images_dir) if n.endswith((".jpg", ".png")))
    paths = [os.path.join(images_dir, n) for n in names]
    pixels = [np.asarray(Image.open(p).convert("RGB")) for p in paths]
    print("images", len(pixels))
    for arr in pixels:  # warm-up
        pdqhash.compute(arr)
    passes, start = 0, time.perf_counter()
    while True:
        for arr in pixels:
            pdqhash.compute(arr)
        passes += 1
        if time.perf_counter() - start >= seconds:
            break
    print("pixels_images_per_s %.1f" % (passes * len(pixels) / (time.perf_counter() - start)))
    passes, start = 0, time.perf_counter()
    while True:
        for p in paths:
            pdqhash.compute(np.asarray(Image.open(p).convert("RGB")))
        passes += 1
        if time.perf_counter() - start >= seconds:
            break
    print("files_images_per_s %.1f" % (passes * len(paths) / (time.perf_counter() - start)))
    passes, start = 0, time.perf_counter()
    while True:
        for arr in pixels:
            pdqhash.compute_dihedral(arr)
        passes += 1
        if time.perf_counter() - start >= seconds:
            break
    print("dihedral_images_per_s %.1f" % (passes * len(pixels) / (time.perf_counter() - start)))
    for n, arr in zip(names, pixels):
        bits, quality = pdqhash.compute(arr)
        # pdqhash returns bit 255 first; pack to the reference's hex string.
        print("hash", n, "".join("%x" % int("".join(map(str, bits[i:i + 4])), 2) for i in range(0, 256, 4)), quality)


def faiss_bench(hashes_path, queries_path, nflip):
    """nflip=0 (faiss's default) probes only each query's own buckets and can miss matches at
    distance <= 31; nflip=1 probes the 16 one-bit neighbours too, which makes it exact."""
    import faiss

    data = np.fromfile(hashes_path, dtype=np.uint8).reshape(-1, 32)
    queries = np.fromfile(queries_path, dtype=np.uint8).reshape(-1, 32)
    faiss.omp_set_num_threads(1)
    before = rss_bytes()
    start = time.perf_counter()
    index = faiss.IndexBinaryMultiHash(256, 16, 16)
    index.nflip = nflip
    index.add(data)
    print("build_s %.2f" % (time.perf_counter() - start))
    print("bytes_per_hash %.1f" % ((rss_bytes() - before) / len(data)))
    start = time.perf_counter()
    lims, _, _ = index.range_search(queries, 32)  # strictly below 32, i.e. <= 31
    elapsed = time.perf_counter() - start
    print("queries", len(queries))
    print("qps %.0f" % (len(queries) / elapsed))
    print("total_matches", int(lims[-1]))


def crossgen(outdir, count, seed):
    """Synthetic pictures (gradients, blocks, noise; sizes 5 to 1500) as PPM, with the hash and
    quality pdqhash computes from the same pixels, for a bit-exactness check beyond the fixtures."""
    import pdqhash

    rng = np.random.default_rng(seed)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "expected.tsv"), "w") as out:
        for i in range(count):
            h, w = int(rng.integers(5, 1500)), int(rng.integers(5, 1500))
            if i % 10 == 0:
                h, w = int(rng.integers(5, 70)), int(rng.integers(5, 70))
            y, x = np.mgrid[0:h, 0:w]
            base = np.stack([np.sin(x * rng.uniform(0.001, 0.2) + y * rng.uniform(0.001, 0.2) + c)
                             for c in range(3)], -1)
            blocks = ((x // int(rng.integers(2, 60)) + y // int(rng.integers(2, 60))) % 2)[..., None]
            noise = rng.normal(0, rng.uniform(0, 0.6), size=(h, w, 3))
            img = np.clip(127.5 + 90 * base + 60 * blocks + 40 * noise, 0, 255).astype(np.uint8)
            name = "c%04d.ppm" % i
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(b"P6\n%d %d\n255\n" % (w, h))
                f.write(img.tobytes())
            bits, quality = pdqhash.compute(img)
            hexs = "".join("%x" % int("".join(map(str, bits[j:j + 4])), 2) for j in range(0, 256, 4))
            out.write("%s\t%s\t%d\n" % (name, hexs, quality))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    elif cmd == "pdq":
        pdq(sys.argv[2], float(sys.argv[3]))
    elif cmd == "crossgen":
        crossgen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "faiss":
        faiss_bench(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1)
