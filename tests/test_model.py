"""The learned second opinion (pipeline/model.py): its file, its training, and how the
tagger uses it — only where the rules found nothing, never without checkable evidence."""
from __future__ import annotations

import pytest

from pipeline import lexicon as lx
from pipeline import model as tm
from pipeline.tag import Tagger


def test_ngrams_are_chinese_only_with_their_first_position():
    grams = tm.ngrams(lx.normalise("借1000还1600，催收天天打电话").text)
    assert grams["催收"] == 11 and grams["天天打电"] == 13
    assert not any(ch.isdigit() for g in grams for ch in g)  # amounts are no evidence
    assert not any("，" in g for g in grams)


def test_the_shipped_model_is_reviewable_and_never_learns_lender_names():
    model = tm.load()
    assert model is not None, "data/theme_model.txt is shipped (bench/train_model.py writes it)"
    lex = lx.default()
    assert set(model.themes) <= set(lex.themes)
    names = tm.name_grams(list(lex.alias_to_lender) + list(lex.lenders))
    assert not names & set(model.weights)  # 功夫贷's posts being threats is no evidence of a threat
    assert not [g for g in model.weights if any(n in g for n in names)]  # nor 在钱站
    assert all(len(g) in tm.NGRAM_SIZES for g in model.weights)
    assert all(model.threshold[t] >= 2.0 for t in model.themes)  # a high-precision threshold
    header = tm.MODEL_FILE.read_text(encoding="utf-8").splitlines()[:3]
    assert any("tune part" in h for h in header)


def test_dump_and_load_round_trip(tmp_path):
    model = tm.ThemeModel({"insult": -3.0}, {"insult": 2.0}, {"辱骂": {"insult": 3.5}, "骂我": {"insult": 2.0}})
    path = tmp_path / "m.txt"
    model.dump(path, "test model")
    again = tm.load(path)
    assert again is not None and again.bias == model.bias and again.threshold == model.threshold
    assert again.weights == model.weights
    assert tm.load(tmp_path / "missing.txt") is None


def test_training_learns_a_theme_and_picks_a_threshold_from_held_out_scores():
    calls = ["催收天天打电话骚扰我", "一天几十个电话轰炸", "电话打个不停，天天骚扰", "催收电话一直打，不停骚扰"]
    other = ["利息太高了，砍头息", "合同金额和到账金额不符", "申请提前结清被拒绝", "服务费太高不合理"]
    texts = [f"网贷逾期{i}，{c}" for i in range(8) for c in calls] + [f"网贷借款{i}，{o}" for i in range(8) for o in other]
    labels = [{"call_harassment"}] * 32 + [set()] * 32
    model, stats = tm.train(texts, labels, ["call_harassment", "insult"], min_positive=10, l1=0.001, iters=150, floor=0.5)
    assert model.themes == ["call_harassment"]  # insult has no examples: rules only
    assert stats["call_harassment"]["oof_fp"] == 0 and stats["call_harassment"]["oof_tp"] > 20
    assert [p.theme for p in model.propose(lx.normalise("网贷逾期，催收天天打电话骚扰").text)] == ["call_harassment"]
    assert model.propose(lx.normalise("网贷借款，利息太高了").text) == []


@pytest.fixture()
def tagger_with(request):
    """The default tagger with a hand-written model (so that the test does not depend on the
    trained weights): 丢人 and 抬不起 are no rule terms, the model alone can find insult in them."""
    t = Tagger()
    t.model = tm.ThemeModel({"insult": -2.0}, {"insult": 1.0}, {"抬不起": {"insult": 2.0}, "丢人": {"insult": 3.5}})
    return t


def test_a_proposal_carries_evidence_in_the_stored_text(tagger_with):
    text = "網貸逾期後，我在村裡 抬 不 起 頭，很丢人"
    res = tagger_with.tag_text(text)
    evs = res.themes["insult"]
    assert evs and all(text[e.start : e.end] == e.text for e in evs)
    assert all(e.rule.startswith("model:insult:") for e in evs)
    assert [e.text for e in evs] == ["丢人", "抬 不 起"]  # strongest first, as stored


def test_the_model_never_overrides_or_extends_the_rules_evidence(tagger_with):
    # the rules found insult (辱骂): their evidence stays, the model adds nothing
    evs = tagger_with.tag_text("网贷催收辱骂我，我抬不起头，很丢人").themes["insult"]
    assert all(not e.rule.startswith("model:") for e in evs)


