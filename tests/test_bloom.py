"""pipeline/bloom.py: the Bloom filters of the near-duplicate index's tiers (issue 17)."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline import bloom


def _keys(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(-2**63, 2**63 - 1, size=n, dtype=np.int64)


def test_every_added_key_may_be_there():
    keys = _keys(50_000, 1)
    n_bits, bits = bloom.build(keys)
    assert bloom.may_hold(n_bits, bits, keys).all()  # never a false "surely not"


def test_absent_keys_are_ruled_out_at_the_designed_rate():
    # 8 bits and 5 hashes a key: ~2.2% false positives (1 - e^(-5/8))^5.
    n_bits, bits = bloom.build(_keys(50_000, 1))
    rate = bloom.may_hold(n_bits, bits, _keys(200_000, 2)).mean()
    assert 0.01 < rate < 0.04
    assert n_bits == 50_000 * bloom.BITS_PER_KEY and len(bits) == 50_000


def test_built_in_chunks_equals_built_at_once_and_repeats_are_harmless():
    keys = _keys(10_000, 3)
    b = bloom.Builder(bloom.size_for(len(keys)))
    for lo in range(0, len(keys), 3_000):
        b.add(keys[lo:lo + 3_000])
    b.add(keys[:10])  # a key whose rows straddle two chunks is added twice
    assert (b.n_bits, b.to_bytes()) == bloom.build(keys)


def test_keys_at_the_ends_of_the_range_and_tiny_filters():
    edge = np.array([-2**63, -1, 0, 1, 2**63 - 1], dtype=np.int64)
    n_bits, bits = bloom.build(edge)
    assert n_bits == 64  # the smallest filter
    assert bloom.may_hold(n_bits, bits, edge).all()
    assert bloom.may_hold(n_bits, bits, np.array([], dtype=np.int64)).shape == (0,)
    n_bits, bits = bloom.build([])
    assert not bloom.may_hold(n_bits, bits, edge).any()  # an empty filter holds nothing


def test_a_damaged_filter_is_an_error_not_a_wrong_answer():
    n_bits, bits = bloom.build(_keys(100, 4))
    with pytest.raises(ValueError, match="damaged"):
        bloom.may_hold(n_bits, bits[:-1], _keys(10, 5))
    with pytest.raises(ValueError):
        bloom.Builder(100)  # not whole bytes


def test_a_filter_never_outgrows_what_a_database_value_can_hold():
    assert bloom.size_for(10) == 80
    assert bloom.size_for(10**10) == bloom.MAX_BITS  # 80 Gbit asked: capped, still a valid filter
