"""Posts: search and read the complaints behind every number."""
import re

import streamlit as st

from dashboard import data, downloads, ui
from pipeline.trends import SEARCH_COUNT_CAP

PAGE_SIZE = 25

f = ui.page("Posts")
if f is None:
    st.stop()
query = st.text_input("Search title and text (Chinese works: 催收 finds 暴力催收; several words = all of them)",
                      key=ui.param_text("q"), max_chars=200)
ui.sync_param("q", query.strip(), "")
page_key = ui.param_text("page", "1")
# ASCII digits, a sane length: '²'.isdigit() is true, and 200 nines overflow the query's offset.
if not re.fullmatch(r"[0-9]{1,6}", str(st.session_state[page_key])) or int(st.session_state[page_key]) < 1:
    ui.notice(f"Ignored page={st.session_state[page_key]!r}: not a page number.")
    st.session_state[page_key] = "1"
page = int(st.session_state[page_key])
rows, total = data.posts(f, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
pages = max(1, -(-total // PAGE_SIZE))
if page > pages:
    page = 1
    st.session_state[page_key] = "1"
    rows, total = data.posts(f, query, PAGE_SIZE, 0)
if total > SEARCH_COUNT_CAP:  # search totals are capped: counting every match reads every body
    st.markdown(f"**More than {SEARCH_COUNT_CAP:,} posts** match · page {page} · add a word to narrow the search")
else:
    st.markdown(f"**{total:,} posts** match · page {page} of {pages}")
choice = st.selectbox("Page", [str(i) for i in range(1, min(pages, 2000) + 1)], key=page_key)
ui.sync_param("page", choice, "1")
if rows.empty:
    st.info("No posts match. Try fewer words or wider filters.")
else:
    downloads.posts(f, "posts", query.strip())
    ui.show_posts(rows, data.theme_labels())
