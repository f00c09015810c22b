"""黑猫投诉 parsers on real saved pages (../shared/corpus/formats) and our own fixtures.

One assertion per field. The real page nengqiang__test/temp.html is complaint
17348142332 about 功夫贷 as its (logged-in) complainant saw it in Nov 2019.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.parsers import heimao
from crawler.parsers.common import LoginWall, ParseError, SourceError, rebase

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def temp_page(corpus: Path) -> heimao.Post:
    return heimao.parse_detail((corpus / "formats/nengqiang__test/temp.html").read_bytes())


@pytest.fixture(scope="module")
def table_page(corpus: Path) -> heimao.Post:
    return heimao.parse_detail((corpus / "formats/nengqiang__test/table.html").read_bytes())


@pytest.fixture(scope="module")
def chitian(corpus: Path) -> list[heimao.Post]:
    return heimao.parse_questions((corpus / "formats/Chi-Tian__Spider/heimao.html").read_bytes())


# --- the real detail page --------------------------------------------------------------


def test_source_id(temp_page):
    assert temp_page.source_id == "17348142332"


def test_url(temp_page):
    assert temp_page.url == "https://tousu.sina.com.cn/complaint/view/17348142332/"


def test_title(temp_page):
    assert temp_page.title == "高利贷。借款金额与合同不符。砍头息。"


def test_author(temp_page):
    assert temp_page.author == "匿名"


def test_published_at(temp_page):
    # "发布于 2019年11月24日 19:18"
    assert temp_page.published_at == datetime(2019, 11, 24, 19, 18)


def test_target(temp_page):
    assert temp_page.target == "功夫贷"


def test_target_id_is_couid(temp_page):
    assert temp_page.target_id == "5866754241"


def test_issue(temp_page):
    assert temp_page.issue == "高利贷，砍头息"


def test_appeal(temp_page):
    assert temp_page.appeal == "调整利率"


def test_amount(temp_page):
    assert temp_page.amount == 29494.0


def test_status(temp_page):
    assert temp_page.status == "已回复"


def test_body_is_the_complaint_text_with_its_line_breaks(temp_page):
    assert temp_page.body == ("借款金额与合同不符：借款21000元，合同却写23334元。\n"
                              "借款21000元，借一年，要还29494.17元。年利率高达40.4%。\n"
                              "明明还了5期，确只算4期。第1期要我还2次。")


def test_body_leaves_out_private_contact_block(temp_page):
    # The complainant's view shows the (masked) phone after a "仅…可见" divider.
    assert "180" not in temp_page.body


def test_steps_oldest_first(temp_page):
    assert [s.kind for s in temp_page.steps] == ["发起投诉", "审核通过", "商家未入驻", "商家处理中", "回复"]


def test_step_actors(temp_page):
    assert [s.actor for s in temp_page.steps] == ["匿名", "黑猫消费者服务平台", "黑猫消费者服务平台",
                                                  "黑猫消费者服务平台", "功夫贷"]


def test_step_dates_get_the_year_of_publication(temp_page):
    # "11-25 15:53:57" carries no year
    assert temp_page.steps[-1].at == datetime(2019, 11, 25, 15, 53, 57)


def test_step_merchant_flag_from_vender_icon(temp_page):
    assert [s.merchant for s in temp_page.steps] == [False, False, False, False, True]


def test_step_reply_text(temp_page):
    assert temp_page.steps[-1].text.startswith("尊敬的用户您好，您反馈的问题，我司非常重视")


def test_step_text_of_platform_note(temp_page):
    assert temp_page.steps[3].text == "已分配商家 功夫贷"


def test_public_view_gives_same_record(temp_page, table_page):
    # table.html: the same complaint saved a day later, as the public sees it.
    assert (table_page.title, table_page.body, table_page.status, len(table_page.steps)) == (
        temp_page.title, temp_page.body, temp_page.status, len(temp_page.steps))


# --- Chi-Tian: 22 question blocks (2020) ------------------------------------------------


def test_chitian_block_count(chitian):
    assert len(chitian) == 22


def test_chitian_first_title(chitian):
    assert chitian[0].title == "天猫超市购物返卡有效期时间不统一，有误导消费者的嫌疑"


def test_chitian_first_sn(chitian):
    assert chitian[0].source_id == "17351065900"


def test_chitian_target_on_mobile_host_link(chitian):
    # this block links the company on tousu.sina.cn (mobile host)
    assert (chitian[0].target, chitian[0].target_id) == ("天猫超市", "3276076644")


def test_chitian_published(chitian):
    assert chitian[0].published_at == datetime(2020, 10, 16, 8, 48)


def test_chitian_amount(chitian):
    assert chitian[0].amount == 100.0


def test_chitian_appeal_with_commas(chitian):
    assert chitian[1].appeal == "快速处理,退款"


def test_chitian_status(chitian):
    assert {p.status for p in chitian} <= {"处理中", "已回复", "已完成", "待分配", "通过审核", "已关闭"}


# --- step dates across New Year, signature, API answers ----------------------------------


def test_step_date_rolls_into_next_year():
    assert heimao._parse_step_date("01-02 08:00:00", datetime(2019, 12, 30, 9, 0)) == datetime(2020, 1, 2, 8, 0)


def test_step_date_without_reference_is_unknown():
    assert heimao._parse_step_date("01-02 08:00:00", None) is None


def test_signature_is_sha256_of_sorted_parts():
    import hashlib

    parts = ["1713945548000", "abcdEFGH12345678", "5866754241", heimao.SIGN_SALT, "1", "10", "2"]
    assert heimao.signature(parts) == hashlib.sha256("".join(sorted(parts)).encode()).hexdigest()


def test_company_api_url_carries_signature_of_its_params():
    from urllib.parse import parse_qs, urlsplit

    url = heimao.company_api_url("http://127.0.0.1:1", "5866754241", 3, now_ms=1700000000000, rs="A" * 16)
    q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    expected = heimao.signature([q["ts"], q["rs"], q["couid"], heimao.SIGN_SALT, q["type"], q["page_size"], q["page"]])
    assert q["signature"] == expected


ITEM = {"main": {"sn": "17372740068", "title": "<span class=\"code-red\">暴力催收</span>", "summary": "威胁我家人…",
                 "cotitle": "美团客服小美", "appeal": "停止骚扰", "issue": "暴力催收", "cost": "187.38", "status": 4,
                 "timestamp": "1713945548", "created_at": "1713945548",
                 "url": "//tousu.sina.com.cn/complaint/view/17372740068/"},
        "author": {"title": "用户7338367215", "location": "北京"}}


def _answer(items, current=1, amount=3, key="complaints"):
    return {"result": {"status": {"code": 0, "msg": "ok"},
                       "data": {key: items, "pager": {"current": current, "page_amount": amount, "item_count": 25}}}}


def test_api_json_strips_search_highlight():
    page = heimao.parse_api(json.dumps(_answer([ITEM], key="lists"), ensure_ascii=False))
    assert page.posts[0].title == "暴力催收"


def test_api_jsonp_with_escaped_cjk():
    body = "try{jQuery1112_1643471235521(" + json.dumps(_answer([ITEM])) + ");}catch(e){};"
    assert heimao.parse_api(body.encode()).posts[0].target == "美团客服小美"


def test_api_link_made_absolute():
    page = heimao.parse_api(json.dumps(_answer([ITEM])))
    assert page.posts[0].url == "https://tousu.sina.com.cn/complaint/view/17372740068/"


def test_api_created_at_is_cst():
    page = heimao.parse_api(json.dumps(_answer([ITEM])))
    assert page.posts[0].published_at == datetime(2024, 4, 24, 15, 59, 8)


def test_api_status_code_mapped():
    assert heimao.parse_api(json.dumps(_answer([ITEM]))).posts[0].status == "处理中"


def test_api_pager():
    page = heimao.parse_api(json.dumps(_answer([ITEM], current=3, amount=3)))
    assert (page.page, page.page_amount, page.has_next) == (3, 3, False)


def test_api_null_complaints_is_an_empty_page():
    assert heimao.parse_api(json.dumps(_answer(None))).posts == []


def test_api_error_answer_raises():
    body = json.dumps({"result": {"status": {"code": 1001, "msg": "签名错误"}, "data": {}}})
    with pytest.raises(SourceError, match="签名错误"):
        heimao.parse_api(body)


def test_api_login_page_is_a_login_wall_not_empty():
    page = "<html><head><title>新浪通行证</title></head><body><form>请登录 微博帐号 <input type=password></form></body></html>"
    with pytest.raises(LoginWall):
        heimao.parse_api(page)


def test_api_invalid_json_raises_parse_error():
    with pytest.raises(ParseError):
        heimao.parse_api('{"result": {"status": {"code": 0}, "data": {"complaints": [')


def test_detail_truncated_page_raises(corpus):
    data = (corpus / "formats/nengqiang__test/temp.html").read_bytes()
    with pytest.raises(ParseError, match="truncated"):
        heimao.parse_detail(data[: len(data) // 2])


def test_detail_login_page_raises_login_wall():
    with pytest.raises(LoginWall):
        heimao.parse_detail("<html><body><form>登录 <input type=password></form></body></html>")


def test_rebase_protocol_relative_link():
    assert rebase("//tousu.sina.com.cn/complaint/view/1/", "http://127.0.0.1:8123") == \
        "http://127.0.0.1:8123/complaint/view/1/"


# --- the project's own fixtures (saved from the mirror as raw bytes) -----------------------


def _fixture(name: str) -> bytes:
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"fixture {name} not saved yet")
    return path.read_bytes()


@pytest.fixture(scope="module")
def mirror_page() -> heimao.Post:
    return heimao.parse_detail(_fixture("heimao_detail.html"))


def test_fixture_detail_sn(mirror_page):
    assert mirror_page.source_id == "17350123067"


def test_fixture_detail_title(mirror_page):
    assert mirror_page.title == "功夫贷拒绝协商还款"


def test_fixture_detail_body(mirror_page):
    assert mirror_page.body.startswith("本人在功夫贷有一笔10000元的借款，之前一直按时还款。")


def test_fixture_detail_body_keeps_paragraphs(mirror_page):
    assert mirror_page.body.count("\n") == 1


def test_fixture_detail_published(mirror_page):
    assert mirror_page.published_at == datetime(2022, 5, 24, 9, 12)


def test_fixture_detail_author(mirror_page):
    assert mirror_page.author == "示例用户3690"


def test_fixture_detail_target(mirror_page):
    assert (mirror_page.target, mirror_page.target_id) == ("功夫贷", "5866754241")


def test_fixture_detail_issue(mirror_page):
    assert mirror_page.issue == "拒绝协商，暴力催收"


def test_fixture_detail_appeal(mirror_page):
    assert mirror_page.appeal == "协商还款,作出处罚"


def test_fixture_detail_amount(mirror_page):
    assert mirror_page.amount == 10969.0


def test_fixture_detail_status(mirror_page):
    assert mirror_page.status == "已回复"


def test_fixture_detail_steps(mirror_page):
    assert [s.kind for s in mirror_page.steps] == ["发起投诉", "审核通过", "商家处理中", "回复"]


def test_fixture_detail_step_dates(mirror_page):
    assert mirror_page.steps[-1].at == datetime(2022, 5, 26, 18, 33, 20)


def test_fixture_gbk_detail_is_gbk_bytes():
    data = _fixture("heimao_detail_gbk.html")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_fixture_gbk_detail_parses_like_utf8(mirror_page):
    assert heimao.parse_detail(_fixture("heimao_detail_gbk.html")) == mirror_page


def test_fixture_jsonp_answer_items():
    assert len(heimao.parse_api(_fixture("heimao_company_page.jsonp")).posts) == 10


def test_fixture_jsonp_answer_pager():
    page = heimao.parse_api(_fixture("heimao_company_page.jsonp"))
    assert (page.page, page.page_amount) == (1, 6)


def test_fixture_jsonp_answer_first_title():
    assert heimao.parse_api(_fixture("heimao_company_page.jsonp")).posts[0].title == "功夫贷催收辱骂"


def test_fixture_search_without_cookie_is_login_wall():
    with pytest.raises(LoginWall):
        heimao.parse_api(_fixture("heimao_search_login.html"))


# --- 2026: the feed, the platform's codes, sld, totals (FORMATS_2026.md) --------------------

from crawler.parsers.common import DepthReached, Gone, SignatureRejected  # noqa: E402

RAW_2026 = "formats/2026/aiteemo__house/heimao/data/5075621390_20260618_172718.json"


@pytest.fixture(scope="module")
def raw_2026(corpus: Path) -> dict:
    """The real received_complaints items and company/info card of 2026-06-18, as saved
    (items and card verbatim; the saver dropped the envelope, which is put back here)."""
    return json.loads((corpus / RAW_2026).read_text(encoding="utf-8"))


def _envelope(data) -> str:
    return json.dumps({"result": {"status": {"code": 0, "msg": ""}, "data": data}}, ensure_ascii=False)


def test_raw_2026_items_all_parse(raw_2026):
    page = heimao.parse_api(_envelope({"complaints": raw_2026["complaints"]}))
    assert len(page.posts) == len(raw_2026["complaints"]) == 58


def test_raw_2026_item_fields(raw_2026):
    first = heimao.parse_api(_envelope({"complaints": raw_2026["complaints"][:1]})).posts[0]
    assert (first.source_id, first.title, first.target, first.target_id) == (
        "17398697170", "套餐内门锁质量问题", "被窝整装", "5075621390")
    assert (first.issue, first.appeal, first.status) == ("产品质量问题,售后服务,售后不及时", "快速处理,退款", "处理中")


def test_raw_2026_created_at_seconds_win_over_the_publish_day(raw_2026):
    first = heimao.parse_api(_envelope({"complaints": raw_2026["complaints"][:1]})).posts[0]
    # created_at "1781684010" = 2026-06-17 16:13:30 CST; timestamp says only "2026-06-17"
    assert first.published_at == datetime(2026, 6, 17, 16, 13, 30)


def test_raw_2026_publish_day_alone_is_read():
    item = {"main": {"sn": "1", "title": "t", "timestamp": "2026-06-17"}, "author": {}}
    assert heimao.parse_api(_envelope({"complaints": [item]})).posts[0].published_at == datetime(2026, 6, 17)


def test_raw_2026_url_keeps_its_sld(raw_2026):
    posts = heimao.parse_api(_envelope({"complaints": raw_2026["complaints"]})).posts
    with_sld = [p.url for p in posts if "?sld=" in p.url]
    assert len(with_sld) == 25   # complaints from 2024-09-19 on (FORMATS_2026.md §2.2)
    assert posts[0].url == "https://tousu.sina.com.cn/complaint/view/17398697170/?sld=954651f9d963791cfb6544d38c135312"


def test_raw_2026_company_card_totals(raw_2026):
    t = heimao.parse_company_info(_envelope(raw_2026["info"]), "5075621390")
    assert (t.name, t.total, t.last_30_days, t.replied, t.completed) == ("被窝整装", 60, 4, 47, 36)
    assert (t.source, t.company_id, t.service_id) == ("heimao", "5075621390", "")


def test_feed_page_items():
    items = heimao.parse_feed((FIXTURES / "heimao_feed_page.json").read_bytes())
    assert len(items) == 10
    first = items[0]
    assert (first.post.source_id, first.post.target, first.post.target_id) == ("17351696554", "马上消费金融", "5100341508")
    assert (first.field, first.upvotes, first.comments, first.shares) == ("48", 2, 2, 2)


def test_feed_timestamp_is_epoch_seconds():
    first = heimao.parse_feed((FIXTURES / "heimao_feed_page.json").read_bytes())[0]
    assert first.post.published_at == datetime(2025, 12, 31, 19, 41, 31)   # 1767181291 in CST


def test_feed_summary_is_the_body_until_the_page_is_read():
    first = heimao.parse_feed((FIXTURES / "heimao_feed_page.json").read_bytes())[0]
    assert first.post.body.startswith("我是安逸花的用户，借款2000元")
    assert first.post.amount == 1589.55 and first.post.status == "通过审核"


def test_feed_url_is_the_platforms_with_its_sld():
    # saved from the mirror: protocol-relative //127.0.0.1:PORT/...; stored as the platform's link
    first = heimao.parse_feed((FIXTURES / "heimao_feed_page.json").read_bytes())[0]
    assert first.post.url == "https://tousu.sina.com.cn/complaint/view/17351696554/?sld=821fa796e1bb349bf467a524f0054526"


def test_feed_depth_code_10017_is_depth_reached_not_an_error():
    with pytest.raises(DepthReached):
        heimao.parse_feed((FIXTURES / "heimao_feed_depth.json").read_bytes())


def test_code_10005_is_a_login_wall():
    with pytest.raises(LoginWall):
        heimao.parse_api((FIXTURES / "heimao_company_login.json").read_bytes())


def test_rejected_signature_is_its_own_error():
    answer = json.dumps({"result": {"status": {"code": 2, "msg": "签名验证失败"}, "data": None}}, ensure_ascii=False)
    with pytest.raises(SignatureRejected):
        heimao.parse_feed(answer)
    assert not issubclass(SignatureRejected, LoginWall)


def test_unknown_code_is_a_source_error_with_the_code():
    answer = json.dumps({"result": {"status": {"code": 10099, "msg": "x"}, "data": None}})
    with pytest.raises(SourceError, match="10099"):
        heimao.parse_feed(answer)


def test_page_gone_without_the_right_sld():
    with pytest.raises(Gone, match="页面不存在"):
        heimao.parse_detail((FIXTURES / "heimao_page_gone.html").read_bytes(), "https://x/complaint/view/1/")


def test_merge_keeps_the_sld_url_of_the_list():
    listed = heimao.Post("heimao", "17348142332", "https://tousu.sina.com.cn/complaint/view/17348142332/?sld=ab", "", "", None)
    detail = heimao.Post("heimao", "17348142332", "https://tousu.sina.com.cn/complaint/view/17348142332/", "t", "b", None)
    assert heimao.merge(listed, detail).url.endswith("?sld=ab")


def test_feed_url_signs_type_page_size_page_not_field():
    url = heimao.feed_api_url("https://tousu.sina.com.cn", 3, field="48", now_ms=1764547200000, rs="a1B2c3D4e5F6g7H8")
    q = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&"))
    expected = heimao.signature(["1764547200000", "a1B2c3D4e5F6g7H8", heimao.SIGN_SALT, "2", "10", "3"])
    assert (q["signature"], q["type"], q["page"], q["field"]) == (expected, "2", "3", "48")


def test_feed_url_with_another_salt_signs_differently():
    a = heimao.feed_api_url("https://h", 1, now_ms=1, rs="r" * 16)
    b = heimao.feed_api_url("https://h", 1, now_ms=1, rs="r" * 16, salt="rotated")
    assert a != b


def test_rel_service_rows_per_service():
    rows = heimao.parse_rel_service((FIXTURES / "heimao_rel_service.json").read_bytes(), "5100001191")
    assert [(r.service_id, r.name, r.total) for r in rows] == [("6763788479", "京东白条", 21250),
                                                               ("6763788480", "京东金条", 9107)]


def test_main_search_lists_companies_with_totals():
    rows = heimao.parse_main_search((FIXTURES / "heimao_main_search.json").read_bytes())
    assert rows and all(r.company_id and r.total > 0 for r in rows)
    assert "京东金融" in [r.name for r in rows]
