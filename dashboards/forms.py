"""The dashboard's two GET forms: the period with its breakdown, and the staffing calculator's inputs."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.models import Dimension
from dashboards.selectors import HOUR_OF_DAY, MOSCOW

MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 7


def moscow_today() -> date:
    return timezone.now().astimezone(MOSCOW).date()


class DateRangeForm(forms.Form):
    """A period of whole Moscow days, at most a year, not starting in the future."""

    date_from = forms.DateField(label=_("С (дата)"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("По (дата, включительно)"), widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def defaults(cls) -> dict:
        today = moscow_today()
        return {"date_from": today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), "date_to": today}

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("Дата окончания раньше даты начала."))
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                message = _("Период длиннее %(days)s дней: выберите короче.") % {"days": MAX_PERIOD_DAYS}
                self.add_error("date_to", message)
            elif start > moscow_today():
                self.add_error("date_from", _("Период начинается в будущем: данных за него ещё нет."))
        return data


class PeriodForm(DateRangeForm):
    BREAKDOWNS = [
        (Dimension.CHANNEL, _("по каналам")),
        (Dimension.TOPIC, _("по темам")),
        (Dimension.OPERATOR, _("по сотрудникам")),
        (HOUR_OF_DAY, _("по часам суток")),
    ]

    breakdown = forms.ChoiceField(label=_("Разрез"), choices=BREAKDOWNS, initial=Dimension.CHANNEL)

    @classmethod
    def defaults(cls) -> dict:
        return {**super().defaults(), "breakdown": Dimension.CHANNEL}


class StaffingForm(forms.Form):
    arrivals_per_hour = forms.FloatField(
        label=_("Нагрузка, обращений в час"), min_value=0, max_value=1_000_000, required=False,
        help_text=_("Например, ожидаемый пик. Пусто — только текущая нагрузка."),
    )
    handling_seconds = forms.FloatField(
        label=_("Среднее время обработки, с"), min_value=1, max_value=86_400, required=False,
        help_text=_("Пусто — измеренное по итогам."),
    )
    target_seconds = forms.IntegerField(label=_("Цель: ответ в течение, с"), min_value=1, max_value=3600)
    target_percent = forms.FloatField(label=_("Цель: доля ответов в срок, %"), min_value=1, max_value=99.9)
    concurrency = forms.IntegerField(
        label=_("Обращений одновременно на сотрудника"), min_value=1, max_value=20, initial=1,
        help_text=_("Для чатов: сколько диалогов оператор ведёт параллельно."),
    )
