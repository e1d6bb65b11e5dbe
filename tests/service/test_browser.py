"""The search page, the widget and /embed in a real headless Chromium against a real server."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser

HECHUAN = "chongqing-hechuan-2024"


def _css(element, selector: str):
    return element.find_element(By.CSS_SELECTOR, selector)


def _all(element, selector: str) -> list:
    return element.find_elements(By.CSS_SELECTOR, selector)


# ---- search view -------------------------------------------------------------------------------


def test_search_shows_cards_with_section_path_and_marks(ui) -> None:
    ui.open("/")
    ui.visible("#q")[0].send_keys("首席质量官")
    _css(ui.driver, "#search-form button[type=submit]").click()
    cards = ui.visible("#panel-search .results .card")
    assert ui.params["q"] == ["首席质量官"]
    assert _css(cards[0], ".plan").text and _css(cards[0], ".region").text
    crumbs = [c.text for c in ui.find("#panel-search .results .crumbs")]
    assert any(" › " in c for c in crumbs), crumbs
    assert any("质量官" in m.text for m in ui.find("#panel-search .results mark"))
    assert "找到" in _css(ui.loaded("search"), ".status").text


def test_a_place_in_the_query_shows_the_filter_and_a_cited_answer(ui) -> None:
    ui.open("/", q="合川区食品抽检合格率")
    notice = ui.visible("#panel-search .notice.places")[0]
    assert notice.text == "已按地区筛选：合川区 → 合川区质量强区建设实施方案"
    answers = ui.visible("#panel-search .answer li")
    assert "食品抽检合格率达到98.2%" in _css(answers[0], "blockquote").text
    citation = _css(answers[0], ".cite a")
    assert citation.text.startswith("合川区质量强区建设实施方案 · 重庆市合川区 · ")
    assert _css(ui.driver, "#q").get_attribute("value") == "合川区食品抽检合格率"
    ui.screenshot("page.png")


def test_context_shows_neighbours_and_closes_with_escape(ui) -> None:
    ui.open("/", q="首席质量官")
    link = ui.visible("#panel-search .results .context-link")[0]
    passage_id = link.find_element(By.XPATH, "ancestor::article").get_attribute("data-passage-id")
    link.click()
    dialog = ui.visible("dialog#context")[0]
    current = ui.visible("dialog#context .passage.current")[0]
    assert current.get_attribute("data-passage-id") == passage_id
    assert _all(current, "mark"), "the passage keeps its highlight"
    neighbours = ui.find("dialog#context .passage.prev, dialog#context .passage.next")
    assert neighbours and all(n.text for n in neighbours)
    assert ui.params["passage"] == [passage_id]
    assert ui.focused.get_attribute("id") == "context-title"

    _css(dialog, "[data-step=next]").click()
    ui.wait(
        lambda _: _css(dialog, ".passage.current").get_attribute("data-passage-id") != passage_id,
        "下一段 did not move on",
    )

    ui.keys(Keys.ESCAPE)
    ui.wait(lambda _: dialog.get_attribute("open") is None, "Escape did not close the dialog")
    assert ui.focused == link
    assert "passage" not in ui.params


def test_a_passage_link_opens_the_page_with_its_context(ui, api) -> None:
    hit = api("/api/search", q="首席质量官", k=1)["results"][0]
    ui.open("/", q="首席质量官", passage=hit["passage_id"])
    current = ui.visible("dialog#context .passage.current")[0]
    assert current.get_attribute("data-passage-id") == hit["passage_id"]
    assert hit["doc_title"] in _css(ui.driver, "dialog#context .context-meta").text
    _css(ui.driver, "dialog#context [data-close]").click()
    ui.wait(lambda _: not ui.find("dialog#context[open]"))
    assert ui.focused.get_attribute("id") == "q"


def test_an_over_long_query_shows_the_api_message(ui) -> None:
    ui.open("/")
    ui.visible("#q")[0].send_keys("质" * 201 + Keys.ENTER)
    error = ui.visible("#panel-search .error")[0]
    assert error.text == "检索条件有误：q has 201 characters; shorten it to at most 200"
    assert not ui.find("#panel-search .results")


def test_mode_and_region_come_from_the_url(ui) -> None:
    ui.open("/", q="质量提升", mode="lexical", region="四川省")
    cards = ui.visible("#panel-search .results .card")
    assert {_css(c, ".region").text for c in cards} == {"四川省"}
    assert _css(ui.driver, "input[name=mode][value=lexical]").is_selected()
    ui.wait(lambda _: _css(ui.driver, "#region").get_attribute("value") == "四川省")
    options = [o.text for o in ui.find("#region option")]
    assert options[0] == "全部地区" and "重庆市合川区" in options and len(options) == 6


# ---- compare and targets -----------------------------------------------------------------------


def test_compare_has_one_column_per_plan_in_api_order(ui, api) -> None:
    expected = api("/api/compare", q="同线同标同质", per_doc=1)["documents"]
    ui.open("/", q="同线同标同质", view="compare")
    columns = ui.visible("#panel-compare .column")
    ui.loaded("compare")
    assert len(columns) == 5
    assert [c.get_attribute("data-doc-id") for c in columns] == [d["doc_id"] for d in expected]
    for column, plan in zip(columns, expected, strict=True):
        if plan["passages"]:
            assert _all(column, ".card mark")
        else:
            assert _css(column, ".empty").text == "未找到相关内容"
    assert _css(ui.driver, "#tab-compare").get_attribute("aria-selected") == "true"
    assert not _css(ui.driver, "#panel-search").is_displayed()
    ui.screenshot("compare.png")


def test_compare_says_when_a_plan_has_nothing(ui, api) -> None:
    expected = api("/api/compare", q="森林覆盖率", per_doc=1)["documents"]
    silent = [d["doc_id"] for d in expected if not d["passages"]]
    assert silent, "every plan now mentions 森林覆盖率; pick a query some plan is silent on"
    ui.open("/", q="森林覆盖率", view="compare")
    assert len(ui.visible("#panel-compare .column")) == 5
    ui.loaded("compare")
    empty = ui.find("#panel-compare .column > .empty")
    assert [e.find_element(By.XPATH, "..").get_attribute("data-doc-id") for e in empty] == silent
    assert all(e.text == "未找到相关内容" for e in empty)


def test_targets_line_up_a_metric_across_plans(ui) -> None:
    ui.open("/", q="食品抽检合格率", view="targets")
    panel = ui.loaded("targets")
    row = ui.visible('#panel-targets tr[data-metric="食品抽检合格率"]')[0]
    plans = [
        th.get_attribute("data-doc-id") for th in ui.find("#panel-targets thead th[data-doc-id]")
    ]
    cell = _all(row, "td")[plans.index(HECHUAN)]
    assert "2027年达到98.2%以上" in cell.text.splitlines()
    assert "食品抽检合格率达到98.2%" in cell.get_attribute("title")
    csv_link = _css(panel, "a.download")
    assert csv_link.text == "下载 CSV"
    href = urllib.parse.urlsplit(csv_link.get_attribute("href"))
    assert href.path == "/api/targets.csv"
    assert urllib.parse.parse_qs(href.query) == {"q": ["食品抽检合格率"]}
    with urllib.request.urlopen(csv_link.get_attribute("href"), timeout=10) as response:
        assert "食品抽检合格率" in response.read().decode("utf-8-sig")


def test_targets_without_a_query_show_every_target(ui) -> None:
    ui.open("/", view="targets")
    ui.loaded("targets")
    assert len(ui.visible("#panel-targets tbody tr")) > 5
    assert ui.find('#panel-targets tr[data-metric="食品抽检合格率"]')
    ui.driver.set_window_size(1280, 1300)
    ui.screenshot("targets.png")


# ---- keyboard, history, phones -----------------------------------------------------------------


def test_keyboard_only_search_and_tab_switching(ui) -> None:
    ui.open("/")
    ui.visible("#panel-search .intro")
    ui.keys(Keys.TAB)
    assert ui.focused.get_attribute("id") == "q"
    ui.keys("首席质量官", Keys.ENTER)
    ui.visible("#panel-search .results .card")
    assert ui.focused.get_attribute("id") == "q"

    # 检索 button, the mode radios (one stop), the region menu, 检索语法, then the selected tab.
    ui.keys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB)
    assert ui.focused.get_attribute("id") == "tab-search"
    ring = ui.driver.execute_script(
        "return getComputedStyle(arguments[0]).outlineStyle", ui.focused
    )
    assert ring == "solid"
    ui.keys(Keys.ARROW_RIGHT)
    assert ui.focused.get_attribute("id") == "tab-compare"
    assert ui.focused.get_attribute("aria-selected") == "true"
    ui.visible("#panel-compare .column")
    assert ui.params["view"] == ["compare"]


def test_back_and_forward_replay_searches(ui) -> None:
    ui.open("/")
    box = ui.visible("#q")[0]
    for query in ("首席质量官", "同线同标同质"):
        box.clear()
        box.send_keys(query, Keys.ENTER)
        ui.wait(lambda _, q=query: ui.params.get("q") == [q])
        ui.loaded("search")
    _css(ui.driver, "#tab-compare").click()
    ui.visible("#panel-compare .column")

    ui.driver.back()
    ui.visible("#panel-search")
    assert box.get_attribute("value") == "同线同标同质"
    ui.driver.back()
    ui.wait(lambda _: box.get_attribute("value") == "首席质量官")
    ui.loaded("search")
    assert any("质量官" in m.text for m in ui.find("#panel-search .results mark"))
    ui.driver.forward()
    ui.wait(lambda _: box.get_attribute("value") == "同线同标同质")


def test_a_phone_wide_window_does_not_scroll_sideways(ui) -> None:
    ui.driver.set_window_size(390, 844)
    ui.open("/", q="合川区食品抽检合格率")
    assert ui.driver.execute_script("return window.innerWidth") <= 400
    ui.visible("#panel-search .results .card")
    assert not ui.scrolls_sideways()

    ui.open("/", q="同线同标同质", view="compare")
    columns = ui.visible("#panel-compare .column")
    assert len({c.location["x"] for c in columns}) == 1, "columns stack on a phone"
    assert not ui.scrolls_sideways()

    ui.open("/", view="targets")
    ui.visible("#panel-targets table")
    assert not ui.scrolls_sideways(), "the table scrolls inside its own box"


# ---- the widget and /embed -----------------------------------------------------------------------


def _widget_results(ui, root) -> list:
    return ui.visible("ol li", root)


def test_the_widget_on_another_origin_searches_cross_origin(ui, portal, server) -> None:
    portal_url, _ = portal
    assert urllib.parse.urlsplit(portal_url).port != urllib.parse.urlsplit(server).port
    ui.driver.get(portal_url + "/")
    root = ui.shadow("#policy-search")
    ui.visible("input", root)[0].send_keys("首席质量官", Keys.ENTER)
    first = _widget_results(ui, root)[0]
    assert _css(first, ".plan").text and _css(first, ".crumbs").text
    mark = _css(first, "mark")
    # The portal's `mark { background: red }` and `li { display: none }` stop at the shadow root.
    colour = ui.driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", mark)
    assert colour != "rgb(255, 0, 0)"
    link = urllib.parse.urlsplit(_css(first, "a").get_attribute("href"))
    assert f"{link.scheme}://{link.netloc}" == server and link.path == "/"
    assert urllib.parse.parse_qs(link.query)["q"] == ["首席质量官"]
    ui.screenshot("widget.png")


def test_the_widget_says_so_when_its_origin_is_not_allowed(ui, portal) -> None:
    portal_url, _ = portal
    # localhost is another origin than the allowed 127.0.0.1, so the browser blocks the reply.
    ui.driver.get(portal_url.replace("127.0.0.1", "localhost") + "/")
    root = ui.shadow("#policy-search")
    ui.visible("input", root)[0].send_keys("首席质量官", Keys.ENTER)
    error = ui.visible(".error", root)[0]
    assert error.text.startswith("无法连接检索服务")
    assert not _all(root, "ol li")


def test_embed_searches_the_query_in_its_url(ui) -> None:
    ui.open("/embed", q="首席质量官")
    root = ui.shadow("#policy-search")
    results = _widget_results(ui, root)
    assert any("质量官" in m.text for r in results for m in _all(r, "mark"))
    assert _css(root, "input").get_attribute("value") == "首席质量官"
