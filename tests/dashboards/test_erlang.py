"""Erlang C against textbook values, an exact rational computation, and the monotonicity a supervisor relies on."""

import math
from fractions import Fraction

import pytest

from dashboards import erlang


def exact_wait_probability(agents: int, load: int) -> Fraction:
    """The textbook formula with exact fractions: A^N/N! · N/(N−A) over Σ_{k<N} A^k/k! plus the same term."""
    top = Fraction(load**agents, math.factorial(agents)) * Fraction(agents, agents - load)
    bottom = sum(Fraction(load**k, math.factorial(k)) for k in range(agents)) + top
    return top / bottom


def test_mmc_textbook_example_lambda_2_mu_1_three_servers_waits_four_ninths():
    assert erlang.wait_probability(agents=3, load=2.0) == pytest.approx(4 / 9, rel=1e-12)


@pytest.mark.parametrize(("agents", "load"), [(5, 3), (14, 10), (30, 25), (120, 100)])
def test_recursion_agrees_with_the_exact_factorial_formula(agents, load):
    assert erlang.wait_probability(agents=agents, load=load) == pytest.approx(
        float(exact_wait_probability(agents, load)), rel=1e-9
    )


def test_call_centre_example_100_calls_per_half_hour_needs_14_agents_for_80_20():
    # 200 calls/h × 180 s = 10 erlangs: the widely published worked example (P(wait) 17.4 %, SL 88.6 %)
    load = erlang.offered_load(arrivals_per_hour=200, handling_seconds=180)

    result = erlang.agents_needed(load=load, handling_seconds=180, target_seconds=20, target_level=0.80)

    assert load == pytest.approx(10.0)
    assert result.agents == 14
    assert result.wait_probability == pytest.approx(0.1741, abs=5e-4)
    assert result.service_level == pytest.approx(0.8884, abs=5e-4)
    assert erlang.service_level(agents=13, load=load, handling_seconds=180, target_seconds=20) < 0.80


def test_large_pools_do_not_overflow_and_match_the_research_model():
    # research/performance.md §C: 40 k chats/day, peak hour 10 %, AHT 10 min → 686 slots for 80/20
    load = erlang.offered_load(arrivals_per_hour=4000, handling_seconds=600)

    result = erlang.agents_needed(load=load, handling_seconds=600, target_seconds=20, target_level=0.80)

    assert result.agents == 686
    assert result.wait_probability == pytest.approx(0.35, abs=0.01)
    huge = erlang.agents_needed(load=6666.7, handling_seconds=600, target_seconds=20, target_level=0.80)
    assert 6667 < huge.agents < 6800
    assert math.isfinite(huge.wait_probability)


def test_more_load_never_needs_fewer_agents():
    needed = [
        erlang.agents_needed(load=erlang.offered_load(arrivals_per_hour=rate, handling_seconds=240),
                             handling_seconds=240, target_seconds=30, target_level=0.95).agents
        for rate in range(0, 3001, 50)
    ]

    assert needed == sorted(needed)
    assert needed[0] == 0
    assert needed[-1] > needed[1]


def test_a_stricter_target_never_needs_fewer_agents():
    load = 12.5
    levels = [0.5, 0.8, 0.9, 0.95, 0.99]

    needed = [erlang.agents_needed(load=load, handling_seconds=300, target_seconds=30, target_level=level).agents
              for level in levels]

    assert needed == sorted(needed)


def test_an_overloaded_pool_has_everyone_waiting():
    assert erlang.wait_probability(agents=5, load=5.0) == 1.0
    assert erlang.service_level(agents=4, load=5.0, handling_seconds=100, target_seconds=20) == 0.0
    assert erlang.average_speed_of_answer(agents=5, load=6.0, handling_seconds=100) == math.inf


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1])
def test_an_impossible_target_share_is_refused(level):
    with pytest.raises(ValueError, match="strictly between"):
        erlang.agents_needed(load=3.0, handling_seconds=100, target_seconds=20, target_level=level)
