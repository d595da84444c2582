"""The public status of the portal's services (AU5): what is down now and when it should be back."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.gateway import GatewayUnavailable, portal_gateway
from portal.recovery_time import recovery_is_overdue, recovery_time_phrase


@require_GET
def service_status(request):
    try:
        incidents, available = portal_gateway().incidents(), True
    except GatewayUnavailable:  # the monitoring itself did not answer: say so rather than claim all is well
        incidents, available = [], False
    rows = [
        {
            "incident": incident,
            "recovery": recovery_time_phrase(incident.expected_recovery_at) if incident.expected_recovery_at else "",
            "is_overdue": recovery_is_overdue(incident.expected_recovery_at),
        }
        for incident in incidents
    ]
    return render(request, "portal/status.html", {"incidents": rows, "monitoring_available": available})
