"""The edges of policy-search: the HTTP service, the web page and widget, and the command line."""

import os

# Cap the threads of OpenMP (FAISS), BLAS, torch and tokenizers before any of them is
# imported: on a 2-core server, oversubscription costs more than it gains.
_THREADS = os.environ.get("POLICY_SEARCH_THREADS", "2")
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_name, _THREADS)
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads that spin while waiting for work would take the cores that concurrent
# requests (ONNX Runtime, numpy) need; idle threads sleep instead.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