def test_the_model_obeys_the_codebook_gates(tagger_with):
    # not about lending or debt: no theme at all
    assert tagger_with.tag_text("快递员送错件，我很丢人").themes == {}
    assert "insult" in tagger_with.tag_text("网贷逾期，催收让我很丢人").themes
    # the only evidence negated or feared: the proposal is dropped
    assert "insult" not in tagger_with.tag_text("网贷逾期，催收没有让我丢人").themes
    assert "insult" not in tagger_with.tag_text("网贷逾期，我担心以后会很丢人").themes


def test_custom_lexicons_get_no_model():
    assert Tagger(lexicon=lx.default()).model is None
    assert Tagger().model is tm.default()


def test_lowest_precise_picks_the_lowest_score_that_stays_precise():
    import numpy as np

    scores = np.array([9.0, 8.0, 7.0, 6.0, 5.0, -np.inf])
    gold = np.array([1, 1, 1, 0, 1, 1])
    assert tm.lowest_precise(scores, gold, 0.95, 3) == 7.0  # 6.0 lets a wrong one in
    assert tm.lowest_precise(scores, gold, 0.8, 3) == 5.0  # 4 of 5 right
    assert tm.lowest_precise(scores, gold, 0.95, 4) == float("inf")  # never 4 right at 0.95
    # a post the gate dropped (-inf: the rules found the theme, or no n-gram counts) is never proposed
    assert tm.lowest_precise(scores, gold, 0.5, 6) == float("inf")


def test_training_with_the_rules_counts_only_the_tags_the_model_adds():
    """With the rules' themes and a gate (the tagger's scores where the rules missed the theme),
    the figures are about the tags the model adds, and where="missed" sets the threshold there:
    posts the rules already tagged neither help nor hurt it."""
    calls = ["催收天天打电话骚扰我", "一天几十个电话轰炸", "电话打个不停，天天骚扰", "催收电话一直打，不停骚扰"]
    other = ["利息太高了，砍头息", "合同金额和到账金额不符", "申请提前结清被拒绝", "服务费太高不合理"]
    texts = [f"网贷逾期{i}，{c}" for i in range(8) for c in calls] + [f"网贷借款{i}，{o}" for i in range(8) for o in other]
    labels = [{"call_harassment"}] * 32 + [set()] * 32
    rules = [{"call_harassment"} if i % 2 == 0 else set() for i in range(32)] + [set()] * 32  # the rules find half
    seen = []

    def gate(model: tm.ThemeModel, i: int) -> dict[str, float]:
        seen.append(i)
        if "call_harassment" in rules[i]:
            return {}  # the rules found it: the model does not act
        ps = model.propose(lx.normalise(texts[i]).text, skip=tuple(rules[i]))
        return {p.theme: p.score for p in ps}

    model, stats = tm.train(texts, labels, ["call_harassment"], min_positive=10, l1=0.001, iters=150, floor=0.5,
                            rules=rules, gate=gate, where="missed")
    assert sorted(seen) == list(range(64))  # every post scored once, out of fold
    s = stats["call_harassment"]
    assert s["missed"] == 16 and s["added_fp"] == 0 and 10 < s["added_tp"] <= 16
    assert s["oof_tp"] == s["added_tp"]  # where="missed": the threshold's own figures are the added tags'
    assert model.threshold["call_harassment"] >= 0.5


def test_training_on_views_learns_each_theme_from_its_own_view():
    """views (bench/train_model.py --blank-rules): a theme is learnt from its own view of each
    post, here with its rule term 骚扰 blanked out, so no weight ever sits on the term (the
    tagger would never count it) and the wording around it is learnt instead."""
    calls = ["催收天天打电话骚扰我", "一天几十个电话骚扰", "电话打个不停，天天骚扰", "催收电话一直打，不停骚扰"]
    other = ["利息太高了，砍头息", "合同金额和到账金额不符", "申请提前结清被拒绝", "服务费太高不合理"]
    texts = [f"网贷逾期{i}，{c}" for i in range(8) for c in calls] + [f"网贷借款{i}，{o}" for i in range(8) for o in other]
    labels = [{"call_harassment"}] * 32 + [{"fees"} if "费" in t or "息" in t else set() for t in texts[32:]]
    view = [lx.normalise(t).text.replace("骚扰", "  ") for t in texts]
    kw = dict(min_positive=10, l1=0.001, iters=150, floor=0.5)
    model, stats = tm.train(texts, labels, ["call_harassment", "fees"], views={"call_harassment": view}, **kw)
    assert not [g for g, ws in model.weights.items() if "call_harassment" in ws and ("骚" in g or "扰" in g)]
    assert stats["call_harassment"]["oof_fp"] == 0 and stats["call_harassment"]["oof_tp"] > 20  # from 电话 and the like
    assert [p.theme for p in model.propose(lx.normalise("网贷逾期，天天打电话").text)] == ["call_harassment"]
    # fees has no view: it is fitted on the whole texts, as without views (up to float32 rounding)
    plain, _ = tm.train(texts, labels, ["call_harassment", "fees"], **kw)
    fees = [{g: ws["fees"] for g, ws in m.weights.items() if "fees" in ws} for m in (model, plain)]
    assert len(fees[0]) > 10 and all(abs(fees[0].get(g, 0) - fees[1].get(g, 0)) < 1e-2 for g in fees[0].keys() | fees[1].keys())
    assert model.bias["fees"] == pytest.approx(plain.bias["fees"], abs=1e-2)
    assert any("骚扰" in g for g, ws in plain.weights.items() if "call_harassment" in ws)  # the view made the difference


