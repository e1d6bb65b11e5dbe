"""GET /api/search: ranked passages, filters, place detection, synonyms and safe highlights."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.support.contract import HIT_FIELDS

HECHUAN = "chongqing-hechuan-2024"
DONGLI = "tianjin-dongli-2024"
HECHUAN_FOOD_QUESTION = "合川区食品抽检合格率要达到多少"


def _search(client, **params) -> dict:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _unmarked(highlight: str) -> str:
    return highlight.replace("<mark>", "").replace("</mark>", "")


def test_response_has_the_query_mode_filters_synonyms_and_hits(client) -> None:
    body = _search(client, q="首席质量官制度要求")

    assert set(body) == {
        *("query", "searched", "rewrites", "notices", "mode", "took_ms", "filters"),
        *("synonyms", "results", "total", "total_relation", "offset", "k", "page", "sort"),
        *("facets", "syntax"),
    }
    assert body["notices"] == []
    assert body["query"] == "首席质量官制度要求"
    assert body["mode"] == "hybrid"
    assert body["took_ms"] >= 0
    assert body["filters"] == {
        "region": [],
        "doc_id": [],
        "detected": [],
        "restricted_to": [],
        "boosted": [],
        "unindexed": [],
        "level": [],
        "issuer": [],
        "year_from": None,
        "year_to": None,
    }
    assert body["results"]
    for hit in body["results"]:
        assert set(hit) == HIT_FIELDS
        assert hit["section"] and all(heading.strip() for heading in hit["section"])


def test_a_region_with_no_plan_is_said_above_the_nearest_passages(client) -> None:
    body = _search(client, q="北京市首席质量官")
    assert body["notices"] == [
        {"code": "unindexed_region", "message": "未收录北京市的方案，以下是其他地区最相近的内容。"}
    ]
    assert body["filters"]["unindexed"] == ["北京市"]
    assert body["results"] and "首席质量官" in body["results"][0]["text"]


def test_hits_carry_their_plan_title_and_region(client) -> None:
    plans = {plan["doc_id"]: plan for plan in client.get("/api/documents").json()["documents"]}

    for hit in _search(client, q="首席质量官", k=20)["results"]:
        assert hit["doc_title"] == plans[hit["doc_id"]]["title"]
        assert hit["region"] == plans[hit["doc_id"]]["region"]
        assert hit["passage_id"].startswith(hit["doc_id"] + "-")


def test_item_27_of_hechuan_shows_its_section_path_and_units(client) -> None:
    hits = _search(client, q="首席质量官", doc_id=HECHUAN)["results"]

    top = hits[0]
    assert top["section"] == ["三、质量支撑体系", "(三)完善质量治理体系", "27.强化质量人才队伍建设"]
    assert top["responsible_units"] == ["区市场监管局", "区人力社保局", "区教委"]
    assert "推行企业首席质量官制度" in top["text"]


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
@pytest.mark.parametrize("k", [1, 5, 50])
def test_hits_are_ranked_best_first_and_at_most_k(client, mode: str, k: int) -> None:
    body = _search(client, q="质量品牌建设", k=k, mode=mode)

    hits = body["results"]
    assert body["mode"] == mode
    assert 1 <= len(hits) <= k
    assert [hit["rank"] for hit in hits] == list(range(1, len(hits) + 1))
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({hit["passage_id"] for hit in hits}) == len(hits)


def test_default_k_is_ten(client) -> None:
    assert len(_search(client, q="质量")["results"]) == 10


def test_lexical_mode_finds_nothing_for_words_not_in_the_plans(client) -> None:
    assert _search(client, q="火星殖民", mode="lexical")["results"] == []


def test_query_is_echoed_without_surrounding_blanks(client) -> None:
    assert _search(client, q="  首席质量官\u3000")["query"] == "首席质量官"


# -- place detection and filters --------------------------------------------------------
def test_place_in_the_query_restricts_to_that_plan(client) -> None:
    body = _search(client, q=HECHUAN_FOOD_QUESTION)

    detected = body["filters"]["detected"]
    assert [place["mode"] for place in detected] == ["restrict"]
    assert "合川" in detected[0]["name"]
    assert detected[0]["doc_ids"] == [HECHUAN]
    assert body["filters"]["restricted_to"] == [HECHUAN]
    assert body["results"]
    assert {hit["doc_id"] for hit in body["results"]} == {HECHUAN}
    assert "食品抽检合格率达到98.2%以上" in body["results"][0]["text"]


def test_two_places_in_the_query_search_both_plans(client) -> None:
    body = _search(client, q="合川区和东丽区的食品抽检合格率", k=20)

    assert body["filters"]["restricted_to"] == [HECHUAN, DONGLI]
    assert {hit["doc_id"] for hit in body["results"]} == {HECHUAN, DONGLI}


def test_province_name_restricts_to_its_plans(client) -> None:
    body = _search(client, q="四川 质量提升", k=20)

    assert body["filters"]["restricted_to"] == ["sichuan-province-2023", "sichuan-tianfu-2024"]
    assert {hit["doc_id"] for hit in body["results"]} <= {
        "sichuan-province-2023",
        "sichuan-tianfu-2024",
    }


def test_region_filter_restricts_to_that_plan(client) -> None:
    body = _search(client, q="首席质量官", region="合川区", k=20)

    assert body["filters"]["region"] == ["合川区"]
    assert body["filters"]["restricted_to"] == [HECHUAN]
    assert {hit["doc_id"] for hit in body["results"]} == {HECHUAN}


def test_region_filter_is_repeatable(client) -> None:
    body = _search(client, q="首席质量官", region=["合川区", "东丽区"], k=30)

    assert body["filters"]["region"] == ["合川区", "东丽区"]
    assert body["filters"]["restricted_to"] == [HECHUAN, DONGLI]
    assert {hit["doc_id"] for hit in body["results"]} == {HECHUAN, DONGLI}


def test_doc_id_filter_restricts_to_those_plans(client) -> None:
    one = _search(client, q="首席质量官", doc_id=DONGLI, k=20)
    two = _search(client, q="首席质量官", doc_id=[DONGLI, "ningxia-shapotou-2022"], k=30)

    assert one["filters"]["doc_id"] == [DONGLI]
    assert {hit["doc_id"] for hit in one["results"]} == {DONGLI}
    assert {hit["doc_id"] for hit in two["results"]} == {DONGLI, "ningxia-shapotou-2022"}


def test_explicit_filter_wins_over_a_place_in_the_query(client) -> None:
    body = _search(client, q=HECHUAN_FOOD_QUESTION, doc_id=DONGLI)

    assert body["filters"]["restricted_to"] == [DONGLI]
    assert {hit["doc_id"] for hit in body["results"]} == {DONGLI}


def test_boosted_does_not_name_a_plan_the_filter_left_out(client) -> None:
    # 合川 is named, but ?doc_id keeps the search to 东丽: no 合川 passage is ranked at
    # all, so no plan was boosted.
    body = _search(client, q=HECHUAN_FOOD_QUESTION, doc_id=DONGLI)

    assert HECHUAN not in {hit["doc_id"] for hit in body["results"]}
    assert body["filters"]["boosted"] == []


def test_boosted_names_the_filtered_plan_the_query_names(client) -> None:
    # Both plans are searched and the query names 合川: its passages get the place boost
    # (their scores rise by 0.15 of the best), so the response must say so.
    body = _search(client, q=HECHUAN_FOOD_QUESTION, doc_id=[HECHUAN, DONGLI])

    assert body["filters"]["restricted_to"] == [HECHUAN, DONGLI]
    assert body["filters"]["boosted"] == [HECHUAN]


# -- synonyms and highlights ------------------------------------------------------------
def test_synonyms_of_query_words_are_listed(client) -> None:
    synonyms = {
        entry["term"]: entry["expanded_to"]
        for entry in _search(client, q=HECHUAN_FOOD_QUESTION)["synonyms"]
    }

    assert "达标率" in synonyms["合格率"]
    assert "抽查" in synonyms["抽检"]


def test_highlight_is_the_escaped_text_with_query_words_marked(client) -> None:
    hits = _search(client, q="首席质量官", k=20)["results"]

    for hit in hits:
        assert html.unescape(_unmarked(hit["highlight"])) == hit["text"]
        assert set(re.findall(r"<[^>]*>", hit["highlight"])) <= {"<mark>", "</mark>"}
    assert "<mark>首席质量官</mark>" in hits[0]["highlight"]


MARKUP = '推行<script>alert("首席质量官")</script>制度 & <b>质量</b>领军人才 a<b。'


@pytest.fixture(scope="module")
def markup_client(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path):
    """A one-plan index whose item 27 carries HTML markup and an ampersand."""
    from index.build import build_index
    from index.embedders import EmbedderConfig
    from service.app import create_app
    from service.settings import Settings

    corpus = tmp_path_factory.mktemp("markup_corpus")
    text = (corpus_dir / f"{HECHUAN}.txt").read_text("utf-8")
    anchor = "27.强化质量人才队伍建设。"
    assert anchor in text
    (corpus / f"{HECHUAN}.txt").write_text(text.replace(anchor, anchor + MARKUP), "utf-8")
    index_dir = tmp_path_factory.mktemp("markup_index")
    build_index(corpus, index_dir, EmbedderConfig())
    with TestClient(create_app(Settings(corpus=corpus, index_dir=index_dir))) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "query",
    [
        "<script>",
        "首席质量官 <script>alert(1)</script>",
        "<b>",
        "&",
        "amp",
        "lt",
        "a<b",
        "&lt;b&gt;",
        "<mark>",
    ],
)
def test_markup_in_a_passage_is_escaped_in_its_highlight(markup_client, query: str) -> None:
    # The plan's words find the passage; the markup in the query must not break its highlight.
    hits = _search(markup_client, q=f"领军人才 {query}", k=50)["results"]
    marked = [hit for hit in hits if MARKUP in hit["text"]]

    assert marked, "the passage with markup is not among the hits"
    for hit in hits:
        assert html.unescape(_unmarked(hit["highlight"])) == hit["text"]
        assert set(re.findall(r"<[^>]*>", hit["highlight"])) <= {"<mark>", "</mark>"}
        assert "<script" not in hit["highlight"] and "<b>" not in hit["highlight"]
    assert "&lt;script&gt;" in _unmarked(marked[0]["highlight"])
