"""/metrics: Prometheus text a real parser reads; open to a bearer token or a verified staff session only."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from prometheus_client.parser import text_string_to_metric_families

from accounts.models import OperatorProfile
from accounts.services import operator_set_status
from dashboards.models import RoutingDecisionBucket
from dashboards.services import rollup_refresh
from tests.conftest import topic
from tickets.models import Channel, Ticket
from tickets.services import message_post, ticket_assign, ticket_change_status, ticket_intake
from tickets.sla import sla_sweep

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
    assert samples[("supportdesk_queue_depth", (("language", "ru"), ("tier", "1")))] == queued.filter(tier=1).count()
    assert samples[("supportdesk_queue_depth", (("language", "ru"), ("tier", "2")))] == queued.filter(tier=2).count()
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


# --- what an outside tester compares with a direct count (audit B, point 7) -------------------------------


def _scrape(client, settings) -> dict[tuple[str, tuple], float]:
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return _samples(response.content.decode())


def _help(client, settings, name: str) -> str:
    settings.METRICS_TOKEN = TOKEN
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()
    return next(family.documentation for family in text_string_to_metric_families(text) if family.name == name)


def test_queue_depth_is_by_tier_and_language(client, settings, citizen):
    ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Вход", body="Не могу войти",
                  topic=topic("password-recovery"), language="tt")
    ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Подпись", body="Ошибка подписи",
                  topic=topic("e-signature"))

    samples = _scrape(client, settings)

    assert samples[("supportdesk_queue_depth", (("language", "tt"), ("tier", "1")))] == 1
    assert samples[("supportdesk_queue_depth", (("language", "ru"), ("tier", "2")))] == 1
    assert samples[("supportdesk_queue_depth", (("language", "ru"), ("tier", "1")))] == 0


def test_operators_online_counts_only_the_line_and_says_so(client, settings, operator, specialist):
    operator_set_status(profile=operator.operator_profile, status=OperatorProfile.Status.ONLINE)
    operator_set_status(profile=specialist.operator_profile, status=OperatorProfile.Status.BUSY)

    samples = _scrape(client, settings)

    assert samples[("supportdesk_operators_online", ())] == 1
    assert samples[("supportdesk_operators", (("status", "busy"),))] == 1
    assert "busy" not in _help(client, settings, "supportdesk_operators_online")


def test_compliance_ratios_count_open_requests_past_their_deadline_and_counters_only_grow(
    client, settings, citizen, operator, django_capture_on_commit_callbacks
):
    operator_set_status(profile=operator.operator_profile, status=OperatorProfile.Status.ONLINE)
    start = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))  # «today» is the Moscow day
    with time_machine.travel(start, tick=False) as clock:
        in_time = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Не могу войти",
                                topic=topic("password-recovery"))
        clock.shift(10)
        message_post(ticket=in_time, author=operator, body="Помогу", author_kind="agent", channel=Channel.WEB)
        ticket_change_status(ticket=in_time, status=Ticket.Status.RESOLVED, actor=operator)
        late = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Не могу войти",
                             topic=topic("password-recovery"))  # nobody answers: both clocks run out
        chat = ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="Услуга", body="Как подать?",
                             topic=topic("form-filling"))
        clock.shift(15)
        message_post(ticket=chat, author=operator, body="Подскажу", author_kind="agent", channel=Channel.CHAT)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            sla_sweep()
        rollup_refresh(since=None)
        samples = _scrape(client, settings)

    ratio = "supportdesk_sla_within_target_ratio"
    assert samples[(ratio, (("channel", "web"), ("clock", "resolution")))] == 0.5  # 1 in time, 1 open and late
    assert samples[(ratio, (("channel", "web"), ("clock", "first_contact")))] == 0.5
    assert samples[(ratio, (("channel", "chat"), ("clock", "first_contact")))] == 1.0
    assert samples[(ratio, (("channel", "chat"), ("clock", "resolution")))] == 0.0  # answered, 5 min passed
    assert samples[(ratio, (("channel", "all"), ("clock", "resolution")))] == pytest.approx(1 / 3)
    assert samples[("supportdesk_sla_objective_ratio", ())] == 0.95
    assert samples[("supportdesk_sla_breaches_total", (("channel", "web"),))] == 1
    assert samples[("supportdesk_sla_breaches_total", (("channel", "chat"),))] == 1
    assert samples[("supportdesk_escalations_total", (("channel", "web"),))] == 0

    # the late request is answered and resolved: its state clears, the breach it had stays counted
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        message_post(ticket=late, author=operator, body="Простите за ожидание", author_kind="agent",
                     channel=Channel.WEB)
        ticket_change_status(ticket=late, status=Ticket.Status.RESOLVED, actor=operator)
        rollup_refresh(since=None)
        again = _scrape(client, settings)
    assert again[("supportdesk_sla_open_requests", (("state", "breached"),))] == 1  # only the chat now
    assert again[("supportdesk_sla_breaches_total", (("channel", "web"),))] == 1


def test_routing_decisions_are_timed_from_every_process_into_one_histogram(
    client, settings, citizen, operator, django_capture_on_commit_callbacks
):
    from tickets.routing import route_ticket, routing_claim_next

    queued = ticket_intake(channel=Channel.WEB, citizen=citizen, subject="Пароль", body="Не могу войти",
                           topic=topic("password-recovery"))
    with django_capture_on_commit_callbacks(execute=True):
        route_ticket(ticket_id=queued.pk, reason="intake")  # nobody on the line: queued, a decision all the same
    operator_set_status(profile=operator.operator_profile, status=OperatorProfile.Status.ONLINE)
    with django_capture_on_commit_callbacks(execute=True):
        claimed = routing_claim_next(agent=operator)

    samples = _scrape(client, settings)

    assert claimed is not None and claimed.pk == queued.pk
    name = "supportdesk_routing_decision_seconds"
    assert samples[(f"{name}_count", (("decision", "route"),))] >= 1
    assert samples[(f"{name}_count", (("decision", "claim"),))] >= 1
    assert samples[(f"{name}_bucket", (("decision", "claim"), ("le", "+Inf")))] == samples[
        (f"{name}_count", (("decision", "claim"),))]
    assert 0 < samples[(f"{name}_sum", (("decision", "claim"),))] < 5
    assert RoutingDecisionBucket.objects.filter(decision="claim").exists()  # stored, not in this process's memory



def test_decisions_within_a_second_reach_the_table_in_one_statement_and_a_failed_write_keeps_them(
    django_assert_num_queries, django_capture_on_commit_callbacks, monkeypatch
):
    from dashboards import routing_timing

    routing_timing.decisions_flush()  # whatever earlier tests left pending; the flush time is now
    stored = lambda: sum(RoutingDecisionBucket.objects.filter(decision="claim").values_list("count", flat=True))  # noqa: E731
    before = stored()
    with django_assert_num_queries(0), django_capture_on_commit_callbacks(execute=True):
        for seconds in (0.002, 0.002, 0.02):  # a claim costs no statement of the histogram's own
            routing_timing.decision_observe("claim", seconds)
    assert stored() == before

    monkeypatch.setattr(routing_timing, "_UPSERT", "INSERT INTO no_such_table VALUES {rows}")
    routing_timing.decisions_flush()  # logged, not raised; the three stay pending
    monkeypatch.undo()
    with CaptureQueriesContext(connection) as written:
        routing_timing.decisions_flush()
    assert len([q for q in written if "SAVEPOINT" not in q["sql"]]) == 1  # one UPSERT for both buckets
    assert stored() == before + 3
    bucket = RoutingDecisionBucket.objects.get(decision="claim", bucket=routing_timing.bucket_of(0.002))
    assert bucket.count >= 2 and bucket.seconds_sum >= 0.004


def test_a_process_writes_what_it_counted_once_its_second_is_up(django_capture_on_commit_callbacks, monkeypatch):
    from dashboards import routing_timing

    clock = [1000.0]
    monkeypatch.setattr(routing_timing.time, "monotonic", lambda: clock[0])
    routing_timing.decisions_flush()  # earlier tests' counts written; the flush time is now 1000.0
    with django_capture_on_commit_callbacks(execute=True):
        routing_timing.decision_observe("route", 0.004)
    assert not RoutingDecisionBucket.objects.filter(decision="route").exists()
    clock[0] += routing_timing.FLUSH_SECONDS
    with django_capture_on_commit_callbacks(execute=True):
        routing_timing.decision_observe("route", 0.004)  # this decision's commit writes both
    assert RoutingDecisionBucket.objects.get(decision="route", bucket=routing_timing.bucket_of(0.004)).count == 2
