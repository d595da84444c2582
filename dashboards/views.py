"""The supervisor's dashboard (SPEC SLA6, OP3, OUT) and the Prometheus endpoint (AI5)."""

from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import OperatorProfile
from dashboards import erlang
from dashboards.charts import column_chart, share_chart
from dashboards.formatting import duration_text, estimate_text, number_text, objective_text, percent_text
from dashboards.forms import PeriodForm, StaffingForm
from dashboards.histograms import FIRST_CONTACT_EDGES, RESOLUTION_EDGES
from dashboards.metrics import CONTENT_TYPE, metrics_render
from dashboards.models import Dimension
from dashboards.selectors import (
    HOUR_OF_DAY,
    MOSCOW,
    Figures,
    Objectives,
    OpenNow,
    first_contact_target,
    group_labels,
    hour_floor,
    moscow_day_start,
    open_now,
    operator_statuses,
    operators_by_status,
    rollup_figures,
    rollups_refreshed_at,
    sla_objectives,
    total,
    with_open_late,
)
from dashboards.services import rollup_refresh_if_stale

STALE_AFTER = timedelta(minutes=1)
MEASURED_HANDLING_FALLBACK = timedelta(days=7)


def against(share: float | None, objective: float) -> str:
    """How a share stands against its objective: "met", "below", or "" when there is nothing to judge."""
    if share is None:
        return ""
    return "met" if share >= objective else "below"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    figures: Figures
    backlog: int | None
    status: str = ""
    objective: float = 0.95  # the SLA policy's objective this row's shares are held to

    @cached_property  # the template reads many cells of one row; format them once
    def cells(self) -> dict[str, str]:
        f = self.figures
        return {
            "created": number_text(f.created),
            "backlog": number_text(self.backlog),
            "fc_mean": duration_text(f.first_contact_mean),
            "fc_p95": estimate_text(f.first_contact_p95, FIRST_CONTACT_EDGES),
            "fc_met": percent_text(f.first_contact_met_share),
            "fc_against": against(f.first_contact_met_share, self.objective),
            "res_mean": duration_text(f.resolution_mean),
            "res_p95": estimate_text(f.resolution_p95, RESOLUTION_EDGES),
            "sla": percent_text(f.sla_share),
            "sla_against": against(f.sla_share, self.objective),
            "late": number_text(f.open_late),
            "objective": objective_text(self.objective),
            "hour": percent_text(f.within_hour_share),
            "breached": number_text(f.breached),
            "escalated": number_text(f.escalated),
            "reassigned": percent_text(f.reassignment_rate),
            "repeat": percent_text(f.repeat_rate),
            "fcr": percent_text(f.first_contact_resolution),
            "csat": number_text(f.csat_average, 2) if f.csat_count else "—",
            "csat_count": number_text(f.csat_count),
        }


def _breakdown_rows(group: str, figures: dict[str, Figures], backlog: dict[str, int],
                    objectives: Objectives) -> list[Row]:
    keys = set(figures) | set(backlog)
    labels = group_labels(group=group, keys=keys)
    statuses = operator_statuses(keys=keys) if group == Dimension.OPERATOR else {}
    status_labels = dict(OperatorProfile.Status.choices)
    empty = {
        Dimension.TOPIC: _("без темы"),
        Dimension.OPERATOR: _("не назначено"),
    }.get(group, _("не указано"))
    rows = [
        Row(
            key=key,
            label=labels.get(key, empty if key == "" else key),
            figures=figures.get(key, Figures()),
            backlog=backlog.get(key, 0) if group != HOUR_OF_DAY else None,
            status=str(status_labels.get(statuses.get(key, ""), "")),
            objective=objectives.of(key),
        )
        for key in keys
    ]
    if group == HOUR_OF_DAY:
        return sorted(rows, key=lambda row: int(row.key))
    return sorted(rows, key=lambda row: (-row.figures.created, row.label))


