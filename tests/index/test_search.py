"""Searching the five plans: top hits, modes, filters, places, bad requests, passages, determinism."""

from __future__ import annotations

import pytest

from index.errors import InvalidQuery, UnknownPassage
from index.search import MODES, Filters

PLANS = {
    "chongqing-hechuan-2024",
    "ningxia-shapotou-2022",
    "sichuan-province-2023",
    "sichuan-tianfu-2024",
    "tianjin-dongli-2024",
}


def doc_ids(result) -> set[str]:
    return {hit.passage.doc_id for hit in result.hits}


@pytest.mark.parametrize("mode", MODES)
def test_the_top_hit_for_chief_quality_officer_is_about_it(searcher, mode):
    result = searcher.search("首席质量官制度要求", mode=mode)
    assert "首席质量官" in result.hits[0].passage.text
    assert result.mode == mode


def test_every_plan_mentioning_the_chief_quality_officer_is_in_the_top_ten(searcher, documents):
    plans = {doc_id for doc_id, d in documents.items() if "首席质量官" in d.text}
    assert len(plans) >= 4
    assert plans <= doc_ids(searcher.search("首席质量官制度要求", k=10))


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_returns_ranked_hits_with_section_paths(searcher, mode):
    result = searcher.search("食品安全抽检", k=8, mode=mode)
    assert 0 < len(result.hits) <= 8
    assert [hit.rank for hit in result.hits] == list(range(1, len(result.hits) + 1))
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    for hit in result.hits:
        assert hit.passage.section and all(hit.passage.section)
        assert hit.document.doc_id == hit.passage.doc_id
        assert hit.passage.text
    assert len({hit.passage.passage_id for hit in result.hits}) == len(result.hits)


def test_hits_report_the_query_words_their_passage_holds(searcher):
    for hit in searcher.search("首席质量官制度要求", k=5).hits:
        assert hit.terms
        assert all(term in hit.passage.text for term in hit.terms)


def test_lexical_mode_only_returns_passages_holding_a_query_word(searcher):
    for hit in searcher.search("装配式建筑", k=10, mode="lexical").hits:
        assert hit.lexical > 0
        assert "装配式" in hit.passage.text or "建筑" in hit.passage.text


def test_a_synonym_finds_passages_that_only_use_the_other_word(searcher, documents):
    # 婴幼儿照护 is a synonym of 托育; no plan writes it, the province's writes 托育
    assert not any("婴幼儿照护" in d.text for d in documents.values())
    with_synonyms = searcher.search("婴幼儿照护", k=5, mode="lexical").hits
    assert any("托育" in hit.passage.text for hit in with_synonyms)
    without = searcher.search("婴幼儿照护", k=5, mode="lexical", use_synonyms=False).hits
    assert not any("托育" in hit.passage.text for hit in without)


# -- filters --------------------------------------------------------------------------------
def test_a_doc_id_filter_restricts_the_hits(searcher):
    result = searcher.search("首席质量官", k=10, filters=Filters(doc_ids=("tianjin-dongli-2024",)))
    assert result.hits
    assert doc_ids(result) == {"tianjin-dongli-2024"}
    assert result.filters.restricted_to == ("tianjin-dongli-2024",)
    assert result.filters.doc_ids == ("tianjin-dongli-2024",)


def test_a_region_filter_restricts_to_every_plan_of_that_region(searcher):
    result = searcher.search("质量品牌", k=20, filters=Filters(regions=("四川",)))
    assert doc_ids(result) == {"sichuan-province-2023", "sichuan-tianfu-2024"}
    assert result.filters.restricted_to == ("sichuan-province-2023", "sichuan-tianfu-2024")


def test_two_filters_add_up(searcher):
    filters = Filters(regions=("合川",), doc_ids=("tianjin-dongli-2024",))
    result = searcher.search("食品抽检", k=20, filters=filters)
    assert doc_ids(result) <= {"chongqing-hechuan-2024", "tianjin-dongli-2024"}
    assert result.filters.restricted_to == ("chongqing-hechuan-2024", "tianjin-dongli-2024")


