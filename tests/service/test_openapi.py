"""/openapi.json and /docs: the contract portal developers read, with Chinese examples."""

from __future__ import annotations

import json

import pytest

API_OPERATIONS = [
    "/api/documents",
    "/api/documents/{doc_id}",
    "/api/search",
    "/api/compare",
    "/api/ask",
    "/api/passages/{passage_id}",
    "/api/targets",
    "/api/targets.csv",
]
QUERY_ROUTES = ["/api/search", "/api/compare", "/api/ask"]


@pytest.fixture(scope="module")
def openapi(client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def _parameters(openapi: dict, path: str) -> dict[str, dict]:
    parameters = openapi["paths"][path]["get"]["parameters"]
    return {parameter["name"]: parameter for parameter in parameters}


def _examples(openapi: dict, model: str) -> dict[str, object]:
    """The first example of each field of a model that has one."""
    properties = openapi["components"]["schemas"][model]["properties"]
    return {name: spec["examples"][0] for name, spec in properties.items() if "examples" in spec}


def test_schema_names_the_service_and_its_routes(openapi: dict) -> None:
    assert openapi["info"]["title"] == "policy-search"
    for path in ("/api/search", "/api/compare", "/api/ask", "/api/documents"):
        assert f"`{path}" in openapi["info"]["description"]
    assert set(API_OPERATIONS) | {"/healthz"} <= set(openapi["paths"])


def test_pages_static_files_and_metrics_are_not_in_the_schema(openapi: dict) -> None:
    for path in ("/", "/embed", "/widget.js", "/metrics"):
        assert path not in openapi["paths"]
    assert not any(path.startswith("/static") for path in openapi["paths"])


# The only routes that change anything: managing plans with the admin token (issue 15).
WRITES = {"/api/documents": ["get", "post"], "/api/documents/{doc_id}": ["get", "delete"]}


@pytest.mark.parametrize("path", [*API_OPERATIONS, "/healthz"])
def test_every_route_is_a_read_only_get_with_a_description(openapi: dict, path: str) -> None:
    operations = openapi["paths"][path]

    assert list(operations) == WRITES.get(path, ["get"])
    for operation in operations.values():
        assert operation["summary"]
        assert len(operation["description"]) > 20


@pytest.mark.parametrize(
    ("path", "method"), [("/api/documents", "post"), ("/api/documents/{doc_id}", "delete")]
)
def test_the_writes_document_their_token_refusals(openapi: dict, path: str, method: str) -> None:
    responses = openapi["paths"][path][method]["responses"]
    assert {"202", "401", "403"} <= set(responses)
    assert "Bearer" in openapi["paths"][path][method]["description"]


@pytest.mark.parametrize("path", QUERY_ROUTES)
def test_q_is_required_described_and_has_a_chinese_example(openapi: dict, path: str) -> None:
    q = _parameters(openapi, path)["q"]

    assert q["required"] is True
    assert "200" in q["description"]
    assert q["schema"]["examples"] == ["首席质量官制度要求"]


@pytest.mark.parametrize(
    ("path", "name", "minimum", "maximum", "default"),
    [
        ("/api/search", "k", 1, 50, 10),
        ("/api/ask", "k", 1, 10, 3),
        ("/api/compare", "per_doc", 1, 5, 1),
    ],
)
def test_counts_document_their_bounds_and_default(
    openapi: dict, path: str, name: str, minimum: int, maximum: int, default: int
) -> None:
    schema = _parameters(openapi, path)[name]["schema"]

    assert (schema["minimum"], schema["maximum"], schema["default"]) == (minimum, maximum, default)


@pytest.mark.parametrize(
    ("path", "names"),
    [
        (
            "/api/search",
            [
                "q",
                "k",
                "mode",
                "region",
                "doc_id",
                "correct",
                "level",
                "issuer",
                "year_from",
                "year_to",
                "sort",
                "page",
                "offset",
            ],
        ),
        ("/api/compare", ["q", "per_doc", "mode", "correct"]),
        (
            "/api/ask",
            ["q", "k", "correct", "region", "doc_id", "level", "issuer", "year_from", "year_to"],
        ),
    ],
)
def test_every_parameter_a_route_reads_is_documented_once(
    client, openapi: dict, path: str, names: list[str]
) -> None:
    documented = [parameter["name"] for parameter in openapi["paths"][path]["get"]["parameters"]]
    assert documented == names
    assert all(p["in"] == "query" and p["description"] for p in _parameters(openapi, path).values())
    # and an unknown parameter is ignored, as FastAPI does
    assert client.get(path, params={"q": "质量", "page": "2"}).status_code == 200


def test_search_filters_and_mode_are_described(openapi: dict) -> None:
    parameters = _parameters(openapi, "/api/search")

    assert "合川区" in parameters["region"]["description"]
    assert parameters["region"]["schema"]["type"] == "array"
    assert parameters["doc_id"]["schema"]["type"] == "array"
    assert parameters["mode"]["schema"]["enum"] == ["hybrid", "lexical", "dense"]
    assert parameters["mode"]["schema"]["default"] == "hybrid"


def test_search_description_explains_place_detection_and_highlights(openapi: dict) -> None:
    description = openapi["paths"]["/api/search"]["get"]["description"]

    assert "合川" in description and "filters.detected" in description and "<mark>" in description


def test_compare_description_promises_every_plan_once(openapi: dict) -> None:
    description = openapi["paths"]["/api/compare"]["get"]["description"]

    assert "every plan once" in description and '"passages": []' in description


def test_ask_description_says_answers_are_quoted_not_generated(openapi: dict) -> None:
    assert "verbatim" in openapi["paths"]["/api/ask"]["get"]["description"]


def test_models_carry_chinese_examples(openapi: dict) -> None:
    schemas = openapi["components"]["schemas"]
    text = json.dumps(schemas, ensure_ascii=False)

    assert schemas["Hit"]["properties"]["doc_title"]["examples"] == ["合川区质量强区建设实施方案"]
    assert schemas["Hit"]["properties"]["section"]["examples"] == [
        ["三、质量支撑体系", "(三)完善质量治理体系", "27.强化质量人才队伍建设"]
    ]
    doc_number = schemas["DocumentSummary"]["properties"]["doc_number"]
    assert doc_number["examples"] == ["合川府发〔2024〕9号"]
    for example in ("重庆市合川区", "区市场监管局", "区县级", "重庆市合川区人民政府"):
        assert example in text


def test_document_examples_describe_the_real_hechuan_plan(client, openapi: dict) -> None:
    examples = _examples(openapi, "DocumentSummary")
    plan = client.get(f"/api/documents/{examples['doc_id']}").json()

    assert examples == {name: plan[name] for name in examples}


def test_hit_examples_describe_a_real_passage(client, openapi: dict) -> None:
    # A developer trying the example id in /docs should get the passage the example shows.
    examples = _examples(openapi, "Hit")

    response = client.get(f"/api/passages/{examples['passage_id']}")

    assert response.status_code == 200, response.json()
    passage = response.json()
    assert {name: passage[name] for name in examples} == examples


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/search", "422"),
        ("/api/compare", "422"),
        ("/api/ask", "422"),
        ("/api/documents/{doc_id}", "404"),
        ("/api/passages/{passage_id}", "404"),
    ],
)
def test_error_responses_are_documented_as_a_detail_message(
    openapi: dict, path: str, status: str
) -> None:
    response = openapi["paths"][path]["get"]["responses"][status]
    reference = response["content"]["application/json"]["schema"]["$ref"]

    assert reference == "#/components/schemas/ErrorResponse"
    error = openapi["components"]["schemas"]["ErrorResponse"]
    assert error["required"] == ["detail"]
    assert error["properties"]["detail"]["type"] == "string"


def test_docs_page_renders_the_schema(client) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in response.text
