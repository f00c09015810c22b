"""Bloom filters over 64-bit hash keys, for the near-duplicate band index's tiers (issue 17).

A run looks its ~160,000 new band keys up in every tier of the index (pipeline/store.py,
Store.band_members); nearly all of them are in no tier (a new text shares a band with a
stored one rarely). Without a filter each (tier, key) pair is a B-tree probe, and the tiers
grow in number with the archive (log_F of it): the lookups were what made a run's cost grow
(1.5 s at 1M posts, 2-2.3 s at 3M). A tier's filter answers "surely not here" for ~99.9% of
the absent keys from memory, so a run probes only the few keys that may be there.

The keys are already uniform 64-bit hashes (blake2b in pipeline/dedupe.py), so the filter
needs no hashing of its own: double hashing (Kirsch & Mitzenmacher 2006) takes the k bit
positions as h1 + i*h2 mod m, h1 and h2 the key's low and high 32 bits. With BITS_PER_KEY = 16
and HASHES = 5 the false-positive rate is ~0.14%, (1 - e^(-5/16))^5 (2 bytes a band row: ~320
MB for 10M posts, one tier's in memory at a time). It was 8 bits (~2.2%): at 10M posts each of
a run's 160,000 keys still reached ~3,400 B-tree probes in each big tier, ~50-80 us apiece in a
19 GB store, ~1.8 s of a run (bench/update.py). A filter stores its own size, so filters written
with 8 bits a key answer as before until their tier is merged (HASHES must never change).
A filter only ever says "maybe" for a key that was added: rows deleted from a tier later
(a re-indexed post, a merge moving rows out) leave it a superset, which is still correct.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

BITS_PER_KEY = 16
HASHES = 5
_LOW = np.uint64(0xFFFFFFFF)
_STEPS = np.arange(HASHES, dtype=np.uint64)


MAX_BITS = 2**31  # 256 MB: SQLite stores at most 1e9 bytes in a value (a tier of 268M rows)


def size_for(n_keys: int) -> int:
    """Bits for a filter of n_keys keys: BITS_PER_KEY each, a whole number of bytes, >= 64; at
    most MAX_BITS (beyond ~270M band rows a tier's filter answers "maybe" more often)."""
    return min(MAX_BITS, max(64, (n_keys * BITS_PER_KEY + 7) // 8 * 8))


def _positions(keys: np.ndarray, n_bits: int) -> np.ndarray:
    """(len(keys), HASHES) bit positions of signed 64-bit keys in a filter of n_bits bits."""
    u = np.ascontiguousarray(keys, dtype=np.int64).view(np.uint64)
    h1, h2 = u & _LOW, (u >> np.uint64(32)) | np.uint64(1)  # odd: the k positions differ
    return (h1[:, None] + _STEPS[None, :] * h2[:, None]) % np.uint64(n_bits)


class Builder:
    """A filter of n_bits bits, filled chunk by chunk (a tier's keys are read in chunks)."""

    def __init__(self, n_bits: int) -> None:
        if n_bits < 64 or n_bits % 8:
            raise ValueError("n_bits must be a multiple of 8, at least 64")
        self.n_bits = n_bits
        self._bits = np.zeros(n_bits // 8, dtype=np.uint8)

    def add(self, keys: Iterable[int] | np.ndarray) -> None:
        pos = _positions(np.asarray(keys, dtype=np.int64), self.n_bits).ravel()
        # np.bitwise_or.at: positions repeat within a chunk, a plain |= would lose all but one
        np.bitwise_or.at(self._bits, (pos >> np.uint64(3)).astype(np.int64),
                         (np.uint8(1) << (pos & np.uint64(7)).astype(np.uint8)))

    def to_bytes(self) -> bytes:
        return self._bits.tobytes()


def build(keys: Iterable[int] | np.ndarray) -> tuple[int, bytes]:
    """(n_bits, bits) of a filter holding these keys."""
    arr = np.asarray(list(keys) if not isinstance(keys, np.ndarray) else keys, dtype=np.int64)
    b = Builder(size_for(len(arr)))
    b.add(arr)
    return b.n_bits, b.to_bytes()


def intact(n_bits: int, bits: bytes) -> bool:
    """Do the stored bytes make a filter of n_bits bits? (A truncated row would answer wrong.)"""
    return n_bits >= 64 and len(bits) * 8 == n_bits


def may_hold(n_bits: int, bits: bytes, keys: np.ndarray) -> np.ndarray:
    """A boolean mask over keys: False where the key was surely never added."""
    if not intact(n_bits, bits):
        raise ValueError(f"a filter of {n_bits} bits stored in {len(bits)} bytes: damaged")
    if len(keys) == 0:
        return np.zeros(0, dtype=bool)
    arr = np.frombuffer(bits, dtype=np.uint8)
    pos = _positions(keys, n_bits)
    set_ = (arr[(pos >> np.uint64(3)).astype(np.int64)] >> (pos & np.uint64(7)).astype(np.uint8)) & np.uint8(1)
    return set_.all(axis=1)
