"""Browsing plans, facets, chips, more results and query syntax in a real headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser

HECHUAN = "chongqing-hechuan-2024"


def _css(element, selector: str):
    return element.find_element(By.CSS_SELECTOR, selector)


def _all(element, selector: str) -> list:
    return element.find_elements(By.CSS_SELECTOR, selector)


def _in_view(ui, element) -> bool:
    return ui.driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.top < window.innerHeight;",
        element,
    )


# ---- the home page and a plan's page ----------------------------------------------------------


def test_the_home_page_lists_every_indexed_plan(ui, api) -> None:
    plans = api("/api/documents")["documents"]
    ui.open("/")
    rows = ui.visible("#panel-search .plan-list tbody tr")
    assert [r.get_attribute("data-doc-id") for r in rows] == [p["doc_id"] for p in plans]
    for row, plan in zip(rows, plans, strict=True):
        cells = [c.text for c in _all(row, "td")]
        assert cells == [
            plan["title"],
            plan["region"] or "—",
            plan["level"] or "—",
            plan["doc_number"] or "—",
            plan["published"] or "—",
            str(plan["passages"]),
        ]
    _css(rows[0], "a").click()
    ui.wait(lambda _: "/plans/" in ui.driver.current_url, "the title does not open the plan")
    assert _css(ui.driver, "h1").text == plans[0]["title"]


def test_a_plan_page_shows_its_outline_and_whole_text(ui, api) -> None:
    plan = api(f"/api/documents/{HECHUAN}")
    texts = api(f"/api/documents/{HECHUAN}/passages")["texts"]
    ui.open(f"/plans/{HECHUAN}")
    passages = ui.visible(".plan-text .plan-passage")
    assert [p.get_attribute("id") for p in passages] == [t["passage_id"] for t in texts]
    outline = [a.text for a in _all(ui.driver, ".outline > ol > li > a")]
    assert outline == [node["heading"] for node in plan["outline"]]
    facts = _css(ui.driver, ".plan-meta").text
    assert plan["doc_number"] in facts and plan["region"] in facts
    # An outline link jumps to its place in the text.
    link = next(a for a in _all(ui.driver, ".outline a") if a.text.startswith("23."))
    link.click()
    target = ui.driver.find_element(By.ID, link.get_attribute("href").split("#", 1)[1])
    ui.wait(lambda _: _in_view(ui, target), "the outline link did not jump")
    assert target.text.startswith("23.")


def test_read_the_whole_plan_from_a_hit_opens_it_at_that_passage(ui) -> None:
    ui.open("/", q="首席质量官")
    card = ui.visible("#panel-search .results .card")[3]
    passage_id = card.get_attribute("data-passage-id")
    _css(card, ".plan-link").click()
    ui.wait(lambda _: "/plans/" in ui.driver.current_url, "阅读全文 did not open the plan")
    assert ui.driver.current_url.endswith(f"#{passage_id}")
    target = ui.visible(f"[id='{passage_id}']")[0]
    assert _in_view(ui, target) and "plan-passage" in target.get_attribute("class")
    assert any("质量官" in m.text for m in _all(target, "mark"))
    assert ui.driver.execute_script("return document.querySelector(':target').id") == passage_id


def test_the_context_dialog_links_to_the_plan_at_its_passage(ui) -> None:
    ui.open("/", q="首席质量官")
    ui.visible("#panel-search .results .context-link")[0].click()
    current = ui.visible("dialog#context .passage.current")[0]
    link = ui.visible("dialog#context .context-meta .plan-link")[0]
    assert link.text == "在全文中查看"
    assert link.get_attribute("href").endswith("#" + current.get_attribute("data-passage-id"))


def test_an_unknown_plan_page_says_so(ui) -> None:
    ui.open("/plans/no-such-plan")
    assert _css(ui.driver, "h1").text == "未找到方案"
    assert "no-such-plan" in _css(ui.driver, ".error").text


# ---- facets, chips, sort and more results -----------------------------------------------------


def test_a_facet_filters_and_its_chip_removes_the_filter(ui, api) -> None:
    ui.open("/", q="质量品牌")
    facet = ui.visible("#panel-search .facet[data-facet=region] .facet-value")
    expected = api("/api/search", q="质量品牌", k=10)["facets"]["region"]
    assert [f.get_attribute("data-value") for f in facet] == [f["value"] for f in expected]
    assert [_css(f, ".count").text for f in facet] == [str(f["count"]) for f in expected]
    choice = next(f for f in facet if f.get_attribute("data-value") == "四川省")
    choice.click()
    ui.wait(lambda _: ui.params.get("region") == ["四川省"], "the facet did not filter")
    chip = ui.visible("#panel-search .chips .chip")[0]
    assert chip.text.startswith("地区：四川省")
    ui.wait(
        lambda _: (
            {_css(c, ".region").text for c in _all(ui.driver, "#panel-search .results .card")}
            == {"四川省"}
        ),
        "results are not all from 四川省",
    )
    _css(chip, "button.remove").click()
    ui.wait(lambda _: "region" not in ui.params, "the chip did not remove the filter")
    ui.wait(lambda _: not ui.find("#panel-search .chips"), "the chip stayed")


def test_filters_and_sort_come_from_the_url_and_stay_in_it(ui, api) -> None:
    ui.open("/", q="质量品牌", level="省级", year_from="2023", year_to="2023", sort="date")
    cards = ui.visible("#panel-search .results .card")
    assert {_css(c, ".region").text for c in cards} == {"四川省"}
    chips = [c.text for c in ui.find("#panel-search .chips .chip")]
    assert chips[0].startswith("层级：省级") and chips[1].startswith("年份：2023年")
    assert _css(ui.driver, "#panel-search select[name=sort]").get_attribute("value") == "date"
    facet_years = [
        f.get_attribute("data-value") for f in ui.find(".facet[data-facet=year] .facet-value")
    ]
    assert facet_years == ["2023"]
    _css(ui.driver, "#tab-compare").click()
    ui.wait(lambda _: ui.params.get("view") == ["compare"])
    assert ui.params["level"] == ["省级"] and ui.params["sort"] == ["date"]


def test_more_results_appends_the_next_page(ui, api) -> None:
    expected = api("/api/search", q="质量提升", k=20)
    ui.open("/", q="质量提升")
    ui.visible("#panel-search .results .card")
    shown = _css(ui.driver, "#panel-search .more-results .shown")
    assert shown.text == f"已显示 10 / 共 {expected['total']} 个段落"
    _css(ui.driver, "#panel-search button.more").click()
    ui.wait(lambda _: len(ui.find("#panel-search .results .card")) == 20, "no second page")
    ids = [c.get_attribute("data-passage-id") for c in ui.find("#panel-search .results .card")]
    assert ids == [hit["passage_id"] for hit in expected["results"]]
    assert shown.text == f"已显示 20 / 共 {expected['total']} 个段落"


def test_excluded_words_are_explained_and_never_shown_marked(ui) -> None:
    ui.open("/")
    help_text = _css(ui.driver, ".syntax-help")
    _css(help_text, "summary").click()
    assert "-培训" in help_text.text and '"质量月"' in help_text.text
    ui.visible("#q")[0].send_keys("人才培养 -培训\n")
    cards = ui.visible("#panel-search .results .card")
    assert cards and not any("培训" in c.text for c in cards)
    assert not any("培训" in m.text for m in ui.find("#panel-search mark"))
