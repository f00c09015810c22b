"""HTML and JSON the mirror answers, shaped like the real platforms.

Formats follow ../shared/corpus/formats/PLATFORM_FORMATS.md; the 黑猫 detail page keeps
the element structure of the saved page nengqiang__test/table.html (PAGE_CONFIG,
div.ts-d-question, h1.article, ul.ts-q-list > li > label, 投诉进度 <b>, div.ts-d-steplist >
div.ts-d-item with u-status / u-date "MM-DD HH:MM:SS", ts-reply). Templates are
string.Template files in templates/; every value is HTML-escaped here.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from pipeline import settings
from crawler.mirror.democorpus import PLATFORM_ACTOR
from pipeline.models import HEIMAO_STATUS

TEMPLATES = Path(__file__).parent / "templates"
CST = settings.CST
USER_AVATAR = "//n.sinaimg.cn/finance/blackcat/wap/images/defaultimg-3.png"
PLATFORM_ICONS = {"审核通过": "icon-code-24.png"}   # others use icon-code-23 (observed)
SUMMARY_CHARS = 160


@lru_cache(maxsize=None)
def template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def fill(template_name: str, /, **values: Any) -> str:
    return template(template_name).substitute(**values)


def cst(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, CST)


def js_string(value: str) -> str:
    """Text inside a single-quoted JS literal of PAGE_CONFIG."""
    return value.replace("\\", "\\\\").replace("'", "\\'").replace("</", "<\\/")


def _stable(value: str, modulo: int) -> int:
    return int(hashlib.md5(value.encode()).hexdigest()[:8], 16) % modulo


# --- 黑猫 ----------------------------------------------------------------------------------

def company_url(host: str, couid: str) -> str:
    return f"//{host}/company/view/?couid={couid}"


def complaint_url(host: str, sn: str) -> str:
    # The API gives protocol-relative links; pointing at the mirror keeps --base-url honest.
    return f"//{host}/complaint/view/{sn}/"


def summary(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS] + "..."


def cost_text(cost: str) -> str:
    return f"{int(float(cost))}元"


def _step_avatar(step: dict[str, Any], row: dict[str, Any], host: str) -> str:
    name = escape(step["actor"])
    if step["merchant"]:
        return (f'                            <a href="{company_url(host, row["couid"])}" target="_blank" '
                f'data-sudaclick="complaint_company">\n'
                f'                                <div class="avatar-wrap">\n'
                f'                                    <img src="//n.sinaimg.cn/finance/blackcat/pc/img/'
                f'default_company.png" alt="" class="avatar">\n'
                f'                                    <span class="vender-icon">商</span>\n'
                f'                                </div>\n'
                f'                                <span class="u-name">{name}</span>\n'
                f'                            </a>')
    icon = USER_AVATAR
    if step["actor"] == PLATFORM_ACTOR:
        icon = "//n.sinaimg.cn/finance/blackcat/wap/img/" + PLATFORM_ICONS.get(step["kind"], "icon-code-23.png")
    return (f'                            <img src="{icon}" alt="" class="avatar">\n'
            f'                            <span class="u-name">{name}</span>')


def _step_content(step: dict[str, Any], body: str) -> str:
    if step["kind"] == "发起投诉":
        return ('                            <p></p>\n\n                            <div class="ts-reply">\n'
                f'                                <p></p>\n                                <p>{escape(body)}</p>\n'
                '                                <div class="ts-reply">\n'
                '                                    <p class="ts-c-hide"></p>\n'
                '                                </div>\n                            </div>\n')
    if step["kind"] == "回复":
        return ('                            <p></p>\n\n                            <div class="ts-reply">\n'
                f'                                <p></p>\n                                <p>{escape(step["text"])}</p>\n'
                '                            </div>\n')
    return f'                            <p>{escape(step["text"])}</p>\n'


def heimao_detail(row: dict[str, Any], host: str, charset: str, group: str | None) -> str:
    steps = "\n".join(
        fill("heimao_step.html", avatar=_step_avatar(s, row, host), kind=escape(s["kind"]),
             date=cst(s["at"]).strftime("%m-%d %H:%M:%S"), content=_step_content(s, row["body"]))
        for s in reversed(row["steps"]))   # the page lists the newest step first
    published = cst(row["created_at"])
    group_link = (f'                            <a data-sudaclick="relategroupts_view" '
                  f'href="/grp_comp/view/G{group}" target="_blank">查看相关集体投诉</a>') if group else ""
    cost = row["cost"]
    return fill(
        "heimao_detail.html", charset=charset, title=escape(row["title"]),
        description=escape(summary(f"{row['author']}投诉：{row['body']}"), quote=True),
        mobile_url=f"//{host}/complaint/view/{row['sn']}/", base_url=f"//{host}",
        sn=row["sn"], cotitle_js=escape(js_string(row["cotitle"])), author=escape(row["author"]),
        published=f"{published.year}年{published.month}月{published.day}日 {published:%H:%M}",
        group_link=group_link, company_url=company_url(host, row["couid"]),
        cotitle=escape(row["cotitle"]), issue=escape(row["issue"]), appeal=escape(row["appeal"]),
        # No amount given: no 涉诉金额 row at all.
        cost_row=f"                        <li><label>涉诉金额：</label> {cost_text(cost)}</li>\n" if cost else "",
        status=HEIMAO_STATUS[row["status"]], votes=_stable(row["sn"], 40),
        newsid=int(row["sn"]) % 1000000, steps=steps, related="")


def heimao_item(row: dict[str, Any], host: str, keyword: str = "") -> dict[str, Any]:
    """One ITEM of the JSON APIs (PLATFORM_FORMATS.md §1.3); `author.location` stays last."""
    def mark(text: str) -> str:
        return text.replace(keyword, f'<span class="code-red">{keyword}</span>') if keyword else text
    main: dict[str, Any] = {
        "sn": row["sn"], "title": mark(row["title"]), "summary": mark(summary(row["body"])),
        "cotitle": row["cotitle"], "appeal": row["appeal"], "issue": row["issue"],
        "cost": row["cost"], "status": row["status"], "timestamp": str(row["created_at"]),
        "created_at": str(row["created_at"]), "url": complaint_url(host, row["sn"]),
        "uid": str(7000000000 + _stable(row["author"], 999999999)),
    }
    if row["status"] == 7:
        stars = 3 + _stable(row["sn"], 3)
        text = next((s["text"] for s in row["steps"] if s["kind"] == "评价"), "")
        main["evaluate_u"] = {"attitude": stars, "process": stars, "satisfaction": stars, "evalContent": text}
    author = {"title": row["author"], "wb_profile": f"//weibo.com/u/{main['uid']}",
              "avatar": USER_AVATAR, "location": ""}
    return {"main": main, "author": author}


def heimao_api(data: dict[str, Any] | None, code: int = 0, msg: str = "") -> dict[str, Any]:
    return {"result": {"status": {"code": code, "msg": msg or ("成功" if code == 0 else "error")},
                       "timestamp": "", "data": data}}


def pager(page: int, page_size: int, count: int) -> dict[str, Any]:
    return {"current": page, "page_amount": -(-count // page_size) if count else 0,
            "item_count": count, "page_size": page_size}


def json_text(payload: Any, callback: str | None = None) -> str:
    if callback:
        # JSONP as the platform sends it; older answers \\u-escape every CJK character.
        return f"try{{{callback}({json.dumps(payload, ensure_ascii=True)});}}catch(e){{}};"
    return json.dumps(payload, ensure_ascii=False)


def heimao_company(couid: str, name: str, rows: list[dict[str, Any]], count: int, host: str,
                   charset: str) -> str:
    items = "\n".join(
        fill("heimao_company_item.html", status=HEIMAO_STATUS[r["status"]], author=escape(r["author"]),
             date=cst(r["created_at"]).strftime("%Y-%m-%d"), url=complaint_url(host, r["sn"]),
             title=escape(r["title"]), summary=escape(summary(r["body"])), cotitle=escape(r["cotitle"]),
             appeal=escape(r["appeal"]))
        for r in rows)
    return fill("heimao_company.html", charset=charset, name=escape(name), name_js=escape(js_string(name)),
                couid=couid, count=count, items=items)


# --- 聚投诉 ---------------------------------------------------------------------------------

def jutousu_show(row: dict[str, Any], charset: str) -> str:
    return fill("jutousu_show.html", charset=charset, title=escape(row["title"]),
                username=escape(row["username"]), time=cst(row["ctime"]).strftime("%Y-%m-%d %H:%M"),
                status=escape(row["status"]), merchant_id=row["merchant_id"],
                merchant=escape(row["merchant"]), shuqiu=escape(row["shuqiu"]),
                post_key=row["post_key"], id=row["id"])


def jutousu_list_item(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": int(row["id"]), "title": row["title"], "shortTopic": row["short_topic"],
            "shuqiu": row["shuqiu"], "ctime": row["ctime"], "username": row["username"],
            "status": row["status"], "merchantId": int(row["merchant_id"]),
            "merchantName": row["merchant"]}


def jutousu_fragment(row: dict[str, Any]) -> str:
    """One complaint of the home-page lists' HTML fragment (FORMATS_2026.md §6.1)."""
    return (f'<div class="ind_list_all"><div class="con_info fll"><dl><dt>'
            f'<a href="//ts.21cn.com/tousu/show/id/{row["id"]}" target="_blank">{escape(row["title"])}</a>'
            f'<p>{cst(row["ctime"]).strftime("%Y-%m-%d %H:%M")} {escape(row["username"])}</p></dt>'
            f'<dd class="desc">{escape(row["short_topic"])}</dd></dl>'
            f'<div class="ind_ding"><span class="label">投诉对象：<a href="/merchant/show/id/{row["merchant_id"]}">'
            f'{escape(row["merchant"])}</a></span></div></div>'
            f'<span class="sharetag" tag="{row["id"]}"></span></div>')


