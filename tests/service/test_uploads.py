"""Uploaded file names become safe corpus names; anything that is a path is refused."""

from __future__ import annotations

import pytest

from service.uploads import UploadRefused, safe_name


def test_a_plain_name_keeps_its_stem_and_lowers_its_suffix() -> None:
    assert safe_name("合川区方案.PDF") == ("合川区方案", ".pdf")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../secret.txt", "holds a path"),
        ("/etc/passwd.txt", "holds a path"),
        ("C:\\plans\\plan.txt", "holds a path"),
        ("a/b.txt", "holds a path"),
        ("plan\x00.txt", "holds control characters"),
        ("plan\u202e.txt", "holds control characters"),  # right-to-left override
        ("", "the file has no name"),
        ("..", "holds a path"),
    ],
)
def test_names_with_paths_or_controls_are_refused(name: str, reason: str) -> None:
    with pytest.raises(UploadRefused) as refused:
        safe_name(name)
    assert refused.value.status == 422 and reason in str(refused.value)


def test_a_name_without_a_suffix_is_an_unsupported_type() -> None:
    with pytest.raises(UploadRefused) as refused:
        safe_name("README")
    assert refused.value.status == 415
    assert str(refused.value).startswith("unsupported file type '(no extension)'")
