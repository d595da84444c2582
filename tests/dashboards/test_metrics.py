"""/metrics: Prometheus text a real parser reads; open to a bearer token or a verified staff session only."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from dashboards.services import rollup_refresh
from tests.conftest import topic
from tickets.models import Channel, Ticket
from tickets.services import ticket_assign, ticket_intake

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-scrape-token-0123456789"


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
def requests_in(citizen, operator):
    web = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Не могу войти",
                        topic=topic("password-recovery"))
    ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="Услуга", body="Как подать?",
                  topic=topic("services"))
    ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="Подпись", body="Ошибка подписи",
                  topic=topic("e-signature"))
    ticket_assign(ticket=web, assignee=operator, actor=operator)
    rollup_refresh(since=None)


def test_scraper_with_the_token_reads_parseable_metrics(client, settings, requests_in):
    settings.METRICS_TOKEN = TOKEN

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = _samples(response.content.decode())
    queued = Ticket.objects.filter(assignee__isnull=True, status__in=["new", "triaged"])
    assert samples[("supportdesk_queue_depth", (("tier", "1"),))] == queued.filter(tier=1).count()
    assert samples[("supportdesk_queue_depth", (("tier", "2"),))] == queued.filter(tier=2).count()
    assert samples[("supportdesk_requests_open", (("status", "assigned"),))] == 1
    assert samples[("supportdesk_requests_created_total", (("channel", "chat"),))] == 2
    assert samples[("supportdesk_requests_created_total", (("channel", "web"),))] == 1
    assert samples[("supportdesk_sla_open_requests", (("state", "breached"),))] == 0
    assert samples[("supportdesk_operators_online", ())] == 0
    assert ("supportdesk_routing_latency_seconds_bucket", (("le", "+Inf"),)) in samples


def test_wrong_or_missing_token_is_refused(client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_an_unset_token_opens_nothing(client, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401


def test_verified_staff_read_metrics_but_citizens_do_not(staff_client, client, supervisor, citizen):
    client.force_login(citizen)
    assert client.get("/metrics").status_code == 401

    assert staff_client(supervisor).get("/metrics").status_code == 200


def test_staff_without_the_second_factor_are_refused(client, operator):
    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get("/metrics").status_code == 401
