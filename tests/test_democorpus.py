"""The synthetic demo corpus: deterministic, big and varied enough, labelled synthetic.

Most tests read the shipped files in data/demo (what the mirror and demo use); one
regenerates them into a temporary directory and compares bytes.
"""
from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from crawler.mirror import democorpus as dc
from pipeline.models import Post
from pipeline.text import mask_pii

ROOT = Path(__file__).resolve().parents[1]
FILES = ("heimao.jsonl", "jutousu.jsonl", "articles.jsonl", "companies.json")


@pytest.fixture(scope="module")
def demo() -> dict:
    return dc.load()


@pytest.fixture(scope="module")
def complaints(demo: dict) -> list[dict]:
    return demo["heimao"] + demo["jutousu"]


def _created(row: dict) -> int:
    return row.get("created_at", row.get("ctime"))


def _text(row: dict) -> str:
    return row.get("body") or re.sub(r"<[^>]+>", "", re.sub(r"</p>\s*<p>", "\n", row.get("topic", "")))


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    dc.write(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (dc.DEMO_DIR / name).read_bytes(), name


def test_other_seed_gives_other_corpus(tmp_path: Path) -> None:
    dc.write(tmp_path, seed=7)
    assert (tmp_path / "heimao.jsonl").read_bytes() != (dc.DEMO_DIR / "heimao.jsonl").read_bytes()


def test_demo_files_stay_small() -> None:
    assert sum((dc.DEMO_DIR / n).stat().st_size for n in FILES) < 8 * 1024 * 1024


def test_at_least_5000_posts(complaints: list[dict]) -> None:
    assert len(complaints) >= 5000


def test_both_platforms_hold_many_posts(demo: dict) -> None:
    assert len(demo["heimao"]) >= 3000 and len(demo["jutousu"]) >= 1500


def test_at_least_36_months(complaints: list[dict]) -> None:
    months = {datetime.fromtimestamp(_created(r), dc.CST).strftime("%Y-%m") for r in complaints}
    assert len(months) >= 36


def test_every_month_has_posts_between_first_and_last(complaints: list[dict]) -> None:
    months = Counter(datetime.fromtimestamp(_created(r), dc.CST).strftime("%Y-%m") for r in complaints)
    assert min(months) == "2022-01" and max(months) == "2025-12"
    assert len(months) == 48 and min(months.values()) >= 40


def test_at_least_25_lenders_as_primary_target(complaints: list[dict]) -> None:
    primary = Counter(r["truth"]["lenders"][0] for r in complaints)
    assert len([name for name, n in primary.items() if n >= 20]) >= 25


def test_lender_names_are_the_project_lenders() -> None:
    """Every target and alias the corpus uses is recognisable through data/lenders.yaml."""
    table = yaml.safe_load((ROOT / "data" / "lenders.yaml").read_text(encoding="utf-8"))["lenders"]
    aliases = {entry["name"]: entry["aliases"] + [entry["name"]] for entry in table}
    for lender in dc.LENDERS:
        assert lender.canonical in aliases, lender.canonical
        known = aliases[lender.canonical]
        for name in (lender.cotitle, lender.merchant, *lender.aliases):
            assert any(a in name for a in known), (lender.canonical, name)


def test_companies_json_maps_ids_and_says_synthetic(demo: dict) -> None:
    companies = demo["companies"]
    assert companies["synthetic"] is True and "SYNTHETIC" in companies["note"]
    assert companies["heimao"]["5866754241"] == "功夫贷"      # the real couid of PLATFORM_FORMATS.md
    assert companies["jutousu"]["2352"] == "钱站"
    for row in demo["heimao"]:
        assert companies["heimao"][row["couid"]] == row["cotitle"]
    for row in demo["jutousu"]:
        assert companies["jutousu"][row["merchant_id"]] == row["merchant"]


def test_every_record_is_labelled_synthetic(demo: dict) -> None:
    for row in itertools.chain(demo["heimao"], demo["jutousu"], demo["articles"]):
        assert row["synthetic"] is True


def test_authors_are_visibly_fake(demo: dict) -> None:
    authors = {r["author"] for r in demo["heimao"]}
    assert all(a == "匿名" or re.fullmatch(r"示例用户\d{4}", a) for a in authors)


def test_heimao_rows_have_contract_fields(demo: dict) -> None:
    fields = {"sn", "title", "body", "cotitle", "couid", "issue", "appeal", "cost", "status",
              "created_at", "author", "steps"}
    for row in demo["heimao"]:
        assert fields <= row.keys()
        assert re.fullmatch(r"173\d{8}", row["sn"])
        assert row["status"] in {1, 3, 4, 6, 7, 8}
        assert row["cost"] == "" or float(row["cost"]) > 0


def test_sn_are_unique_and_grow_with_time(demo: dict) -> None:
    rows = demo["heimao"]
    assert len({r["sn"] for r in rows}) == len(rows)
    by_sn = sorted(rows, key=lambda r: int(r["sn"]))
    assert all(a["created_at"] <= b["created_at"] for a, b in zip(by_sn, by_sn[1:]))


def test_steps_follow_the_platform_progress(demo: dict) -> None:
    for row in demo["heimao"]:
        kinds = [s["kind"] for s in row["steps"]]
        assert kinds[:2] == ["发起投诉", "审核通过"]
        assert [s["at"] for s in row["steps"]] == sorted(s["at"] for s in row["steps"])
        assert ("回复" in kinds) == (row["status"] in (6, 7))
        assert ("评价" in kinds) == (row["status"] == 7)
        for step in row["steps"]:
            assert step["merchant"] == (step["kind"] == "回复")
            if step["merchant"]:
                assert step["actor"] == row["cotitle"] and step["text"]


def test_jutousu_rows_have_contract_fields(demo: dict) -> None:
    words = set(dc.JUTOUSU_STATUS_WORDS.values())
    keys = set()
    for row in demo["jutousu"]:
        assert {"id", "post_key", "merchant_id", "merchant", "title", "topic", "short_topic", "shuqiu",
                "ctime", "username", "status"} <= row.keys()
        assert row["topic"].startswith("<p>") and row["status"] in words
        keys.add(row["post_key"])
    assert len(keys) == len(demo["jutousu"])


def test_all_twelve_themes_occur_in_realistic_mix(complaints: list[dict]) -> None:
    themes = Counter(t for r in complaints for t in r["truth"]["themes"])
    assert set(themes) == set(dc.THEMES)
    assert themes["third_party_contact"] > themes["app_popup"] * 2   # contact is common, popups rare
    sizes = Counter(len(r["truth"]["themes"]) for r in complaints)
    assert sizes[0] > 200 and sizes[1] > 1000 and sizes[3] > 300


def test_hard_negatives_are_present(complaints: list[dict]) -> None:
    """Negated, hypothetical and own-action sentences appear without giving their theme."""
    for theme, sentence in [("third_party_contact", "他们没有联系我家人"),
                            ("third_party_contact", "我怕以后会被爆通讯录"),
                            ("legal_threat", "我要起诉他们")]:
        hits = [r for r in complaints if sentence in _text(r)]
        assert len(hits) >= 10, sentence
        assert any(theme not in r["truth"]["themes"] for r in hits)


def test_variants_are_present(complaints: list[dict]) -> None:
    variants = Counter(v for r in complaints for v in r["truth"].get("variants", []))
    assert min(variants["traditional"], variants["fullwidth"], variants["spaced"]) >= 100
    trad = next(r for r in complaints if "traditional" in r["truth"].get("variants", []))
    assert re.search("[們說錢還來與將會]", trad["title"] + _text(trad))
    wide = next(r for r in complaints if "fullwidth" in r["truth"].get("variants", []))
    assert re.search("[０-９]", _text(wide))
    spaced = [r for r in complaints if "spaced" in r["truth"].get("variants", [])]
    assert any("通 讯 录" in _text(r) for r in spaced)


def test_decoys_masked_and_multiple_lenders(complaints: list[dict]) -> None:
    texts = [_text(r) for r in complaints]
    assert sum("白条鸡" in t for t in texts) >= 5 and sum("360度" in t for t in texts) >= 5
    assert sum("信*飞" in t for t in texts) >= 5
    assert sum(len(r["truth"]["lenders"]) > 1 for r in complaints) >= 200


def test_personal_data_for_masking(complaints: list[dict]) -> None:
    texts = [_text(r) for r in complaints]
    raw_phone = [t for t in texts if re.search(r"(?<!\d)1380013\d{4}(?!\d)", t)]
    id_cards = [t for t in texts if re.search(r"(?<!\d)110101\d{11}[\dX](?!\d)", t)]
    masked = [t for t in texts if re.search(r"1[3589]\d\*{4}\d{4}", t)]
    assert len(raw_phone) >= 20 and len(id_cards) >= 5 and len(masked) >= 200
    assert "1380013" not in mask_pii(raw_phone[0]) and not re.search(r"110101\d{11}", mask_pii(id_cards[0]))


def test_fanout_complaints_share_text_with_consecutive_sn(demo: dict) -> None:
    by_sn = {r["sn"]: r for r in demo["heimao"]}
    fanned = [r for r in demo["heimao"] if "fanout_of" in r["truth"]]
    assert len(fanned) >= 50
    for row in fanned:
        first = by_sn[row["truth"]["fanout_of"]]
        assert int(row["sn"]) == int(first["sn"]) + 1
        assert (row["title"], row["body"]) == (first["title"], first["body"])
        assert row["cotitle"] != first["cotitle"]


def test_cross_posts_are_near_duplicates(demo: dict) -> None:
    by_sn = {r["sn"]: r for r in demo["heimao"]}
    crossed = [r for r in demo["jutousu"] if "dup_of" in r["truth"]]
    assert len(crossed) >= 100
    for row in crossed:
        original = by_sn[row["truth"]["dup_of"].split(":")[1]]
        text = _text(row).strip()
        assert text != original["body"] and text.startswith(original["body"].split("，")[0])
        assert row["ctime"] > original["created_at"]


def test_surges_are_documented_and_visible(demo: dict, complaints: list[dict]) -> None:
    """Each surge's window holds >= 3x the pair's usual weekly count (the dashboard's cue)."""
    surges = demo["companies"]["surges"]
    assert len(surges) == len(dc.SURGES) >= 3
    total_weeks = dc.DAYS / 7
    for s, spec in zip(surges, dc.SURGES):
        pair = [_created(r) for r in complaints
                if r["truth"]["lenders"][0] == s["lender"] and s["theme"] in r["truth"]["themes"]]
        inside = sum(spec.start_ts <= t < spec.end_ts for t in pair)
        usual = (len(pair) - inside) / (total_weeks - spec.weeks)
        assert inside / spec.weeks >= 3 * usual, s
        assert s["per_week_in_window"] == round(inside / spec.weeks, 2)
        assert s["per_week_in_window"] >= 3 * max(s["per_week_12_weeks_before"], usual)


def test_articles_look_like_the_founding_story(demo: dict) -> None:
    articles = demo["articles"]
    assert len(articles) == 30 and len({a["slug"] for a in articles}) == 30
    for a in articles:
        paragraphs = a["body"].split("\n")
        assert len(paragraphs) >= 6 and len(a["body"]) >= 300
        assert a["author"].startswith("示例作者") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["published"])
        assert a["truth"]["themes"]


