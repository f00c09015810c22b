"""Everything the tagger returns for ~10,800 real texts, one JSON line each: the check that a speed
change leaves the output byte-identical (run it on main and on the branch, then cmp the files).

    PYTHONPATH=. python bench/dump_tags.py /tmp/before.jsonl     # on main
    PYTHONPATH=. python bench/dump_tags.py /tmp/after.jsonl      # on the branch
    cmp /tmp/before.jsonl /tmp/after.jsonl

Texts (from ../shared/corpus, read only): every labelled text, every title/body pair of the raw
post files (JSON, JSONL, CSV; the plain-text files block by block), each raw post also with its
request line (title + appeal + body, as bench/tag.py's short posts), 3,000 resampled ~500-char
posts and 3,000 ~135-char ones, and every fifth real text again with a target lender. Each line
holds classify's row (themes, lenders, evidence, facts, rules) plus lender_spans; the texts are
tagged in classify's batches, then (--single) one at a time as well, which must give the same.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tag as bench_tag  # noqa: E402 - bench/tag.py: the resampled posts

CORPUS = bench_tag.CORPUS
TITLE, REQUEST, BODY = ("title", "投诉标题"), ("appeal", "complaint_claim", "投诉要求"), ("overview", "content", "body", "投诉详情", "text")


def _first(d: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((d[k] for k in keys if isinstance(d.get(k), str)), None)


def _post_texts(d: dict[str, Any]) -> list[str]:
    """title + body of a raw record, and title + request + body when it has a request line."""
    title, body = _first(d, TITLE), _first(d, BODY)
    if title is None and body is None:
        return []
    request = _first(d, REQUEST)
    out = [f"{title or ''}\n{body or ''}"]
    return out + ([f"{title or ''}\n{request}\n{body or ''}"] if request else [])


def _walk(obj: Any, out: list[str]) -> None:
    if isinstance(obj, dict):
        out += _post_texts(obj)
        obj = list(obj.values())
    if isinstance(obj, list):
        for v in obj:
            if isinstance(v, (dict, list)):
                _walk(v, out)


def real_texts() -> list[str]:
    """Distinct real texts: labelled sets, then raw post files, in a stable order."""
    texts: list[str] = []
    for path in sorted((CORPUS / "labeled").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((CORPUS / "raw").rglob("*")):
        if path.suffix == ".json":
            try:
                _walk(json.loads(path.read_text(encoding="utf-8")), texts)
            except ValueError:
                continue  # not one JSON document
        elif path.suffix == ".csv":
            with open(path, encoding="utf-8", errors="replace") as f:
                for row in csv.DictReader(f):
                    texts += _post_texts(row)
        elif path.suffix == ".txt":
            raw = path.read_text(encoding="utf-8", errors="replace")
            if raw.lstrip().startswith("{"):  # JSON lines
                for line in raw.splitlines():
                    if line.strip():
                        _walk(json.loads(line), texts)
            else:
                texts += [b.strip("\n") for b in raw.split("\n\n") if b.strip()]
    return list(dict.fromkeys(texts))


def records() -> list[dict[str, Any]]:
    real = real_texts()
    texts = real + [f"{t}\n{b}" for t, b in bench_tag.build_posts(3000, seed=7)] + bench_tag.short_posts(3000, seed=9)
    recs: list[dict[str, Any]] = [{"id": i, "text": t} for i, t in enumerate(texts)]
    recs += [{"id": len(recs) + i, "text": t, "target": "功夫贷"} for i, t in enumerate(real[::5])]
    return recs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output", type=Path)
    ap.add_argument("--single", action="store_true", help="also tag each text alone (tag_text), appended")
    args = ap.parse_args()
    from pipeline import rules as rl
    from pipeline.evaluate import CLASSIFY_BATCH
    from pipeline.tag import default_tagger

    recs = records()
    tagger = default_tagger()
    rules, types = rl.load_rules(), rl.lender_types()

    def line(rec: dict[str, Any], result: Any) -> str:
        row = result.to_json(rec["id"])
        row["lender_spans"] = result.lender_spans
        row["rules"] = rl.post_rules(result.facts, result.themes, result.lenders[0] if result.lenders else None, rules, types)
        return json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"

    with open(args.output, "w", encoding="utf-8") as out:
        for i in range(0, len(recs), CLASSIFY_BATCH):
            part = recs[i : i + CLASSIFY_BATCH]
            for rec, result in zip(part, tagger.tag_texts([r["text"] for r in part], [r.get("target") or "" for r in part])):
                out.write(line(rec, result))
        if args.single:
            for rec in recs:
                out.write(line(rec, tagger.tag_text(rec["text"], rec.get("target") or "")))
    print(f"{len(recs):,} texts ({len(recs) - 6000:,} real incl. targets) -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
