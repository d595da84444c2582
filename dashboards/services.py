"""Keeping the hourly rollups current: recompute only the hours whose requests changed since a moment.

What counts (each a fact about one request, in the hour it was created; tests/dashboards mirror these):
- open: status is one of Ticket.STAFF_OPEN_STATUSES now (the assistant's chats are not backlog);
- repeat: the same citizen opened a request on the same topic within the 7 days before (SPEC OUT);
- first contact: first_response_at − created_at; met when no later than first_response_due_at
  (or 30 s when the request has no SLA deadline);
- resolution: resolved_at − created_at less the time the SLA clock was paused for the citizen;
  within SLA: resolved_at ≤ due_at (only requests with a deadline count); within the hour: resolution ≤ 3600 s;
- handling: resolved_at − (routed_at, else first_response_at, else created_at) less the paused time — the
  handling time Erlang C needs, without the time spent in the queue;
- first-contact resolution: resolved, never reassigned, escalated, transferred or reopened;
- breached: sla_state is breached or the journal has an SLA_BREACHED row; escalated: escalation_level > 0;
  reassigned: reassignment_count > 0;
- CSAT: the request's rating; routing latency: routed_at − created_at.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from dashboards.histograms import FIRST_CONTACT_EDGES, RESOLUTION_EDGES, ROUTING_EDGES, hist_columns
from dashboards.models import RollupState
from tickets.models import Ticket, TicketEvent

logger = logging.getLogger(__name__)

# A transaction may commit a little after the timestamp it wrote: each refresh looks back this far again.
REFRESH_OVERLAP = timedelta(minutes=5)
DAY_ZONE = "Europe/Moscow"  # daily rollups are Moscow days, as the dashboard's periods
MOSCOW = ZoneInfo(DAY_ZONE)
_LOCK_ID = 7_305_001  # pg advisory lock: one refresh at a time, whichever worker or page started it

OPEN_STATUSES = tuple(str(status) for status in Ticket.STAFF_OPEN_STATUSES)
REPEAT_WINDOW = timedelta(days=7)
DEFAULT_FIRST_CONTACT_SECONDS = 30
WITHIN_HOUR_SECONDS = 3600
NOT_FIRST_CONTACT_KINDS = (TicketEvent.Kind.TRANSFERRED.value, TicketEvent.Kind.ESCALATED.value)

_SCALAR_COLUMNS = (
    "created", "open", "with_citizen", "repeats", "first_contact_count", "first_contact_sum", "first_contact_met",
    "resolved", "resolution_sum", "sla_total", "sla_met", "within_hour", "handling_count", "handling_sum",
    "first_contact_resolved", "breached", "escalated", "reassigned", "csat_count", "csat_sum", "routed_count",
    "routed_sum",
)
_COLUMNS = (
    *_SCALAR_COLUMNS,
    *hist_columns("fc_h", FIRST_CONTACT_EDGES),
    *hist_columns("res_h", RESOLUTION_EDGES),
    *hist_columns("routed_h", ROUTING_EDGES),
)


def _hist_sql(column: str, edges) -> str:
    parts = []
    lower = None
    for edge in edges:
        condition = f"{column} <= {edge}" if lower is None else f"{column} > {lower} AND {column} <= {edge}"
        parts.append(f"(count(*) FILTER (WHERE {condition}))::int")
        lower = edge
    parts.append(f"(count(*) FILTER (WHERE {column} > {lower}))::int")
    return ", ".join(parts)


def _rollup_sql(where: str) -> str:
    # edges, statuses and kinds are constants of this module, not user input: formatting them in is safe
    open_list = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
    not_fcr_kinds = ", ".join(f"'{kind}'" for kind in NOT_FIRST_CONTACT_KINDS)
    return f"""
    WITH src AS (
        SELECT
            date_trunc('hour', t.created_at) AS hour,
            t.channel, t.topic_id, t.assignee_id,
            t.status IN ({open_list}) AS is_open,
            t.citizen_id IS NOT NULL AS has_citizen,
            (t.citizen_id IS NOT NULL AND t.topic_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM tickets_ticket p
                WHERE p.citizen_id = t.citizen_id AND p.topic_id = t.topic_id
                  AND p.created_at < t.created_at
                  AND p.created_at >= t.created_at - interval '{REPEAT_WINDOW.days} days'
            )) AS is_repeat,
            EXTRACT(EPOCH FROM (t.first_response_at - t.created_at))::float8 AS fc,
            t.first_response_at <= COALESCE(
                t.first_response_due_at, t.created_at + interval '{DEFAULT_FIRST_CONTACT_SECONDS} seconds'
            ) AS fc_met,
            CASE WHEN t.resolved_at IS NOT NULL THEN GREATEST(
                EXTRACT(EPOCH FROM (t.resolved_at - t.created_at))::float8 - t.sla_paused_seconds, 0
            ) END AS res,
            (t.resolved_at IS NOT NULL AND t.due_at IS NOT NULL) AS sla_counted,
            (t.resolved_at IS NOT NULL AND t.due_at IS NOT NULL AND t.resolved_at <= t.due_at) AS sla_ok,
            CASE WHEN t.resolved_at IS NOT NULL THEN GREATEST(
                EXTRACT(EPOCH FROM (
                    t.resolved_at - COALESCE(t.routed_at, t.first_response_at, t.created_at)
                ))::float8 - t.sla_paused_seconds, 0
            ) END AS handling,
            (t.resolved_at IS NOT NULL AND t.reassignment_count = 0 AND t.escalation_level = 0
                AND NOT COALESCE(ev.not_first_contact, false)) AS fcr,
            (t.sla_state = 'breached' OR COALESCE(ev.breached, false)) AS breached,
            t.escalation_level > 0 AS escalated,
            t.reassignment_count > 0 AS reassigned,
            r.score,
            EXTRACT(EPOCH FROM (t.routed_at - t.created_at))::float8 AS routed
        FROM tickets_ticket t
        LEFT JOIN tickets_satisfactionrating r ON r.ticket_id = t.id
        LEFT JOIN LATERAL (
            SELECT
                bool_or(e.kind = 'sla_breached') AS breached,
                bool_or(e.kind IN ({not_fcr_kinds})
                        OR (e.kind = 'status_changed' AND e.data @> '{{"reopened": true}}'::jsonb))
                    AS not_first_contact
            FROM tickets_ticketevent e
            WHERE e.ticket_id = t.id AND e.kind IN ('sla_breached', 'status_changed', {not_fcr_kinds})
        ) ev ON true
        {where}
    )
    INSERT INTO dashboards_hourlyrollup (hour, dimension, key, {", ".join(_COLUMNS)})
    SELECT
        hour,
        CASE WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(topic_id) = 0 THEN 'topic'
             WHEN GROUPING(assignee_id) = 0 THEN 'operator' ELSE 'all' END,
        COALESCE(CASE WHEN GROUPING(channel) = 0 THEN channel WHEN GROUPING(topic_id) = 0 THEN topic_id::text
                      WHEN GROUPING(assignee_id) = 0 THEN assignee_id::text END, ''),
        count(*),
        count(*) FILTER (WHERE is_open),
        count(*) FILTER (WHERE has_citizen),
        count(*) FILTER (WHERE is_repeat),
        count(fc),
        COALESCE(sum(fc), 0),
        count(*) FILTER (WHERE fc_met),
        count(res),
        COALESCE(sum(res), 0),
        count(*) FILTER (WHERE sla_counted),
        count(*) FILTER (WHERE sla_ok),
        count(*) FILTER (WHERE res <= {WITHIN_HOUR_SECONDS}),
        count(handling),
        COALESCE(sum(handling), 0),
        count(*) FILTER (WHERE fcr),
        count(*) FILTER (WHERE breached),
        count(*) FILTER (WHERE escalated),
        count(*) FILTER (WHERE reassigned),
        count(score),
        COALESCE(sum(score), 0),
        count(routed),
        COALESCE(sum(routed), 0),
        {_hist_sql("fc", FIRST_CONTACT_EDGES)},
        {_hist_sql("res", RESOLUTION_EDGES)},
        {_hist_sql("routed", ROUTING_EDGES)}
    FROM src
    GROUP BY GROUPING SETS ((hour), (hour, channel), (hour, topic_id), (hour, assignee_id))
    """  # noqa: S608 — only module constants are formatted in


def _daily_sql(where: str) -> str:
    columns = ", ".join(_COLUMNS)
    sums = ", ".join(f"sum({column})" for column in _COLUMNS)
    return f"""
    INSERT INTO dashboards_dailyrollup (day, dimension, key, {columns})
    SELECT (hour AT TIME ZONE '{DAY_ZONE}')::date, dimension, key, {sums}
    FROM dashboards_hourlyrollup {where}
    GROUP BY 1, 2, 3
    """  # noqa: S608 — only module constants are formatted in


def _refresh_days(cursor, hours: list[datetime]) -> None:
    """Re-sum the Moscow days the given hours fall in."""
    days = sorted({hour.astimezone(MOSCOW).date() for hour in hours})
    low = datetime.combine(days[0], datetime.min.time(), tzinfo=MOSCOW)
    high = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=MOSCOW)
    cursor.execute("DELETE FROM dashboards_dailyrollup WHERE day = ANY(%s)", [days])
    cursor.execute(
        _daily_sql(
            "WHERE hour >= %(low)s AND hour < %(high)s "
            f"AND (hour AT TIME ZONE '{DAY_ZONE}')::date = ANY(%(days)s)"
        ),
        {"low": low, "high": high, "days": days},
    )


def _affected_hours(cursor, since: datetime) -> list[datetime]:
    """Creation hours of requests touched since `since`: a journal row, a rating, or a request created since.

    A topic change also touches the citizen's later requests of the next 7 days (their repeat flag).
    """
    cursor.execute(
        f"""
        SELECT date_trunc('hour', t.created_at) FROM tickets_ticketevent e
            JOIN tickets_ticket t ON t.id = e.ticket_id WHERE e.created_at >= %(since)s
        UNION
        SELECT date_trunc('hour', t.created_at) FROM tickets_satisfactionrating r
            JOIN tickets_ticket t ON t.id = r.ticket_id WHERE r.created_at >= %(since)s
        UNION
        SELECT date_trunc('hour', created_at) FROM tickets_ticket WHERE created_at >= %(since)s
        UNION
        SELECT date_trunc('hour', later.created_at) FROM tickets_ticketevent e
            JOIN tickets_ticket t ON t.id = e.ticket_id
            JOIN tickets_ticket later ON later.citizen_id = t.citizen_id AND later.created_at > t.created_at
                 AND later.created_at <= t.created_at + interval '{REPEAT_WINDOW.days} days'
            WHERE e.created_at >= %(since)s AND e.kind = 'topic_changed'
        """,  # noqa: S608 — a module constant; the moment is a parameter
        {"since": since},
    )
    return sorted(row[0] for row in cursor.fetchall())


def _state() -> RollupState:
    state = RollupState.objects.select_for_update().first()
    return state if state is not None else RollupState.objects.create()


@transaction.atomic
def rollup_refresh(*, since: datetime | None, wait: bool = True) -> int | None:
    """Recompute the buckets of every hour touched since `since` (None: rebuild everything).

    Returns the number of hours recomputed (-1 for a full rebuild), or None when wait=False and another
    refresh holds the lock. Readers keep seeing the old rows until this transaction commits.
    """
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        else:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_LOCK_ID])
            if not cursor.fetchone()[0]:
                return None
        started = timezone.now()
        state = _state()
        if since is None:
            cursor.execute("DELETE FROM dashboards_hourlyrollup")
            cursor.execute(_rollup_sql(""))
            cursor.execute("DELETE FROM dashboards_dailyrollup")
            cursor.execute(_daily_sql(""))
            hours_done = -1
        else:
            hours = _affected_hours(cursor, since)
            if hours:
                cursor.execute("DELETE FROM dashboards_hourlyrollup WHERE hour = ANY(%s)", [hours])
                # the range lets the planner use the created_at index; the list keeps untouched hours out
                cursor.execute(
                    _rollup_sql(
                        "WHERE t.created_at >= %(low)s AND t.created_at < %(high)s "
                        "AND date_trunc('hour', t.created_at) = ANY(%(hours)s)"
                    ),
                    {"low": hours[0], "high": hours[-1] + timedelta(hours=1), "hours": hours},
                )
                _refresh_days(cursor, hours)
            hours_done = len(hours)
        state.refreshed_at = started
        state.save(update_fields=["refreshed_at"])
    logger.info("rollups refreshed hours=%s", hours_done)
    return hours_done


def rollup_refresh_recent(*, wait: bool = True) -> int | None:
    """The periodic step: everything touched since the last refresh began (minus the overlap)."""
    state = RollupState.objects.first()
    if state is None or state.refreshed_at is None:
        return rollup_refresh(since=None, wait=wait)
    return rollup_refresh(since=state.refreshed_at - REFRESH_OVERLAP, wait=wait)


def rollup_refresh_if_stale(*, max_age: timedelta) -> None:
    """Pages call this: a quick incremental refresh when the periodic task is late; never waits for a lock."""
    state = RollupState.objects.first()
    if state is not None and state.refreshed_at is not None and timezone.now() - state.refreshed_at < max_age:
        return
    rollup_refresh_recent(wait=False)
