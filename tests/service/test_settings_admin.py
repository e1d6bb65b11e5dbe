"""The admin settings read from the environment: blank means unset."""

from __future__ import annotations

import pytest

from service.settings import Settings


def test_a_blank_admin_token_or_audit_log_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_SEARCH_ADMIN_TOKEN", "  ")
    monkeypatch.setenv("POLICY_SEARCH_AUDIT_LOG", "")
    settings = Settings()  # type: ignore[call-arg]
    assert settings.admin_token is None and settings.audit_log is None


def test_the_token_is_never_shown_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_SEARCH_ADMIN_TOKEN", "very-secret-value")
    settings = Settings()  # type: ignore[call-arg]
    assert settings.admin_token is not None
    assert settings.admin_token.get_secret_value() == "very-secret-value"
    assert "very-secret-value" not in repr(settings) and "very-secret-value" not in str(settings)
