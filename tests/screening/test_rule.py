"""The at-risk rule over every combination of the eight indicators, against the rule as the law states it."""

import itertools

import pytest

from screening import rules

# The law's statement, written out independently of `screening.rules` (DOMAIN.md §2).
STRONG = ["controlled_or_groomed", "associates_with_commercial_sex", "atypical_online_sexual_behavior"]
OTHER = [
    "runaway_or_unstable_housing",
    "law_enforcement_involvement",
    "frequent_truancy",
    "concerning_relationships",
    "substance_abuse",
]


def expected(chosen: set[str]) -> tuple[bool, str | None]:
    strong_count = sum(1 for code in STRONG if code in chosen)
    other_count = sum(1 for code in OTHER if code in chosen)
    if strong_count >= 1:
        return True, "strong_indicator"
    if other_count >= 2:
        return True, "two_other_indicators"
    return False, None


ALL_COMBINATIONS = [
    {code for code, ticked in zip(STRONG + OTHER, bits, strict=True) if ticked}
    for bits in itertools.product([False, True], repeat=8)
]


def test_the_catalogue_is_the_eight_codes_grouped_as_the_law_groups_them():
    assert set(rules.STRONG_CODES) == set(STRONG)
    assert set(rules.OTHER_CODES) == set(OTHER)
    assert len(rules.CATALOGUE) == 8
    assert all(indicator.description for indicator in rules.CATALOGUE)


def test_all_256_combinations_match_the_statement_of_the_rule():
    assert len(ALL_COMBINATIONS) == 256
    assert len({frozenset(c) for c in ALL_COMBINATIONS}) == 256
    for chosen in ALL_COMBINATIONS:
        result = rules.assess(sorted(chosen, reverse=True))
        basis = result.basis.value if result.basis else None
        assert (result.at_risk, basis) == expected(chosen), chosen


def test_the_result_names_the_indicators_that_held():
    result = rules.assess(["substance_abuse", "frequent_truancy"])
    assert result.other == ("frequent_truancy", "substance_abuse")
    assert result.strong == ()
    assert "2 other indicators" in result.explanation


def test_one_other_indicator_is_not_enough():
    result = rules.assess(["frequent_truancy"])
    assert not result.at_risk
    assert result.basis is None
    assert "one other indicator" in result.explanation


def test_unknown_codes_are_refused_not_ignored():
    with pytest.raises(ValueError):
        rules.assess(["frequent_truancy", "not_a_code"])
    assert rules.unknown_codes(["frequent_truancy", "nope"]) == ["nope"]
