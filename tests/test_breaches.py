"""The 涉嫌违规 · Alleged breaches page under AppTest, on a real store tagged and published
(tests/test_rules.py builds it): the numbers shown are cell_table's, the posts behind a cell
have their fact evidence highlighted, the rule's sentence and source stand beside them."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_dashboard import figures
from test_rules import build

from pipeline import rules as rl
from pipeline.trends import Filters

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
PAGE = "views/breaches.py"


@pytest.fixture
def snap(tmp_path, monkeypatch):
    return build(tmp_path, monkeypatch)


def run(monkeypatch, snap, params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    """The page in Chinese (the default), or with ?lang=`lang`."""
    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(snap.root))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in ({**({"lang": lang} if lang else {}), **(params or {})}).items():
        at.query_params[k] = v
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_shows_cell_table_numbers_with_rule_and_source(monkeypatch, snap):
    at = run(monkeypatch, snap)
    assert at.title[0].value == "涉嫌违规"
    shown = at.dataframe[0].value
    expected = rl.cell_table(snap, Filters(), unit="stories", status=rl.IN_SCOPE)
    assert shown.iloc[:, 3].tolist() == expected["count"].tolist()
    assert shown["行为"].str.len().min() > 0 and shown["出处"].str.len().min() > 0
    assert set(shown["条文核对"]) == {"未核对官方文本"}
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "涉嫌违反" in text and "违反了" not in text
    en = run(monkeypatch, snap, lang="en")
    assert en.title[0].value == "Alleged breaches"
    assert set(en.dataframe[0].value["Wording"]) == {"not checked against the official text"}
    text = " ".join(m.value for m in en.markdown) + " ".join(c.value for c in en.caption)
    assert "may conflict with" in text and "violated" not in text


def test_posts_of_a_cell_have_their_evidence_marked(monkeypatch, snap):
    table = rl.cell_table(snap, Filters(), status=rl.IN_SCOPE)
    row = table[table["rule"] == "cba2026-attempts"].iloc[0] if (table["rule"] == "cba2026-attempts").any() else None
    if row is None:
        row = table[table["rule"] == "app-necessary-data-2021"].iloc[0]
    at = run(monkeypatch, snap, {"cell": f"{row['lender']} · {row['rule']} · {row['month']}"})
    html = " ".join(h.proto.body for h in at.get("html"))
    assert html.count('class="post"') == len(rl.cell_posts(snap, Filters(), lender=row["lender"], rule=row["rule"],
                                                            month=row["month"]))
    assert "<mark" in html


def test_scope_unknown_and_posts_unit_from_the_url(monkeypatch, snap):
    at = run(monkeypatch, snap, {"scope": rl.SCOPE_UNKNOWN, "unit": "posts"})
    shown = at.dataframe[0].value
    assert set(shown["贷款机构"]) == {"拍拍贷"}
    expected = rl.cell_table(snap, Filters(), unit="posts", status=rl.SCOPE_UNKNOWN)
    assert shown.iloc[:, 3].tolist() == expected["count"].tolist()


def test_bad_url_value_is_ignored_with_a_notice(monkeypatch, snap):
    at = run(monkeypatch, snap, {"unit": "tweets"})
    assert any("unit" in w.value for w in at.sidebar.warning)


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_rule_hits_chart_equals_a_recount_of_the_exported_posts(monkeypatch, snap, unit):
    """The page's chart (distinct stories by default, all posts from ?unit=posts) against the
    posts an export of the same filters holds: their `rules` and `story_id` columns."""
    import json

    from pipeline import export

    at = run(monkeypatch, snap, {"unit": unit} if unit != "stories" else {})
    fig = figures(at)[0]
    assert ("不同事件" if unit == "stories" else "帖子") in fig["layout"]["title"]["text"]
    from test_dashboard import _values  # plotly's typed arrays decoded

    plotted = {(x, t["name"]): y for t in fig["data"] for x, y in zip(_values(t["x"]), _values(t["y"]))}
    posts = export.posts_frame(snap, export.ExportRequest(Filters()))
    recount = {}
    for (lender, rule) in plotted:
        hit = posts[(posts["lender"] == lender) & posts["rules"].map(lambda r, rule=rule: rule in r)]
        recount[(lender, rule)] = hit["story_id"].nunique() if unit == "stories" else len(hit)
    assert plotted == recount and sum(plotted.values()) > 0


def test_unchecked_wording_is_said_beside_the_numbers_and_on_the_chart(monkeypatch, snap):
    import json

    at = run(monkeypatch, snap)
    notes = " ".join(a["text"] for a in figures(at)[0]["layout"]["annotations"])
    assert "规则条文未与官方文本核对" in notes
    plotted_rules = set(rl.cell_table(snap, Filters(), by_month=False)["rule"])
    assert all(r in notes for r in plotted_rules)  # every rule drawn is unchecked (data/rules.yaml)
    assert any("未核对官方文本" in c.value for c in at.caption)



def _cell_html(monkeypatch, snap):
    table = rl.cell_table(snap, Filters(), status=rl.IN_SCOPE)
    row = table.iloc[0]
    posts = rl.cell_posts(snap, Filters(), lender=row["lender"], rule=row["rule"], month=row["month"])
    at = run(monkeypatch, snap, {"cell": f"{row['lender']} · {row['rule']} · {row['month']}"})
    return posts, " ".join(h.proto.body for h in at.get("html"))


def test_posts_of_a_cell_carry_their_id_and_permalink(monkeypatch, snap):
    """Seen in QA: the cards under a cell read "#heimao-None", a permalink to no post."""
    import re

    posts, html = _cell_html(monkeypatch, snap)
    assert len(posts) and posts["source_id"].notna().all()
    keys = set(re.findall(r'class="permalink" href="[^"]*post=([^"&]+)', html))
    assert keys == {f"{p.source}-{p.source_id}" for p in posts.itertuples()}, keys


def test_posts_of_a_cell_name_their_themes_in_the_ui_language(monkeypatch, snap):
    """Seen in QA: the theme chips of a cell's posts showed raw keys (third_party_contact)."""
    import re

    from pipeline import i18n

    _, html = _cell_html(monkeypatch, snap)
    chips = re.findall(r'<span class="chip" data-theme="([^"]+)"[^>]*>([^<]+)</span>', html)
    labels = i18n.theme_labels("zh")
    assert chips and all(label == labels[key] for key, label in chips), chips