def test_a_blank_region_is_no_filter(searcher):
    result = searcher.search("首席质量官", k=10, filters=Filters(regions=("  ",)))
    assert result.filters.restricted_to == ()
    assert len(doc_ids(result)) > 1


def test_an_unknown_doc_id_is_refused_with_the_known_ids(searcher):
    with pytest.raises(InvalidQuery) as raised:
        searcher.search("质量", filters=Filters(doc_ids=("beijing-2030",)))
    message = str(raised.value)
    assert "beijing-2030" in message
    assert all(doc_id in message for doc_id in PLANS)


def test_an_unknown_region_is_refused_with_the_known_regions(searcher):
    with pytest.raises(InvalidQuery) as raised:
        searcher.search("质量", filters=Filters(regions=("北京市",)))
    message = str(raised.value)
    assert "北京市" in message
    for region in ("重庆市合川区", "四川省", "四川天府新区", "天津市东丽区"):
        assert region in message


# -- places in the query --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "alias", "plan"),
    [
        ("合川食品抽检合格率", "合川", "chongqing-hechuan-2024"),
        ("东丽区首席质量官", "东丽区", "tianjin-dongli-2024"),
        ("沙坡头区农产品质量", "沙坡头区", "ningxia-shapotou-2022"),
    ],
    ids=["hechuan", "dongli", "shapotou"],
)
def test_a_place_in_the_query_restricts_and_is_reported(searcher, query, alias, plan):
    result = searcher.search(query, k=10)
    assert result.hits
    assert doc_ids(result) == {plan}
    assert [p.alias for p in result.filters.detected_places] == [alias]
    assert result.filters.restricted_to == (plan,)


@pytest.mark.parametrize(
    ("place", "plan"),
    [
        ("合川区", "chongqing-hechuan-2024"),
        ("东丽区", "tianjin-dongli-2024"),
        ("沙坡头区", "ningxia-shapotou-2022"),
    ],
    ids=["hechuan", "dongli", "shapotou"],
)
def test_a_restricting_place_does_not_outweigh_the_topic(searcher, place, plan):
    """Once 沙坡头区 has restricted the search to its plan, the passages about 首席质量官 come
    first, as they do with the plan chosen by a filter, not the passages naming the district."""
    filtered = searcher.search("首席质量官", k=3, filters=Filters(doc_ids=(plan,)))
    assert "首席质量官" in filtered.hits[0].passage.text
    named = searcher.search(f"{place}首席质量官", k=3)
    assert named.filters.restricted_to == (plan,)
    assert "首席质量官" in named.hits[0].passage.text, named.hits[0].passage.text[:60]


def test_places_can_be_ignored(searcher):
    result = searcher.search("东丽区首席质量官", k=10, use_places=False)
    assert result.filters.detected_places == ()
    assert len(doc_ids(result)) > 1


def test_a_boosting_place_ranks_its_plan_first_without_hiding_the_others(searcher):
    result = searcher.search("天府 质量品牌", k=20)
    assert [p.alias for p in result.filters.detected_places] == ["天府"]
    assert result.filters.restricted_to == ()
    assert result.filters.boosted == ("sichuan-tianfu-2024",)
    assert result.hits[0].passage.doc_id == "sichuan-tianfu-2024"
    assert len(doc_ids(result)) > 1


def test_a_place_inside_an_explicit_filter_boosts_instead(searcher):
    filters = Filters(doc_ids=("chongqing-hechuan-2024", "tianjin-dongli-2024"))
    result = searcher.search("东丽区食品抽检", k=10, filters=filters)
    assert result.filters.restricted_to == ("chongqing-hechuan-2024", "tianjin-dongli-2024")
    assert result.filters.boosted == ("tianjin-dongli-2024",)
    assert result.hits[0].passage.doc_id == "tianjin-dongli-2024"


# -- bad and empty queries ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query", ["", "   ", "\u200b", "\n\t"], ids=["empty", "spaces", "zero-width", "newline-tab"]
)
def test_an_empty_query_is_refused(searcher, query):
    with pytest.raises(InvalidQuery, match="empty"):
        searcher.search(query)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "query",
    ["的了和", "，。！", "？？", "以及", "关于"],
    ids=["de-le-he", "punctuation", "question-marks", "yiji", "guanyu"],
)
def test_a_query_of_stopwords_or_punctuation_returns_no_hits(searcher, query, mode):
    assert searcher.search(query, mode=mode).hits == ()


