"""Administrative regions: one parser for plans' regions and for place names in queries.

The names and codes of China's provinces, cities and counties come from the table the
`cpca` package ships (resources/adcodes.csv). Only that table is read: importing `cpca`
itself loads pandas and pkg_resources, which a lookup of a few thousand names does not need.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROVINCE, CITY, COUNTY = 0, 1, 2
_SPECIAL = ("特别行政区", "自治区", "自治州", "自治县", "自治旗")
_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|新区|地区|省|市|盟|县|旗|区)$")
# A unit the table does not know (天府新区, 两江新区, a new district): a name and its kind.
# A bare 州 is no suffix here: every 州 city (湖州市, 黔南…自治州) is in the table.
_UNKNOWN_UNIT = re.compile(
    r"[\u4e00-\u9fff]{1,10}?(?:特别行政区|自治区|自治州|自治县|新区|开发区|地区|省|市|盟|县|旗|区)"
)
# Names too short or too common to be taken for a place in running text (城区, 郊区, 市辖区).
_NOT_IN_TEXT = frozenset({"市辖区", "县", "城区", "郊区", "矿区", "新区"})


@dataclass(frozen=True)
class Division:
    """A province, city or county of the administrative-division table."""

    name: str  # 浙江省, 湖州市, 吴兴区
    code: str  # six digits: 330502
    rank: int  # PROVINCE, CITY or COUNTY

    @property
    def prefix(self) -> str:
        """The part of the code its subdivisions share: 33 for 浙江省, 3305 for 湖州市."""
        return self.code[: 2 * (self.rank + 1)]

    def contains(self, other: Division) -> bool:
        return other.code.startswith(self.prefix)


def _package_folder(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the {package} package is not installed; run `make install`")
    return Path(spec.origin).parent


@cache
def _nations() -> tuple[str, ...]:
    """The 56 ethnic groups, longest first, with and without 族 (蒙古自治县 omits it)."""
    path = _package_folder("cpca") / "resources" / "56_nations.csv"
    names = {line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()}
    names |= {name.removesuffix("族") for name in names if len(name) > 2}
    return tuple(sorted(names, key=len, reverse=True))


@cache
def divisions() -> tuple[Division, ...]:
    path = _package_folder("cpca") / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        code = row["adcode"][:6]
        rank = PROVINCE if code.endswith("0000") else CITY if code.endswith("00") else COUNTY
        out.append(Division(row["name"], code, rank))
    return tuple(out)


def short_name(name: str) -> str:
    """浙江省 → 浙江, 宁夏回族自治区 → 宁夏, 阿坝藏族羌族自治州 → 阿坝, 吴兴区 → 吴兴, 天府新区 → 天府;
    a name whose stem would be one character (和县) stays whole."""
    stem = name
    special = next((s for s in _SPECIAL if stem.endswith(s)), None)
    if special:
        stem = stem.removesuffix(special)
        stripped = True
        while stripped:
            stripped = False
            for nation in _nations():
                if stem.endswith(nation) and len(stem) - len(nation) >= 2:
                    stem, stripped = stem.removesuffix(nation), True
                    break
    else:
        stem = _SUFFIX.sub("", stem)
    return stem if len(stem) >= 2 else name


@cache
def _by_name() -> dict[str, tuple[Division, ...]]:
    """Every full name, and every province's short name (四川 of 四川天府新区)."""
    found: dict[str, list[Division]] = {}
    for division in divisions():
        if division.name in _NOT_IN_TEXT:
            continue
        found.setdefault(division.name, []).append(division)
        if division.rank == PROVINCE:
            found.setdefault(short_name(division.name), []).append(division)
    return {name: tuple(items) for name, items in found.items()}


@cache
def _longest_name() -> int:
    return max(len(name) for name in _by_name())


def _known_at(text: str, position: int, shortest: int = 2) -> str | None:
    """The longest known name that starts at `position`."""
    names = _by_name()
    for length in range(min(_longest_name(), len(text) - position), shortest - 1, -1):
        candidate = text[position : position + length]
        if candidate in names:
            return candidate
    return None


def leading_units(text: str) -> tuple[list[str], int]:
    """The administrative units the text starts with, and where they end:
    湖州市吴兴区人民政府 → ([湖州市, 吴兴区], 6); 四川天府新区管委会 → ([四川, 天府新区], 6)."""
    units: list[str] = []
    position = 0
    while position < len(text):
        name = _known_at(text, position)
        if name is None:
            unknown = _UNKNOWN_UNIT.match(text, position)
            if unknown is None:
                break
            # An unknown unit must not swallow a known one (新疆… in 某某新疆…), so it ends
            # before the next known name.
            name = unknown[0]
            for inner in range(position + 1, unknown.end()):
                if _known_at(text, inner, 3):
                    name = ""
                    break
            if not name:
                break
        units.append(name)
        position += len(name)
    return units, position


def region_units(region: str) -> list[str]:
    """重庆市合川区 → [重庆市, 合川区]; 湖州市吴兴区 → [湖州市, 吴兴区]; 四川天府新区 → [四川, 天府新区].

    Text after the last unit is kept as one more unit, so no part of the region is lost."""
    units, end = leading_units(region)
    if end < len(region) or not units:
        units.append(region[end:] or region)
    return units


def divisions_named(name: str) -> tuple[Division, ...]:
    """The divisions a full or short name may stand for (朝阳区: two of them)."""
    exact = _by_name().get(name)
    if exact:
        return exact
    return tuple(
        d for d in divisions() if d.name not in _NOT_IN_TEXT and short_name(d.name) == name
    )


@dataclass(frozen=True)
class NamedRegion:
    """A region named in a text: as written, its full name, and the divisions it may be."""

    written: str
    name: str
    divisions: tuple[Division, ...]


def regions_in(text: str) -> list[NamedRegion]:
    """Provinces, cities and counties named in running text, leftmost and longest first.

    Only full names of three or more characters (北京市, 吴兴区) and provinces' short names
    (北京) count: shorter names and other short forms are too often ordinary words."""
    found: list[NamedRegion] = []
    position = 0
    while position < len(text):
        name = _known_at(text, position)
        if name is None or (len(name) < 3 and name not in _province_short_names()):
            position += 1
            continue
        matches = _by_name()[name]
        found.append(NamedRegion(name, matches[0].name, matches))
        position += len(name)
    return found


@cache
def _province_short_names() -> frozenset[str]:
    return frozenset(short_name(d.name) for d in divisions() if d.rank == PROVINCE)


def covered(region: NamedRegion, indexed: Iterable[Division]) -> bool:
    """Whether a plan covers the region: a plan of it, of a place within it, or of a place
    that contains it (a province's plan covers its cities)."""
    return any(d.contains(i) or i.contains(d) for d in region.divisions for i in indexed)
