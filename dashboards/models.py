"""Hourly and daily rollups of requests: the dashboard and the metrics read these, never the ticket table.

A request counts in the bucket of the hour it was created in (a cohort): every later change (first reply,
resolution, escalation, rating) re-computes that one hour (dashboards.services.rollup_refresh). Each hour has
one row per dimension value: all requests, each channel, each topic, each assignee. Percentiles come from
small fixed histograms (dashboards.histograms), which sum across rows where percentiles would not; each
histogram bucket is a plain integer column, so a period's sums are one SUM query. Daily rows (Moscow days)
are the sums of their 24 hourly rows, kept for periods of whole days.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboards.histograms import HISTOGRAMS


class Dimension(models.TextChoices):
    ALL = "all", _("все обращения")
    CHANNEL = "channel", _("канал")
    TOPIC = "topic", _("тема")
    OPERATOR = "operator", _("сотрудник")


class RollupCounters(models.Model):
    """The counters of one bucket; hourly and daily buckets share them (histogram columns added below)."""

    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    # channel code, topic id or assignee id as text; "" is the whole desk (ALL) or «no topic / nobody»
    key = models.CharField(max_length=32, blank=True)

    created = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    with_citizen = models.PositiveIntegerField(default=0)
    repeats = models.PositiveIntegerField(default=0)

    first_contact_count = models.PositiveIntegerField(default=0)
    first_contact_sum = models.FloatField(default=0)
    first_contact_met = models.PositiveIntegerField(default=0)

    resolved = models.PositiveIntegerField(default=0)
    resolution_sum = models.FloatField(default=0)
    sla_total = models.PositiveIntegerField(default=0)
    sla_met = models.PositiveIntegerField(default=0)
    within_hour = models.PositiveIntegerField(default=0)
    handling_count = models.PositiveIntegerField(default=0)
    handling_sum = models.FloatField(default=0)
    first_contact_resolved = models.PositiveIntegerField(default=0)

    breached = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)
    reassigned = models.PositiveIntegerField(default=0)

    csat_count = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveIntegerField(default=0)

    routed_count = models.PositiveIntegerField(default=0)
    routed_sum = models.FloatField(default=0)

    class Meta:
        abstract = True


# one integer column per histogram bucket: fc_h0 … fc_h14, res_h0 …, routed_h0 … (see HISTOGRAMS)
for _prefix, _edges in HISTOGRAMS.values():
    for _index in range(len(_edges) + 1):
        RollupCounters.add_to_class(f"{_prefix}{_index}", models.PositiveIntegerField(default=0))


class HourlyRollup(RollupCounters):
    hour = models.DateTimeField()

    class Meta:
        verbose_name = _("почасовой итог")
        verbose_name_plural = _("почасовые итоги")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key", "hour"], name="rollup_bucket_unique"),
        ]
        indexes = [
            # dashboard periods: one dimension over a range of hours
            models.Index(fields=["dimension", "hour"], name="rollup_dimension_hour"),
            # the refresh replaces whole hours
            models.Index(fields=["hour"], name="rollup_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}:00 {self.dimension}={self.key}"


class DailyRollup(RollupCounters):
    """Sums of a Moscow day's hourly buckets: periods of whole days read 24 times fewer rows."""

    day = models.DateField()

    class Meta:
        verbose_name = _("итог за день")
        verbose_name_plural = _("итоги за день")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key", "day"], name="daily_rollup_bucket_unique"),
        ]
        indexes = [
            models.Index(fields=["dimension", "day"], name="daily_rollup_dimension_day"),
            models.Index(fields=["day"], name="daily_rollup_day"),
            # the backlog «now» sums open requests over all time: only the buckets still holding any
            models.Index(fields=["dimension", "key"], name="daily_rollup_open_backlog", include=["open"],
                         condition=models.Q(open__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.dimension}={self.key}"


class RollupState(models.Model):
    """One row: how far the rollups are known to be current (the periodic refresh starts from here)."""

    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("состояние итогов")
        verbose_name_plural = _("состояние итогов")

    def __str__(self) -> str:
        return f"rollups refreshed at {self.refreshed_at}"


class RoutingDecisionBucket(models.Model):
    """One bucket of the routing decision time histogram (dashboards.routing_timing), shared by every process.

    Web processes and Celery workers on any machine add to the same rows, so /metrics, served by any web
    process, reports every decision; the counts only grow (a Prometheus counter survives restarts of ours).
    """

    decision = models.CharField(max_length=16)  # "route" (route_ticket) or "claim" (routing_claim_next)
    bucket = models.PositiveSmallIntegerField()  # index into routing_timing.EDGES; len(EDGES) is above the last
    count = models.BigIntegerField(default=0)
    seconds_sum = models.FloatField(default=0)

    class Meta:
        verbose_name = _("интервал времени решения маршрутизации")
        verbose_name_plural = _("время решений маршрутизации")
        constraints = [
            models.UniqueConstraint(fields=["decision", "bucket"], name="routing_decision_bucket_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decision}[{self.bucket}] = {self.count}"
