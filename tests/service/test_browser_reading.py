"""Reading what the page shows, in a real headless Chromium: the fold, units, notices, the
targets table on a phone, the region menu in compare and the widget's region pill."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser

TIANFU = "sichuan-tianfu-2024"
SHAPOTOU = "ningxia-shapotou-2022"
FOLD_CHARS = 200


def _css(element, selector: str):
    return element.find_element(By.CSS_SELECTOR, selector)


def _all(element, selector: str) -> list:
    return element.find_elements(By.CSS_SELECTOR, selector)


def _shown_inside(ui, inner, outer) -> bool:
    """Whether `inner` lies within the box of `outer` (not clipped away below or beside it)."""
    return ui.driver.execute_script(
        "const a = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();"
        "return a.width > 0 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1"
        " && a.left >= b.left - 1 && a.right <= b.right + 1;",
        inner,
        outer,
    )


def test_the_fold_shows_the_first_match_of_every_compared_plan(ui, api) -> None:
    query = "首席质量官制度要求"
    expected = {d["doc_id"]: d for d in api("/api/compare", q=query, per_doc=1)["documents"]}
    assert expected[TIANFU]["passages"] and expected[SHAPOTOU]["passages"]
    ui.open("/", q=query, view="compare")
    ui.loaded("compare")
    for column in ui.visible("#panel-compare .column"):
        plan = expected[column.get_attribute("data-doc-id")]
        if not plan["passages"]:
            continue
        hit = plan["passages"][0]
        paragraph = _css(column, ".card .text")
        marks = _all(paragraph, "mark")
        assert marks, plan["doc_id"]
        assert _shown_inside(ui, marks[0], paragraph), plan["doc_id"]
        toggles = _all(column, ".card button.fold")
        shown = paragraph.text.strip("…")
        if len(hit["text"]) > FOLD_CHARS:
            assert toggles and toggles[0].text == "展开全文"
            assert shown in hit["text"] and len(shown) < len(hit["text"])
            toggles[0].click()
            assert _css(column, ".card .text").text == hit["text"]
            assert toggles[0].text == "收起"
        else:
            assert not toggles, "展开全文 with nothing hidden"
            assert paragraph.text == hit["text"]


def test_a_card_names_its_responsible_units_once(ui, api) -> None:
    hits = api("/api/search", q="首席质量官", k=10)["results"]
    stated = [h for h in hits if h["responsible_units"]]
    assert stated
    ui.open("/", q="首席质量官")
    ui.loaded("search")
    cards = {c.get_attribute("data-passage-id"): c for c in ui.visible("#panel-search .card")}
    for hit in stated:
        card = cards[hit["passage_id"]]
        in_text = all(unit in hit["text"] for unit in hit["responsible_units"])
        assert bool(_all(card, ".units")) != in_text, hit["passage_id"]


def test_a_region_with_no_plan_is_said_above_the_nearest_passages(ui) -> None:
    ui.open("/", q="北京市首席质量官")
    notice = ui.visible("#panel-search .notice.unindexed_region")[0]
    assert notice.text == "未收录北京市的方案，以下是其他地区最相近的内容。"
    cards = ui.visible("#panel-search .results .card")
    assert cards and notice.location["y"] < cards[0].location["y"]


def test_the_region_menu_is_hidden_where_it_has_no_say(ui) -> None:
    ui.open("/", q="同线同标同质", view="compare", region="四川省")
    ui.loaded("compare")
    assert not _css(ui.driver, ".region-filter").is_displayed()
    _css(ui.driver, "#tab-search").click()
    ui.loaded("search")
    assert _css(ui.driver, "#region").is_displayed()


def test_an_implausible_target_is_flagged_and_its_sentence_one_click_away(ui) -> None:
    ui.open("/", q="森林覆盖率", view="targets")
    ui.loaded("targets")
    flagged = ui.visible("#panel-targets .target.implausible")
    assert len(flagged) == 1
    assert _css(flagged[0], ".value").text == "2027年超265%"
    flag = _css(flagged[0], ".flag")
    assert flag.text == "疑似录入错误"
    assert flag.get_attribute("title").startswith("森林覆盖率不会超过100%")
    _css(flagged[0], "a").click()
    current = ui.visible("dialog#context .passage.current")[0]
    assert "森林覆盖率超265%" in current.text


def test_on_a_phone_the_targets_table_shows_two_plans_and_a_scroll_cue(ui) -> None:
    ui.open("/", view="targets")
    ui.loaded("targets")
    assert not _css(ui.driver, "#panel-targets .scroll-cue").is_displayed()
    ui.driver.set_window_size(390, 844)
    ui.open("/", view="targets")
    ui.loaded("targets")
    cue = ui.visible("#panel-targets .scroll-cue")[0]
    assert cue.text == "← 左右滑动查看全部 5 个方案 →"
    box = _css(ui.driver, "#panel-targets .table-wrap")
    whole = [
        th for th in ui.find("#panel-targets thead th[data-doc-id]") if _shown_inside(ui, th, box)
    ]
    assert len(whole) >= 2
    assert not ui.scrolls_sideways()


def test_the_widgets_region_pill_is_never_broken_mid_name(ui, portal) -> None:
    portal_url, _ = portal
    broken = []
    for width in (320, 360, 375, 390, 414):
        ui.driver.set_window_size(width, 844)
        ui.driver.get(portal_url + "/")
        root = ui.shadow("#policy-search")
        ui.visible("input", root)[0].send_keys("首席质量官", Keys.ENTER)
        ui.visible("ol li", root)
        pills = _all(root, "ol li .region")
        assert pills
        for pill in pills:
            lines = ui.driver.execute_script("return arguments[0].getClientRects().length", pill)
            if lines != 1:
                broken.append((width, pill.text))
    assert broken == []
