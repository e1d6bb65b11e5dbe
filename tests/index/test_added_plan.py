"""A corpus with one more plan, of a 州 city's district (湖州市吴兴区): its name is found in
queries, and a region named in a query with no plan is said so."""

from __future__ import annotations

import shutil

import pytest

from index.ask import ask
from index.search import Searcher
from tests.conftest import CORPUS, FIXTURES

WUXING = "huzhou-wuxing-2024"


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    from index.build import build_index
    from index.embedders import EmbedderConfig

    corpus = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        shutil.copy(path, corpus / path.name)
    shutil.copy(FIXTURES / "extra_plans" / f"{WUXING}.txt", corpus)
    root = tmp_path_factory.mktemp("index")
    build_index(corpus, root, EmbedderConfig())
    return Searcher(root)


def test_the_added_plan_states_its_region(searcher: Searcher) -> None:
    assert searcher.document(WUXING).meta.region == "湖州市吴兴区"


def test_a_question_about_the_district_is_answered_from_its_plan_alone(searcher: Searcher) -> None:
    result = searcher.search("吴兴区食品抽检合格率")
    assert [p.alias for p in result.filters.detected_places] == ["吴兴区"]
    assert {hit.document.doc_id for hit in result.hits} == {WUXING}
    answered = ask(searcher, "吴兴区食品抽检合格率")
    assert answered.answers
    assert {a.hit.document.doc_id for a in answered.answers} == {WUXING}
    assert "食品抽检合格率达到99%以上" in answered.answers[0].sentence.text


@pytest.mark.parametrize("query", ["湖州市吴兴区首席质量官", "吴兴首席质量官", "湖州首席质量官"])
def test_every_name_of_the_district_finds_its_plan(searcher: Searcher, query: str) -> None:
    hits = searcher.search(query).hits
    assert hits and {hit.document.doc_id for hit in hits} == {WUXING}


def test_a_region_with_no_plan_is_said_and_the_nearest_passages_follow(searcher: Searcher) -> None:
    result = searcher.search("北京市首席质量官")
    assert result.filters.unindexed == ("北京市",)
    assert result.filters.notice == "未收录北京市的方案，以下是其他地区最相近的内容。"
    assert result.hits
    assert all("首席质量官" in hit.passage.text for hit in result.hits[:3])


def test_a_region_within_an_indexed_plan_gets_no_notice(searcher: Searcher) -> None:
    # 中卫市 holds the 沙坡头区 plan; 浙江省 holds 吴兴区's.
    for query in ("中卫市首席质量官", "浙江省首席质量官"):
        assert searcher.search(query).filters.unindexed == ()
