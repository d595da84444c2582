"""The public status of the portal's services (AU5): what is down now and when it should be back."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.gateway import GatewayUnavailable, portal_gateway


@require_GET
def service_status(request):
    try:
        incidents, available = portal_gateway().incidents(), True
    except GatewayUnavailable:  # the monitoring itself did not answer: say so rather than claim all is well
        incidents, available = [], False
    return render(request, "portal/status.html", {"incidents": incidents, "monitoring_available": available})
