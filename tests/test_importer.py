"""`complaints import`: newsroom files in the encodings Chinese spreadsheets produce."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.importer import ImportFileError, parse_amount, parse_mapping, parse_time, read_file

HEADER = "投诉编号,标题,投诉详情,投诉对象,投诉要求,涉诉金额,发布时间\n"
ROWS = (
    "17348099578,功夫贷暴力催收,催收打电话给我妈，电话13800138000,功夫贷,停止骚扰,29494元,2019年11月24日 19:18\n"
    '17348099579,钱站高利贷,"砍头息，\n年化超过36%",钱站,"调整利率,赔偿",5000,2019-11-25\n'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_every_spreadsheet_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "newsroom.csv"
    path.write_bytes((HEADER + ROWS).encode(encoding))
    report = read_file(path)
    assert report.errors == []
    assert [p.title for p in report.posts] == ["功夫贷暴力催收", "钱站高利贷"]
    first, second = report.posts
    assert first.source == "import:newsroom" and first.source_id == "17348099578"
    assert first.target == "功夫贷" and first.amount == 29494.0
    assert first.published_at == datetime(2019, 11, 24, 19, 18)
    assert "13800138000" not in first.body and "138********" in first.body  # masked before storage
    assert second.body == "砍头息，\n年化超过36%"  # a quoted multi-line cell stays one post
    assert second.appeal == "调整利率,赔偿"


def test_bad_rows_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER + ROWS + ",,,,,,\n" + "x1,标题,正文,对象,要求,很多钱,2019-01-01\n" + "x2,标题,正文,对象,要求,1,2019-13-45\n",
        encoding="utf-8",
    )
    report = read_file(path)
    # Line 5 is an empty row (skipped); row 2 spans lines 3-4, so the bad rows are 6 and 7.
    assert [(e.line, e.reason) for e in report.errors] == [
        (6, "not an amount: '很多钱'"),
        (7, "impossible date '2019-13-45': month must be in 1..12"),
    ]
    assert len(report.posts) == 2


def test_jsonl_with_invalid_line(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    good = {"id": "a1", "title": "美团借钱骚扰家人", "content": "一直联系我母亲", "time": 1713945548}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n[1,2]\n", encoding="utf-8")
    report = read_file(path, source="tips")
    assert report.source == "import:tips"
    assert [e.line for e in report.errors] == [2, 3]
    (post,) = report.posts
    assert post.published_at == datetime(2024, 4, 24, 15, 59, 8)  # epoch seconds -> CST


def test_map_option_names_columns(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("编号X,文本X\n1,被催收辱骂\n", encoding="utf-8")
    assert read_file(path).errors[0].reason.startswith("no title and no text")
    report = read_file(path, mapping=parse_mapping(["编号X=source_id", "文本X=body"]))
    assert report.posts[0].body == "被催收辱骂" and report.posts[0].source_id == "1"


def test_rows_without_id_get_a_stable_one(tmp_path: Path) -> None:
    path = tmp_path / "noid.csv"
    path.write_text("标题,内容\n甲,乙\n", encoding="utf-8")
    assert read_file(path).posts[0].source_id == read_file(path).posts[0].source_id


@pytest.mark.parametrize("bad", ["标题", "标题=nofield", "=body"])
def test_bad_map_is_rejected(bad: str) -> None:
    with pytest.raises(ImportFileError):
        parse_mapping([bad])


def test_unknown_format_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match="unknown format"):
        read_file(path)


def test_mojibake_csv_is_repaired(corpus: Path) -> None:
    # The real file keeps its broken encoding: UTF-8 read as Latin-1 and saved again.
    report = read_file(corpus / "raw" / "Chi-Tian__Spider" / "heimao.csv")
    titles = {p.title for p in report.posts}
    assert "拼多多天天领红包虚假" in titles


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1574000509000", datetime(2019, 11, 17, 22, 21, 49)),
        ("发布于 2019年11月24日 19:18", datetime(2019, 11, 24, 19, 18)),
        ("2024-04-24T07:59:08+00:00", datetime(2024, 4, 24, 15, 59, 8)),
        ("", None),
    ],
)
def test_parse_time(value: str, expected: datetime | None) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("29494元", 29494.0), ("1,200.50", 1200.5), ("3万", 30000.0), ("¥12", 12.0)])
def test_parse_amount(value: str, expected: float) -> None:
    assert parse_amount(value) == expected
