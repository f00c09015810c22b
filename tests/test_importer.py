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


# --- hardening (issue 13): encodings, dates, limits and silent losses ---------------------


def _import_cli(tmp_path: Path, path: Path, *args: str):
    from click.testing import CliRunner

    from pipeline.cli import main

    db = f"sqlite:///{tmp_path / 'c.db'}"
    CliRunner().invoke(main, ["--db", db, "init"])
    result = CliRunner().invoke(main, ["--db", db, "import", str(path), *args])
    return result, db


def test_utf8_file_with_one_bad_byte_stays_utf8_and_names_the_line(tmp_path: Path) -> None:
    # Issue 13.1: one stray byte used to turn the whole file into GB18030 mojibake (鍊熸琚…).
    path = tmp_path / "bad.csv"
    path.write_bytes("id,title,body\n1,借款被暴力催收,催收员打电话给我父母\n2,第二行,坏字节".encode() + b"\xff\n")
    report = read_file(path)
    assert report.encoding == "utf-8"
    assert [p.title for p in report.posts] == ["借款被暴力催收"]
    assert [(e.line, "0xff" in e.reason) for e in report.errors] == [(3, True)]
    result, _ = _import_cli(tmp_path, path)
    assert result.exit_code == 1 and f"{path}:3:" in result.output and "nothing imported" in result.output


def test_jsonl_with_one_bad_byte_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "a", "title": "借款被暴力催收", "body": "催收员打电话给我父母"}, ensure_ascii=False)
    path.write_bytes(good.encode() + b"\n" + '{"id": "b", "title": "坏'.encode() + b"\xfe\xff" + b'", "body": "x"}\n')
    report = read_file(path)
    assert [p.title for p in report.posts] == ["借款被暴力催收"]
    assert [e.line for e in report.errors] == [2] and "0xfe 0xff" in report.errors[0].reason


def test_gbk_file_with_a_bad_byte_is_still_gbk(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + ROWS).encode("gbk") + "x3,标题,正文".encode("gbk") + b"\x80\n")
    report = read_file(path)
    assert report.encoding == "gb18030"
    assert [p.title for p in report.posts] == ["功夫贷暴力催收", "钱站高利贷"]
    assert [e.line for e in report.errors] == [5]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_files_are_read(tmp_path: Path, encoding: str) -> None:
    # Excel's "Unicode text" is UTF-16 with a BOM; without one the NUL bytes tell.
    path = tmp_path / "excel.tsv"
    path.write_bytes("投诉编号\t标题\t投诉详情\n1\t功夫贷暴力催收\t催收打电话\n".encode(encoding))
    report = read_file(path)
    assert report.errors == [] and [p.title for p in report.posts] == ["功夫贷暴力催收"]
    assert report.encoding.startswith("utf-16")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0001-01-01", "before 2000-01-01"),
        ("9999-12-31", "after"),
        ("12019-11-24", "unparseable date"),
        ("garbage 2019-1-2 garbage", "unparseable date"),
        ("1999-12-31", "before 2000-01-01"),
    ],
)
def test_absurd_dates_are_rejected_with_their_line(tmp_path: Path, value: str, reason: str) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(f"id,title,time\n1,好,2019-11-24\n2,坏,{value}\n", encoding="utf-8")
    report = read_file(path)
    assert [p.source_id for p in report.posts] == ["1"]
    assert [e.line for e in report.errors] == [3] and reason in report.errors[0].reason


@pytest.mark.parametrize("value", [True, 1e20, -5, float("nan"), [2019], "inf"])
def test_json_dates_that_are_not_dates(tmp_path: Path, value: object) -> None:
    # Issue 13.4/13.11: `true` was 1970-01-01; 1e20 an OSError traceback.
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x", "title": "标题", "published_at": value}) + "\n", encoding="utf-8")
    report = read_file(path)
    assert report.posts == [] and [e.line for e in report.errors] == [1]


def test_date_range_is_configurable(tmp_path: Path) -> None:
    from datetime import date

    from pipeline.importer import DateRange

    path = tmp_path / "old.csv"
    path.write_text("id,title,time\n1,旧,1998-05-01\n", encoding="utf-8")
    assert read_file(path).errors
    assert read_file(path, dates=DateRange(date(1990, 1, 1))).posts[0].published_at == datetime(1998, 5, 1)
    result, _ = _import_cli(tmp_path, path, "--min-date", "1990-01-01")
    assert result.exit_code == 0, result.output


