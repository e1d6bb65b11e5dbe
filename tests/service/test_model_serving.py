"""The service with the default model: /healthz names it, a search by meaning says so."""

from __future__ import annotations


def test_healthz_names_the_default_model_and_its_runtime(model_index_root, model_folder) -> None:
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.settings import Settings

    settings = Settings(index_dir=model_index_root, model=str(model_folder))
    with TestClient(create_app(settings)) as client:
        health = client.get("/healthz").json()
        search = client.get("/api/search", params={"q": "造假卖假、以次充好怎么严打"}).json()

    assert health["status"] == "ok"
    assert health["model"] == "multilingual-e5-small" and health["runtime"] == "onnx"
    assert health["embedder"].startswith("st-multilingual-e5-small-384-")
    assert [n["code"] for n in search["notices"]] == ["meaning_only"]
    assert search["results"]
