"""The one settings object, read from POLICY_SEARCH_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.embedders import DEFAULT_MODEL, EmbedderConfig
from index.embedders.devices import DEVICE_PATTERN


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICY_SEARCH_", extra="ignore")

    corpus: Path = Field(Path("corpus"), description="folder of plans (.txt, .html, .docx)")
    index_dir: Path = Field(Path("var/index"), description="where index builds are kept")
    backend: Literal["local", "milvus"] = Field(
        "local",
        description="where searches read the index: `local` (the build folder, in process) or "
        "`milvus` (a Milvus collection that `policy-search index --backend milvus` wrote)",
    )
    milvus_uri: str = Field(
        "var/milvus.db",
        description="a Milvus Lite database file (one process only) or http://host:19530 "
        "for Milvus standalone or a cluster",
    )
    milvus_token: SecretStr | None = Field(
        None, description="Milvus token (user:password or an API key); unset: none"
    )
    milvus_prefix: str = Field(
        "policy_search",
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,100}$",
        description="the start of every collection name: one prefix per corpus (tenant) "
        "when several share one Milvus",
    )
    milvus_replicas: int = Field(
        1,
        ge=1,
        description="in-memory replicas each new collection is loaded with (Milvus's "
        "replica_number; needs as many query nodes; Milvus Lite keeps one copy)",
    )
    milvus_timeout: float = Field(
        5.0, gt=0, description="seconds a Milvus call may take before the request gets a 503"
    )
    milvus_load_wait: float = Field(
        30.0,
        gt=0,
        description="seconds a server waits, per try, for Milvus to load a new collection "
        "into memory; meanwhile it serves the collection it had (/healthz `loading` says "
        "what it waits for) and tries again at its next check",
    )
    model: str = Field(
        DEFAULT_MODEL,
        description="a sentence-transformers model: a folder, a folder name under models_dir, "
        "or a name in the local Hugging Face cache; `builtin` for the built-in LSA",
    )
    models_dir: Path = Field(
        Path("models"), description="where `model import` and `model pull` put models"
    )
    query_threads: int = Field(
        1,
        ge=1,
        description="threads one query encoding uses (ONNX Runtime or torch); builds use `threads`",
    )
    query_cache: int = Field(
        2048, ge=0, description="query vectors kept per worker process (0: encode every query)"
    )
    runtime: str = Field(
        "auto",
        description="how a model runs: auto (ONNX Runtime when the folder has onnx/model.onnx, "
        "else torch), onnx or torch",
    )
    device: str = Field(
        "cpu",
        pattern=DEVICE_PATTERN,
        description="where a model computes vectors: cpu, cuda, cuda:N (the N-th GPU) or mps; "
        "embed a large corpus on a GPU machine and ship its build folder (docs/milvus.md)",
    )
    threads: int = Field(2, ge=1, description="threads for FAISS, torch and tokenizers")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="origins allowed to call the API (comma-separated)"
    )
    cors_allow_credentials: bool = False
    max_query_chars: int = 200
    max_body_bytes: int = 16 * 1024
    reload_check_seconds: float = Field(
        2.0, description="how often the service looks for a newly built index"
    )
    swap_dir: Path | None = Field(
        None,
        description="folder the workers of one server share to switch builds together "
        "(set by `policy-search serve` when there are several)",
    )
    # 8: a search spends most of its time in the model, which releases the GIL; with 8
    # clients, 8 threads reach 0.89 x the requests/s of a bare encoder, 4 threads 0.79 x
    # (docs/benchmarks.md), and /healthz still answers in tens of milliseconds at p99.
    request_threads: int = Field(
        8,
        ge=1,
        description="requests each worker works on at once (search, compare, ask, targets, "
        "documents, passages); the others wait while /healthz and /metrics still answer",
    )
    admin_token: SecretStr | None = Field(
        None, description="Bearer token that allows uploading and removing plans; unset: off"
    )
    max_upload_bytes: int = Field(
        20 * 1024 * 1024, ge=1, description="largest plan file an upload may send"
    )
    audit_log: Path | None = Field(
        None, description="file the audit lines of uploads and removals are appended to"
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("model", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object) -> object:
        return DEFAULT_MODEL if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_token", "audit_log", "milvus_token", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _no_wildcard_with_credentials(self) -> Settings:
        if self.cors_allow_credentials and "*" in self.cors_origins:
            raise ValueError(
                "POLICY_SEARCH_CORS_ORIGINS='*' cannot be combined with "
                "POLICY_SEARCH_CORS_ALLOW_CREDENTIALS=true; list the portal origins instead"
            )
        return self

    def embedder(self) -> EmbedderConfig:
        return EmbedderConfig(
            self.model,
            self.models_dir,
            self.runtime,
            self.query_cache,
            self.query_threads,
            self.device,
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # the fields come from the environment
