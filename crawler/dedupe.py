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
   about another lender does not). Shingle hashes are blake2b, so results do not depend
   on Python's per-process hash seed.
Pairs are linked through Store.link_duplicates, which groups them transitively.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import numpy as np

MIN_CHARS = 30          # shorter texts ("催收骚扰") collide by chance, never link them
SHINGLE = 4
PERMS, BANDS = 64, 16   # 16 bands x 4 rows
MIN_JACCARD = 0.8       # texts without numbers
MIN_JACCARD_SAME_NUMBERS = 0.6  # equal amounts/dates are strong evidence of one story
MIN_CONTAINMENT = 0.9   # exact check on candidate pairs only
MIN_LENGTH_RATIO = 0.6  # a copy may add a sentence ("已在其他平台投诉过")
MAX_BUCKET = 200        # a band bucket this full is boilerplate, not a duplicate cluster
# Fixed masks: XOR with a random 64-bit mask permutes uniformly distributed hashes.
_MASKS = np.random.default_rng(20240601).integers(0, 2**63, size=PERMS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

_NOT_WORD = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_NUMBER = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Lower-case CJK letters and digits only (full-width digits made ASCII by NFKC)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def minhash(norm: str) -> np.ndarray:
    """PERMS minimum hashes of the character shingles of an already normalised text."""
    digests = b"".join(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles(norm))
    hashes = np.frombuffer(digests, dtype="<u8")
    return (hashes[:, None] ^ _MASKS[None, :]).min(axis=0)


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
    sigs = {pid: (minhash(norm), len(norm)) for pid, norm in reps}
    # Two complainants' stories from one template differ in their amounts and dates; a
    # copied post keeps them. Different numbers veto a link.
    nums = {pid: frozenset(_NUMBER.findall(norm)) for pid, norm in reps}
    texts = dict(reps)
    rows = PERMS // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for pid, (sig, _) in sigs.items():
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
            (sa, la), (sb, lb) = sigs[a], sigs[b]
            if nums[a] != nums[b] or min(la, lb) < MIN_LENGTH_RATIO * max(la, lb):
                continue
            need = MIN_JACCARD_SAME_NUMBERS if nums[a] else MIN_JACCARD
            if float((sa == sb).mean()) >= need and containment(texts[a], texts[b]) >= MIN_CONTAINMENT:
                pairs.add((a, b))
    return pairs


def link_near_duplicates(store) -> int:
    """Find near-duplicates among all stored posts and link them; returns posts regrouped."""
    # posts_to_tag(everything=True) streams id/title/body dicts without pandas (which
    # alone would cost a crawl process half a second to import).
    records = [(row["id"], row["body"]) for batch in store.posts_to_tag("", batch_size=20_000, everything=True)
               for row in batch]
    return store.link_duplicates(find_duplicates(records))
