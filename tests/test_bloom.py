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
    # 16 bits and 5 hashes a key: ~0.14% false positives (1 - e^(-5/16))^5, ~280 of 200,000
    # (8 bits gave ~2.2%: at 10M posts each false "maybe" is a B-tree probe of a big tier).
    n_bits, bits = bloom.build(_keys(50_000, 1))
    rate = bloom.may_hold(n_bits, bits, _keys(200_000, 2)).mean()
    assert 0.0007 < rate < 0.0025
    assert n_bits == 50_000 * 16 and len(bits) == 100_000


def test_a_filter_written_with_8_bits_a_key_still_answers():
    # An index built before the filters grew keeps its tiers' filters until they are merged:
    # a filter stores its size, and the hashes are the same, so it answers at its own rate.
    keys = _keys(50_000, 1)
    old = bloom.Builder(50_000 * 8)
    old.add(keys)
    n_bits, bits = old.n_bits, old.to_bytes()
    assert bloom.may_hold(n_bits, bits, keys).all()
    assert 0.01 < bloom.may_hold(n_bits, bits, _keys(200_000, 2)).mean() < 0.04


def test_built_in_chunks_equals_built_at_once_and_repeats_are_harmless():
    keys = _keys(10_000, 3)
    b = bloom.Builder(bloom.size_for(len(keys)))
    for lo in range(0, len(keys), 3_000):
        b.add(keys[lo:lo + 3_000])
    b.add(keys[:10])  # a key whose rows straddle two chunks is added twice
    assert (b.n_bits, b.to_bytes()) == bloom.build(keys)


def test_keys_at_the_ends_of_the_range_and_tiny_filters():
    edge = np.array([-2**63, -1, 0, 1, 2**63 - 1], dtype=np.int64)
    assert bloom.build(edge[:2])[0] == 64  # the smallest filter (2 keys x 16 bits = 32 asked)
    n_bits, bits = bloom.build(edge)
    assert n_bits == 80  # 5 keys x 16 bits
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
    assert bloom.size_for(10) == 160
    assert bloom.size_for(10**10) == bloom.MAX_BITS  # 80 Gbit asked: capped, still a valid filter
