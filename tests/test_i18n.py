"""pipeline/i18n.py: the interface's words (data/i18n.yaml) and names typed by people."""
from __future__ import annotations

from datetime import date

import pytest
import yaml

from pipeline import i18n
from pipeline.trends import Filters


def test_every_string_has_chinese_and_english():
    doc = yaml.safe_load(i18n.I18N_FILE.read_text(encoding="utf-8"))
    bad = [k for k, v in doc["strings"].items() if set(v) != {"zh", "en"} or not all(v.values())]
    assert bad == []


def test_every_theme_of_the_lexicon_has_both_names():
    zh, en = i18n.theme_labels("zh"), i18n.theme_labels("en")
    assert set(zh) == set(en) and len(zh) >= 12
    assert zh["third_party_contact"] == "联系家人/第三方/爆通讯录"
    assert en["third_party_contact"].startswith("Contacting family")


def test_dates_sources_and_defaults():
    assert i18n.fmt_month(date(2024, 3, 5)) == "2024年3月"
    assert i18n.fmt_month(date(2024, 3, 5), "en") == "Mar 2024"
    assert i18n.fmt_day(date(2024, 3, 5)) == "2024年3月5日"
    assert i18n.source_label("heimao") == "黑猫投诉" and i18n.source_label("jutousu") == "聚投诉"
    assert i18n.source_label("heimao", "en").startswith("Heimao")
    assert i18n.lang_or_default("EN") == "en" and i18n.lang_or_default("fr") == "zh"
    assert i18n.t("page.trends") == "趋势" and i18n.t("page.trends", "en") == "Trends"
    assert i18n.t("no.such.key") == "no.such.key"


def test_filters_described_in_chinese():
    f = Filters(lenders=("分期乐",), themes=("third_party_contact",), sources=("heimao",))
    assert i18n.describe(f) == "机构：分期乐; 主题：联系家人/第三方/爆通讯录; 来源：黑猫投诉"
    assert i18n.describe(f, "en") == ("lenders: 分期乐; themes: Contacting family / third parties / contact list; "
                                      "sources: Heimao (Sina)")
    assert i18n.describe(Filters()) == "全部投诉"


@pytest.mark.parametrize("name", ["联系家人", "爆通讯录", "联系家人/第三方/爆通讯录", "third_party_contact",
                                  "Contacting family / third parties / contact list", " 第三方 "])
def test_a_theme_resolves_from_chinese_english_or_its_key(name):
    assert i18n.resolve_theme(name) == "third_party_contact"


def test_lenders_resolve_from_aliases_and_unknown_names_list_the_known():
    assert i18n.resolve_lender("京东金条") == "京东白条"  # an alias (JD's cash loan) of the same lender
    assert i18n.resolve_lender("蚂蚁花呗") == "花呗"
    with pytest.raises(i18n.UnknownName, match="unknown theme '家暴'.*third_party_contact \\(联系家人"):
        i18n.resolve_theme("家暴")
    with pytest.raises(i18n.UnknownName, match="unknown lender '不存在的贷'"):
        i18n.resolve_lender("不存在的贷", known=["花呗"])


def test_english_strings_name_platforms_in_english():
    """Seen in QA: the English Lender responses page said "Only platform complaints (黑猫投诉,
    聚投诉) have a status" and "from 黑猫's company pages". Chinese stays only where it is what
    the reader sees in the data (a platform's status values) or an example of Chinese input."""
    import re

    from pipeline import i18n

    allowed = ["语言", "暴力催收", "催收", "已回复", "已完成", "处理中"]
    for key, entry in i18n._doc()["strings"].items():
        text = entry["en"]
        for word in allowed:
            text = text.replace(word, "")
        assert not re.search(r"[\u4e00-\u9fff]", text), (key, entry["en"])


def test_no_filter_line_is_not_mistaken_for_a_counting_unit():
    """Seen in QA: an unfiltered English chart read "Complaints by source (in distinct stories)"
    over the subtitle "all posts", the name of the other counting unit (also in the XLSX
    about sheet's filters row and the CLI's "wrote ... ; all posts")."""
    from pipeline import i18n
    from pipeline.trends import Filters

    said = i18n.describe(Filters(), "en")
    units = {i18n.t(f"breach.unit.{u}", "en") for u in ("stories", "posts")} | {"all posts", "distinct stories"}
    assert said not in units and not any(u in said for u in units), said


@pytest.mark.parametrize(("lang", "title", "want"), [
    ("zh", "各机构的主题（投诉数）", "各机构的主题（投诉数，按不同事件计）"),
    ("zh", "各机构投诉数", "各机构投诉数（按不同事件计）"),
    ("en", "Themes by lender (complaints)", "Themes by lender (complaints, in distinct stories)"),
    ("en", "Complaints per lender", "Complaints per lender (in distinct stories)"),
])
def test_a_chart_title_says_its_unit_in_one_pair_of_brackets(lang, title, want):
    """Seen in QA: the heatmap read "各机构的主题（占该机构投诉的比例）（按不同事件计）"."""
    from pipeline import charts

    assert charts._with_unit(title, "stories", lang) == want
    assert charts._with_unit(title, None, lang) == title
