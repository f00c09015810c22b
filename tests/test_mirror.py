"""The local mirror over real HTTP on 127.0.0.1: formats, signature, paging, faults, time.

Detail pages are compared with the real saved 黑猫 page (../shared/corpus/formats/
nengqiang__test/temp.html) so the mirror cannot drift from the platform's structure.
"""
from __future__ import annotations

import http.client
import json
import random
import re
import socket
import string
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote
from urllib.robotparser import RobotFileParser

import pytest
from parsel import Selector

from crawler.mirror import DEFAULT_COOKIE, FaultSpec, FaultSpecError, MirrorServer, company_signature, sign
from crawler.mirror.corpus import advances
from crawler.mirror import democorpus

COUID = "5100001191"        # 京东金融 in the demo corpus
MID = "2352"                # 钱站 on 聚投诉
with open(democorpus.DEMO_DIR / "heimao.jsonl", encoding="utf-8") as _f:
    SN = json.loads(_f.readline())["sn"]      # the oldest demo complaint


@pytest.fixture(scope="module")
def mirror():
    with MirrorServer(port=0) as m:
        yield m


@pytest.fixture(scope="module")
def demo() -> dict:
    return democorpus.load()


def fetch(url: str, cookie: str | None = None, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def text(url: str, **kw) -> str:
    status, headers, body = fetch(url, **kw)
    assert status == 200, (url, status)
    return body.decode(re.search(r"charset=([\w-]+)", headers["content-type"]).group(1))


def signed_company_url(base: str, couid: str, page: int, page_size: int = 10, **extra: str) -> str:
    ts = str(int(time.time() * 1000))
    rs = "".join(random.choices(string.ascii_letters + string.digits, k=16))
    sig = company_signature(ts, rs, couid, "1", str(page_size), str(page))
    url = (f"{base}/api/company/received_complaints?ts={ts}&rs={rs}&signature={sig}&couid={couid}"
           f"&type=1&page_size={page_size}&page={page}")
    return url + "".join(f"&{k}={v}" for k, v in extra.items())


def signed_search_url(base: str, keyword: str, page: int = 1) -> str:
    ts, rs = "1713945548000", "a" * 16
    sig = sign(ts, rs, "$d6eb7ff91ee257475%", keyword, "10", str(page))
    return f"{base}/api/index/s?ts={ts}&rs={rs}&signature={sig}&keywords={quote(keyword)}&page_size=10&page={page}"


# --- 黑猫 API --------------------------------------------------------------------------------

def test_signed_company_api_answers_complaints(mirror: MirrorServer) -> None:
    data = json.loads(text(signed_company_url(mirror.base_url, COUID, 1)))
    assert data["result"]["status"]["code"] == 0
    items = data["result"]["data"]["complaints"]
    assert len(items) == 10
    main = items[0]["main"]
    assert main["cotitle"] == "京东金融" and re.fullmatch(r"173\d{8}", main["sn"])
    assert set(main) >= {"sn", "title", "summary", "cotitle", "appeal", "issue", "cost", "status",
                         "timestamp", "created_at", "url"}
    assert list(items[0]["author"])[-1] == "location"        # regex scrapers rely on it


def test_api_urls_point_at_the_mirror_protocol_relative(mirror: MirrorServer) -> None:
    data = json.loads(text(signed_company_url(mirror.base_url, COUID, 1)))
    main = data["result"]["data"]["complaints"][0]["main"]
    assert main["url"] == f"//127.0.0.1:{mirror.port}/complaint/view/{main['sn']}/"


def test_wrong_signature_gets_the_error_answer(mirror: MirrorServer) -> None:
    url = signed_company_url(mirror.base_url, COUID, 1)
    bad = re.sub(r"signature=(\w)", lambda m: "signature=" + ("0" if m.group(1) != "0" else "1"), url)
    data = json.loads(text(bad))
    assert data["result"]["status"]["code"] != 0 and data["result"]["data"] is None


def test_signature_covers_the_page(mirror: MirrorServer) -> None:
    url = signed_company_url(mirror.base_url, COUID, 1).replace("&page=1", "&page=2")
    assert json.loads(text(url))["result"]["status"]["code"] != 0


def test_unsigned_2019_form_rejected_unless_allowed(mirror: MirrorServer) -> None:
    path = f"/api/company/received_complaints?couid={COUID}&type=1&page_size=10&page=1"
    assert json.loads(text(mirror.base_url + path))["result"]["status"]["code"] != 0
    with MirrorServer(allow_unsigned=True) as lax:
        assert json.loads(text(lax.base_url + path))["result"]["status"]["code"] == 0


def test_malformed_ts_or_rs_rejected(mirror: MirrorServer) -> None:
    ts, rs = "12345", "x" * 16
    sig = company_signature(ts, rs, COUID, "1", "10", "1")
    url = f"{mirror.base_url}/api/company/received_complaints?ts={ts}&rs={rs}&signature={sig}&couid={COUID}&type=1&page_size=10&page=1"
    assert json.loads(text(url))["result"]["status"]["code"] != 0


def test_jsonp_wraps_the_same_answer(mirror: MirrorServer) -> None:
    body = text(signed_company_url(mirror.base_url, COUID, 2, callback="jQuery1112_1643471235521", _="1643471235521"))
    m = re.fullmatch(r"try\{jQuery1112_1643471235521\((.*)\);\}catch\(e\)\{\};", body, re.S)
    assert m, body[:80]
    assert "\\u" in m.group(1)                     # older answers escape CJK
    plain = json.loads(text(signed_company_url(mirror.base_url, COUID, 2)))
    assert json.loads(m.group(1)) == plain


def test_paging_reaches_every_complaint_of_the_company(mirror: MirrorServer, demo: dict) -> None:
    seen: list[str] = []
    page = 1
    while True:
        data = json.loads(text(signed_company_url(mirror.base_url, COUID, page, page_size=50)))["result"]["data"]
        if not data["complaints"]:
            break
        assert data["pager"]["current"] == page
        seen += [item["main"]["sn"] for item in data["complaints"]]
        page += 1
    expected = {r["sn"] for r in demo["heimao"] if r["couid"] == COUID}
    assert len(seen) == len(set(seen)) == data["pager"]["item_count"] == len(expected)
    assert set(seen) == expected
    assert page - 1 == data["pager"]["page_amount"]


def test_unknown_company_is_an_empty_page(mirror: MirrorServer) -> None:
    data = json.loads(text(signed_company_url(mirror.base_url, "999", 1)))["result"]["data"]
    assert data["complaints"] is None and data["pager"]["item_count"] == 0


def test_search_without_cookie_answers_login_page(mirror: MirrorServer) -> None:
    status, headers, body = fetch(signed_search_url(mirror.base_url, "通讯录"))
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "登录" in page and "微博" in page


def test_search_with_cookie_answers_marked_hits(mirror: MirrorServer) -> None:
    data = json.loads(text(signed_search_url(mirror.base_url, "通讯录"), cookie=DEFAULT_COOKIE))
    lists = data["result"]["data"]["lists"]
    assert data["result"]["status"]["code"] == 0 and len(lists) == 10
    assert data["result"]["data"]["pager"]["item_count"] > 100
    assert all('<span class="code-red">通讯录</span>' in i["main"]["title"] + i["main"]["summary"] for i in lists)


# --- 黑猫 pages ------------------------------------------------------------------------------

def _structure(html: str) -> dict:
    sel = Selector(text=html)
    q = sel.css("div.ts-d-question")
    return {
        "title": q.css("h1.article::text").get(),
        "user": q.css("div.ts-q-user span.u-name::text").get(),
        "date": q.css("div.ts-q-user span.u-date::text").get(),
        "labels": q.css("ul.ts-q-list li label::text").getall(),
        "progress": q.css("ul.ts-q-list li:last-child b::text").get(),
        "company_href": q.css("ul.ts-q-list li a[href*='couid=']::attr(href)").get(),
        "rid": q.css("div.ts-q-btn::attr(data-rid)").get(),
        "statuses": [s.strip() for s in sel.css("div.ts-d-steplist div.ts-d-item span.u-status::text").getall()],
        "step_dates": sel.css("div.ts-d-steplist div.ts-d-item span.u-date::text").getall(),
        "merchant_icon": sel.css("div.ts-d-item span.vender-icon::text").getall(),
        "reply": sel.css("div.ts-d-item div.ts-d-cont div.ts-reply p::text").getall(),
        "complaint_id": re.search(r'"complaintId":\s*\'(\d+)\'', html),
        "title_tag": sel.css("title::text").get(),
    }


def test_detail_page_has_the_real_page_structure(mirror: MirrorServer, demo: dict, corpus: Path) -> None:
    real = _structure((corpus / "formats" / "nengqiang__test" / "temp.html").read_text(encoding="utf-8-sig"))
    row = next(r for r in demo["heimao"] if r["status"] == 6 and r["cost"])
    ours = _structure(text(f"{mirror.base_url}/complaint/view/{row['sn']}/"))
    for key in ("title", "user", "progress", "company_href", "rid", "complaint_id"):
        assert real[key] and ours[key], key
    real_labels = set(real["labels"]) - {"联系方式："}    # only the complainant sees that row
    assert set(ours["labels"]) == real_labels and ours["labels"][-1] == real["labels"][-1] == "投诉进度："
    assert re.fullmatch(r"发布于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", real["date"])
    assert re.fullmatch(r"发布于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", ours["date"])
    for dates in (real["step_dates"], ours["step_dates"]):
        assert all(re.fullmatch(r"\d\d-\d\d \d\d:\d\d:\d\d", d) for d in dates)
    assert real["statuses"][0] == ours["statuses"][0] == "回复"        # newest first
    assert real["statuses"][-1] == ours["statuses"][-1] == "发起投诉"
    assert real["merchant_icon"] == ours["merchant_icon"] == ["商"]
    assert real["title_tag"].endswith("_黑猫投诉_新浪网") and ours["title_tag"].endswith("_黑猫投诉_新浪网")


def test_detail_page_fields_match_the_corpus(mirror: MirrorServer, demo: dict) -> None:
    row = next(r for r in demo["heimao"] if r["status"] == 7 and r["cost"])
    html = text(f"{mirror.base_url}/complaint/view/{row['sn']}")      # no trailing slash works too
    sel = Selector(text=html)
    values = {li.css("label::text").get(): "".join(li.css("::text").getall()[1:]).strip()
              for li in sel.css("ul.ts-q-list li")}
    assert values["投诉编号："] == row["sn"]
    assert values["投诉对象："] == row["cotitle"]
    assert values["投诉问题："] == row["issue"] and values["投诉要求："] == row["appeal"]
    assert values["涉诉金额："] == f"{int(float(row['cost']))}元"
    assert values["投诉进度："] == "已完成"
    body = sel.css("div.ts-d-item")[-1].css("div.ts-reply > p::text").getall()
    assert "".join(body).strip() == row["body"]
    reply = next(s["text"] for s in row["steps"] if s["kind"] == "回复")
    assert reply in html


def test_detail_page_without_amount_has_no_amount_row(mirror: MirrorServer, demo: dict) -> None:
    row = next(r for r in demo["heimao"] if not r["cost"])
    html = text(f"{mirror.base_url}/complaint/view/{row['sn']}/")
    assert "涉诉金额" not in html and "投诉进度" in html


def test_unknown_complaint_is_404(mirror: MirrorServer) -> None:
    assert fetch(f"{mirror.base_url}/complaint/view/17300000000/")[0] == 404


def test_fanout_pages_link_the_group(mirror: MirrorServer, demo: dict) -> None:
    row = next(r for r in demo["heimao"] if "fanout_of" in r["truth"])
    html = text(f"{mirror.base_url}/complaint/view/{row['sn']}/")
    assert f'href="/grp_comp/view/G{row["truth"]["fanout_of"]}"' in html
    group = Selector(text=text(f"{mirror.base_url}/grp_comp/view/G{row['truth']['fanout_of']}"))
    hrefs = group.css("ul.grp-list a::attr(href)").getall()
    assert hrefs[:2] == [f"//127.0.0.1:{mirror.port}/complaint/view/{sn}/"
                         for sn in (row["truth"]["fanout_of"], row["sn"])]


def test_company_page_lists_complaints(mirror: MirrorServer) -> None:
    sel = Selector(text=text(f"{mirror.base_url}/company/view/?couid={COUID}"))
    assert sel.css("h1.co-name::text").get() == "京东金融"
    items = sel.css("div.myts-list div.myts-item")
    assert len(items) == 10 and items[0].css("span.time::text").re(r"\d{4}-\d\d-\d\d")


# --- 聚投诉 ----------------------------------------------------------------------------------

def test_jutousu_offset_cursor_walks_the_merchant(mirror: MirrorServer, demo: dict) -> None:
    ids: list[int] = []
    offset, page = "0", 1
    while True:
        data = json.loads(text(f"{mirror.base_url}/json/merchantPostList/merchantId/{MID}/listType/1/pageNo/{page}/offset/{offset}"))
        if not data["postList"]:
            break
        ids += [p["id"] for p in data["postList"]]
        offset, page = data["offset"], page + 1
    expected = sorted((int(r["id"]) for r in demo["jutousu"] if r["merchant_id"] == MID), reverse=True)
    assert ids == expected and len(expected) > 10


def test_jutousu_detail_page_and_content_api(mirror: MirrorServer, demo: dict) -> None:
    row = demo["jutousu"][100]
    sel = Selector(text=text(f"{mirror.base_url}/tousu/show/id/{row['id']}"))
    key = sel.css("input#postKeyValue::attr(value)").get()
    assert key == row["post_key"] and sel.css("h1.post-title::text").get() == row["title"]
    post = json.loads(text(f"{mirror.base_url}/front/api/post/getPostContent.do?postKey={key}"))["post"]
    assert post["topic"] == row["topic"] and post["username"] == row["username"]


def test_jutousu_unknown_post_key(mirror: MirrorServer) -> None:
    data = json.loads(text(f"{mirror.base_url}/front/api/post/getPostContent.do?postKey=nope"))
    assert data["post"] is None


def test_jutousu_search_needs_login(mirror: MirrorServer) -> None:
    url = f"{mirror.base_url}/front/api/search/searchPostList.do?pageNo=1&title={quote('催收')}&listType=1"
    assert "登录聚投诉" in text(url)
    data = json.loads(text(url, cookie=DEFAULT_COOKIE))
    assert len(data["postList"]) == 10 and all("ctime" in p and "shortTopic" in p for p in data["postList"])


# --- blog, robots ----------------------------------------------------------------------------

def test_blog_rss_sitemap_and_article_pages(mirror: MirrorServer, demo: dict) -> None:
    rss = ET.fromstring(fetch(f"{mirror.base_url}/blog/rss.xml")[2])
    links = [i.findtext("link") for i in rss.iter("item")]
    assert len(links) == 30 and all(l.startswith(mirror.base_url + "/blog/") for l in links)
    sitemap = fetch(f"{mirror.base_url}/sitemap.xml")[2].decode()
    assert sitemap.count("<loc>") == 31
    article = next(a for a in demo["articles"] if links[0].endswith(a["slug"] + ".html"))
    html = text(links[0])
    sel = Selector(text=html)
    assert sel.css("h1.entry-title::text").get() == article["title"]
    paragraphs = [p for p in article["body"].split("\n") if p.endswith("。")]
    assert all(p in html for p in paragraphs)
    assert sel.css("nav.site-nav") and sel.css("footer.site-footer") and sel.css("section.comments")


def test_blog_listing_pages(mirror: MirrorServer) -> None:
    first = Selector(text=text(f"{mirror.base_url}/blog/"))
    second = Selector(text=text(f"{mirror.base_url}/blog/?page=2"))
    hrefs = first.css("ul.post-list a::attr(href)").getall() + second.css("ul.post-list a::attr(href)").getall()
    assert len(hrefs) == 20 and len(set(hrefs)) == 20
    assert first.css("a.next::attr(href)").get() == "/blog/?page=2"


def test_robots_allows_crawl_paths_and_disallows_admin(mirror: MirrorServer) -> None:
    robots = RobotFileParser()
    robots.parse(text(f"{mirror.base_url}/robots.txt").splitlines())
    base = mirror.base_url
    for path in (f"/complaint/view/{SN}/", "/api/company/received_complaints?couid=1", "/blog/rss.xml",
                 "/tousu/show/id/1440026", "/json/merchantPostList/merchantId/2352/listType/1/pageNo/1/offset/0"):
        assert robots.can_fetch("complaints-radar", base + path), path
    assert not robots.can_fetch("complaints-radar", base + "/admin")
    assert not robots.can_fetch("complaints-radar", base + "/_mirror/advance")
    assert fetch(base + "/admin")[0] == 403


# --- status over time ------------------------------------------------------------------------

def test_status_advances_with_the_epoch(demo: dict) -> None:
    moving = next(r for r in demo["heimao"] if r["status"] == 4 and advances(r["sn"]))
    still = next(r for r in demo["heimao"] if r["status"] == 4 and not advances(r["sn"]))
    done = next(r for r in demo["heimao"] if r["status"] == 7 and advances(r["sn"]))
    with MirrorServer() as m:
        def progress(sn: str) -> tuple[str, list[str]]:
            s = _structure(text(f"{m.base_url}/complaint/view/{sn}/"))
            return s["progress"], s["statuses"]
        assert progress(moving["sn"])[0] == "处理中"
        assert json.loads(text(m.base_url + "/_mirror/advance"))["epoch"] == 1
        status, steps = progress(moving["sn"])
        assert status == "已回复" and steps[0] == "回复"
        assert progress(still["sn"])[0] == "处理中"
        assert progress(done["sn"])[0] == "已完成"
        m.advance()
        status, steps = progress(moving["sn"])
        assert status == "已完成" and steps[:2] == ["完成", "评价"]
        api = json.loads(text(signed_company_url(m.base_url, moving["couid"], 1, page_size=50)))
        codes = {i["main"]["sn"]: i["main"]["status"] for i in api["result"]["data"]["complaints"]}
        assert codes.get(moving["sn"], 7) == 7


def test_start_epoch_option(demo: dict) -> None:
    moving = next(r for r in demo["jutousu"] if r["status"] == "处理中" and advances(r["id"]))
    with MirrorServer(epoch=1) as m:
        sel = Selector(text=text(f"{m.base_url}/tousu/show/id/{moving['id']}"))
        assert sel.css("span.status::text").get() == "商家已回复"


# --- delay and faults ------------------------------------------------------------------------

def test_delay_slows_every_answer() -> None:
    with MirrorServer(delay=0.2) as m:
        start = time.perf_counter()
        fetch(m.base_url + "/robots.txt")
        assert time.perf_counter() - start >= 0.2


@pytest.mark.parametrize("code", [500, 429])
def test_error_faults_hit_first_attempt_only(code: int) -> None:
    with MirrorServer(faults=str(code)) as m:
        url = f"{m.base_url}/complaint/view/{SN}/"
        status, headers, _ = fetch(url)
        assert status == code
        if code == 429:
            assert headers["retry-after"].isdigit()
        assert fetch(url)[0] == 200
        assert m.faults.injected[str(code)] == 1


def test_timeout_fault_holds_the_answer_past_the_client_timeout() -> None:
    with MirrorServer(faults="timeout", fault_sleep=1.0) as m:
        url = m.base_url + "/blog/"
        with pytest.raises((socket.timeout, urllib.error.URLError, TimeoutError)):
            fetch(url, timeout=0.3)
        start = time.perf_counter()
        assert fetch(url, timeout=5)[0] == 200
        assert time.perf_counter() - start < 0.8


def test_truncated_fault_cuts_the_body() -> None:
    with MirrorServer(faults="truncated") as m:
        url = f"{m.base_url}/complaint/view/{SN}/"
        with pytest.raises(http.client.IncompleteRead):
            fetch(url)
        assert text(url).rstrip().endswith("</html>")


def test_badjson_fault_only_on_json_endpoints() -> None:
    with MirrorServer(faults="badjson") as m:
        url = signed_company_url(m.base_url, COUID, 1)
        with pytest.raises(json.JSONDecodeError):
            json.loads(text(url))
        assert json.loads(text(url))["result"]["status"]["code"] == 0      # retry is fine
        assert text(m.base_url + "/blog/").rstrip().endswith("</html>")      # HTML untouched


def test_login_fault_walls_search_even_with_cookie() -> None:
    with MirrorServer(faults="login") as m:
        assert "登录" in text(signed_search_url(m.base_url, "通讯录"), cookie=DEFAULT_COOKIE)
        assert json.loads(text(signed_company_url(m.base_url, COUID, 1)))["result"]["status"]["code"] == 0


def test_gbk_fault_serves_gbk_with_declared_charset(demo: dict) -> None:
    row = demo["heimao"][0]
    with MirrorServer(faults="gbk") as m:
        status, headers, body = fetch(f"{m.base_url}/complaint/view/{row['sn']}/")
        assert status == 200 and headers["content-type"].endswith("charset=GBK")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        page = body.decode("gbk")
        assert '<meta charset="gbk"/>' in page and row["title"] in page
        assert fetch(signed_company_url(m.base_url, COUID, 1))[1]["content-type"].endswith("utf-8")


def test_faults_are_deterministic_per_url_and_seed() -> None:
    urls = [f"/complaint/view/{17350000000 + i}/" for i in range(300)]
    spec = FaultSpec.parse("500:0.2", seed=1)
    same = FaultSpec.parse("500:0.2", seed=1)
    other = FaultSpec.parse("500:0.2", seed=2)
    hit = [u for u in urls if spec.hits("500", u)]
    assert 30 <= len(hit) <= 90
    assert hit == [u for u in urls if same.hits("500", u)]
    assert hit != [u for u in urls if other.hits("500", u)]


def test_fault_plan_matches_answers_and_retries_recover(demo: dict) -> None:
    with MirrorServer(faults="500:0.2,429:0.1", fault_seed=5) as m:
        rows = demo["heimao"][:40]
        for row in rows:
            path = f"/complaint/view/{row['sn']}/"
            planned = m.faults.planned(path)
            first = fetch(m.base_url + path)[0]
            expected = 500 if "500" in planned else 429 if "429" in planned else 200
            assert first == expected, path
            assert fetch(m.base_url + path)[0] == 200


def test_volatile_parameters_do_not_change_the_fault_decision() -> None:
    with MirrorServer(faults="500") as m:
        assert fetch(signed_company_url(m.base_url, COUID, 1))[0] == 500
        assert fetch(signed_company_url(m.base_url, COUID, 1))[0] == 200   # new ts/rs: same URL


@pytest.mark.parametrize("spec, message", [("boom", "unknown fault kind"), ("500:x", "not a number"),
                                           ("429:1.5", "between 0 and 1")])
def test_bad_fault_specs_raise_clear_errors(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        MirrorServer(faults=spec)


def test_mirror_cli_rejects_bad_faults() -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["mirror", "--faults", "boom"])
    assert result.exit_code == 2 and "unknown fault kind" in result.output