@pytest.mark.parametrize("mode", MODES)
def test_a_query_of_unknown_words_returns_no_junk(searcher, mode):
    assert searcher.search("zzqxv", mode=mode).hits == ()


def test_an_unknown_mode_is_refused_with_the_modes(searcher):
    with pytest.raises(InvalidQuery) as raised:
        searcher.search("质量", mode="semantic")
    assert "semantic" in str(raised.value)
    assert all(mode in str(raised.value) for mode in MODES)


@pytest.mark.parametrize("k", [1, 3, 7])
def test_k_is_respected(searcher, k):
    for mode in MODES:
        assert len(searcher.search("质量", k=k, mode=mode).hits) == k


@pytest.mark.parametrize("k", [0, -2])
def test_k_below_one_is_refused(searcher, k):
    with pytest.raises(InvalidQuery, match=str(k)):
        searcher.search("质量", k=k)


def test_k_beyond_the_corpus_returns_at_most_every_passage(searcher):
    result = searcher.search("质量", k=5000, mode="lexical")
    assert 0 < len(result.hits) <= searcher.passage_count


# -- passages -----------------------------------------------------------------------------------------
def test_passage_gives_its_neighbours_in_the_same_plan(searcher, documents):
    for doc_id, document in documents.items():
        ids = [p.passage_id for p in document.passages]
        first = searcher.passage(ids[0])
        assert first.document.doc_id == doc_id
        assert first.passage.doc_id == doc_id
        assert (first.previous, first.following) == (None, ids[1])
        last = searcher.passage(ids[-1])
        assert (last.previous, last.following) == (ids[-2], None)
        middle = len(ids) // 2
        found = searcher.passage(ids[middle])
        assert (found.previous, found.following) == (ids[middle - 1], ids[middle + 1])
        assert found.passage.text == document.passages[middle].text


def test_a_plans_passages_are_its_own_in_reading_order(searcher, documents):
    for doc_id, document in documents.items():
        shown = searcher.plan_passages(doc_id)
        assert [p.passage_id for p in shown] == [p.passage_id for p in document.passages]


def test_an_unknown_passage_is_refused(searcher):
    with pytest.raises(UnknownPassage, match="no-such-passage"):
        searcher.passage("no-such-passage")


def test_hit_passages_are_the_passages_of_the_plans(searcher, documents):
    for hit in searcher.search("高标准农田", k=5).hits:
        assert hit.passage.text in documents[hit.passage.doc_id].text


# -- determinism ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_results_are_the_same_across_calls(searcher, mode):
    first = searcher.search("提升公共服务质量满意度", k=10, mode=mode)
    second = searcher.search("提升公共服务质量满意度", k=10, mode=mode)
    assert [(h.passage.passage_id, h.score) for h in first.hits] == [
        (h.passage.passage_id, h.score) for h in second.hits
    ]


# -- fusion ---------------------------------------------------------------------------------------------
def test_a_searcher_opened_with_a_fusion_ranks_as_a_search_given_that_fusion(searcher, index_root):
    from index.fusion import Fusion
    from index.search import Searcher

    chosen = Fusion(method="rrf", dense_weight=0.5, adaptive=False, bigram_weight=0.0)
    assert chosen != searcher.fusion
    opened = Searcher(index_root, fusion=chosen)
    assert opened.fusion == chosen
    ours = opened.search("网上卖东西要注意什么", k=10)
    theirs = searcher.search("网上卖东西要注意什么", k=10, fusion=chosen)
    default = searcher.search("网上卖东西要注意什么", k=10)
    shown = [(h.passage.passage_id, h.score) for h in ours.hits]
    assert shown == [(h.passage.passage_id, h.score) for h in theirs.hits]
    assert shown != [(h.passage.passage_id, h.score) for h in default.hits]
    with pytest.raises(AttributeError):
        opened.fusion = searcher.fusion  # type: ignore[misc]
