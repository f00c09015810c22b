"""Print the fact extractor's mistakes on the TUNE part of dev_facts.jsonl only (issue 15).

    python bench/facts_tune_errors.py [fact] [--missed | --extra] [--text]

The check part (pipeline.evaluate.split_part(id) == "check") is never printed, not even its
ids: fact rules are written from the tune part, and the check part's aggregate scores
(`complaints eval`) say whether they generalise.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import evaluate_facts  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description="The fact extractor's mistakes on the tune part of dev_facts.jsonl.")
    ap.add_argument("fact", nargs="?", help="only this fact (e.g. head_fee)")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--missed", action="store_true", help="only facts the extractor missed")
    which.add_argument("--extra", action="store_true", help="only facts it gave that the annotators did not")
    ap.add_argument("--text", action="store_true", help="print each post's labelled line too")
    args = ap.parse_args()
    only = args.fact
    path = CORPUS / "labeled" / "dev_facts.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    report = evaluate_facts(lines, parts=("tune",))  # only the tune part is even tagged
    for err in report.errors:
        missed = [] if args.extra else [a for a in err["missed"] if not only or a.startswith(only)]
        extra = [] if args.missed else [a for a in err["extra"] if not only or a.startswith(only)]
        if not missed and not extra:
            continue
        print(f"--- line {err['line']} {err['id']} missed={missed} extra={extra} evidence={err['evidence']}")
        if args.text:
            print(lines[err["line"] - 1])
    t = report.per_fact["tune"]
    print(f"tune posts: {report.posts['tune']}; " + ", ".join(
        f"{f} fp={c.fp} fn={c.fn}" for f, c in t.items() if c.fp or c.fn))


if __name__ == "__main__":
    main()
