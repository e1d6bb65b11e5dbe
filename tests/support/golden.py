"""The golden set: every route's responses and `policy-search eval`, recorded to compare two
versions of the code byte for byte (apart from `took_ms` and eval's closing run time).

    python tests/support/golden.py record OUT       # this tree's code, fresh builds, into OUT
    python tests/support/golden.py diff OLD NEW     # exit 1 and show what changed
    python tests/support/golden.py compare REV      # REV's code (a temporary worktree) against this tree's

Both embedders are recorded: the built-in LSA and the default model (models/multilingual-e5-small).
Each recording builds its own indexes with the code it records (the build is part of what is
compared) and talks to the app through its public edges only: the `policy-search` command
(`python -m service.cli`) and HTTP requests to `service.app.create_app` (TestClient), so any
version of the code can be recorded by the same script. About 700 requests per embedder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
EMBEDDERS = ("builtin", "model")
MODEL_NAME = "multilingual-e5-small"
RUN_TIME = re.compile(r"^\(\d+(\.\d+)? s\)$", re.MULTILINE)


# -- the requests ----------------------------------------------------------------------
def _gold_queries(tree: Path) -> list[str]:
    lines = (tree / "eval" / "queries.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)["query"] for line in lines if line.strip()]


EXTRA_QUERIES = (
    '"质量月" 活动',
    "质量 -培训",
    '"首席质量官"',
    "质量品牌 -品牌",
    "-培训",
    "質量強區建設",
    "首席质量管",
    "质量巡诊邦扶",
    "冷连物流",
    "food safety Hechuan",
    "chief quality officer",
    "合川区首席质量官",
    "北京市首席质量官",
    "沙坡头区食品抽检",
    "四川 标准化",
    "的",
    "，。",
    "质量\u200b提升",
    "2021-2025",
)
FILTERS: tuple[dict[str, Any], ...] = (
    {"region": "合川区"},
    {"region": "四川省"},
    {"region": ["天津", "宁夏"]},
    {"doc_id": "tianjin-dongli-2024"},
    {"doc_id": ["sichuan-tianfu-2024", "ningxia-shapotou-2022"]},
    {"level": "省级"},
    {"level": "区县级"},
    {"issuer": "人民政府"},
    {"year_from": 2023},
    {"year_to": 2022},
    {"year_from": 2023, "year_to": 2024, "level": "区县级"},
    {"region": "重庆", "doc_id": "sichuan-province-2023"},
)
PAGES: tuple[dict[str, Any], ...] = (
    {"k": 3},
    {"k": 5, "page": 2},
    {"k": 4, "offset": 7},
    {"sort": "date"},
    {"sort": "date", "k": 5, "page": 3},
    {"k": 50},
    {"correct": "false"},
    {"mode": "lexical", "sort": "date"},
    {"mode": "dense", "k": 3, "page": 2},
)
ERRORS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("/api/search", {"q": ""}),
    ("/api/search", {"q": "质量", "mode": "fuzzy"}),
    ("/api/search", {"q": "质量", "region": "北京"}),
    ("/api/search", {"q": "质量", "doc_id": "nope"}),
    ("/api/search", {"q": "质量", "level": "乡级"}),
    ("/api/search", {"q": "质量", "year_from": 2025, "year_to": 2020}),
    ("/api/search", {"q": "质量", "k": 10, "offset": 495}),
    ("/api/search", {"q": "质量", "page": 2, "offset": 3}),
    ("/api/search", {"q": "-培训"}),
    ("/api/compare", {"q": "质量", "per_doc": 9}),
    ("/api/ask", {"q": " "}),
    ("/api/targets", {"q": "合格率", "region": "北京"}),
    ("/api/documents/nope", {}),
    ("/api/documents/nope/passages", {}),
    ("/api/passages/nope", {}),
    ("/plans/nope", {}),
)
TARGET_QUERIES = (
    "",
    "食品抽检合格率",
    "合格率",
    "满意度",
    "覆盖率",
    "吃的安全",
    "森林覆盖率",
    "首席质量官",
    "标准",
    "品牌",
    "合川区 合格率",
    "四川 满意度",
    "人均可支配收入",
    "研发投入",
    "质量竞争力指数",
    "检验检测机构",
)


def requests(tree: Path, client: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, query parameters) of every request recorded, in order."""
    gold = _gold_queries(tree)
    queries = [*gold, *EXTRA_QUERIES]
    for query in queries:
        yield "/api/search", {"q": query}
    for mode in ("lexical", "dense"):
        for query in [*gold[::2], *EXTRA_QUERIES]:
            yield "/api/search", {"q": query, "mode": mode}
    for i, filters in enumerate(FILTERS):
        for query in gold[i :: len(FILTERS) * 3][:4]:
            yield "/api/search", {"q": query, **filters}
            yield "/api/ask", {"q": query, **filters}
    for i, page in enumerate(PAGES):
        for query in [*gold[i :: len(PAGES) * 4][:4], "质量", "标准化"]:
            yield "/api/search", {"q": query, **page}
    for query in [*gold[::4], *EXTRA_QUERIES[:12]]:
        yield "/api/compare", {"q": query}
    for query in gold[1::15]:
        yield "/api/compare", {"q": query, "per_doc": 3}
        yield "/api/compare", {"q": query, "mode": "lexical", "correct": "false"}
        yield "/api/compare", {"q": query, "mode": "dense", "per_doc": 2}
    for query in [*gold[::3], *EXTRA_QUERIES[:12]]:
        yield "/api/ask", {"q": query}
    for query in gold[2::20]:
        yield "/api/ask", {"q": query, "k": 6}
    for query in TARGET_QUERIES:
        yield "/api/targets", {"q": query}
        yield "/api/targets.csv", {"q": query}
    for region in ("合川区", "四川省", ["天津", "宁夏"]):
        yield "/api/targets", {"q": "合格率", "region": region}
        yield "/api/targets.csv", {"region": region}
    yield "/api/documents", {}
    doc_ids = [d["doc_id"] for d in client.get("/api/documents").json()["documents"]]
    for doc_id in doc_ids:
        yield f"/api/documents/{doc_id}", {}
        yield f"/api/documents/{doc_id}/passages", {}
        yield f"/plans/{doc_id}", {"q": "首席质量官 标准"}
        passages = client.get(f"/api/documents/{doc_id}/passages").json()["texts"]
        for passage in passages[:: max(1, len(passages) // 6)]:
            yield f"/api/passages/{passage['passage_id']}", {}
            yield f"/api/passages/{passage['passage_id']}", {"q": '质量 -培训 "标准"'}
    yield from ERRORS


def _without_took_ms(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_took_ms(v) for k, v in value.items() if k != "took_ms"}
    if isinstance(value, list):
        return [_without_took_ms(v) for v in value]
    return value


def _response_text(response: Any) -> str:
    kind = response.headers.get("content-type", "")
    head = f"{response.status_code} {kind}\n"
    if kind.startswith("application/json"):
        body = json.dumps(_without_took_ms(response.json()), ensure_ascii=False, indent=1)
        return head + body
    return head + response.text


# -- recording ---------------------------------------------------------------------------
def _environment(tree: Path, index: Path, embedder: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_SEARCH_")}
    env |= {
        "PYTHONPATH": str(tree),
        "POLICY_SEARCH_INDEX_DIR": str(index),
        "POLICY_SEARCH_CORPUS": str(tree / "corpus"),
        "POLICY_SEARCH_MODEL": "builtin" if embedder == "builtin" else _model_folder(tree),
    }
    return env


def _model_folder(tree: Path) -> str:
    for candidate in (tree / "models" / MODEL_NAME, HERE.parents[2] / "models" / MODEL_NAME):
        if candidate.is_dir():
            return str(candidate)
    raise SystemExit(f"no {MODEL_NAME} folder; run `make model`")


def _cli(tree: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"policy-search {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def record(tree: Path, out: Path, embedders: tuple[str, ...] = EMBEDDERS) -> None:
    """Record `tree`'s code into `out`: one subprocess per embedder, run inside `tree`."""
    out.mkdir(parents=True, exist_ok=True)
    for embedder in embedders:
        with tempfile.TemporaryDirectory(prefix=f"golden-{embedder}-") as scratch:
            env = _environment(tree, Path(scratch) / "index", embedder)
            _cli(tree, env, "index")
            eval_text = RUN_TIME.sub("(run time)", _cli(tree, env, "eval"))
            (out / f"{embedder}.eval.txt").write_text(eval_text, "utf-8")
            done = subprocess.run(
                [sys.executable, str(HERE), "_serve", str(out / f"{embedder}.jsonl")],
                cwd=tree,
                env=env,
            )
            if done.returncode != 0:
                raise SystemExit(f"recording the {embedder} responses failed")


def _serve(path: Path) -> None:
    """Runs inside the tree being recorded: its app answers every request."""
    sys.path.insert(0, os.environ["PYTHONPATH"])
    from fastapi.testclient import TestClient

    from service.app import create_app

    tree = Path(os.environ["PYTHONPATH"])
    with TestClient(create_app()) as client, path.open("w", encoding="utf-8") as handle:
        for route, params in requests(tree, client):
            response = client.get(route, params=params)
            line = {"request": [route, params], "response": _response_text(response)}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


# -- comparing ---------------------------------------------------------------------------
def diff(old: Path, new: Path, shown: int = 5) -> int:
    """Print what differs between two recordings; the number of differences."""
    import difflib

    differences = 0
    for embedder in EMBEDDERS:
        for suffix in (".eval.txt", ".jsonl"):
            name = embedder + suffix
            if not (old / name).exists() and not (new / name).exists():
                continue
            before = (old / name).read_text("utf-8").splitlines()
            after = (new / name).read_text("utf-8").splitlines()
            if suffix == ".eval.txt":
                changed = int(before != after)
                if changed:
                    print(f"{name}: eval output differs")
                    print("\n".join(difflib.unified_diff(before, after, lineterm="", n=1)))
                differences += changed
                continue
            count = 0
            for a, b in zip(before, after, strict=False):
                if a != b:
                    count += 1
                    if count <= shown:
                        first, second = json.loads(a), json.loads(b)
                        print(f"{name}: {first['request']} differs")
                        lines = difflib.unified_diff(
                            first["response"].splitlines(),
                            second["response"].splitlines(),
                            lineterm="",
                            n=1,
                        )
                        print("\n".join(list(lines)[:40]))
            if len(before) != len(after):
                print(f"{name}: {len(before)} requests before, {len(after)} now")
                count += 1
            print(f"{name}: {len(after) - count} of {len(after)} responses identical")
            differences += count
    return differences


def compare(revision: str, keep: Path | None) -> int:
    """Record `revision` (in a temporary git worktree) and this tree; their differences."""
    repo = HERE.parents[2]
    scratch = Path(tempfile.mkdtemp(prefix="golden-"))
    base = scratch / "base"
    try:
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(base), revision],
            cwd=repo,
            check=True,
        )
        record(base, scratch / "old")
        record(repo, scratch / "new")
        found = diff(scratch / "old", scratch / "new")
        if keep is not None:
            shutil.copytree(scratch / "old", keep / "old", dirs_exist_ok=True)
            shutil.copytree(scratch / "new", keep / "new", dirs_exist_ok=True)
        return found
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=repo)
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="record this tree's code")
    recording.add_argument("out", type=Path)
    recording.add_argument("--embedder", action="append", choices=EMBEDDERS)
    differing = commands.add_parser("diff", help="compare two recordings")
    differing.add_argument("old", type=Path)
    differing.add_argument("new", type=Path)
    comparing = commands.add_parser("compare", help="record REV and this tree, then compare")
    comparing.add_argument("revision")
    comparing.add_argument("--keep", type=Path, help="copy both recordings here")
    serving = commands.add_parser("_serve")
    serving.add_argument("path", type=Path)
    args = parser.parse_args()
    if args.command == "_serve":
        _serve(args.path)
        return 0
    if args.command == "record":
        record(HERE.parents[2], args.out.resolve(), tuple(args.embedder or EMBEDDERS))
        return 0
    if args.command == "diff":
        return 1 if diff(args.old, args.new) else 0
    return 1 if compare(args.revision, args.keep) else 0


if __name__ == "__main__":
    sys.exit(main())