def jutousu_post(row: dict[str, Any]) -> dict[str, Any]:
    return {"post": {"id": int(row["id"]), "title": row["title"], "topic": row["topic"],
                     "username": row["username"], "contactway": "", "ctime": row["ctime"],
                     "shuqiu": row["shuqiu"], "status": row["status"],
                     "merchantId": int(row["merchant_id"]), "merchantName": row["merchant"]}}


# --- article site ---------------------------------------------------------------------------

def _is_heading(line: str) -> bool:
    return len(line) <= 24 and not line.endswith(("。", "！", "？", "…"))


def article_body(body: str) -> str:
    out = []
    for line in body.split("\n"):
        tag = "h2" if _is_heading(line) else "p"
        out.append(f"      <{tag}>{escape(line)}</{tag}>")
    return "\n".join(out)


def blog_page(title: str, content: str, charset: str, head_extra: str = "") -> str:
    return fill("blog_layout.html", charset=charset, page_title=escape(title), content=content,
                head_extra=head_extra)


def blog_article(article: dict[str, Any], prev_next: str, charset: str) -> str:
    content = fill("blog_article.html", title=escape(article["title"]), author=escape(article["author"]),
                   published=article["published"], reads=100 + _stable(article["slug"], 5000),
                   body=article_body(article["body"]), prev_next=prev_next)
    meta = (f'<meta property="og:title" content="{escape(article["title"])}">\n'
            f'<meta name="author" content="{escape(article["author"])}">\n'
            f'<meta property="article:published_time" content="{article["published"]}">')
    return blog_page(f"{article['title']} - 消费维权笔记", content, charset, meta)


