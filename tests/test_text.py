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
