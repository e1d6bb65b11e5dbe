"""Bad requests get 4xx with a message saying what to fix; nothing a client sends gives a 5xx."""

from __future__ import annotations

import re

import pytest

from tests.support.contract import DOC_IDS

QUERY_ROUTES = ["/api/search", "/api/compare", "/api/ask"]
REGIONS = "四川天府新区, 四川省, 天津市东丽区, 宁夏回族自治区中卫市沙坡头区, 重庆市合川区"
BLANK = "q is blank; give the words to search for, e.g. q=首席质量官制度要求"
CONTROL = "q contains control characters; send plain text"
TOO_LARGE = "request body over 16384 bytes; this API takes its input in the query string"


def _detail(response, status: int) -> str:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["detail"] and isinstance(body["detail"], str)
    return body["detail"]


# -- q ---------------------------------------------------------------------------------
@pytest.mark.parametrize("route", QUERY_ROUTES)
def test_missing_q_is_required(client, route: str) -> None:
    assert _detail(client.get(route), 422) == "q is required"


@pytest.mark.parametrize("route", QUERY_ROUTES)
@pytest.mark.parametrize("q", ["", " ", "\t\n", "\u3000\u3000", "\u2028"])
def test_empty_or_blank_q_says_to_give_words(client, route: str, q: str) -> None:
    assert _detail(client.get(route, params={"q": q}), 422) == BLANK


@pytest.mark.parametrize("route", QUERY_ROUTES)
def test_q_over_200_characters_says_how_long_it_is(client, route: str) -> None:
    response = client.get(route, params={"q": "质" * 201})

    assert _detail(response, 422) == "q has 201 characters; shorten it to at most 200"


@pytest.mark.parametrize("route", QUERY_ROUTES)
def test_q_of_200_characters_is_answered(client, route: str) -> None:
    assert client.get(route, params={"q": "首席质量官" * 40}).status_code == 200
    assert client.get(route, params={"q": f"  {'质' * 200}  "}).status_code == 200


@pytest.mark.parametrize("route", QUERY_ROUTES)
@pytest.mark.parametrize("q", ["\x00", "质量\x00", "a\x1fb", "\x1b[31m质量", "质量\x08"])
def test_q_with_control_characters_says_to_send_plain_text(client, route: str, q: str) -> None:
    assert _detail(client.get(route, params={"q": q}), 422) == CONTROL


@pytest.mark.parametrize("q", ["质量\x7f", "\x9b31m质量"])
def test_q_with_del_or_c1_control_characters_is_refused_too(client, q: str) -> None:
    # DEL and the C1 controls (CSI \x9b starts a terminal escape) are control characters
    # as much as \x1b is.
    assert _detail(client.get("/api/search", params={"q": q}), 422) == CONTROL


# -- k, per_doc, mode --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("route", "name", "value", "bound"),
    [
        ("/api/search", "k", 0, "greater than or equal to 1"),
        ("/api/search", "k", 51, "less than or equal to 50"),
        ("/api/search", "k", -3, "greater than or equal to 1"),
        ("/api/ask", "k", 0, "greater than or equal to 1"),
        ("/api/ask", "k", 11, "less than or equal to 10"),
        ("/api/compare", "per_doc", 0, "greater than or equal to 1"),
        ("/api/compare", "per_doc", 6, "less than or equal to 5"),
    ],
)
def test_counts_out_of_range_name_the_parameter_the_bound_and_the_value(
    client, route: str, name: str, value: int, bound: str
) -> None:
    detail = _detail(client.get(route, params={"q": "质量", name: value}), 422)

    assert detail == f"{name}: Input should be {bound} (got '{value}')"


@pytest.mark.parametrize(
    ("route", "name", "value"),
    [
        ("/api/search", "k", 50),
        ("/api/search", "k", 1),
        ("/api/ask", "k", 10),
        ("/api/compare", "per_doc", 5),
    ],
)
def test_counts_at_the_bounds_are_answered(client, route: str, name: str, value: int) -> None:
    assert client.get(route, params={"q": "质量", name: value}).status_code == 200


@pytest.mark.parametrize("value", ["abc", "1.5", "", "1e3", "九"])
def test_k_that_is_not_a_whole_number_is_422(client, value: str) -> None:
    detail = _detail(client.get("/api/search", params={"q": "质量", "k": value}), 422)

    assert detail.startswith("k: Input should be a valid integer")
    assert detail.endswith(f"(got {value!r})")


@pytest.mark.parametrize("route", ["/api/search", "/api/compare"])
@pytest.mark.parametrize("mode", ["fuzzy", "HYBRID", "", "bm25"])
def test_unknown_mode_lists_the_modes(client, route: str, mode: str) -> None:
    detail = _detail(client.get(route, params={"q": "质量", "mode": mode}), 422)

    assert detail == f"mode: Input should be 'hybrid', 'lexical' or 'dense' (got {mode!r})"


