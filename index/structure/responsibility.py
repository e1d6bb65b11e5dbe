"""The units a plan makes responsible for an item: (责任单位:…) or (…等按职责分工负责)."""

from __future__ import annotations

import re

_TRAILING = re.compile(r"[(（〔]([^()（）〔〕]*(?:[(（][^()（）]*[)）][^()（）〔〕]*)*)[)）〕]\s*$")
_LEAD = re.compile(r"^(责任单位|牵头单位|责任部门|负责单位|配合单位)\s*[:：]\s*")
_LABEL = re.compile(r"^(责任单位|牵头单位|责任部门|负责单位|配合单位|配合部门|牵头部门)\s*[:：]\s*")
_ROLE = re.compile(r"(牵头|配合|参与|负责)$")
_DUTY = re.compile(r"(按职责分工负责|分工负责|负责落实|牵头负责|配合|负责)")
_SEPARATORS = re.compile(r"[、,，;；]|(?:和|及|以及)(?=各)")
_TRAILING_WORDS = re.compile(r"(等部门|等单位|等)$")


def responsible_units(paragraph: str) -> tuple[str, ...]:
    """Units named in the paragraph's closing parenthetical, in order; () when none is stated."""
    match = _TRAILING.search(paragraph.rstrip("。 "))
    if not match:
        return ()
    inner = match[1].strip()
    lead = _LEAD.match(inner)
    if lead:
        inner = inner[lead.end() :]
    else:
        duty = _DUTY.search(inner)
        if not duty:
            return ()
        inner = inner[: duty.start()]
    inner = re.split(r"[。]", inner, maxsplit=1)[0]
    units = []
    for part in _SEPARATORS.split(inner):
        unit = _ROLE.sub("", _TRAILING_WORDS.sub("", _LABEL.sub("", part.strip())))
        if unit and unit not in units:
            units.append(unit)
    return tuple(units)
