"""Which rules earn their keep: per rule, how many tags it alone decides, right vs wrong.

    python bench/rule_value.py [tune|check|all] [theme]

Prints counts only (never the posts), so it may be run on the held-out check part: a rule
that only adds wrong tags there is overfitted to the tune part.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import split_of  # noqa: E402
from pipeline.tag import Tagger  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("part", nargs="?", default="tune", choices=("tune", "check", "all"))
    ap.add_argument("theme", nargs="?", help="only this theme's rules")
    args = ap.parse_args()
    part, only = args.part, args.theme
    tagger = Tagger()
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for line in (CORPUS / "labeled" / "dev_codebook.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if part != "all" and split_of(rec["id"]) != part:
            continue
        res = tagger.tag_text(rec["text"])
        for theme, evs in res.themes.items():
            if only and theme != only:
                continue
            rules = {e.rule.split(":")[0] + ":" + e.rule.split(":", 1)[1] if ":" in e.rule else e.rule for e in evs}
            key = " + ".join(sorted(rules)) if len(rules) <= 2 else f"{theme}:(3+ rules)"
            (right if theme in rec["themes"] else wrong)[key] += 1
    for key in sorted(set(right) | set(wrong), key=lambda k: (-wrong[k], -right[k])):
        print(f"{right[key]:>4} right {wrong[key]:>3} wrong  {key}")


if __name__ == "__main__":
    main()