@pytest.mark.parametrize("lang", [None, "en"])
def test_the_page_speaks_one_language(monkeypatch, snap, lang):
    """Seen in QA: every label, caption, column and the chart of 涉嫌违规 were written twice,
    "中文 · English", in both UI languages ("1 posts, 1 distinct stories" under a Chinese page)."""
    import json
    import re

    table = rl.cell_table(snap, Filters(), status=rl.IN_SCOPE)
    row = table.iloc[0]
    at = run(monkeypatch, snap, {"cell": f"{row['lender']} · {row['rule']} · {row['month']}"}, lang=lang)
    fig = figures(at)[0]
    main = at.main
    words = ([at.title[0].value] + [c.value for c in main.caption] + [r.label for r in main.radio]
             + [o for r in main.radio for o in r.options] + [s.label for s in main.selectbox]
             + [h.value for h in at.subheader] + list(at.dataframe[0].value.columns)
             + [fig["layout"]["title"]["text"], fig["layout"]["yaxis"]["title"]["text"]]
             + [a["text"] for a in fig["layout"]["annotations"]] + [b.label for b in at.get("download_button")])
    # What may hold the other script: rule ids and sources (data), a lender, a URL, `complaints` commands.
    data_words = {str(v) for v in table[["rule", "source", "instrument", "behaviour", "lender"]].to_numpy().ravel()}
    data_words |= {"complaints-radar", "complaints", "data/lenders.yaml", "PNG", "SVG", "CSV", "Excel", "ZIP",
                   "SHA-256"}
    for text in words:
        for word in sorted(data_words, key=len, reverse=True):
            text = text.replace(word, "")
        text = re.sub(r"https?://\S+|`[^`]*`|<[^>]+>", "", text)
        if lang == "en":
            assert not re.search(r"[\u4e00-\u9fff]", text), text
        else:
            assert not re.search(r"[A-Za-z]{3,}", text), text
