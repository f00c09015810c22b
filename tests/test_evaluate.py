"""`complaints classify` and `complaints eval`: JSONL in, results and scores out; bad lines reported."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import Counts, classify, evaluate, split_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Two real posts (labeled/dev_codebook.jsonl) and their codebook labels.
GOOD = [
    {"id": "b2e92743d32b", "text": "功夫贷逾期了天天打通讯录里的电话还给单位打电话严重影响生活\n停止骚扰\n严重影响个人生活催收电话打到单位骚扰通讯录好友",
     "themes": ["call_harassment", "third_party_contact"]},
    {"id": "692da1f1905b", "text": "还款成功未销账\n销账\n还款成功没有销账，麻烦客服处理一下谢谢。。。。。。", "themes": []},
]


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_classify_writes_one_line_per_good_input_line():
    lines = _jsonl(GOOD) + "not json\n" + '{"id": 3}\n' + "\n" + '{"id": 4, "text": "钱站高利贷", "target": "钱站"}\n'
    out = io.StringIO()
    written, bad = classify(io.StringIO(lines), out)
    assert written == 3
    assert [(b.line, b.reason.split(" (")[0]) for b in bad] == [(3, "not valid JSON"), (4, "missing field(s): text")]
    results = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in results] == ["b2e92743d32b", "692da1f1905b", 4]
    assert results[0]["themes"] == ["call_harassment", "third_party_contact"]
    assert results[0]["lenders"] == ["功夫贷"]
    ev = results[0]["evidence"]["third_party_contact"][0]
    assert GOOD[0]["text"][ev["start"] : ev["end"]] == ev["text"]
    assert results[2] == {"id": 4, "themes": ["fees"], "lenders": ["钱站"],
                          "evidence": {"fees": [{"start": 2, "end": 5, "text": "高利贷", "rule": "fees:高利贷"}]},
                          "facts": {}, "rules": []}  # facts.md: facts and the rules they trigger, beside themes


def test_classify_cli_reports_bad_lines_and_exits_1(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(_jsonl(GOOD) + '{"text": 5}\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["classify", "--input", str(src), "--output", str(dst)])
    assert res.exit_code == 1
    assert "line 3: \"text\" must be a string" in res.output
    assert len(dst.read_text(encoding="utf-8").splitlines()) == 2  # the good lines were still written


def test_classify_cli_stdin_to_stdout():
    res = CliRunner().invoke(main, ["classify"], input=_jsonl(GOOD[:1]))
    assert res.exit_code == 0
    first = res.output.splitlines()[0]
    assert json.loads(first)["themes"] == ["call_harassment", "third_party_contact"]


def test_evaluate_counts_per_theme():
    report = evaluate(io.StringIO(_jsonl(GOOD + [{"text": "钱站高利贷", "themes": ["insult"]}])))
    assert report.posts == 3
    assert report.per_theme["call_harassment"].tp == 1
    assert report.per_theme["insult"].fn == 1
    assert report.per_theme["fees"].fp == 1
    assert report.micro.tp == 2 and report.micro.fp == 1 and report.micro.fn == 1
    assert report.errors[0]["missed"] == ["insult"] and report.errors[0]["extra"] == ["fees"]


def test_evaluate_rejects_unknown_themes_per_line():
    report = evaluate(io.StringIO(_jsonl([{"text": "x", "themes": ["threats"]}, GOOD[1]])))
    assert report.posts == 1
    assert report.bad[0].line == 1 and "threats" in report.bad[0].reason


def test_f1_arithmetic():
    c = Counts(tp=8, fp=2, fn=8)
    assert c.precision == 0.8 and c.recall == 0.5
    assert c.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Counts().f1 == 0.0


def test_eval_cli_prints_a_table_and_json(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(_jsonl(GOOD), encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", str(labels)])
    assert res.exit_code == 0, res.output
    assert "call_harassment" in res.output and "micro" in res.output and "macro F1" in res.output
    # A theme nobody labelled and the tagger never gave is not measured, not "0.000".
    popup = next(line for line in res.output.splitlines() if line.startswith("app_popup"))
    assert popup.split()[1:4] == ["-", "-", "-"]
    res = CliRunner().invoke(main, ["eval", str(labels), "--json"])
    data = json.loads(res.output)
    assert data["micro"]["f1"] == 1.0 and data["posts"] == 2


def test_eval_cli_without_usable_lines_fails(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text("garbage\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", str(labels)])
    assert res.exit_code == 1
    assert "line 1: not valid JSON" in res.output and "no usable labelled lines" in res.output


def test_eval_cli_on_the_codebook_labels():
    path = CORPUS / "labeled" / "dev_codebook.jsonl"
    if not path.exists():
        pytest.skip("../shared/corpus not present")
    res = CliRunner().invoke(main, ["eval", str(path), "--json"])
    data = json.loads(res.output)
    assert data["posts"] == 755
    first = CliRunner().invoke(main, ["eval", "-", "--json"], input="".join(path.read_text(encoding="utf-8").splitlines(True)[:200]))
    first_200 = json.loads(first.output)
    assert first_200["micro"]["f1"] >= 0.90 and first_200["macro_f1"] >= 0.85


def test_split_is_stable_and_about_one_in_five():
    # fixed values: the split must never move a post from one part to the other
    assert [split_of(i) for i in ("34ba0f128dd7", "b2e92743d32b", "692da1f1905b")] == ["tune", "check", "tune"]
    ids = [f"{i:012x}" for i in range(5000)]
    share = sum(split_of(i) == "check" for i in ids) / len(ids)
    assert 0.17 < share < 0.23
    assert split_of(123) == split_of("123")


def test_eval_reports_tune_and_check_parts(tmp_path):
    rows = [dict(GOOD[0], id=i) for i in ("a", "b2e92743d32b", "c", "d", "e", "f", "g", "h")]
    labels = tmp_path / "labels.jsonl"
    labels.write_text(_jsonl(rows), encoding="utf-8")
    report = evaluate(io.StringIO(_jsonl(rows)), from_line=5)
    want = {p: sum(split_of(r["id"]) == p for r in rows) for p in ("tune", "check")}
    assert want == {"tune": 7, "check": 1}
    assert report.parts["tune"].posts == 7 and report.parts["check"].posts == 1
    assert report.parts["lines 5+"].posts == 4
    res = CliRunner().invoke(main, ["eval", str(labels), "--from-line", "5"])
    assert res.exit_code == 0 and "tune" in res.output and "lines 5+" in res.output


@pytest.fixture(scope="module")
def held_out():
    path = CORPUS / "labeled" / "dev_codebook.jsonl"
    if not path.exists():
        pytest.skip("../shared/corpus not present")
    with open(path, encoding="utf-8") as f:
        return evaluate(f, from_line=201)


def test_held_out_parts_are_reported_and_keep_their_level(held_out):
    """Both parts are scored; what was reached on posts the rules were not written from stays."""
    assert set(held_out.parts) == {"tune", "check", "lines 201+"}
    assert held_out.parts["tune"].posts + held_out.parts["check"].posts == held_out.posts == 755
    assert held_out.parts["check"].posts == 156 and held_out.parts["lines 201+"].posts == 555
    # measured: check micro 0.927, macro 0.816; lines 201+ micro 0.960, macro 0.943 (issue 12, round 4)
    for name, micro_f1, macro_f1 in (("check", 0.925, 0.815), ("lines 201+", 0.955, 0.94)):
        part = held_out.parts[name]
        assert part.micro.precision >= 0.95, name
        assert part.micro.f1 >= micro_f1 and part.macro_f1 >= macro_f1, name


@pytest.mark.xfail(strict=True, reason="issue 12's goals are not all reached on the held-out check part yet "
                                       "(no_negotiation recall ~0.6, privacy ~0.7 there); strict: passing means update this test")
def test_issue_12_goals_on_posts_the_rules_were_not_written_from(held_out):
    for name in ("check", "lines 201+"):
        part = held_out.parts[name]
        assert part.micro.f1 >= 0.93 and part.macro_f1 >= 0.90, name
        assert part.micro.precision >= 0.95, name
        for theme, c in part.per_theme.items():
            if c.tp + c.fn >= 10:
                assert c.recall >= 0.85, (name, theme)


def test_classify_gives_facts_with_evidence_and_their_rules():
    text = "钱站催收凌晨两点打给我妈，一天三十多个电话。"
    out = io.StringIO()
    classify(io.StringIO(json.dumps({"id": "n1", "text": text}, ensure_ascii=False) + "\n"), out)
    row = json.loads(out.getvalue())
    assert row["facts"]["calls_per_day"][0]["value"] == 30
    assert row["facts"]["contacted"][0]["party"] == "parents"
    for evs in row["facts"].values():
        assert all(text[e["start"]:e["end"]] == e["text"] for e in evs)
    # 钱站 is an internet platform (data/lenders.yaml): the banking association's night-call
    # rule covers banks and consumer-finance companies only, the NIFA call rule covers it.
    assert row["rules"] == ["nifa-calls"]
    text = "招联金融催收凌晨两点打给我妈，一天三十多个电话。"  # a consumer-finance company
    out = io.StringIO()
    classify(io.StringIO(json.dumps({"id": "n2", "text": text}, ensure_ascii=False) + "\n"), out)
    assert "cba2026-night" in json.loads(out.getvalue())["rules"]


def test_eval_facts_file_scores_tune_and_check_parts(corpus):
    res = CliRunner().invoke(main, ["eval", str(corpus / "labeled" / "dev_facts.jsonl"), "--json", "--errors"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["tune"]["posts"] + data["check"]["posts"] == 200
    assert set(data["tune"]["facts"]) == set(data["check"]["facts"]) and "head_fee" in data["check"]["facts"]
    ids = {e["id"] for e in data["errors"]}  # mistakes are listed for the tune part only
    from pipeline.evaluate import split_part
    assert all(split_part(i) == "tune" for i in ids)
