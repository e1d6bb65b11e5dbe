"""Who may change the corpus (a Bearer token compared in constant time) and the audit log."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from service.settings import Settings

AUDIT_LOGGER = "policy_search.audit"
NOT_ENABLED = (
    "managing documents is switched off: set POLICY_SEARCH_ADMIN_TOKEN to a long random "
    "secret (e.g. `openssl rand -hex 32`) on the server and restart it, then send it as "
    "`Authorization: Bearer <token>`"
)


def check_token(settings: Settings, authorization: str | None) -> None:
    """Nothing if `authorization` carries the admin token; HTTPException 403 when no token
    is configured, 401 when it is missing or wrong. The token is never logged or echoed."""
    if settings.admin_token is None:
        raise HTTPException(403, NOT_ENABLED)
    scheme, _, given = (authorization or "").partition(" ")
    expected = settings.admin_token.get_secret_value().encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
        raise HTTPException(
            401,
            "missing or wrong admin token; send `Authorization: Bearer <POLICY_SEARCH_ADMIN_TOKEN>`",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_admin(request: Request) -> None:
    """The route dependency: the request carries the admin token, or is refused (and audited)."""
    try:
        check_token(request.app.state.settings, request.headers.get("authorization"))
    except HTTPException as refused:
        audit(
            request,
            action=f"{request.method} {request.url.path}",
            outcome="refused",
            detail=f"{refused.status_code} no admin token configured"
            if refused.status_code == 403
            else f"{refused.status_code} missing or wrong token",
        )
        raise


Admin = Annotated[None, Depends(require_admin)]


def audit_logger(settings: Settings) -> logging.Logger:
    """The audit log: one JSON line per change or refused attempt, to stderr and, if
    POLICY_SEARCH_AUDIT_LOG names a file, appended to it."""
    logger = logging.getLogger(AUDIT_LOGGER)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    wanted = str(settings.audit_log.resolve()) if settings.audit_log else None
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler) and handler.baseFilename != wanted:
            logger.removeHandler(handler)
            handler.close()
    if not any(type(h) is logging.StreamHandler for h in logger.handlers):
        logger.addHandler(logging.StreamHandler(sys.stderr))
    if wanted and not any(isinstance(h, logging.FileHandler) for h in logger.handlers):
        Path(wanted).parent.mkdir(parents=True, exist_ok=True)
        logger.addHandler(logging.FileHandler(wanted, encoding="utf-8"))
    return logger


def audit(
    request: Request,
    *,
    action: str,
    outcome: str,
    doc_id: str | None = None,
    size: int | None = None,
    detail: str | None = None,
) -> None:
    """One line: time, action, doc_id, size, outcome, the client's address; never a token."""
    line = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "action": action,
        "doc_id": doc_id,
        "bytes": size,
        "outcome": outcome,
        "detail": detail,
        "client": request.client.host if request.client else None,
    }
    logging.getLogger(AUDIT_LOGGER).info(json.dumps(line, ensure_ascii=False))
