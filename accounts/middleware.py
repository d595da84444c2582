"""Request hooks of accounts: the second factor every staff account must pass (SEC2), desk presence (A1)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.presence import presence_page_view


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


class DeskPresenceMiddleware:
    """A desk page view is a sign of life of an operator whose browser has opened a desk socket
    (accounts.presence): one UPDATE at most once per heartbeat, nothing for a desk without scripts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/desk/") and user is not None and user.is_authenticated:
            presence_page_view(session=request.session, user_id=user.pk)
        return response