def test_huge_csv_field_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("id,title,body\n1,好,正常\n2,大," + "x" * 140_000 + "\n3,也好,正常\n", encoding="utf-8")
    report = read_file(path)
    assert [p.source_id for p in report.posts] == ["1", "3"]
    assert [e.line for e in report.errors] == [3] and "longer than" in report.errors[0].reason


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("x" * 81 + ",标题,正文", "id is 81 characters"),
        ("a\x00b,标题,正文", "control character"),
        ("1,标题,正文,http://e.example/\x00x", "control character"),
    ],
)
def test_ids_and_urls_the_store_cannot_hold(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "ids.csv"
    path.write_text(f"id,title,body,url\n{row}\n", encoding="utf-8")
    report = read_file(path)
    assert report.posts == [] and [e.line for e in report.errors] == [2] and reason in report.errors[0].reason


def test_long_source_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,title\n1,标题\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="longer than 33"):
        read_file(path, source="s" * 34)
    assert read_file(path, source="s" * 33).source == "import:" + "s" * 33


def test_limits_are_checked_before_postgresql(tmp_path: Path, pg_url: str) -> None:
    # PostgreSQL used to fail the whole file with a database error and no line.
    path = tmp_path / "pg.csv"
    path.write_text("id,title,body\n1,好,正文\n" + "y" * 81 + ",标题,正文\nb\x00c,标题,正文\n", encoding="utf-8")
    from click.testing import CliRunner

    from pipeline.cli import main

    CliRunner().invoke(main, ["--db", pg_url, "init"])
    result = CliRunner().invoke(main, ["--db", pg_url, "import", str(path), "--skip-bad"])
    assert f"{path}:3: id is 81" in result.output and f"{path}:4: id contains a control" in result.output
    assert "imported 1 of 3 rows" in result.output
    result = CliRunner().invoke(main, ["--db", pg_url, "import", str(path), "--source", "s" * 34])
    assert result.exit_code == 1 and "longer than 33" in result.output and "Traceback" not in result.output


def test_unterminated_quote_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id,title,body\n1,好,正文\n2,坏,"开了引号\n3,被吞,正文\n4,被吞,正文\n', encoding="utf-8")
    report = read_file(path)
    assert [p.source_id for p in report.posts] == ["1"]
    assert [e.line for e in report.errors] == [3] and "unterminated quote" in report.errors[0].reason


def test_quote_closed_rows_later_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "q2.csv"
    path.write_text('id,title,body\n1,坏,"开了引号\n2,被吞,正文\n3,被吞,正文"\n4,好,正文\n', encoding="utf-8")
    report = read_file(path)
    assert [p.source_id for p in report.posts] == ["4"]
    assert [e.line for e in report.errors] == [2] and "look like rows" in report.errors[0].reason


def test_extra_columns_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,title,body\n1,好,正文\n2,标题,正文,多出来的一列\n", encoding="utf-8")
    report = read_file(path)
    assert [e.line for e in report.errors] == [3] and "4 values but the header has 3" in report.errors[0].reason


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,title,body\n1,第一,正文\n1,第二,不同的正文\n", encoding="utf-8")
    report = read_file(path)
    assert [p.title for p in report.posts] == ["第一"]
    assert [(e.line, e.reason) for e in report.errors] == [(3, "duplicate id '1' (also on line 2)")]


def test_html_escapes_of_other_scrapers_are_decoded_and_a_bare_ampersand_kept(corpus: Path, tmp_path: Path) -> None:
    # Real records as a public scraper saved them from 聚投诉's API: escaped once (&quot;) or
    # twice (&amp;nbsp;). Stored escaped, "砍头息&amp;nbsp;暴力催收" reads as one clause to the
    # tagger and a reporter quotes the escape.
    rows = json.loads((corpus / "raw" / "nengqiang__test" / "tousu" / "jutousuall.json").read_text(encoding="utf-8"))
    escaped = [r for r in rows if "&amp;nbsp;" in r["overview"]]
    assert len(escaped) == 2
    mine = {"title": "AT&T与P&G的账单 &lt;b&gt;", "overview": "催收说&quot;不还就爆通讯录&quot;&#12290;&amp;amp;amp;amp;", "time": 1713945548}
    path = tmp_path / "scraped.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*escaped, mine]), encoding="utf-8")
    report = read_file(path, mapping=parse_mapping(["overview=body"]))
    assert report.errors == [] and len(report.posts) == 3
    for post, row in zip(report.posts, escaped):
        assert "&" not in post.body and "nbsp" not in post.body
        assert post.body.replace(" ", "") == row["overview"].replace("&amp;nbsp;", "").replace(" ", "")
    last = report.posts[-1]
    assert last.title == "AT&T与P&G的账单 <b>"  # a bare & is text; entities are decoded
    assert last.body == '催收说"不还就爆通讯录"。&amp;'  # three escapes at most: what remains is shown as it is