def test_load_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="heimao.jsonl"):
        dc.load(tmp_path)


def test_iter_posts_is_deterministic_and_varied() -> None:
    first = list(dc.iter_posts(300, seed=3))
    again = list(dc.iter_posts(300, seed=3))
    other = list(dc.iter_posts(300, seed=4))
    assert first == again and first != other
    assert all(isinstance(p, Post) for p in first)
    assert Counter(p.source for p in first) == {"heimao": 200, "jutousu": 100}
    assert len({p.body for p in first}) >= 290
    assert len({p.source_id for p in first}) == 300


def test_iter_posts_fields() -> None:
    posts = list(dc.iter_posts(600))
    for p in posts:
        assert datetime(2022, 1, 1) <= p.published_at < datetime(2026, 1, 1)
        assert p.title and p.body and p.target and p.status
        if p.source == "heimao":
            assert p.steps[0].kind == "发起投诉" and p.steps[0].at == p.published_at
            assert p.url.endswith(f"/complaint/view/{p.source_id}/")
        else:
            assert p.steps == [] and "/tousu/show/id/" in p.url
    assert len({p.target for p in posts}) >= 25


def test_module_main_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dc.main(["--out", str(tmp_path)])
    assert "heimao=" in capsys.readouterr().out
    first = json.loads((tmp_path / "heimao.jsonl").open(encoding="utf-8").readline())
    assert first["synthetic"] is True