def _staffing(*, arrivals_per_hour: float, handling_seconds: float, target_seconds: int, target_level: float,
              concurrency: int) -> dict:
    load = erlang.offered_load(arrivals_per_hour=arrivals_per_hour, handling_seconds=handling_seconds)
    try:
        result = erlang.agents_needed(load=load, handling_seconds=handling_seconds, target_seconds=target_seconds,
                                      target_level=target_level)
    except ValueError:
        return {"error": _("Нагрузка слишком велика для расчёта: проверьте введённые числа.")}
    return {
        "arrivals": number_text(arrivals_per_hour, 1),
        "handling": duration_text(handling_seconds),
        "load": number_text(load, 2),
        "slots": result.agents,
        "operators": math.ceil(result.agents / concurrency),
        "wait_probability": percent_text(result.wait_probability),
        "service_level": percent_text(result.service_level),
        "asa": duration_text(result.average_speed_of_answer),
        "occupancy": percent_text(result.occupancy),
    }


def _staffing_panel(request, now: datetime, today: Figures, on_line: dict[str, int]) -> dict:
    target_seconds, target_level = first_contact_target()
    current_hour = hour_floor(now)
    last_hour = total(rollup_figures(group=Dimension.ALL, start=current_hour - timedelta(hours=1), end=current_hour))
    handling = today.handling_mean
    handling_source = _("по решённым сегодня")
    if handling is None:
        handling = total(rollup_figures(group=Dimension.ALL, start=now - MEASURED_HANDLING_FALLBACK,
                                        end=None)).handling_mean
        handling_source = _("по решённым за 7 дней")
    initial = {"target_seconds": target_seconds, "target_percent": round(target_level * 100, 1), "concurrency": 1}
    form = StaffingForm({**initial, **request.GET.dict()} if "target_seconds" in request.GET else initial)
    panel = {
        "form": form,
        "measured_arrivals": last_hour.created,
        "measured_window": (current_hour - timedelta(hours=1)).astimezone(MOSCOW),
        "measured_handling": duration_text(handling),
        "handling_source": handling_source,
        "online": on_line[OperatorProfile.Status.ONLINE],
    }
    if not form.is_valid():
        return panel
    data = form.cleaned_data
    level = data["target_percent"] / 100
    common = {"target_seconds": data["target_seconds"], "target_level": level, "concurrency": data["concurrency"]}
    panel["target_text"] = _("%(percent)s ответов в течение %(seconds)s с") % {
        "percent": percent_text(level), "seconds": data["target_seconds"]}
    handling_used = data["handling_seconds"] or handling
    if handling_used:
        panel["now"] = _staffing(arrivals_per_hour=last_hour.created, handling_seconds=handling_used, **common)
        if data["arrivals_per_hour"] is not None:
            panel["chosen"] = _staffing(arrivals_per_hour=data["arrivals_per_hour"], handling_seconds=handling_used,
                                        **common)
    return panel


def _period_form(request) -> tuple[PeriodForm, tuple[datetime, datetime, str] | None]:
    bound = any(name in request.GET for name in ("date_from", "date_to", "breakdown"))
    form = PeriodForm(request.GET if bound else PeriodForm.defaults())
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    start = datetime.combine(data["date_from"], datetime.min.time(), tzinfo=MOSCOW)
    end = datetime.combine(data["date_to"] + timedelta(days=1), datetime.min.time(), tzinfo=MOSCOW)
    return form, (start, end, data["breakdown"])


def _period(chosen: tuple[datetime, datetime, str], live: OpenNow) -> dict:
    start, end, group = chosen
    figures = with_open_late(rollup_figures(group=group, start=start, end=end), live.late["period"],
                             live.unanswered_late["period"])
    objectives = sla_objectives(group=group, keys=set(figures) | set(live.backlog))
    summary = total(rollup_figures(group=Dimension.ALL, start=start, end=end))
    summary.open_late = sum(live.late["period"].values())
    summary.open_unanswered_late = sum(live.unanswered_late["period"].values())
    backlog = live.backlog if group != HOUR_OF_DAY else {}
    rows = _breakdown_rows(group, figures, backlog, objectives)
    general = Objectives(general=objectives.general, by_key={})
    by_hour = rows if group == HOUR_OF_DAY else _breakdown_rows(
        HOUR_OF_DAY,
        with_open_late(rollup_figures(group=HOUR_OF_DAY, start=start, end=end), live.hour_late,
                       live.hour_unanswered_late),
        {}, general)
    by_hour_full = {row.key: row for row in by_hour}
    hour_points = [
        (f"{hour:02d}", by_hour_full[str(hour)].figures.created if str(hour) in by_hour_full else 0,
         number_text(by_hour_full[str(hour)].figures.created) if str(hour) in by_hour_full else "0")
        for hour in range(24)
    ]
    share_rows = [row for row in rows if row.figures.sla_decided][:12] if group != HOUR_OF_DAY else []
    summary_row = Row(key="", label=_("Весь период"), figures=summary, backlog=None, objective=objectives.general)
    return {
        "objectives": objectives,
        "group": group,
        "group_label": dict(PeriodForm.BREAKDOWNS)[group],
        "summary_rows": [summary_row],
        "rows": rows,
        "hour_rows": by_hour,
        "hour_chart": column_chart(hour_points),
        "sla_chart": share_chart(
            [(row.label, row.figures.sla_share or 0.0, _share_with_verdict(row)) for row in share_rows],
            goal=objectives.general, goal_text=_("цель %(p)s") % {"p": summary_row.cells["objective"]},
        ) if share_rows else None,
        "start": start,
        "end": end - timedelta(seconds=1),
    }


