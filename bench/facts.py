"""How much the collection facts (pipeline/facts.py) add to tagging: posts/s of
`Tagger.tag_text` (lenders + themes + facts) and of the fact extraction alone, on the real
corpus (../shared/corpus/labeled/dev.jsonl, repeated).

    python bench/facts.py [repeat]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.lexicon import normalise, reduce_alphabet  # noqa: E402
from pipeline.tag import Tagger  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "labeled" / "dev.jsonl"


def main(repeat: int = 4) -> None:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()] * repeat
    tagger = Tagger()
    tagger.tok  # noqa: B018 - load jieba before timing
    for t in texts[:100]:
        tagger.tag_text(t)
    t0 = time.perf_counter()
    for t in texts:
        tagger.tag_text(t)
    total = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        n = tagger.lex.typos.read(normalise(t))
        tagger.facts.extract_normalised(n, reduce_alphabet(n.text, tagger._alphabet), True)
    facts = time.perf_counter() - t0
    avg = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} posts of {avg:.0f} characters on average")
    print(f"tag_text (lenders, themes, facts): {len(texts) / total:,.0f} posts/s")
    print(f"facts alone: {len(texts) / facts:,.0f} posts/s ({facts / total:.0%} of tag_text)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repeat", type=int, nargs="?", default=4, help="times the corpus is repeated (default 4)")
    main(ap.parse_args().repeat)
