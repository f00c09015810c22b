"""Print the tagger's mistakes on the TUNE part of dev_codebook.jsonl only (issue 12).

    python bench/tune_errors.py [theme] [--extra]

The check part (pipeline.evaluate.split_of(id) == "check") is never printed: rules are
written from the tune part, and the check part says whether they generalise.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import split_of  # noqa: E402
from pipeline.tag import Tagger  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("theme", nargs="?", help="only this theme's mistakes")
    ap.add_argument("--extra", action="store_true", help="only tags the tagger adds wrongly")
    ap.add_argument("--missed", action="store_true", help="only tags the tagger misses")
    args = ap.parse_args()
    only, extra_only, missed_only = args.theme, args.extra, args.missed
    tagger = Tagger()
    path = CORPUS / "labeled" / "dev_codebook.jsonl"
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        if split_of(rec["id"]) != "tune":
            continue
        res = tagger.tag_text(rec["text"])
        got, want = set(res.themes), set(rec["themes"])
        missed, extra = want - got, got - want
        if only:
            missed, extra = missed & {only}, extra & {only}
        if extra_only:
            missed = set()
        if missed_only:
            extra = set()
        if not missed and not extra:
            continue
        ev = {t: [e.text for e in res.themes[t]] for t in sorted(extra)}
        print(f"--- line {no} {rec['id']} missed={sorted(missed)} extra={sorted(extra)} {ev} disputed={rec.get('disputed')}")
        print(rec["text"])


if __name__ == "__main__":
    main()