def _share_with_verdict(row: Row) -> str:
    """A bar's value with words, so that colour never carries the meaning alone."""
    verdict = _("ниже цели") if row.cells["sla_against"] == "below" else _("в пределах цели")
    return f"{row.cells['sla']} — {verdict}"


@login_required
@permission_required("tickets.view_all_tickets", raise_exception=True)
@require_GET
@never_cache
def index(request):
    rollup_refresh_if_stale(max_age=STALE_AFTER)
    now = timezone.now()
    current_hour = hour_floor(now)
    day_start = moscow_day_start(now)
    period_form, chosen = _period_form(request)
    group = chosen[2] if chosen else Dimension.ALL
    windows = {"hour": (current_hour, None), "today": (day_start, None)}
    if chosen:
        windows["period"] = (chosen[0], chosen[1])
    # one query for everything true now: backlog, queue, open requests past a deadline per window and key
    live = open_now(group=group, windows=windows, now=now, period="period" if chosen else None)
    period = _period(chosen, live) if chosen else None
    objectives = period["objectives"] if period else sla_objectives(group=Dimension.ALL, keys=())
    live_rows = []
    for key, label, start in (
        ("hour", _("Текущий час, с %(t)s") % {"t": current_hour.astimezone(MOSCOW).strftime("%H:%M")}, current_hour),
        ("today", _("Сегодня, с 00:00 МСК"), day_start),
    ):
        figures = total(rollup_figures(group=Dimension.ALL, start=start, end=None))
        figures.open_late = sum(live.late[key].values())
        figures.open_unanswered_late = sum(live.unanswered_late[key].values())
        live_rows.append(Row(key=key, label=label, figures=figures, backlog=live.total, objective=objectives.general))
    on_line = operators_by_status()
    context = {
        "refreshed_at": rollups_refreshed_at(),
        "live_rows": live_rows,
        "backlog": live.total,
        "queued": live.queued,
        "on_line": on_line,
        "objective": live_rows[0].cells["objective"],
        "period_form": period_form,
        "period": period,
        "staffing": _staffing_panel(request, now, live_rows[1].figures, on_line),
        # each form keeps the other's values, so recalculating staffing does not reset the period
        "period_hidden": _kept(request, StaffingForm.base_fields),
        "staffing_hidden": _kept(request, PeriodForm.base_fields),
    }
    return render(request, "dashboards/index.html", context)


def _kept(request, names) -> list[tuple[str, str]]:
    return [(name, request.GET[name]) for name in names if name in request.GET]


def _bearer_ok(request) -> bool:
    expected = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if not expected or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header.removeprefix("Bearer ").encode(), expected.encode())


@require_GET
@never_cache
def metrics(request):
    """Prometheus text format: a scraper with the bearer token, or a staff member with a 2FA-verified session."""
    user = request.user
    staff_ok = user.is_authenticated and user.is_desk_staff and user.is_verified()
    if not (staff_ok or _bearer_ok(request)):
        response = HttpResponse(_("Нужен токен доступа к метрикам или вход сотрудника.\n"), status=401,
                                content_type="text/plain; charset=utf-8")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_render(), content_type=CONTENT_TYPE)
