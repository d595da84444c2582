"""CH2: the PBX is told whom to ring: the online operator whose skills and level fit, and the matching queue."""

from __future__ import annotations

import pytest

from accounts.models import OperatorProfile, Role
from accounts.services import staff_create
from telephony.models import OperatorExtension
from tests.chat.conftest import on_the_line
from tests.conftest import TOTP_KEY, topic
from tests.telephony.conftest import inbound

pytestmark = pytest.mark.django_db

ROUTE_URL = "/api/v1/cti/route/"


@pytest.fixture
def line(operator, other_operator, specialist):
    """On the line: an L1 for registration and services, an L1 for technical problems, an L2 for e-signatures."""
    on_the_line(operator, other_operator, specialist)
    OperatorExtension.objects.create(user=specialist, extension="sip-specialist-204")
    return {"registration": operator, "technical": other_operator, "e-signature": specialist}


def ask(client, token, **params):
    return client.get(ROUTE_URL, params, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize(
    ("digits", "fits", "queue", "tier"),
    [
        ("12", "registration", "support-l1-registration", 1),  # password recovery
        ("33", "technical", "support-l1-technical", 1),  # an error on a portal page
        ("25", "e-signature", "support-l2-services", 2),  # electronic signature: L2
    ],
)
def test_the_new_call_answer_names_the_operator_whose_skills_and_level_fit(post_event, citizen, line, digits, fits,
                                                                           queue, tier):
    response = post_event(event="newCall", at=0, digits=digits, **inbound(f"route-{digits}"))

    route = response.json()["route"]
    chosen = line[fits]
    assert route["email"] == chosen.email and route["queue"] == queue and route["tier"] == tier
    assert route["reason"] == "fits"
    if fits == "e-signature":
        assert route["user"] == route["extension"] == "sip-specialist-204"
    else:
        assert route["user"] == chosen.email and route["extension"] is None


def test_the_least_loaded_of_the_fitting_operators_is_named(post_event, citizen, operator, line):
    colleague = staff_create(email="colleague@support.example", password="Operator-2026!", role=Role.OPERATOR,
                             first_name="Вера", last_name="Ким", skills=[topic("registration")], totp_key=TOTP_KEY)
    on_the_line(colleague)
    post_event(event="newCall", at=0, digits="11", **inbound("busy-1", number="+79160000001"))
    post_event(event="answer", at=5, user=operator.email, **inbound("busy-1", number="+79160000001"))

    route = post_event(event="newCall", at=60, digits="12", **inbound("next")).json()["route"]

    assert route["email"] == colleague.email  # the operator already on a call holds a request: more load


def test_nobody_on_the_line_gives_the_queue_without_an_operator(post_event, citizen, operator):
    route = post_event(event="newCall", at=0, digits="12", **inbound("nobody")).json()["route"]

    assert route == {"user": None, "extension": None, "email": None, "queue": "support-l1-registration",
                     "tier": 1, "topic": "password-recovery", "reason": "nobody"}


def test_a_caller_who_calls_again_is_routed_to_the_operator_who_holds_the_request(post_event, citizen, operator,
                                                                                   other_operator, line):
    post_event(event="newCall", at=0, digits="12", **inbound("missed"))
    post_event(event="answer", at=5, user=other_operator.email, **inbound("missed"))  # the wrong desk took it
    post_event(event="hangup", at=20, cause="normalClearing", **inbound("missed"))

    route = post_event(event="newCall", at=600, digits="12", **inbound("again")).json()["route"]

    assert route["email"] == other_operator.email and route["reason"] == "assignee"


def test_other_events_carry_no_route(post_event, citizen, operator, line):
    post_event(event="newCall", at=0, **inbound("no-route"))

    response = post_event(event="answer", at=5, user=operator.email, **inbound("no-route"))

    assert response.json()["route"] is None


def test_a_pbx_may_ask_whom_to_ring_before_the_call_rings(client, pbx_token, citizen, line):
    response = ask(client, pbx_token, **{"from": "8 912 345-67-89", "digits": "25"})

    assert response.status_code == 200
    assert response.json() == {"user": "sip-specialist-204", "extension": "sip-specialist-204",
                               "email": line["e-signature"].email, "queue": "support-l2-services", "tier": 2,
                               "topic": "e-signature", "reason": "fits"}


def test_without_menu_keys_the_call_goes_to_triage_at_level_one(client, pbx_token, line, specialist):
    OperatorProfile.objects.filter(user__in=[line["registration"], line["technical"]]).update(status="offline")

    route = ask(client, pbx_token, **{"from": "anonymous"}).json()

    assert route["queue"] == "support-l1-triage" and route["topic"] is None
    assert route["reason"] == "nobody"  # the L2 specialist does not triage level-one calls


@pytest.mark.parametrize("params", [{"digits": "1a"}, {"digits": "123456789"}, {"from": "x" * 65}])
def test_bad_route_questions_are_400(client, pbx_token, params):
    response = ask(client, pbx_token, **params)

    assert response.status_code == 400


def test_the_route_question_needs_a_pbx_token(client):
    assert client.get(ROUTE_URL, {"digits": "1"}).status_code == 401
