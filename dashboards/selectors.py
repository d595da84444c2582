"""Dashboard reads: sums of hourly rollups over a period, grouped by one dimension. Never scans requests."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Sum

from accounts.models import OperatorProfile, User
from dashboards.histograms import (
    FIRST_CONTACT_EDGES,
    HISTOGRAMS,
    RESOLUTION_EDGES,
    ROUTING_EDGES,
    hist_columns,
    percentile_bounds,
)
from dashboards.models import DailyRollup, Dimension, RollupState
from tickets.models import Channel, SLAPolicy, Topic

MOSCOW = ZoneInfo("Europe/Moscow")
HOUR_OF_DAY = "hour_of_day"  # a grouping of the ALL rows, not a stored dimension
ONLINE_STATUSES = (OperatorProfile.Status.ONLINE, OperatorProfile.Status.BUSY)
P95 = 0.95


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Figures:
    """Summed counters of some buckets, and the figures the dashboard shows from them."""

    created: int = 0
    open: int = 0
    with_citizen: int = 0
    repeats: int = 0
    first_contact_count: int = 0
    first_contact_sum: float = 0.0
    first_contact_met: int = 0
    resolved: int = 0
    resolution_sum: float = 0.0
    sla_total: int = 0
    sla_met: int = 0
    within_hour: int = 0
    handling_count: int = 0
    handling_sum: float = 0.0
    first_contact_resolved: int = 0
    breached: int = 0
    escalated: int = 0
    reassigned: int = 0
    csat_count: int = 0
    csat_sum: int = 0
    routed_count: int = 0
    routed_sum: float = 0.0
    first_contact_hist: list[int] = field(default_factory=list)
    resolution_hist: list[int] = field(default_factory=list)
    routed_hist: list[int] = field(default_factory=list)

    @property
    def first_contact_mean(self) -> float | None:
        return self.first_contact_sum / self.first_contact_count if self.first_contact_count else None

    @property
    def first_contact_p95(self) -> tuple[float, float] | None:
        return percentile_bounds(self.first_contact_hist, FIRST_CONTACT_EDGES, P95)

    @property
    def first_contact_met_share(self) -> float | None:
        return _share(self.first_contact_met, self.first_contact_count)

    @property
    def resolution_mean(self) -> float | None:
        return self.resolution_sum / self.resolved if self.resolved else None

    @property
    def resolution_p95(self) -> tuple[float, float] | None:
        return percentile_bounds(self.resolution_hist, RESOLUTION_EDGES, P95)

    @property
    def sla_share(self) -> float | None:
        return _share(self.sla_met, self.sla_total)

    @property
    def within_hour_share(self) -> float | None:
        return _share(self.within_hour, self.resolved)

    @property
    def reassignment_rate(self) -> float | None:
        return _share(self.reassigned, self.created)

    @property
    def repeat_rate(self) -> float | None:
        return _share(self.repeats, self.with_citizen)

    @property
    def first_contact_resolution(self) -> float | None:
        return _share(self.first_contact_resolved, self.resolved)

    @property
    def csat_average(self) -> float | None:
        return self.csat_sum / self.csat_count if self.csat_count else None

    @property
    def handling_mean(self) -> float | None:
        return self.handling_sum / self.handling_count if self.handling_count else None

    @property
    def routed_p95(self) -> tuple[float, float] | None:
        return percentile_bounds(self.routed_hist, ROUTING_EDGES, P95)


SCALARS = tuple(f.name for f in fields(Figures) if f.name not in HISTOGRAMS)
_HIST_COLUMNS = {name: hist_columns(prefix, edges) for name, (prefix, edges) in HISTOGRAMS.items()}
_ALL_COLUMNS = (*SCALARS, *(column for columns in _HIST_COLUMNS.values() for column in columns))


def _group_sql(group: str) -> tuple[str, str]:
    """(dimension stored, SQL expression of the group key)."""
    if group == HOUR_OF_DAY:
        return Dimension.ALL, "EXTRACT(HOUR FROM hour AT TIME ZONE 'Europe/Moscow')::int::text"
    return group, "key"


def _is_moscow_midnight(moment: datetime) -> bool:
    local = moment.astimezone(MOSCOW)
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def rollup_figures(*, group: str, start: datetime | None, end: datetime | None) -> dict[str, Figures]:
    """Figures per group key for buckets with start ≤ hour < end (None: unbounded). One query.

    Bounds on Moscow midnights read the daily rows (24 times fewer); any other bound reads hourly ones.
    """
    dimension, key_sql = _group_sql(group)
    daily = group != HOUR_OF_DAY and all(bound is None or _is_moscow_midnight(bound) for bound in (start, end))
    table, column = ("dashboards_dailyrollup", "day") if daily else ("dashboards_hourlyrollup", "hour")
    where = ["dimension = %(dimension)s"]
    params: dict = {"dimension": dimension}
    if start is not None:
        where.append(f"{column} >= %(start)s")
        params["start"] = start.astimezone(MOSCOW).date() if daily else start
    if end is not None:
        where.append(f"{column} < %(end)s")
        params["end"] = end.astimezone(MOSCOW).date() if daily else end
    # column names, the key expression and the conditions are this module's constants; values are parameters
    condition = " AND ".join(where)
    sums = ", ".join(f"COALESCE(sum({name}), 0)" for name in _ALL_COLUMNS)
    query = f"SELECT {key_sql} AS k, {sums} FROM {table} WHERE {condition} GROUP BY 1"  # noqa: S608
    result: dict[str, Figures] = {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for key, *values in cursor.fetchall():
            by_column = dict(zip(_ALL_COLUMNS, values, strict=True))
            figures = Figures(**{name: by_column[name] for name in SCALARS})
            for name, columns in _HIST_COLUMNS.items():
                setattr(figures, name, [int(by_column[column]) for column in columns])
            result[key] = figures
    return result


def backlog_now(*, group: str) -> dict[str, int]:
    """Open requests per key right now (as of the last refresh), over every hour they were created in."""
    dimension, _key = _group_sql(group)
    rows = (
        DailyRollup.objects.filter(dimension=dimension, open__gt=0)
        .values("key")
        .annotate(total=Sum("open"))
        .values_list("key", "total")
    )
    return dict(rows)


def total(figures: dict[str, Figures]) -> Figures:
    return figures.get("", Figures())


def group_labels(*, group: str, keys) -> dict[str, str]:
    """Human names of group keys, in one query at most."""
    keys = [key for key in keys if key]
    if group == Dimension.CHANNEL:
        return {value: str(label) for value, label in Channel.choices}
    if group == Dimension.TOPIC:
        ids = [int(key) for key in keys if key.isdigit()]
        return {str(topic.pk): str(topic) for topic in Topic.objects.filter(pk__in=ids).select_related("parent")}
    if group == Dimension.OPERATOR:
        ids = [int(key) for key in keys if key.isdigit()]
        return {str(user.pk): user.display_name for user in User.objects.filter(pk__in=ids)}
    if group == HOUR_OF_DAY:
        return {str(hour): f"{hour:02d}:00–{hour:02d}:59" for hour in range(24)}
    return {}


def operator_statuses(*, keys) -> dict[str, str]:
    ids = [int(key) for key in keys if key and key.isdigit()]
    return {
        str(user_id): status
        for user_id, status in OperatorProfile.objects.filter(user_id__in=ids).values_list("user_id", "status")
    }


def operators_online() -> int:
    return OperatorProfile.objects.filter(status__in=ONLINE_STATUSES).count()


def rollups_refreshed_at() -> datetime | None:
    state = RollupState.objects.first()
    return state.refreshed_at if state else None


def first_contact_target() -> tuple[int, float]:
    """(seconds, share) of the default SLA policy: the staffing panel holds this target."""
    policy = SLAPolicy.objects.filter(is_active=True, channel="", topic__isnull=True).order_by("pk").first()
    if policy is None:
        return 30, 0.95
    return policy.first_response_seconds, float(policy.objective_percent) / 100


def hour_floor(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def moscow_day_start(moment: datetime) -> datetime:
    local = moment.astimezone(MOSCOW)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