# -- filters -------------------------------------------------------------------------------
def test_unknown_doc_id_filter_lists_the_known_ids(client) -> None:
    response = client.get("/api/search", params={"q": "质量", "doc_id": "nope"})

    assert _detail(response, 422) == f"unknown doc_id 'nope'; known ids: {', '.join(DOC_IDS)}"


def test_one_unknown_doc_id_among_known_ones_is_still_422(client) -> None:
    response = client.get(
        "/api/search", params={"q": "质量", "doc_id": ["chongqing-hechuan-2024", "hechuan"]}
    )

    assert _detail(response, 422) == f"unknown doc_id 'hechuan'; known ids: {', '.join(DOC_IDS)}"


@pytest.mark.parametrize("region", ["火星", "北京市", "%"])
def test_unknown_region_lists_the_known_regions(client, region: str) -> None:
    response = client.get("/api/search", params={"q": "质量", "region": region})

    assert _detail(response, 422) == f"no plan from region {region!r}; known regions: {REGIONS}"


@pytest.mark.parametrize("region", ["", "  "])
def test_a_blank_region_is_no_filter(client, region: str) -> None:
    unfiltered = client.get("/api/search", params={"q": "质量"}).json()
    blank = client.get("/api/search", params={"q": "质量", "region": region}).json()

    assert [h["passage_id"] for h in blank["results"]] == [
        h["passage_id"] for h in unfiltered["results"]
    ]
    assert blank["filters"]["restricted_to"] == []


@pytest.mark.parametrize("doc_id", ["", "  "])
def test_a_blank_doc_id_says_to_give_one_or_leave_it_out(client, doc_id: str) -> None:
    response = client.get("/api/search", params={"q": "质量", "doc_id": doc_id})

    assert _detail(response, 422) == (
        "doc_id is blank; give a plan's id (GET /api/documents lists them) or leave doc_id out"
    )


@pytest.mark.parametrize("route", ["/api/targets", "/api/targets.csv"])
@pytest.mark.parametrize("region", ["", "  "])
def test_a_blank_region_is_no_filter_for_targets_too(client, route: str, region: str) -> None:
    # It used to filter out every plan: an empty table.
    unfiltered = client.get(route, params={"q": "食品抽检合格率"})
    blank = client.get(route, params={"q": "食品抽检合格率", "region": region})

    assert blank.status_code == unfiltered.status_code == 200
    if route.endswith(".csv"):
        assert blank.text == unfiltered.text and blank.text.count("\n") > 1
    else:
        body = blank.json()
        assert [p["doc_id"] for p in body["plans"]] == list(DOC_IDS)
        assert body["groups"] == unfiltered.json()["groups"] != []


LONG = "x" * 5000


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/search", {"q": "质量", "k": LONG}),
        ("/api/search", {"q": "质量", "mode": LONG}),
        ("/api/search", {"q": "质量", "region": LONG}),
        ("/api/search", {"q": "质量", "doc_id": LONG}),
        ("/api/compare", {"q": "质量", "per_doc": LONG}),
        ("/api/ask", {"q": "质量", "k": LONG}),
        ("/api/targets", {"region": LONG}),
        ("/api/targets", {"q": LONG}),
        ("/api/passages/" + LONG, {}),
        ("/api/documents/" + LONG, {}),
    ],
)
def test_errors_about_long_values_stay_short_and_show_no_server_path(
    client, settings, url: str, params: dict[str, str]
) -> None:
    response = client.get(url, params=params)

    assert response.status_code in (404, 422)
    detail = response.json()["detail"]
    assert len(detail) < 300, detail
    assert "characters" in detail
    assert str(settings.index_dir) not in detail and "/work" not in detail and ".py" not in detail


