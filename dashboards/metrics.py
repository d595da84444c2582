"""Prometheus exposition (AI5): live gauges counted at scrape time, totals from the rollups and PostgreSQL.

- Gauges (open requests, queue depth by tier and language, SLA state, operators, today's compliance) are
  counted when scraped, from the small sets the partial indexes hold — the same reads as the dashboard.
- Counters (requests, breaches, escalations) are sums of the rollups, as fresh as the last refresh (a
  minute). Each counts requests, once each, by the hour they came in, so they only grow: a breach stays
  in the journal when the request's state clears, and escalation_level never goes down.
- The routing decision histogram lives in PostgreSQL (dashboards.routing_timing): every web and Celery
  process, on any machine, counts into it, so any web process answers for all of them.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from accounts.models import OperatorProfile
from dashboards.histograms import ROUTING_EDGES
from dashboards.models import Dimension
from dashboards.routing_timing import EDGES as DECISION_EDGES
from dashboards.routing_timing import decision_histograms
from dashboards.selectors import (
    first_contact_target,
    moscow_day_start,
    open_now,
    operators_by_status,
    rollup_figures,
    rollups_refreshed_at,
    total,
    with_open_late,
)
from mail.metrics import MailCollector
from tickets.lifecycle import QUEUE_STATUSES
from tickets.models import Channel, SLAState, Ticket

# the classic text format every Prometheus version scrapes (generate_latest writes it)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
ALL_CHANNELS = "all"  # the whole desk in the per-channel ratios (a ratio cannot be summed from its channels)


def _buckets(counts: list[int], edges) -> list[tuple[str, int]]:
    """Cumulative (le, count) pairs from per-bucket counts, +Inf last."""
    buckets, cumulative = [], 0
    for edge, value in zip(edges, counts, strict=False):
        cumulative += value
        buckets.append((repr(float(edge)), cumulative))
    buckets.append(("+Inf", sum(counts)))
    return buckets


def _open_by_status() -> dict[str, int]:
    # the predicate of the covering partial index ticket_open_now: no scan of every request ever made
    rows = Ticket.objects.filter(status__in=Ticket.STAFF_OPEN_STATUSES).values_list("status").annotate(n=Count("pk"))
    return dict(rows.order_by())


class DeskCollector:
    def collect(self):
        open_by_status = _open_by_status()
        gauge = GaugeMetricFamily("supportdesk_requests_open", "Open requests by status", labels=["status"])
        for status in Ticket.STAFF_OPEN_STATUSES:
            gauge.add_metric([str(status)], open_by_status.get(status, 0))
        yield gauge

        queue = (
            Ticket.objects.filter(assignee__isnull=True, status__in=QUEUE_STATUSES)  # ticket_queue_claim_order
            .values_list("tier", "language")
            .annotate(n=Count("pk"))
            .order_by()
        )
        depth = {(tier, language): n for tier, language, n in queue}
        for tier in (1, 2, 3):
            depth.setdefault((tier, "ru"), 0)  # the usual series exist even when empty
        gauge = GaugeMetricFamily("supportdesk_queue_depth", "Unassigned requests waiting in a queue, by tier and "
                                  "language", labels=["tier", "language"])
        for (tier, language), n in sorted(depth.items()):
            gauge.add_metric([str(tier), language], n)
        yield gauge

        sla = dict(
            Ticket.objects.filter(
                status__in=Ticket.STAFF_OPEN_STATUSES, sla_state__in=[SLAState.AT_RISK, SLAState.BREACHED]
            )
            .values_list("sla_state")
            .annotate(n=Count("id"))
            .order_by()
        )
        gauge = GaugeMetricFamily("supportdesk_sla_open_requests",
                                  "Open requests whose SLA clock is at risk or breached now", labels=["state"])
        for state in (SLAState.AT_RISK, SLAState.BREACHED):
            gauge.add_metric([str(state)], sla.get(state, 0))
        yield gauge

        yield from self._compliance_today()

        operators = operators_by_status()
        gauge = GaugeMetricFamily("supportdesk_operators", "Operators with an active account, by line status",
                                  labels=["status"])
        for status in OperatorProfile.Status:
            gauge.add_metric([str(status)], operators[status])
        yield gauge
        yield GaugeMetricFamily(
            "supportdesk_operators_online",
            "Operators on the line (status online, active account): the only ones routing gives requests to",
            value=operators[OperatorProfile.Status.ONLINE],
        )

        by_channel = rollup_figures(group=Dimension.CHANNEL, start=None, end=None)
        for name, help_text, attribute in (
            ("supportdesk_requests_created", "Requests registered, by channel", "created"),
            ("supportdesk_sla_breaches", "Requests whose SLA was breached (each counted once), by channel",
             "breached"),
            ("supportdesk_escalations", "Requests escalated to a senior specialist (each counted once), by channel",
             "escalated"),
        ):
            counter = CounterMetricFamily(name, help_text, labels=["channel"])
            for channel in sorted(set(by_channel) | set(Channel.values)):
                counter.add_metric([channel], getattr(by_channel.get(channel), attribute, 0))
            yield counter

        routed = total(rollup_figures(group=Dimension.ALL, start=None, end=None))
        hist = list(routed.routed_hist) + [0] * (len(ROUTING_EDGES) + 1 - len(routed.routed_hist))
        yield HistogramMetricFamily(
            "supportdesk_routing_latency_seconds",
            "Time from registration to the request's (latest) routing to an operator",
            buckets=_buckets(hist, ROUTING_EDGES), sum_value=routed.routed_sum,
        )

        decisions = HistogramMetricFamily(
            "supportdesk_routing_decision_seconds",
            "Time one routing decision takes (route_ticket, or an operator's claim), locks and commit included",
            labels=["decision"],
        )
        for decision, (counts, seconds) in sorted(decision_histograms().items()):
            decisions.add_metric([decision], _buckets(counts, DECISION_EDGES), seconds)
        yield decisions

        refreshed = rollups_refreshed_at()
        yield GaugeMetricFamily("supportdesk_rollups_refreshed_timestamp_seconds",
                                "When the dashboard rollups were last refreshed (Unix time)",
                                value=refreshed.timestamp() if refreshed else 0)

    def _compliance_today(self):
        """Today's (Moscow day's) shares in time per channel and for the whole desk, as the dashboard counts
        them: met among the decided — resolved (or answered) ones, and open ones already past the deadline."""
        now = timezone.now()
        start = moscow_day_start(now)
        live = open_now(group=Dimension.CHANNEL, windows={"today": (start, None)}, now=now)
        figures = with_open_late(rollup_figures(group=Dimension.CHANNEL, start=start, end=None),
                                 live.late["today"], live.unanswered_late["today"])
        desk = total(rollup_figures(group=Dimension.ALL, start=start, end=None))
        desk.open_late = sum(live.late["today"].values())
        desk.open_unanswered_late = sum(live.unanswered_late["today"].values())
        ratio = GaugeMetricFamily(
            "supportdesk_sla_within_target_ratio",
            "Share of today's requests (Moscow day) within their SLA target, among those decided: resolution "
            "(resolved in time / resolved with a deadline + open past it) and first contact (answered in "
            "time / answered + unanswered past the deadline); channel=\"all\" is the whole desk",
            labels=["channel", "clock"],
        )
        for channel, row in [*sorted(figures.items()), (ALL_CHANNELS, desk)]:
            for clock, share in (("resolution", row.sla_share), ("first_contact", row.first_contact_met_share)):
                if share is not None:  # nothing decided yet: no sample rather than a made-up 0 or 1
                    ratio.add_metric([channel, clock], share)
        yield ratio
        _seconds, objective = first_contact_target()
        yield GaugeMetricFamily("supportdesk_sla_objective_ratio",
                                "The general SLA policy's objective: the share of requests to handle in time",
                                value=objective)


def metrics_render() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DeskCollector())
    registry.register(MailCollector())
    return generate_latest(registry)
