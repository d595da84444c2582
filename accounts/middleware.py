"""Two-factor authentication is mandatory for every staff account (SEC2)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class StaffTwoFactorMiddleware:
    """Staff reach the back-office and the admin only with a session verified by a TOTP device."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.protected_prefixes = ("/desk/", "/" + settings.ADMIN_URL.lstrip("/"), "/api/v1/desk/")

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.path.startswith(self.protected_prefixes)
            and user.is_desk_staff
            and not user.is_verified()
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
