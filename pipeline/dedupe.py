"""Near-duplicate posts: one complainant's text on several platforms, or one 黑猫
complaint split into several sn (one per company named, same text).

Two passes, both on the body normalised to CJK letters and digits (punctuation, spaces
and masking stars differ between copies):
1. exact: equal normalised bodies (the split-sn case, re-posts);
2. near: MinHash of character 4-gram shingles (Broder 1997) with LSH banding (16 bands
   of 4 rows: pairs above ~0.5 Jaccard become candidates). A candidate pair is linked
   when both texts hold the same numbers (amounts and dates differ between two
   complainants' stories), their lengths are similar, the estimated Jaccard similarity
   is >= 0.6 (>= 0.8 without numbers), and >= 90% of the shorter text's shingles occur
   in the longer one (exact; a copy that adds a sentence keeps ~100%, the same template
   about another lender does not). Shingle hashes are splitmix64 of the
   code points, so results do not depend on Python's per-process hash seed.
Pairs are linked through the store, which groups them transitively.

Incremental (issue 17): the store keeps each post's text hash (posts.dedupe_hash, NULL
while pending) and the LSH band hashes of each distinct text (dedupe_bands; each key also
holds the text's set of numbers, which a link requires equal, so a bucket holds only texts
that could link). A run reads only the pending posts, looks their text hashes and band
keys up by index, and compares them with the few stored posts in the same buckets, so its
cost grows with the new posts, not with the archive. The band rows of a run go into the store
as one new tier of an LSM-like index (pipeline/store.py dedupe_bands: appended, never inserted
among the archive's rows; tiers merged so their number stays O(log archive)); lookups probe
every tier, but only for the keys its Bloom filter (pipeline/bloom.py, one per tier, as in an
LSM tree) does not rule out: nearly all of a run's keys are in no tier. It runs after every crawl (crawler/pipelines.py) and import;
`complaints dedupe --rebuild` starts over after a change of the parameters below. A
bucket holding more than MAX_BUCKET texts is boilerplate: it stops taking members and
links nothing more.
"""
from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

