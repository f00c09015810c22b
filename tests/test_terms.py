"""Distinctive terms per group (the dashboard's "what people say" panel)."""
from __future__ import annotations

from pipeline.terms import distinctive_terms, stopwords, tokens


def test_tokens_drop_stopwords_numbers_masks_and_lender_names():
    # "功夫贷 blew up the address book, loan shark! <masked phone> 2019"
    assert tokens("功夫贷爆通讯录，高利贷！138******82 2019年") == ["爆通讯录", "高利贷"]
    assert tokens("") == []


def test_stopwords_file_has_function_words():
    assert {"的", "了", "我们", "投诉"} <= stopwords()


def test_distinctive_terms_rank_what_a_group_says_more_than_the_rest():
    harassment = ["催收爆通讯录，辱骂家人", "又爆通讯录了，辱骂我朋友", "爆通讯录，辱骂同事"] * 3
    fees = ["阴阳合同，砍头息太高", "砍头息，阴阳合同", "合同金额不对，砍头息"] * 3
    result = distinctive_terms({"功夫贷": harassment, "钱站": fees}, harassment + fees, top=3)
    assert [t for t, _, _ in result["功夫贷"]][:2] == ["爆通讯录", "辱骂"]
    assert [t for t, _, _ in result["钱站"]][:2] == ["砍头息", "阴阳合同"]
    term, score, count = result["功夫贷"][0]
    assert score > 0 and count == 9


def test_rare_terms_and_empty_groups():
    result = distinctive_terms({"a": ["独一无二的词"], "b": []}, ["背景文字"], top=5)
    assert result == {"a": [], "b": []}  # a term said once is not "distinctive"


def test_lender_names_in_either_script_are_never_terms():
    # 錢站 / 京東白條 (traditional) are the lenders 钱站 / 京东白条: left out like their simplified names
    assert tokens("錢站爆通訊錄，京東白條高利貸！") == ["爆通讯录", "高利贷"]
    texts = ["錢站催收爆通訊錄", "钱站催收爆通讯录", "錢站又爆通訊錄了"] * 3
    result = distinctive_terms({"钱站": texts}, texts + ["利息太高", "砍头息"] * 5, top=10)
    terms = [t for t, _, _ in result["钱站"]]
    assert "爆通讯录" in terms and not {"钱站", "錢站"} & set(terms)
