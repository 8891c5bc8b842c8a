"""The at-risk rule of ACL 16-85 (DOMAIN.md §2): the indicator catalogue and one pure function over it.

Every screening, from the browser or the API, goes through `assess`, and stores `RULE_VERSION` beside its
result so a later change of the rule never rewrites what an earlier screening found.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

RULE_VERSION = "acl-16-85/2016-1"


class Group(StrEnum):
    STRONG = "strong"
    OTHER = "other"


@dataclass(frozen=True)
class Indicator:
    code: str
    group: Group
    label: str
    description: str


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "controlled_or_groomed",
        Group.STRONG,
        "Control or grooming",
        "Shows behaviour suggesting control or grooming by another person.",
    ),
    Indicator(
        "associates_with_commercial_sex",
        Group.STRONG,
        "Associates with people in commercial sex",
        "Spends time with people known to be involved in commercial sex.",
    ),
    Indicator(
        "atypical_online_sexual_behavior",
        Group.STRONG,
        "Atypical online or phone behaviour",
        "Uses the internet, phone or social media for social or sexual behaviour atypical for their age.",
    ),
    Indicator(
        "runaway_or_unstable_housing",
        Group.OTHER,
        "Runaway or unstable housing",
        "Has run away, had unstable housing, multiple placements, homelessness or couch surfing.",
    ),
    Indicator(
        "law_enforcement_involvement",
        Group.OTHER,
        "Law enforcement involvement",
        "Has prior involvement with law enforcement or juvenile justice.",
    ),
    Indicator(
        "frequent_truancy",
        Group.OTHER,
        "Frequent truancy",
        "Is frequently truant.",
    ),
    Indicator(
        "concerning_relationships",
        Group.OTHER,
        "Concerning relationships",
        "Has relationships that put them at risk or in danger of exploitation.",
    ),
    Indicator(
        "substance_abuse",
        Group.OTHER,
        "Substance abuse",
        "Has a history of narcotics, opiates, crack/cocaine or amphetamine abuse.",
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}
CODES: tuple[str, ...] = tuple(BY_CODE)
STRONG_CODES: frozenset[str] = frozenset(i.code for i in CATALOGUE if i.group is Group.STRONG)
OTHER_CODES: frozenset[str] = frozenset(i.code for i in CATALOGUE if i.group is Group.OTHER)
OTHER_NEEDED = 2  # "two or more" of the other indicators


class Basis(StrEnum):
    STRONG_INDICATOR = "strong_indicator"
    TWO_OTHER_INDICATORS = "two_other_indicators"


@dataclass(frozen=True)
class Assessment:
    at_risk: bool
    basis: Basis | None
    strong: tuple[str, ...]
    other: tuple[str, ...]

    @property
    def explanation(self) -> str:
        """The reason in plain words, as the worker and the record show it."""
        if self.basis is Basis.STRONG_INDICATOR:
            names = ", ".join(BY_CODE[c].label.lower() for c in self.strong)
            return f"At risk: at least one strong indicator ({names})."
        if self.basis is Basis.TWO_OTHER_INDICATORS:
            names = ", ".join(BY_CODE[c].label.lower() for c in self.other)
            return f"At risk: {len(self.other)} other indicators ({names})."
        if self.other:
            return "Not at risk by the rule: one other indicator and no strong indicator."
        return "Not at risk by the rule: no indicator."


def unknown_codes(codes: Iterable[str]) -> list[str]:
    return [code for code in codes if code not in BY_CODE]


def assess(codes: Iterable[str]) -> Assessment:
    """At risk = at least one strong indicator, or at least two other indicators; says which branch held.

    The codes must be known (check with `unknown_codes` first); order and repeats do not matter here.
    """
    chosen = set(codes)
    if chosen - BY_CODE.keys():
        raise ValueError(f"Unknown indicator codes: {sorted(chosen - BY_CODE.keys())}")
    strong = tuple(c for c in CODES if c in chosen and c in STRONG_CODES)
    other = tuple(c for c in CODES if c in chosen and c in OTHER_CODES)
    if strong:
        basis: Basis | None = Basis.STRONG_INDICATOR
    elif len(other) >= OTHER_NEEDED:
        basis = Basis.TWO_OTHER_INDICATORS
    else:
        basis = None
    return Assessment(at_risk=basis is not None, basis=basis, strong=strong, other=other)
