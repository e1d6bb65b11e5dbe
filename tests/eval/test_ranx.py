"""Our MRR@10, Recall@10 and nDCG@10 (eval/metrics.py) equal ranx's on the eval run.

Each metric is handed to ranx in the unit it counts: MRR the passages holding evidence,
Recall@10 the relevant plans, nDCG@10 the evidence entries (gain 1 each, linear gain and a
log2(rank + 1) discount: ranx's `ndcg`, Järvelin and Kekäläinen's)."""

from __future__ import annotations

import pytest
from ranx import Qrels, Run, evaluate

from eval.gold import GoldQuery, load_queries
from eval.metrics import CUTOFF, mean_scores, score_ranking
from index.search import MODES

# numba's note while ranx compiles its metrics the first time (a uint64 cast in its code)
pytestmark = pytest.mark.filterwarnings("ignore:unsafe cast from uint64 to int64")


def _units(gold: GoldQuery, ranked: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """For each metric, the id of each ranked passage in that metric's unit: the thing it
    counts when the passage holds evidence, an id of its own when it holds none."""
    ids: dict[str, list[str]] = {"mrr": [], "recall": [], "ndcg": []}
    credited: set[int] = set()
    plans: set[str] = set()
    for passage_id, doc_id, text in ranked[:CUTOFF]:
        found = gold.matches(doc_id, text)
        new = [i for i in found if i not in credited]
        credited.update(new)
        counted_plan = found and doc_id not in plans
        plans.update([doc_id] if found else [])
        ids["mrr"].append(f"held:{passage_id}" if found else passage_id)
        ids["recall"].append(f"plan:{doc_id}" if counted_plan else passage_id)
        ids["ndcg"].append(f"evidence:{new[0]}" if new else passage_id)
    return ids


@pytest.mark.parametrize("mode", MODES)
def test_our_ranking_metrics_equal_ranx_on_the_eval_run(searcher, mode: str) -> None:
    queries = load_queries()
    ours = []
    qrels: dict[str, dict[str, dict[str, int]]] = {"mrr": {}, "recall": {}, "ndcg": {}}
    runs: dict[str, dict[str, dict[str, float]]] = {"mrr": {}, "recall": {}, "ndcg": {}}
    for gold in queries:
        hits = searcher.search(gold.query, k=10, mode=mode).hits
        ranked = [(h.passage.passage_id, h.passage.doc_id, h.passage.text) for h in hits]
        ours.append(score_ranking(gold, [(doc_id, text) for _, doc_id, text in ranked]))
        units = _units(gold, ranked)
        for metric, ids in units.items():
            runs[metric][gold.id] = {i: float(CUTOFF - rank) for rank, i in enumerate(ids)}
        held = {i: 1 for i in units["mrr"] if i.startswith("held:")}
        qrels["mrr"][gold.id] = held | {"held:beyond the top 10": 1}  # never empty
        qrels["recall"][gold.id] = {f"plan:{d}": 1 for d in gold.relevant_docs}
        qrels["ndcg"][gold.id] = {f"evidence:{i}": 1 for i in range(len(gold.evidence))}
    mean = mean_scores(ours)

    def ranx(metric: str, name: str) -> float:
        return float(evaluate(Qrels(qrels[metric]), Run(runs[metric]), name))

    assert 0 < mean.mrr_at_10 < 1
    assert mean.mrr_at_10 == pytest.approx(ranx("mrr", "mrr@10"), abs=1e-12)
    assert mean.recall_at_10 == pytest.approx(ranx("recall", "recall@10"), abs=1e-12)
    assert mean.ndcg_at_10 == pytest.approx(ranx("ndcg", "ndcg@10"), abs=1e-12)
