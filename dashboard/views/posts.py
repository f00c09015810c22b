"""Posts: search and read the complaints behind every number; ?post=<id> opens one post to quote."""
import re

import streamlit as st

from dashboard import data, downloads, ui
from pipeline import cite
from pipeline.trends import SEARCH_COUNT_CAP, post_key

PAGE_SIZE = 25

f = ui.page(ui.T("page.posts"))
if f is None:
    st.stop()
lang = ui.lang()
labels = ui.ui_theme_labels()

wanted = str(st.query_params.get("post") or "")[:120]
if wanted:
    post = data.post(wanted)
    if post is None:
        st.warning(ui.T("post.not_found", post=wanted))
    else:
        key = post_key(post)
        st.subheader(ui.T("post.heading", post=key))
        full = f"{post.get('title') or ''}\n{post.get('body') or ''}"
        spans = ui.evidence_spans(post.get("evidence"), full)
        themes = list(post.get("themes")) if post.get("themes") is not None else []
        st.html(ui.POST_CSS + ui.legend_html(themes)
                + ui.post_html(post, labels, max_chars=20_000, language=lang, permalink=ui.post_link(key),
                               synthetic=bool(data.meta().get("is_demo"))))
        st.caption(ui.T("post.quote"))
        quoted = {**post, "url": ""} if data.meta().get("is_demo") else post  # demo URLs are invented
        st.code(cite.quote(quoted, data.meta(), spans, lang), language=None, wrap_lines=True)
        st.caption(ui.T("post.permalink"))
        st.code(cite.permalink(ui.browser_base(), "posts", {"post": key}, data.meta(), lang), language=None,
                wrap_lines=True)
    if st.button(ui.T("post.back"), key="post_back"):
        del st.query_params["post"]
        st.rerun()
    st.stop()

query = st.text_input(ui.T("posts.search"), key=ui.param_text("q"), max_chars=200)
ui.sync_param("q", query.strip(), "")
page_key = ui.param_text("page", "1")
# ASCII digits, a sane length: '²'.isdigit() is true, and 200 nines overflow the query's offset.
if not re.fullmatch(r"[0-9]{1,6}", str(st.session_state[page_key])) or int(st.session_state[page_key]) < 1:
    ui.notice(ui.T("notice.not_page", raw=st.session_state[page_key]))
    st.session_state[page_key] = "1"
page = int(st.session_state[page_key])
rows, total = data.posts(f, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
pages = max(1, -(-total // PAGE_SIZE))
if page > pages:
    page = 1
    st.session_state[page_key] = "1"
    rows, total = data.posts(f, query, PAGE_SIZE, 0)
if total > SEARCH_COUNT_CAP:  # search totals are capped: counting every match reads every body
    st.markdown(ui.T("posts.count_capped", cap=SEARCH_COUNT_CAP, page=page))
else:
    # The list holds every post (near-duplicates marked); the charts and the ranking that link
    # here count distinct stories: say both, or "13 posts" under a ranking's "11" looks wrong.
    stories = int(data.totals(f, "stories")["posts"]) if not query.strip() and total else total
    st.markdown(ui.T("posts.count_stories", total=total, stories=stories, page=page, pages=pages) if stories != total
                else ui.T("posts.count", total=total, page=page, pages=pages))
choice = st.selectbox(ui.T("posts.page"), [str(i) for i in range(1, min(pages, 2000) + 1)], key=page_key)
ui.sync_param("page", choice, "1")
if rows.empty:
    st.info(ui.T("posts.none"))
else:
    downloads.posts(f, "posts", query.strip())
    ui.show_posts(rows, labels)
ui.cite_block("posts", ui.T("page.posts"), {"q": query.strip()})
