"""head_fee and stated_apr (issue 15, facts10) from facts.md's definitions, not from the labelled posts.

Sentences written for these tests, in the words of borrowers of many lenders (bank cards, 招联, 捷信,
安逸花, 微粒贷, 360借条, 分期乐, small-loan apps) on the complaint platforms. Each family's positives
failed before its commit; its negatives are controls (they passed before too) unless they say otherwise.
facts.md: head_fee is "the contract amount and the amount actually received differ" (two amounts);
stated_apr "an annual rate the post states" (a number, percent).
"""
from __future__ import annotations

import functools

import pytest

from pipeline import facts as fx
from pipeline.tag import Tagger


@functools.cache
def _tagger() -> Tagger:
    return Tagger()


def values(text: str) -> dict:
    return fx.summarise(_tagger().tag_text(text).facts)


def head_fee(text: str) -> tuple[float, float] | None:
    v = values(text)["head_fee"]
    return None if v is None else (v["contract"], v["received"])


# --- head_fee: the fee's name in quotes or brackets ---------------------------------------------


@pytest.mark.parametrize("text, fee", [
    ('借款10000元，扣了"服务费"1500元。', (10000, 8500)),
    ("借款10000元，扣了“服务费”1500元。", (10000, 8500)),
    ("借款10000元，被收取了‘会员费’1500元。", (10000, 8500)),
    ("借款10000元，扣了【服务费】1500元。", (10000, 8500)),
    ("在安逸花借款6000元，放款时扣除了「审核费」900元。", (6000, 5100)),
])
def test_head_fee_quoted_fee_name(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，到账10000元，我自己另外交了“会员费”500元。",  # paid apart
    "借款10000元，全额到账，每月还要扣“服务费”150元。",  # monthly, repaid
    "借款10000元，逾期后扣了“违约金”800元。",  # a late fee
])
def test_no_head_fee_quoted_fee_name(text):
    assert head_fee(text) is None
