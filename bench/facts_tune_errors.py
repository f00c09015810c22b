"""Print the fact extractor's mistakes on the TUNE part of dev_facts.jsonl only (issue 15).

    python bench/facts_tune_errors.py [fact] [--missed | --extra] [--text]

The check part (pipeline.evaluate.split_part(id) == "check") is never printed, not even its
ids: fact rules are written from the tune part, and the check part's aggregate scores
(`complaints eval`) say whether they generalise.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import evaluate_facts  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = args[0] if args else None
    path = CORPUS / "labeled" / "dev_facts.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    report = evaluate_facts(lines, parts=("tune",))  # only the tune part is even tagged
    for err in report.errors:
        missed = [a for a in err["missed"] if not only or a.startswith(only)]
        extra = [a for a in err["extra"] if not only or a.startswith(only)]
        if "--extra" in sys.argv:
            missed = []
        if "--missed" in sys.argv:
            extra = []
        if not missed and not extra:
            continue
        print(f"--- line {err['line']} {err['id']} missed={missed} extra={extra} evidence={err['evidence']}")
        if "--text" in sys.argv:
            print(lines[err["line"] - 1])
    t = report.per_fact["tune"]
    print(f"tune posts: {report.posts['tune']}; " + ", ".join(
        f"{f} fp={c.fp} fn={c.fn}" for f, c in t.items() if c.fp or c.fn))


if __name__ == "__main__":
    main()
