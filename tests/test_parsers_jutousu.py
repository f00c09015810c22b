"""聚投诉 parsers: list JSON with the offset cursor, detail page with postKey, post content.

No real 聚投诉 page was saved publicly (PLATFORM_FORMATS.md §2 describes the JSON from
scrapers' code), so the answers here are written to that description, plus pages saved
from our mirror as raw bytes in tests/fixtures (one GBK-encoded).
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.parsers import jutousu
from crawler.parsers.common import LoginWall, ParseError

FIXTURES = Path(__file__).parent / "fixtures"

LIST = {"offset": "1440013", "postList": [
    {"id": 1440026, "title": "乐花卡催收人员骂人", "shortTopic": "本人在乐花卡有一笔5700元的借款…",
     "shuqiu": "停止骚扰,道歉", "ctime": 1641001831, "username": "示例用户7683", "status": "商家已回复",
     "merchantId": 3142, "merchantName": "分期乐"},
    {"id": 1440027, "title": "第二条", "shortTopic": "正文", "shuqiu": "", "ctime": 1641001900},
]}
CONTENT = {"post": {"id": 1440026, "title": "乐花卡催收人员骂人",
                    "topic": "<p>本人在乐花卡有一笔5700元的借款。</p><p>催收员恐吓我。</p>",
                    "username": "示例用户7683", "contactway": "13800138000", "ctime": 1641001831,
                    "shuqiu": "停止骚扰,道歉", "status": "已完成"}}


@pytest.fixture(scope="module")
def listing() -> jutousu.ListPage:
    return jutousu.parse_list(json.dumps(LIST, ensure_ascii=False).encode())


def test_list_offset_cursor(listing):
    assert listing.offset == "1440013"


def test_list_count(listing):
    assert len(listing.posts) == 2


def test_list_source_id(listing):
    assert listing.posts[0].source_id == "1440026"


def test_list_url(listing):
    assert listing.posts[0].url == "https://ts.21cn.com/tousu/show/id/1440026"


def test_list_title(listing):
    assert listing.posts[0].title == "乐花卡催收人员骂人"


def test_list_body_is_short_topic(listing):
    assert listing.posts[0].body == "本人在乐花卡有一笔5700元的借款…"


def test_list_appeal_is_shuqiu(listing):
    assert listing.posts[0].appeal == "停止骚扰,道歉"


def test_list_published_from_ctime_in_cst(listing):
    assert listing.posts[0].published_at == datetime(2022, 1, 1, 9, 50, 31)


def test_list_author(listing):
    assert listing.posts[0].author == "示例用户7683"


def test_list_status_word_mapped(listing):
    assert listing.posts[0].status == "已回复"


def test_list_target(listing):
    assert (listing.posts[0].target, listing.posts[0].target_id) == ("分期乐", "3142")


def test_list_merchant_from_the_query_when_items_lack_it():
    page = jutousu.parse_list(json.dumps(LIST), merchant="钱站", merchant_id="2352")
    assert (page.posts[1].target, page.posts[1].target_id) == ("钱站", "2352")


def test_search_answer_has_no_cursor():
    page = jutousu.parse_list(json.dumps({"postList": LIST["postList"]}))
    assert page.offset is None


def test_list_login_page_is_a_login_wall():
    with pytest.raises(LoginWall):
        jutousu.parse_list("<html><body><h2>登录聚投诉</h2><form><input type=password></form></body></html>")


def test_list_without_post_list_is_a_parse_error():
    with pytest.raises(ParseError):
        jutousu.parse_list('{"offset": "1"}')


def test_list_cut_json_is_a_parse_error():
    with pytest.raises(ParseError):
        jutousu.parse_list(json.dumps(LIST)[:50])


def test_content_body_from_topic_html():
    post = jutousu.parse_content(json.dumps(CONTENT, ensure_ascii=False), jutousu.parse_list(json.dumps(LIST)).posts[0])
    assert post.body == "本人在乐花卡有一笔5700元的借款。\n催收员恐吓我。"


def test_content_status_wins_over_list():
    post = jutousu.parse_content(json.dumps(CONTENT), jutousu.parse_list(json.dumps(LIST)).posts[0])
    assert post.status == "已完成"


def test_content_never_keeps_contactway():
    post = jutousu.parse_content(json.dumps(CONTENT), jutousu.parse_list(json.dumps(LIST)).posts[0])
    assert "13800138000" not in repr(post)


def test_content_without_post_is_a_parse_error():
    with pytest.raises(ParseError):
        jutousu.parse_content('{"errorCode": 1}', jutousu.parse_list(json.dumps(LIST)).posts[0])


def test_detail_without_post_key_is_a_parse_error():
    with pytest.raises(ParseError):
        jutousu.parse_detail("<html><body><h1>404</h1></body></html>")


def test_merchant_list_url_carries_cursor():
    assert jutousu.merchant_list_url("http://h", "2352", 2, "1440013") == \
        "http://h/json/merchantPostList/merchantId/2352/listType/1/pageNo/2/offset/1440013"


def test_search_url_quotes_keyword():
    assert jutousu.search_url("http://h", "暴力催收", 1).endswith("title=%E6%9A%B4%E5%8A%9B%E5%82%AC%E6%94%B6&listType=1")


# --- pages saved from the mirror as raw bytes -----------------------------------------------


def _fixture(name: str) -> bytes:
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"fixture {name} not saved yet")
    return path.read_bytes()


def test_fixture_show_post_key():
    assert jutousu.parse_detail(_fixture("jutousu_show.html")).post_key == "b94ad85444e91f1ff3edfb4b4d06d4fe"


def test_fixture_show_title():
    assert jutousu.parse_detail(_fixture("jutousu_show.html")).title == "拍拍贷催收骚扰家人"


def test_fixture_show_status():
    assert jutousu.parse_detail(_fixture("jutousu_show.html")).status == "已完成"


def test_fixture_show_merchant():
    page = jutousu.parse_detail(_fixture("jutousu_show.html"))
    assert (page.merchant, page.merchant_id) == ("拍拍贷", "3184")


def test_fixture_gbk_show_decodes():
    assert jutousu.parse_detail(_fixture("jutousu_show_gbk.html")) == jutousu.parse_detail(_fixture("jutousu_show.html"))


def test_fixture_merchant_list_cursor():
    assert jutousu.parse_list(_fixture("jutousu_merchant_list.json")).offset == "1469728"


def test_fixture_merchant_list_items():
    assert len(jutousu.parse_list(_fixture("jutousu_merchant_list.json")).posts) == 10


def test_fixture_merchant_list_first_id():
    assert jutousu.parse_list(_fixture("jutousu_merchant_list.json")).posts[0].source_id == "1477850"


def test_fixture_content_body():
    listed = jutousu.parse_list(json.dumps(LIST)).posts[0]
    post = jutousu.parse_content(_fixture("jutousu_content.json"), listed)
    assert post.body == ("我是拍拍贷的用户，借款3000元，目前已还4期。他们通过QQ添加我为好友，在QQ上不停催我还钱。"
                         "对方威胁说再不还款就爆我通讯录。希望聚投诉帮忙解决，要求停止催收。")


def test_fixture_content_author():
    listed = jutousu.parse_list(json.dumps(LIST)).posts[0]
    assert jutousu.parse_content(_fixture("jutousu_content.json"), listed).author == "示例用户7264"


def test_fixture_search_login_wall():
    with pytest.raises(LoginWall):
        jutousu.parse_list(_fixture("jutousu_login.html"))


# --- the home page's internet-finance list (FORMATS_2026.md §6.1) ---------------------------


def _itfin() -> list:
    return jutousu.parse_feed((FIXTURES / "jutousu_itfin_page.json").read_bytes())


def test_itfin_page_holds_ten_posts():
    assert len(_itfin()) == 10


def test_itfin_id_title_url():
    first = _itfin()[0]
    assert (first.source_id, first.title) == ("1478903", "有钱花高利贷，砍头息")
    assert first.url == "https://ts.21cn.com/tousu/show/id/1478903"


def test_itfin_time_and_complainant_from_one_line():
    first = _itfin()[0]
    assert (first.published_at, first.author) == (datetime(2025, 12, 31, 23, 59), "示例用户1871")


def test_itfin_merchant_and_summary():
    first = _itfin()[0]
    assert (first.target, first.target_id) == ("度小满金融", "3135")
    assert first.body.startswith("本人在有钱花有一笔1500元的借款")


def test_itfin_empty_fragment_is_the_end():
    assert jutousu.parse_feed(json.dumps({"message": "", "pageNo": 99})) == []


def test_itfin_fragment_without_blocks_is_a_layout_change():
    with pytest.raises(ParseError, match="layout"):
        jutousu.parse_feed(json.dumps({"message": "<ul><li>新版列表</li></ul>"}))


def test_itfin_login_page_is_a_login_wall():
    with pytest.raises(LoginWall):
        jutousu.parse_feed((FIXTURES / "jutousu_login.html").read_bytes())
