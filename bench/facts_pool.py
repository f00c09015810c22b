"""The fact extractor on UNLABELLED real posts (issue 15): how many posts of the raw corpus
have each fact, and the posts it may have missed.

    python bench/facts_pool.py                      # pool figures, posts per fact
    python bench/facts_pool.py --misses head_fee    # posts with the fact's core words, no fact found
    python bench/facts_pool.py --hits stated_apr    # posts where it was found, with their evidence

The labelled files' tune parts are saturated (bench/facts_tune_errors.py prints no head fee
error), and their check parts must never be read. New sentence shapes come from the raw
posts of ../shared/corpus/raw/ that are in no labelled file, the pool of
bench/unlabelled_pool.py: no check post or near copy is ever shown.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.unlabelled_pool import pool, windows  # noqa: E402
from pipeline import facts as fx  # noqa: E402
from pipeline.tag import Tagger  # noqa: E402

# The fact's core words: a post with them and without the fact is a possible miss. Wide on
# purpose; the reader judges each window by facts.md.
CORE: dict[str, str] = {
    "contacted": r"家人|父母|我妈|我爸|老婆|老公|亲戚|朋友|同事|领导|单位|通讯录|联系人|紧急联系人|邻居",
    "debt_disclosed": r"告诉|告知|说我欠|说我是|群发|曝光|老赖|散布|散播|公布|公开|泄露|透露|到处说|知道我",
    "night_contact": r"半夜|凌晨|深夜|夜里|晚上\s*(?:1[0-2]|十[一二]?|九)\s*点|[0-6]点|睡觉",
    "calls_per_day": r"(?:一天|每天|一日|每日|天天)[^，,。！？]{0,10}?(?:\d+|[一二两三四五六七八九十几百数上]+)(?:多|余|来)?(?:个|通|次)",
    "impersonation": r"冒充|假冒|自称|假装|谎称|律师|法院|警察|公安|派出所|仲裁|检察院|法务",
    "forged_document": r"传票|律师函|立案|逮捕|拘捕|通缉|判决书|起诉书|法律文书|公函|协查",
    "visit": r"上门|家访|外访|到我家|去我家|来我家|到家里|找到家|单位找|公司找|老家|当地",
    "violence": r"打死|弄死|砍|捅|腿|人身安全|生命|杀|揍|收拾|殴打|动手",
    "image_abuse": r"p图|P图|ps|PS|照片|头像|身份证|合成|裸|遗照",
    "stated_apr": r"年化|年利|年息|年华|利率|费率|利息|\d[%％]|百分之",
    "head_fee": r"到手|到账|到帐|实际到|实到|砍头|扣除|扣了|服务费|手续费|下款|放款|合同",
}
# stated_apr: a possible miss needs a percentage or a year word beside a number (利息 alone is everywhere)
APR_NEED = re.compile(r"\d[%％]|百分之|(?:年化|年利|年息|年华|利率)[^，,。！？]{0,8}\d")
_AMOUNTS = re.compile(r"(?<![\d.])\d{3,}(?:\.\d+)?|\d(?:\.\d+)?[万千wk]|[一二两三四五六七八九十][千万]")


def possible_miss(fact: str, text: str) -> bool:
    """Has the post the fact's core words (head_fee: and two amounts; stated_apr: a rate word)?"""
    if not re.search(CORE[fact], text, re.I):
        return False
    if fact == "head_fee":
        return len(_AMOUNTS.findall(text)) >= 2
    if fact == "stated_apr":
        return bool(APR_NEED.search(text))
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--misses", metavar="FACT", choices=fx.FACTS, help="posts with FACT's core words where no FACT was found")
    which.add_argument("--hits", metavar="FACT", choices=fx.FACTS, help="posts where FACT was found, with the value and evidence")
    ap.add_argument("--width", type=int, default=40, help="characters shown either side of a core word (default 40)")
    ap.add_argument("--limit", type=int, default=0, help="print at most this many posts (default all)")
    ap.add_argument("--skip", type=int, default=0, help="skip this many posts first (read a long list in pages)")
    ap.add_argument("--full", action="store_true", help="print whole posts instead of windows")
    args = ap.parse_args()

    t0, c0 = time.perf_counter(), time.process_time()
    posts, figures = pool()
    tagger = Tagger()
    results = [(src, pid, text, tagger.tag_text(text).facts) for src, pid, text in posts]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0

    fact = args.misses or args.hits
    if fact:
        rx = re.compile(CORE[fact], re.I)
        shown = 0
        for src, pid, text, facts in results:
            if args.misses and (facts.get(fact) or not possible_miss(fact, text)):
                continue
            if args.hits and not facts.get(fact):
                continue
            shown += 1
            if shown <= args.skip:
                continue
            if args.limit and shown > args.skip + args.limit:
                break
            print(f"--- {pid} [{src}]")
            if args.hits:
                value = fx.summarise(facts)[fact]
                print(f"  value: {json.dumps(value, ensure_ascii=False)}; evidence: " + " / ".join(e["text"] for e in facts[fact]))
            for w in [text.replace("\n", " | ")] if args.full else windows(text, rx, args.width):
                print(f"  … {w} …")
        print(f"{shown} posts ({'possible misses' if args.misses else 'hits'} of {fact})")
        return

    print("pool: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    print(f"{'fact':<16} {'found':>6} {'core words':>10} {'core, not found':>16}")
    for f in fx.FACTS:
        found = sum(bool(r[3].get(f)) for r in results)
        core = sum(possible_miss(f, r[2]) for r in results)
        misses = sum(possible_miss(f, r[2]) and not r[3].get(f) for r in results)
        print(f"{f:<16} {found:>6} {core:>10} {misses:>16}")
    print(f"pool built and tagged in {wall:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