MIN_CHARS = 30          # shorter texts ("催收骚扰") collide by chance, never link them
SHINGLE = 4
PERMS, BANDS = 64, 16   # 16 bands x 4 rows
MIN_JACCARD = 0.8       # texts without numbers
MIN_JACCARD_SAME_NUMBERS = 0.6  # equal amounts/dates are strong evidence of one story
MIN_CONTAINMENT = 0.9   # exact check on candidate pairs only
MIN_LENGTH_RATIO = 0.6  # a copy may add a sentence ("已在其他平台投诉过")
MAX_BUCKET = 200        # a band bucket this full is boilerplate, not a duplicate cluster
# PERMS fixed hash functions h -> a*h + b (mod 2**64, a odd): each is a permutation of the
# 64-bit values, and far less correlated between functions than XOR with a mask.
_RNG = np.random.default_rng(20240601)
_MUL = _RNG.integers(0, 2**63, size=PERMS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_ADD = _RNG.integers(0, 2**63, size=PERMS, dtype=np.uint64)

_NOT_WORD = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_NUMBER = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Lower-case CJK letters and digits only (full-width digits made ASCII by NFKC)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def minhash(norm: str) -> np.ndarray:
    """PERMS minimum hashes of the character shingles of an already normalised text.

    Vectorised: each 4-gram of code points is combined into one 64-bit value and mixed
    with splitmix64 (Steele et al. 2014), in numpy; ~20x faster than hashing each
    shingle in Python, and like blake2b independent of Python's per-process hash seed.
    """
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(cps) < SHINGLE:
        cps = np.concatenate([cps, np.zeros(SHINGLE - len(cps), dtype=np.uint64)])
    k = len(cps) - SHINGLE + 1
    x = np.zeros(k, dtype=np.uint64)
    for i in range(SHINGLE):  # a polynomial over the 4 code points (an odd multiplier), then mixed
        x = (x * np.uint64(0x100000001B3)) ^ cps[i:i + k]
    hashes = _splitmix64(x)
    return (hashes[:, None] * _MUL[None, :] + _ADD[None, :]).min(axis=0)


def _splitmix64(x: np.ndarray) -> np.ndarray:
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingles(norm: str) -> set[str]:
    return {norm[i:i + SHINGLE] for i in range(max(1, len(norm) - SHINGLE + 1))}


def containment(a: str, b: str) -> float:
    """Share of the shorter text's shingles found in the longer one: a copy that adds a
    sentence keeps ~1.0; the same template about another lender drops below 0.9."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(1, min(len(sa), len(sb)))


def find_duplicates(records: Iterable[tuple[int, str]]) -> list[tuple[int, int]]:
    """(post id, body) records -> pairs of ids whose bodies are (near) duplicates."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for pid, body in records:
        norm = normalise(body)
        if len(norm) >= MIN_CHARS:
            by_text[norm].append(pid)
    pairs: set[tuple[int, int]] = set()
    reps: list[tuple[int, str]] = []
    for norm, ids in by_text.items():
        ids.sort()
        pairs.update((ids[0], other) for other in ids[1:])  # a star links the whole group
        reps.append((ids[0], norm))
    pairs.update(_near_pairs(reps))
    return sorted(pairs)


def _near_pairs(reps: list[tuple[int, str]]) -> set[tuple[int, int]]:
    sigs = {pid: minhash(norm) for pid, norm in reps}
    texts = dict(reps)
    rows = PERMS // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for pid, sig in sigs.items():
        for band in range(BANDS):
            buckets[(band, sig[band * rows:(band + 1) * rows].tobytes())].append(pid)
    pairs, checked = set(), set()
    for ids in buckets.values():
        if len(ids) < 2 or len(ids) > MAX_BUCKET:
            continue
        for a, b in combinations(sorted(ids), 2):
            if (a, b) in checked:
                continue
            checked.add((a, b))
            if is_near(texts[a], texts[b], sigs[a], sigs[b]):
                pairs.add((a, b))
    return pairs


def is_near(a: str, b: str, sig_a: np.ndarray, sig_b: np.ndarray) -> bool:
    """The link rule for a candidate pair of normalised texts (see the module docstring)."""
    # Two complainants' stories from one template differ in their amounts and dates; a
    # copied post keeps them. Different numbers veto a link.
    nums_a, nums_b = frozenset(_NUMBER.findall(a)), frozenset(_NUMBER.findall(b))
    if nums_a != nums_b or min(len(a), len(b)) < MIN_LENGTH_RATIO * max(len(a), len(b)):
        return False
    need = MIN_JACCARD_SAME_NUMBERS if nums_a else MIN_JACCARD
    return float((sig_a == sig_b).mean()) >= need and containment(a, b) >= MIN_CONTAINMENT


# --- the incremental index in the store -------------------------------------------------------


def text_hash(norm: str) -> int:
    """A signed 64-bit hash of a normalised text (a BIGINT); 0 for texts too short to link."""
    if len(norm) < MIN_CHARS:
        return 0
    h = int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
    return h or 1


def numbers_key(norm: str) -> bytes:
    """The set of numbers a normalised text holds, as 8 bytes (equal sets, equal bytes)."""
    nums = ",".join(sorted(set(_NUMBER.findall(norm))))
    return hashlib.blake2b(nums.encode("ascii"), digest_size=8).digest()


def band_keys(sig: np.ndarray, numbers: bytes) -> list[int]:
    """One signed 64-bit key per LSH band: the band number, its rows and the text's
    `numbers_key`, hashed.

    The numbers are folded in because `is_near` links two texts only when they hold the
    same numbers: a bucket then holds only texts that could link, instead of every story
    of a template with other amounts and dates, which grew with the archive (issue 17:
    at 100k posts a 10k-post run read and normalised 140k stored bodies to veto them).
    """
    rows = PERMS // BANDS
    return [int.from_bytes(hashlib.blake2b(bytes([band]) + sig[band * rows:(band + 1) * rows].tobytes() + numbers,
                                           digest_size=8).digest(), "little", signed=True)
            for band in range(BANDS)]


@dataclass
class DedupeRun:
    posts: int = 0      # posts indexed in this run
    regrouped: int = 0  # posts whose duplicate group changed
    seconds: float = 0.0


# Posts indexed per batch: each batch reads every tier's Bloom filter once (~330 MB at 10M posts,
# Store.band_members) and writes one tier, so an hourly update of up to this many posts is one
# pass. 5,000 read the filters twice for an update of 10,000 posts: ~0.4-0.5 s more at 10M.
# A batch's texts, signatures and band rows are in memory at once (bench/update.py: ~100 MB
# more peak RSS than batches of 5,000), which is why it is not larger.
BATCH_POSTS = 10_000


def link_new_posts(store: Any, batch_size: int = BATCH_POSTS, rebuild: bool = False) -> DedupeRun:
    """Index the posts not indexed yet and link those that copy one another or a stored post."""
    started = time.perf_counter()
    run = DedupeRun()
    if rebuild:
        store.reset_dedupe_index()
    for batch in store.posts_to_dedupe(batch_size):
        run.posts += len(batch)
        run.regrouped += _index_batch(store, batch)
    run.seconds = time.perf_counter() - started
    return run


def _index_batch(store: Any, batch: list[tuple[int, str]]) -> int:
    norms = {pid: normalise(body) for pid, body in batch}
    hashes = {pid: text_hash(norm) for pid, norm in norms.items()}
    pairs: set[tuple[int, int]] = set()

    # Exact copies: a stored post with the same text, or another new post.
    by_hash: dict[int, list[int]] = defaultdict(list)
    for pid, h in hashes.items():
        if h:
            by_hash[h].append(pid)
    known = store.posts_by_text_hash(by_hash)
    reps: dict[int, str] = {}  # new distinct texts: these get band rows
    for h, ids in by_hash.items():
        ids.sort()
        root = min(known.get(h, ids[0]), ids[0])
        pairs.update((min(root, pid), max(root, pid)) for pid in ids if pid != root)
        if h not in known:
            reps[ids[0]] = norms[ids[0]]

    # Near copies: candidates share a band bucket with a new text.
    sigs = {pid: minhash(norm) for pid, norm in reps.items()}
    keys = {pid: band_keys(sig, numbers_key(reps[pid])) for pid, sig in sigs.items()}
    bucket_new: dict[int, list[int]] = defaultdict(list)
    for pid, ks in keys.items():
        for k in ks:
            bucket_new[k].append(pid)
    members = store.band_members(bucket_new)
    candidates: set[tuple[int, int]] = set()
    for k, new_ids in bucket_new.items():
        old_ids = members.get(k, [])
        if len(old_ids) + len(new_ids) < 2 or len(old_ids) + len(new_ids) > MAX_BUCKET:
            continue
        for a in new_ids:
            candidates.update((min(a, b), max(a, b)) for b in (*old_ids, *new_ids) if b != a)
    old_needed = {i for pair in candidates for i in pair} - reps.keys()
    texts = {**{pid: normalise(body) for pid, body in store.bodies(old_needed).items()}, **reps}
    numbers = {pid: frozenset(_NUMBER.findall(text)) for pid, text in texts.items()}
    for a, b in sorted(candidates):
        if a not in texts or b not in texts or numbers[a] != numbers[b]:
            continue  # rare: a stored text gone, or edited since it was indexed (its keys hold the old numbers)
        for pid in (a, b):
            if pid not in sigs:
                sigs[pid] = minhash(texts[pid])
        if is_near(texts[a], texts[b], sigs[a], sigs[b]):
            pairs.add((a, b))

    # Sorted by key: the run's tier is written in index order, at the index's right edge.
    bands = sorted((k, pid) for pid, ks in keys.items() for k in ks if len(members.get(k, ())) <= MAX_BUCKET)
    return store.save_dedupe_index(sorted(hashes.items()), bands, sorted(pairs))


def link_near_duplicates(store: Any) -> int:
    """Link the new posts of a crawl or import; returns the posts regrouped."""
    return link_new_posts(store).regrouped
