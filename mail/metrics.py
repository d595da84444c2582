"""The mail channel's Prometheus gauges, registered by dashboards.metrics: alert on letters nobody processed."""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily

from mail.services import mail_failed_counts


class MailCollector:
    def collect(self):
        counts = mail_failed_counts()
        gauge = GaugeMetricFamily(
            "supportdesk_mail_failed", "Inbound letters whose processing failed: retry planned, or left to a person",
            labels=["state"],
        )
        for state in ("retrying", "stuck"):
            gauge.add_metric([state], counts[state])
        yield gauge
