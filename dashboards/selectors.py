"""Dashboard reads: sums of hourly rollups over a period, grouped by one dimension, and the live figures.

History comes from the rollups and never scans requests. What is true *now* — the backlog, the queue, open
requests already past a deadline, who is on the line — is counted at the moment of reading from the small
sets the partial indexes hold (open requests only), as /metrics does: a tester's direct count agrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count

from accounts.models import OperatorProfile, User
from dashboards.histograms import (
    FIRST_CONTACT_EDGES,
    HISTOGRAMS,
    RESOLUTION_EDGES,
    ROUTING_EDGES,
    hist_columns,
    percentile_estimate,
)
from dashboards.models import Dimension, RollupState
from tickets.lifecycle import QUEUE_STATUSES
from tickets.models import Channel, SLAPolicy, Ticket, Topic

MOSCOW = ZoneInfo("Europe/Moscow")
HOUR_OF_DAY = "hour_of_day"  # a grouping of the ALL rows, not a stored dimension
P95 = 0.95
DEFAULT_OBJECTIVE = float(SLAPolicy._meta.get_field("objective_percent").default) / 100


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
    # Live, not rollup columns (LIVE_FIELDS): open requests of the same cohort whose deadline has already
    # passed — they can no longer be met, so the shares count them as misses (open_now() fills them in).
    open_late: int = 0
    open_unanswered_late: int = 0

    @property
    def first_contact_mean(self) -> float | None:
        return self.first_contact_sum / self.first_contact_count if self.first_contact_count else None

    @property
    def first_contact_p95(self) -> float | None:
        return percentile_estimate(self.first_contact_hist, FIRST_CONTACT_EDGES, P95)

    @property
    def first_contact_decided(self) -> int:
        """Answered, plus still unanswered past the deadline: every first contact whose outcome is known."""
        return self.first_contact_count + self.open_unanswered_late

    @property
    def first_contact_met_share(self) -> float | None:
        return _share(self.first_contact_met, self.first_contact_decided)

    @property
    def resolution_mean(self) -> float | None:
        return self.resolution_sum / self.resolved if self.resolved else None

    @property
    def resolution_p95(self) -> float | None:
        return percentile_estimate(self.resolution_hist, RESOLUTION_EDGES, P95)

    @property
    def sla_decided(self) -> int:
        """Resolved with a deadline, plus open past it: every request whose outcome is already known."""
        return self.sla_total + self.open_late

    @property
    def sla_share(self) -> float | None:
        """Resolved in time among those decided; an open request past its deadline is a miss already."""
        return _share(self.sla_met, self.sla_decided)

    @property
    def within_hour_share(self) -> float | None:
        return _share(self.within_hour, self.resolved)

    @property
    def reassignment_rate(self) -> float | None:
        """SLA5: requests handed from one person to another; escalations to a senior are counted apart."""
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
    def routed_p95(self) -> float | None:
        return percentile_estimate(self.routed_hist, ROUTING_EDGES, P95)


LIVE_FIELDS = ("open_late", "open_unanswered_late")
SCALARS = tuple(f.name for f in fields(Figures) if f.name not in HISTOGRAMS and f.name not in LIVE_FIELDS)
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


# --- Live figures ------------------------------------------------------------------------------------------

# The key of a request in each grouping, as the rollups store it ("" for none)
_LIVE_KEY_SQL = {
    Dimension.ALL: "''",
    Dimension.CHANNEL: "channel",
    Dimension.TOPIC: "COALESCE(topic_id::text, '')",
    Dimension.OPERATOR: "COALESCE(assignee_id::text, '')",
    HOUR_OF_DAY: "EXTRACT(HOUR FROM created_at AT TIME ZONE 'Europe/Moscow')::int::text",
}
# the predicate of the partial index ticket_open_now, which holds every column open_now() reads
_OPEN = [str(status) for status in Ticket.STAFF_OPEN_STATUSES]
_QUEUED = [str(status) for status in QUEUE_STATUSES]


@dataclass
class OpenNow:
    """Open requests (people's work, not the assistant's chats) as they are at the moment of reading."""

    backlog: dict[str, int] = field(default_factory=dict)  # per key of the chosen grouping; "" of ALL is the total
    queued: int = 0  # waiting in a queue with nobody assigned
    # window name → grouping key → open requests created in that window already past their deadline
    late: dict[str, dict[str, int]] = field(default_factory=dict)
    unanswered_late: dict[str, dict[str, int]] = field(default_factory=dict)
    hour_late: dict[str, int] = field(default_factory=dict)  # the period window by Moscow hour of day
    hour_unanswered_late: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.backlog.values())


def open_now(*, group: str, windows: dict[str, tuple[datetime, datetime | None]], now: datetime,
             period: str | None = None) -> OpenNow:
    """One query over the open requests: the backlog and the queue, and per window (requests created in
    [start, end)) those already past their resolution or first-contact deadline.

    Past the deadline means: a running clock whose deadline is before now, or a request waiting for the
    citizen that was late already when its pause began (its deadlines move only when it resumes). The open
    set is read from the covering partial index ticket_open_now, not from the table.
    With `period` named, its late counts are also grouped by Moscow hour of day (the dashboard's hour table).
    """
    key_sql = _LIVE_KEY_SQL[group]
    hour_sql = _LIVE_KEY_SQL[HOUR_OF_DAY]
    params: dict = {"now": now, "open": _OPEN, "queued": _QUEUED}
    late_columns = []
    for index, (_name, (start, end)) in enumerate(windows.items()):
        params[f"s{index}"], params[f"e{index}"] = start, end or datetime.max.replace(tzinfo=MOSCOW)
        window = f"created_at >= %(s{index})s AND created_at < %(e{index})s"
        late_columns.append(f"count(*) FILTER (WHERE late AND {window})")
        late_columns.append(f"count(*) FILTER (WHERE unanswered_late AND {window})")
    # every expression is this module's constant; values are parameters
    query = f"""
        WITH open AS (
            SELECT created_at, channel, topic_id, assignee_id, status, due_at, first_response_at,
                   first_response_due_at, sla_paused_at
              FROM tickets_ticket WHERE status = ANY(%(open)s)
        ), marked AS (
            SELECT {key_sql} AS g, {hour_sql} AS h, created_at,
                   (status = ANY(%(queued)s) AND assignee_id IS NULL) AS queued,
                   COALESCE(due_at < COALESCE(sla_paused_at, %(now)s), false) AS late,
                   COALESCE(first_response_at IS NULL
                            AND first_response_due_at < COALESCE(sla_paused_at, %(now)s), false) AS unanswered_late
              FROM open
        )
        SELECT {", ".join(["GROUPING(g)", "g", "h", "count(*)", "count(*) FILTER (WHERE queued)", *late_columns])}
          FROM marked GROUP BY GROUPING SETS ((g), (h))
    """  # noqa: S608
    result = OpenNow(late={name: {} for name in windows}, unanswered_late={name: {} for name in windows})
    names = list(windows)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for by_hour, key, hour, count, queued, *late in cursor.fetchall():
            if by_hour:  # GROUPING(g) = 1: the row of an hour of day
                if period is not None:
                    index = names.index(period)
                    result.hour_late[hour] = late[2 * index]
                    result.hour_unanswered_late[hour] = late[2 * index + 1]
                continue
            result.backlog[key] = count
            result.queued += queued
            for index, name in enumerate(names):
                result.late[name][key] = late[2 * index]
                result.unanswered_late[name][key] = late[2 * index + 1]
    return result


def backlog_now(*, group: str) -> dict[str, int]:
    """Open requests per key of the grouping, counted now."""
    return open_now(group=group, windows={}, now=datetime.now(tz=MOSCOW)).backlog


def with_open_late(figures: dict[str, Figures], late: dict[str, int], unanswered: dict[str, int]) -> dict[str, Figures]:
    """The rollup figures with each key's open-and-late counts filled in (keys with only late requests too)."""
    for key in set(late) | set(unanswered):
        if late.get(key) or unanswered.get(key):
            row = figures.setdefault(key, Figures())
            row.open_late, row.open_unanswered_late = late.get(key, 0), unanswered.get(key, 0)
    return figures


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


def operators_by_status() -> dict[str, int]:
    """Active staff per line status: «на линии» takes requests, «занят» and «отошёл» do not (routing's rule)."""
    counts = dict(
        OperatorProfile.objects.filter(user__is_active=True).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return {str(status): counts.get(status, 0) for status in OperatorProfile.Status}


def operators_online() -> int:
    """Who takes requests now: on the line and active. Busy and away operators get nothing routed."""
    return operators_by_status()[OperatorProfile.Status.ONLINE]


def rollups_refreshed_at() -> datetime | None:
    state = RollupState.objects.first()
    return state.refreshed_at if state else None


def _general_policy() -> SLAPolicy:
    policy = SLAPolicy.objects.filter(is_active=True, channel="", topic__isnull=True).order_by("pk").first()
    return policy or SLAPolicy()  # none active: the SPEC targets (the model's defaults)


def first_contact_target() -> tuple[int, float]:
    """(seconds, share) of the general SLA policy: the staffing panel holds this target."""
    policy = _general_policy()
    return policy.first_response_seconds, float(policy.objective_percent) / 100


@dataclass(frozen=True)
class Objectives:
    """The share of requests in time each row is held to (SLAPolicy.objective_percent, SPEC SLA3)."""

    general: float
    by_key: dict[str, float]

    def of(self, key: str) -> float:
        return self.by_key.get(key, self.general)


def sla_objectives(*, group: str, keys) -> Objectives:
    """The general policy's objective, and for channel or topic rows the objective of the policy made for
    that channel (any topic) or that topic or its section (any channel), as policy_for would pick it. Two
    queries at most."""
    policies = list(SLAPolicy.objects.filter(is_active=True).order_by("pk"))
    general = next((p for p in policies if not p.channel and p.topic_id is None), None)
    general_share = float((general or SLAPolicy()).objective_percent) / 100
    by_key: dict[str, float] = {}
    if group == Dimension.CHANNEL:
        for policy in reversed(policies):  # the oldest among equals wins, as in policy_for
            if policy.channel and policy.topic_id is None:
                by_key[policy.channel] = float(policy.objective_percent) / 100
    elif group == Dimension.TOPIC:
        ids = [int(key) for key in keys if key and key.isdigit()]
        own = {p.topic_id: p for p in reversed(policies) if p.topic_id is not None and not p.channel}
        if ids and own:
            for topic_id, parent_id in Topic.objects.filter(pk__in=ids).values_list("pk", "parent_id"):
                policy = own.get(topic_id) or own.get(parent_id)
                if policy is not None:
                    by_key[str(topic_id)] = float(policy.objective_percent) / 100
    return Objectives(general=general_share, by_key=by_key)


def hour_floor(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def moscow_day_start(moment: datetime) -> datetime:
    local = moment.astimezone(MOSCOW)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
