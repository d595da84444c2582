"""Prometheus exposition (AI5): live gauges read from small indexed sets, totals read from the rollups.

Counters and the routing histogram come from the hourly rollups, so they are as fresh as the last refresh
(a minute); gauges are counted at scrape time.
"""

from __future__ import annotations

from django.db.models import Count
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from accounts.models import OperatorProfile
from dashboards.histograms import ROUTING_EDGES
from dashboards.models import Dimension
from dashboards.selectors import rollup_figures, rollups_refreshed_at, total
from mail.metrics import MailCollector
from tickets.models import SLAState, Ticket

# the classic text format every Prometheus version scrapes (generate_latest writes it)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
QUEUE_STATUSES = (Ticket.Status.NEW, Ticket.Status.TRIAGED)


class DeskCollector:
    def collect(self):
        open_by_status = dict(
            Ticket.objects.filter(status__in=Ticket.STAFF_OPEN_STATUSES).values_list("status").annotate(n=Count("id"))
        )
        gauge = GaugeMetricFamily("supportdesk_requests_open", "Open requests by status", labels=["status"])
        for status in Ticket.STAFF_OPEN_STATUSES:
            gauge.add_metric([str(status)], open_by_status.get(status, 0))
        yield gauge

        queue = dict(
            Ticket.objects.filter(assignee__isnull=True, status__in=QUEUE_STATUSES)
            .values_list("tier")
            .annotate(n=Count("id"))
        )
        gauge = GaugeMetricFamily("supportdesk_queue_depth", "Unassigned requests waiting, by tier", labels=["tier"])
        for tier in sorted({1, 2, 3} | set(queue)):
            gauge.add_metric([str(tier)], queue.get(tier, 0))
        yield gauge

        sla = dict(
            Ticket.objects.filter(
                status__in=Ticket.STAFF_OPEN_STATUSES, sla_state__in=[SLAState.AT_RISK, SLAState.BREACHED]
            )
            .values_list("sla_state")
            .annotate(n=Count("id"))
        )
        gauge = GaugeMetricFamily("supportdesk_sla_open_requests", "Open requests whose SLA is at risk or breached",
                                  labels=["state"])
        for state in (SLAState.AT_RISK, SLAState.BREACHED):
            gauge.add_metric([str(state)], sla.get(state, 0))
        yield gauge

        operators = dict(OperatorProfile.objects.values_list("status").annotate(n=Count("id")))
        gauge = GaugeMetricFamily("supportdesk_operators", "Operators by line status", labels=["status"])
        for status in OperatorProfile.Status:
            gauge.add_metric([str(status)], operators.get(status, 0))
        yield gauge
        yield GaugeMetricFamily(
            "supportdesk_operators_online", "Operators online or busy (taking requests)",
            value=operators.get(OperatorProfile.Status.ONLINE, 0) + operators.get(OperatorProfile.Status.BUSY, 0),
        )

        created = rollup_figures(group=Dimension.CHANNEL, start=None, end=None)
        counter = CounterMetricFamily("supportdesk_requests_created", "Requests registered, by channel",
                                      labels=["channel"])
        for channel, figures in sorted(created.items()):
            counter.add_metric([channel], figures.created)
        yield counter

        routed = total(rollup_figures(group=Dimension.ALL, start=None, end=None))
        buckets, cumulative = [], 0
        hist = list(routed.routed_hist) + [0] * (len(ROUTING_EDGES) + 1 - len(routed.routed_hist))
        for edge, value in zip(ROUTING_EDGES, hist, strict=False):
            cumulative += value
            buckets.append((repr(float(edge)), cumulative))
        buckets.append(("+Inf", routed.routed_count))
        yield HistogramMetricFamily(
            "supportdesk_routing_latency_seconds", "Time from registration to routing to an operator",
            buckets=buckets, sum_value=routed.routed_sum,
        )

        refreshed = rollups_refreshed_at()
        yield GaugeMetricFamily("supportdesk_rollups_refreshed_timestamp_seconds",
                                "When the dashboard rollups were last refreshed (Unix time)",
                                value=refreshed.timestamp() if refreshed else 0)


def metrics_render() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DeskCollector())
    registry.register(MailCollector())
    return generate_latest(registry)