def test_nested_thresholds_are_picked_on_the_other_folds_only():
    """bench/train_model.py's CV figures (issue 12): a fold's tags are added at a threshold
    picked on the other folds' scores, so a held-out post's own score never sets the bar that
    lets it in; per theme, rules alone vs rules + the added tags."""
    import numpy as np

    import bench.train_model as btm

    # one theme, two folds; the rules found posts 0 and 1; the model scores the rest (gated)
    Y = np.array([[1], [1], [1], [0], [1], [0], [1], [1]], dtype=np.float32)
    fold = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    G = np.array([[-np.inf], [-np.inf], [5.0], [4.0], [6.0], [3.0], [2.5], [-np.inf]])
    S = np.array([[9.0], [8.0], [5.0], [4.0], [6.0], [3.0], [2.5], [7.0]])
    add = btm.nested_added(G, S, Y, fold, 0.95, 2.0, 2)
    # fold 0's bar comes from fold 1 (7.0, 6.0 right; 3.0 wrong: 2.5 would let it in): 6.0 -> none of 5.0, 4.0
    # fold 1's bar from fold 0 (9.0, 8.0, 5.0 right, 4.0 wrong): 5.0 -> 6.0 added, 3.0 and 2.5 not
    assert add[:, 0].tolist() == [False, False, False, False, True, False, False, False]
    labels = [{"insult"} if y else set() for y in Y[:, 0]]
    rules = [{"insult"}, {"insult"}, set(), set(), set(), set(), set(), {"insult"}]
    (r, c, right, total), = btm.per_theme(add, Y, ["insult"], labels, rules).values()
    assert r == (3, 0, 3) and c == (4, 0, 2) and (right, total) == (1, 1)


def test_simulated_misses_count_the_positives_above_every_negative():
    """bench/train_model.py --blank-rules: how much of a theme the model would find from the
    wording the rules do not name (blanked views) with no tune false alarm."""
    import numpy as np

    import bench.train_model as btm

    inf = np.inf
    oof = {"themes": ["privacy"], "gold": np.array([[1], [1], [1], [0], [0], [0]], dtype=np.float32),
           # gated: the real text where the rules missed the theme (-inf: they found it, or nothing counts)
           "gated": np.array([[-inf], [-inf], [-inf], [2.5], [1.0], [-inf]]),
           # raw: the blanked views, scored out of fold
           "raw": np.array([[4.0], [2.5], [0.5], [2.5], [1.0], [9.0]])}
    assert btm.simulated_misses(oof) == {"privacy": (2.5, 1 / 3, 3)}  # 4.0 only; 2.5 is not above the bar


def test_the_reduced_automaton_finds_what_the_plain_one_finds():
    """propose's pass over the text reduced to the n-grams' characters (ThemeModel._reduced) gives
    the plain automaton's matches: the same n-grams at the same places in the same order (the
    scores are float sums in that order), whatever else the text holds: Latin letters, digits,
    punctuation, characters beyond the BMP, SENTINEL itself, n-grams overlapping or nested."""
    m = tm.default()
    assert m._reduced is not None
    grams = sorted(m._grams, key=len, reverse=True)[:40]
    texts = ["".join(grams), "，".join(grams), "x".join(grams), "\U0001F600".join(grams) + "\x01\x02",
             "催收天天打电话给我家人，爆通讯录😀ＡＢＣ123。" + grams[0] + grams[0][1:] + grams[-1] * 3,
             "", "\x01" + grams[1] + "\U00020000" + grams[2]]
    for s in texts + [lx.normalise(t).text for t in texts]:
        plain = list(m.automaton.iter(s)) if s else []
        reduced = list(m._reduced.iter(s)) if s else []
        assert reduced == plain, s
    probe = "，".join(grams)
    saved, m._reduced = m._reduced, None  # the plain pass: the same proposals, the same scores
    try:
        plain_props = repr(m.propose(probe))
    finally:
        m._reduced = saved
    assert repr(m.propose(probe)) == plain_props
