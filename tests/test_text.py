"""Decoding, cleaning and personal-data masking."""
from __future__ import annotations

import pytest

from pipeline.text import clean_text, decode_bytes, fix_mojibake, html_to_text, mask_author, mask_pii, to_halfwidth


def test_decode_gbk_bytes() -> None:
    assert decode_bytes("功夫贷暴力催收".encode("gbk")) == "功夫贷暴力催收"


def test_decode_declared_gb2312_reads_gb18030_superset() -> None:
    assert decode_bytes("䶮".encode("gb18030"), declared="gb2312") == "䶮"


def test_decode_utf8_bom_is_dropped() -> None:
    assert decode_bytes("\ufeff投诉".encode("utf-8")) == "投诉"


def test_fix_mojibake_repairs_utf8_read_as_latin1() -> None:
    broken = "拼多多天天领红包虚假".encode("utf-8").decode("latin-1")
    assert fix_mojibake(broken) == "拼多多天天领红包虚假"


def test_fix_mojibake_leaves_good_text_alone() -> None:
    assert fix_mojibake("Café 京东白条") == "Café 京东白条"


def test_halfwidth_digits_and_letters_but_not_cjk_punctuation() -> None:
    assert to_halfwidth("ＡＢＣ１２３％，。") == "ABC123%，。"


def test_clean_text_drops_controls_and_tidies_space() -> None:
    assert clean_text("  催收\x00\x07  电话 \r\n\r\n\r\n 骚扰  ") == "催收 电话\n骚扰"


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>第一段&amp;</p><p>第二段<br>第三行</p><script>x()</script>") == "第一段&\n第二段\n第三行"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("我的电话13800138000请回电", "我的电话138********请回电"),  # mobile: carrier prefix kept
        ("电话 138 0013 8000", "电话 138********"),  # spaced digits
        ("电话+86-13800138000", "电话138********"),
        ("电话１３８００１３８０００", "电话138********"),  # full-width digits
        ("身份证110101199003071234号", "身份证110101************号"),
        ("身份证11010119900307123X", "身份证110101************"),
        ("卡号6222021234567890123", "卡号***************0123"),
        ("卡号 6222 0212 3456 7890", "卡号 ************7890"),
        ("座机010-12345678", "座机010-********"),
        ("加我QQ：12345678", "加我QQ：********"),
        ("邮箱 zhang.san@example.com", "邮箱 z***@example.com"),
        ("已打码180********不变", "已打码180********不变"),  # platform masks stay masked
        ("借款52000元分24期", "借款52000元分24期"),  # amounts are not personal data
        ("年化率36%，2019年11月24日", "年化率36%，2019年11月24日"),
    ],
)
def test_mask_pii(raw: str, masked: str) -> None:
    assert mask_pii(raw) == masked


def test_mask_pii_is_idempotent() -> None:
    once = mask_pii("电话13800138000 身份证110101199003071234")
    assert mask_pii(once) == once


@pytest.mark.parametrize(
    ("name", "shown"),
    [("用户7338367215", "用户7338367215"), ("匿名", "匿名"), ("张伟", "张*"), ("13800138000", "138********"), ("", "")],
)
def test_mask_author(name: str, shown: str) -> None:
    assert mask_author(name) == shown


def test_mask_frame_masks_only_cells_with_personal_data() -> None:
    import pandas as pd

    from pipeline.text import mask_frame

    frame = pd.DataFrame(
        {
            "title": ["催收电话13800138000", "暴力催收"],
            "body": ["卡号 6222 0212 3456 7890", None],
            "author": ["张伟", "用户7338367215"],
            "amount": [1.0, 2.0],
        }
    )
    out = mask_frame(frame)
    assert out["title"].tolist() == ["催收电话138********", "暴力催收"]
    assert out["body"].tolist() == ["卡号 ************7890", ""]
    assert out["author"].tolist() == ["张*", "用户7338367215"]
    assert out["amount"].tolist() == [1.0, 2.0]


# --- hardening (issue 13.5): every way complainants write personal data ------------------


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("QQ号123456789", "QQ号*********"),
        ("qq号：987654321", "qq号：*********"),
        ("扣扣123456789", "扣扣*********"),
        ("加V：zhangsan88", "加V：**********"),
        ("WeChat: zhangsan88", "WeChat: **********"),
        ("身份证110105491231002", "身份证110105*********"),  # 15-digit first-generation card
        ("卡号6222 0202 0011 2233 445", "卡号***************3445"),  # groups of four, 3 left
        ("微信联系我", "微信联系我"),
    ],
)
def test_mask_pii_more_forms(raw: str, masked: str) -> None:
    assert mask_pii(raw) == masked


def test_mask_url_and_id() -> None:
    from pipeline.text import mask_id, mask_url

    url = "https://u:secret@tousu.sina.com.cn/complaint/view/17348099578/?tel=13800138000"
    assert mask_url(url) == "https://tousu.sina.com.cn/complaint/view/17348099578/?tel=138********"
    assert mask_id("17348099578") == "17348099578"  # 黑猫's serials look like mobiles and stay
    pseudonym = mask_id("QQ号123456789")
    assert pseudonym.startswith("pii-") and mask_id(pseudonym) == pseudonym
    assert mask_id("QQ号123456788") != pseudonym  # two ids never merge into one post


