"""The bulk generator writes consistent requests, rebuilds the rollups, and refuses a working database."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dashboards.models import Dimension
from dashboards.selectors import rollup_figures
from tickets.models import SatisfactionRating, Ticket

pytestmark = pytest.mark.django_db


def test_generated_history_is_consistent_and_counted_by_the_dashboard():
    call_command("generate_load", tickets=400, citizens=60, operators=12, days=14)

    tickets = list(Ticket.objects.all())
    assert len(tickets) == 400
    assert all(re.fullmatch(r"SD-\d{4}-\d{6,}", t.number) for t in tickets)
    assert {t.status for t in tickets} >= {"closed", "new"}
    for t in tickets:
        if t.resolved_at:
            assert t.created_at <= t.resolved_at and t.assignee_id is not None
        if t.first_response_at:
            assert t.first_response_at >= t.created_at
        if t.status in ("new", "triaged"):
            assert t.assignee_id is None and t.resolved_at is None
    assert SatisfactionRating.objects.exists()
    everything = rollup_figures(group=Dimension.ALL, start=None, end=None)[""]
    assert everything.created == 400
    assert everything.open == sum(t.status in Ticket.OPEN_STATUSES for t in tickets)


def test_if_missing_leaves_an_existing_history_alone():
    call_command("generate_load", tickets=50, citizens=10, operators=3, days=3)

    call_command("generate_load", tickets=50, citizens=10, operators=3, days=3, if_missing=True)

    assert Ticket.objects.count() == 50


def test_a_database_not_named_for_benchmarks_is_refused(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "supportdesk")

    with pytest.raises(CommandError, match="refusing"):
        call_command("generate_load", tickets=10)

    assert not Ticket.objects.exists()
