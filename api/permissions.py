from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsCitizen(BasePermission):
    """The mobile API serves citizens; staff work in the desk, behind their second factor (SEC2)."""

    message = _("Мобильное API доступно только гражданам. Сотрудники работают в рабочем месте оператора.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_citizen)