# Personal data in every form the issue found, plus credentials in a URL.
PII = ("暴力催收 电话13800138000 QQ号123456789 qq号：987654321 扣扣123456780 加V：zhangsan88 WeChat: lisi_2024 "
       "身份证110105491231002 卡号6222 0202 0011 2233 445 邮箱zhang.san@example.com 证件110101199003071234")
RAW = ("13800138000", "123456789", "987654321", "123456780", "zhangsan88", "lisi_2024", "110105491231002",
       "6222 0202", "0011 2233", "zhang.san", "110101199003071234", "secret")
# Columns too short for the whole text get a short piece of it.
SHORT = {"status": "回电13800138000", "source_id": "QQ号123456789", "author": "13800138000",
         "url": "http://u:secret@e.example/v/1?tel=13800138000#加V：zhangsan88", "target_id": "扣扣123456780"}


def _text_columns(engine) -> dict[str, list[str]]:
    import sqlalchemy as sa

    insp = sa.inspect(engine)
    return {t: [c["name"] for c in insp.get_columns(t) if isinstance(c["type"], sa.String)]
            for t in insp.get_table_names() if t != "alembic_version"}


def test_no_personal_data_in_any_text_column(tmp_path, store) -> None:
    """Walk the store's whole schema: PII put into every text field, by import and by the
    crawler's pipelines, is found masked in every text column of every table."""
    import csv
    from dataclasses import fields

    import sqlalchemy as sa
    from scrapy.utils.test import get_crawler

    from crawler.pipelines import MaskPiiPipeline, NormalizePipeline, ValidatePipeline
    from pipeline.importer import FIELDS, read_file
    from pipeline.models import Post, Step
    from pipeline.tag import tag_store

    columns = _text_columns(store.engine)
    post_fields = {f.name for f in fields(Post)} & set(columns["posts"]) - {"source", "steps"}
    # 1. import: every importable text field of a CSV row carries personal data
    importable = sorted(post_fields & set(FIELDS))
    path = tmp_path / "pii.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(importable)
        w.writerow([SHORT.get(f, PII) for f in importable])
    report = read_file(path, source="tips")
    assert report.errors == []
    store.upsert_posts(report.posts)
    # 2. the crawler's item pipelines, every text field of the item
    item = Post(source="heimao", published_at=None, **{f: SHORT.get(f, PII) for f in post_fields},
                steps=[Step(actor="13800138000", kind="回复", at=None, text=PII)])
    stats = get_crawler().stats
    for pipe in (NormalizePipeline(), MaskPiiPipeline(), ValidatePipeline(stats)):
        item = pipe.process_item(item)
    store.upsert_posts([item])
    run = store.start_run("heimao", {"keywords": [PII], "base_url": SHORT["url"]})
    store.finish_run(run, stats={"note": PII})
    tag_store(store, workers=1)
    # 3. every text column of every table
    seen_pii_columns = set()
    with store.engine.connect() as conn:
        for table, cols in columns.items():
            for col in cols:
                for (value,) in conn.execute(sa.text(f'SELECT "{col}" FROM "{table}"')):
                    leaked = [r for r in RAW if r in (value or "")]
                    assert not leaked, f"{table}.{col} holds {leaked}: {value!r}"
                    if value and "*" in value or str(value).startswith("pii-"):
                        seen_pii_columns.add(f"{table}.{col}")
    # The walk is not vacuous: masked data reached each post field and the other tables.
    expected = {f"posts.{f}" for f in post_fields} | {"posts.steps", "crawl_runs.args", "crawl_runs.stats",
                                                     "post_status_history.status"}
    assert expected <= seen_pii_columns, expected - seen_pii_columns


def test_the_fast_screens_decide_as_the_full_expressions() -> None:
    """mask_pii's two-step PII screen and to_halfwidth's skip give exactly what the single
    expression and translate() give (issue 17: they are only faster), on texts built from
    the characters every branch starts with, Chinese look-alikes (威胁, 加班) and full-width forms."""
    import random

    from pipeline import text

    alphabet = list("0123456789 -@qQwWvVxXeEcChHaAtTiInN扣企鹅微威薇信加胁班号码：:是为用户电话０１９ＡＱ　，（）！？；")
    rng = random.Random(17)
    samples = ["威胁要上门", "加班", "微信号abc12345", "加V：zhangsan88", "Ｑ Ｑ 12345678", "138 0013 8000", "借款8000元"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(20_000)]
    for s in samples:
        assert text._likely_pii(s) == (text._LIKELY_PII.search(s) is not None), s
        assert to_halfwidth(s) == s.translate(text._HALFWIDTH), s
    assert all(to_halfwidth(chr(c)) == chr(c).translate(text._HALFWIDTH) for c in range(0x3000, 0xFFFF))
