from django import forms
from django.utils.translation import gettext_lazy as _

from telephony.models import Call, Callback


class CallLogFilterForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Итог"), required=False, choices=[("", _("Все")), *Call.Outcome.choices])
    direction = forms.ChoiceField(label=_("Направление"), required=False,
                                  choices=[("", _("Все")), *Call.Direction.choices])
    day = forms.DateField(label=_("Дата"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": _("Введите дату в формате ДД.ММ.ГГГГ.")})


class CallbackRequestForm(forms.Form):
    note = forms.CharField(label=_("Что осталось решить"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CallbackDoneForm(forms.Form):
    result = forms.ChoiceField(label=_("Итог звонка"), choices=Callback.Result.choices,
                               error_messages={"required": _("Выберите итог звонка.")})
    note = forms.CharField(label=_("Комментарий"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