def blog_index(articles: list[dict[str, Any]], page: int, pages: int, charset: str) -> str:
    items = "\n".join(
        f'    <li><a href="/blog/{a["slug"]}.html">{escape(a["title"])}</a> '
        f'<span class="date">{a["published"]}</span><p>{escape(a["body"].split(chr(10))[0][:60])}…</p></li>'
        for a in articles)
    links = []
    if page > 1:
        links.append(f'<a class="prev" href="/blog/?page={page - 1}">上一页</a>')
    if page < pages:
        links.append(f'<a class="next" href="/blog/?page={page + 1}">下一页</a>')
    return blog_page("消费维权笔记", fill("blog_index.html", items=items, pager=" ".join(links)), charset)


def rss(articles: list[dict[str, Any]], base: str) -> str:
    items = []
    for a in articles:
        day = datetime.fromisoformat(a["published"]).replace(hour=9, tzinfo=CST)
        link = f"{base}/blog/{a['slug']}.html"
        items.append(f"<item><title>{escape(a['title'])}</title><link>{link}</link>"
                     f"<guid isPermaLink=\"true\">{link}</guid><pubDate>{format_datetime(day)}</pubDate>"
                     f"<author>{escape(a['author'])}</author>"
                     f"<description>{escape(a['body'].split(chr(10))[0])}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>消费维权笔记（合成示例数据）</title><link>{base}/blog/</link>"
            "<description>本地镜像的示例博客，文章为合成数据</description><language>zh-cn</language>"
            + "".join(items) + "</channel></rss>\n")


def sitemap(articles: list[dict[str, Any]], base: str) -> str:
    urls = [f"<url><loc>{base}/blog/</loc></url>"] + [
        f"<url><loc>{base}/blog/{a['slug']}.html</loc><lastmod>{a['published']}</lastmod></url>"
        for a in articles]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(urls) + "</urlset>\n")


def robots(base: str) -> str:
    return ("User-agent: *\nDisallow: /admin\nDisallow: /_mirror/\nDisallow: /user/\nAllow: /\n\n"
            f"Sitemap: {base}/sitemap.xml\n")


def error_page(code: int, message: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{code}</title></head>'
            f"<body><h1>{code}</h1><p>{escape(message)}</p></body></html>")
