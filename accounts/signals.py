"""Django's own auth events that the line status must follow (connected in AccountsConfig.ready)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from accounts.services import operator_go_offline


@receiver(user_logged_out, dispatch_uid="accounts.operator_offline_on_logout")
def operator_offline_on_logout(sender, request, user, **kwargs) -> None:
    # Signing out ends the shift: whoever forgot «не в сети» must not keep their requests, or get new ones.
    if user is not None:
        operator_go_offline(user=user)
