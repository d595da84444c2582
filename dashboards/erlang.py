"""Erlang C (M/M/N queue): how many operators hold a first-contact target at a given load (SPEC SLA6).

Pure functions, no Django. The textbook formula divides A**N / N! by a sum of such terms, which overflows a
float beyond a few hundred agents; here the Erlang B recursion B(n) = A·B(n-1) / (n + A·B(n-1)) is used
instead, and C is derived from B: every intermediate value stays in [0, 1], so 10,000 agents are as exact
as 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_AGENTS = 100_000  # a search bound: far above any desk, low enough to answer in milliseconds


def offered_load(*, arrivals_per_hour: float, handling_seconds: float) -> float:
    """Traffic intensity A in erlangs: arrivals per second × mean handling time."""
    if arrivals_per_hour < 0 or handling_seconds < 0:
        raise ValueError("arrivals and handling time must not be negative")
    return arrivals_per_hour / 3600.0 * handling_seconds


def erlang_b(*, agents: int, load: float) -> float:
    """Blocking probability of an M/M/N/N system, by the stable recursion."""
    if agents < 0 or load < 0:
        raise ValueError("agents and load must not be negative")
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def _erlang_c_from_b(agents: int, load: float, blocking: float) -> float:
    if agents <= load:
        return 1.0  # the queue grows without bound: everybody waits
    return agents * blocking / (agents - load * (1.0 - blocking))


def wait_probability(*, agents: int, load: float) -> float:
    """Erlang C: the probability that an arriving request has to wait for an operator."""
    if load == 0:
        return 0.0
    return _erlang_c_from_b(agents, load, erlang_b(agents=agents, load=load))


def _service_level(agents: int, load: float, handling_seconds: float, target_seconds: float, p_wait: float) -> float:
    if agents <= load:
        return 0.0
    if handling_seconds == 0:
        return 1.0
    return 1.0 - p_wait * math.exp(-(agents - load) * target_seconds / handling_seconds)


def service_level(*, agents: int, load: float, handling_seconds: float, target_seconds: float) -> float:
    """Share of requests answered within target_seconds (e.g. 0.8 for «80 % within 20 s»)."""
    return _service_level(
        agents, load, handling_seconds, target_seconds, wait_probability(agents=agents, load=load)
    )


def average_speed_of_answer(*, agents: int, load: float, handling_seconds: float) -> float:
    """Mean wait in seconds over all requests (those answered at once count as zero)."""
    if agents <= load:
        return math.inf
    return wait_probability(agents=agents, load=load) * handling_seconds / (agents - load)


@dataclass(frozen=True)
class Staffing:
    agents: int
    load: float
    wait_probability: float
    service_level: float
    average_speed_of_answer: float
    occupancy: float


def agents_needed(
    *, load: float, handling_seconds: float, target_seconds: float, target_level: float
) -> Staffing:
    """The fewest agents whose service level reaches target_level; B is carried forward, so O(N) in total."""
    if not 0 < target_level < 1:
        raise ValueError("the target level is a share strictly between 0 and 1")
    if target_seconds < 0 or handling_seconds < 0 or load < 0:
        raise ValueError("times and load must not be negative")
    if load == 0:
        return Staffing(agents=0, load=0.0, wait_probability=0.0, service_level=1.0,
                        average_speed_of_answer=0.0, occupancy=0.0)
    blocking = 1.0
    for agents in range(1, MAX_AGENTS + 1):
        blocking = load * blocking / (agents + load * blocking)
        if agents <= load:
            continue
        p_wait = _erlang_c_from_b(agents, load, blocking)
        level = _service_level(agents, load, handling_seconds, target_seconds, p_wait)
        if level >= target_level:
            return Staffing(
                agents=agents,
                load=load,
                wait_probability=p_wait,
                service_level=level,
                average_speed_of_answer=p_wait * handling_seconds / (agents - load),
                occupancy=load / agents,
            )
    raise ValueError("the load is beyond any staffing this calculator searches")
