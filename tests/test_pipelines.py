"""Item pipelines without a crawl: normalising, masking personal data, dropping with a reason."""
from __future__ import annotations

from datetime import datetime

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.pipelines import MaskPiiPipeline, NormalizePipeline, ValidatePipeline, invalid_reason
from pipeline.models import Post, Step


def _post(**kw) -> Post:
    base = dict(source="heimao", source_id="1", url="u", title="标题", body="正文", published_at=datetime(2024, 1, 1))
    return Post(**{**base, **kw})


def test_normalise_full_width_and_spaces():
    item = NormalizePipeline().process_item(_post(body="  借款ＡＢＣ１２３元　 \n\n 第二段 "))
    assert item.body == "借款ABC123元\n第二段"


def test_normalise_repairs_mojibake():
    broken = "拼多多".encode("utf-8").decode("latin-1")
    assert NormalizePipeline().process_item(_post(title=broken)).title == "拼多多"


def test_normalise_step_text():
    item = NormalizePipeline().process_item(_post(steps=[Step("a", " 回复 ", None, "  你好　")]))
    assert (item.steps[0].kind, item.steps[0].text) == ("回复", "你好")


def test_mask_phone_in_body():
    assert MaskPiiPipeline().process_item(_post(body="我的电话13812345678")).body == "我的电话138********"


def test_masked_forms_stay_masked():
    assert MaskPiiPipeline().process_item(_post(body="联系180********")).body == "联系180********"


def test_mask_id_card_in_step_text():
    item = MaskPiiPipeline().process_item(_post(steps=[Step("匿名", "发起投诉", None, "身份证110101199003071234")]))
    assert item.steps[0].text == "身份证110101************"


def test_merchant_actor_is_not_masked():
    item = MaskPiiPipeline().process_item(_post(steps=[Step("功夫贷", "回复", None, "", merchant=True)]))
    assert item.steps[0].actor == "功夫贷"


def test_complainant_name_is_masked():
    assert MaskPiiPipeline().process_item(_post(author="张三丰")).author == "张**"


@pytest.mark.parametrize("kw, reason", [
    ({"source_id": ""}, "no_id"),
    ({"title": "", "body": ""}, "empty"),
    ({"body": ""}, "no_body"),
    ({"amount": -5.0}, "bad_amount"),
    ({}, ""),
])
def test_invalid_reasons(kw, reason):
    assert invalid_reason(_post(**kw)) == reason


def test_validate_drops_and_counts_reason():
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipe = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem):
        pipe.process_item(_post(body="", title=""))
    assert crawler.stats.get_value("complaints/dropped/empty") == 1


@pytest.mark.parametrize("when", [datetime(1, 1, 1), datetime(1999, 12, 31), datetime(9999, 12, 31)])
def test_absurd_crawled_dates_are_dropped_with_a_reason(when):
    # Issue 13.4: one post dated 0001 or 9999 stretches every chart to 10,000 years.
    assert invalid_reason(_post(published_at=when)) == "bad_date"
    assert invalid_reason(_post(published_at=datetime(2000, 1, 1))) == ""