# -- routes, methods, bodies ----------------------------------------------------------------
@pytest.mark.parametrize("url", ["/api/nothing", "/api/documents/a/b", "/api", "/api/search/x"])
def test_unknown_route_is_404(client, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_the_api_is_read_only(client, method: str) -> None:
    assert client.request(method, "/api/search", params={"q": "质量"}).status_code == 405


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_announced_oversized_body_is_413(client, method: str) -> None:
    response = client.request(
        method, "/api/search", params={"q": "质量"}, content=b"x" * (16 * 1024 + 1)
    )

    assert _detail(response, 413) == TOO_LARGE


def test_body_at_the_limit_is_not_refused(client) -> None:
    response = client.request(
        "GET", "/api/search", params={"q": "质量"}, content=b"x" * (16 * 1024)
    )

    assert response.status_code == 200


def test_streamed_oversized_body_is_413(client) -> None:
    # Sent chunked, with no Content-Length to refuse it by: the limit must still hold.
    def chunks():
        for _ in range(40):
            yield b"x" * 1024

    response = client.request("GET", "/api/search", params={"q": "质量"}, content=chunks())

    assert _detail(response, 413) == TOO_LARGE


# -- odd input never gives a 5xx ------------------------------------------------------------
ODD_QUERIES = [
    "😀😀",
    "' OR 1=1; DROP TABLE passages;--",
    '"; SELECT * FROM users --',
    "%",
    "%%",
    "%00",
    "\\",
    "../../etc/passwd",
    "的",
    ",。",
    "?",
    "&",
    "&amp;",
    "<",
    "a" * 200,
    "\U0010ffff",
    "\u202e质量",
    "ｑｕａｌｉｔｙ",
    "質量",
    "null",
    "[]",
    "{}",
    "*",
    "(",
    ")",
    "[",
    "|",
    "$",
    "^",
    "+",
    "质量" * 100,
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "首席质量官<mark>",
    "</mark>",
]


@pytest.mark.parametrize("route", QUERY_ROUTES)
@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_are_answered(client, route: str, q: str) -> None:
    assert client.get(route, params={"q": q}).status_code == 200


@pytest.mark.parametrize("route", QUERY_ROUTES)
@pytest.mark.parametrize("q", ["\u200b", "\ufeff", " \u200b\u3000"])
def test_invisible_characters_alone_are_a_blank_query(client, route: str, q: str) -> None:
    response = client.get(route, params={"q": q})

    assert response.status_code == 422
    assert response.json()["detail"].startswith("q is blank")


RAW_URLS = [
    "/api/search?q=%ZZ%E8",
    "/api/search?q=%E8",
    "/api/search?q=%FF%FE",
    "/api/search?q=%C0%80",
    "/api/search?q=%ED%A0%80",
    "/api/search?q=质量&k=%00",
    "/api/search?q=质量&mode=%FF",
    "/api/search?q=质量&region=%FF",
    "/api/search?q=质量&doc_id=%00",
    "/api/search?q=%25%25",
    "/api/search?q=质量&q=",
    "/api/search?q=&q=质量",
    "/api/search?q",
    "/api/search?=质量",
    "/api/search?q=质量&k=1&k=999",
    "/api/search?q=质量&k=9999999999999999999999",
    "/api/compare?q=%0A",
    "/api/ask?q=%E2%80%8B",
    "/api/documents/%FF",
    "/api/documents/%00",
    "/api/documents/..%2F..%2Fetc%2Fpasswd",
    "/api/passages/%F0%9F%98%80",
    "/api/passages/%C0",
    "/api/passages/" + "a" * 4000,
    "/api/search?q=质量&" + "x=" * 3000,
    "/api/search?q=质量&" + "&".join(["region=合川区"] * 300),
    "/api/search?q=质量&" + "&".join(["doc_id=chongqing-hechuan-2024"] * 300),
    "/api/search?q=质量&" + "&".join(f"region=r{i}" for i in range(300)),
]


@pytest.mark.parametrize("url", RAW_URLS)
def test_junk_in_the_url_is_never_a_server_error(client, url: str) -> None:
    assert client.get(url).status_code < 500


@pytest.mark.parametrize(
    "headers",
    [
        {"Accept": "text/html"},
        {"Accept-Language": "zh-CN"},
        {"Content-Type": "application/json"},
        {"Origin": "null"},
        {"Host": "evil.example"},
        {"X-Forwarded-For": "1.2.3.4, <script>"},
    ],
)
def test_odd_headers_are_never_a_server_error(client, headers: dict[str, str]) -> None:
    assert client.get("/api/search", params={"q": "质量"}, headers=headers).status_code == 200


@pytest.mark.parametrize("route", QUERY_ROUTES)
@pytest.mark.parametrize(
    "q", ["<script>", "<script>alert(1)</script> 首席质量官", "<img src=x onerror=alert(1)> 质量"]
)
def test_html_in_q_never_reaches_a_highlight_unescaped(client, route: str, q: str) -> None:
    body = client.get(route, params={"q": q}).json()
    hits = (
        body.get("results")
        or body.get("passages")
        or [hit for plan in body.get("documents", []) for hit in plan["passages"]]
    )

    # markup alone matches no word of the plans; with a word of them, every route has hits
    assert hits or not re.search("[\u4e00-\u9fff]", q)
    for hit in hits:
        assert set(re.findall(r"<[^>]*>", hit["highlight"])) <= {"<mark>", "</mark>"}
        assert "<script" not in hit["highlight"] and "<img" not in hit["highlight"]
