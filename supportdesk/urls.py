from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from dashboards import views as dashboard_views
from tickets import views as ticket_views

# The admin, like the desk, is open to staff only after a TOTP check (SEC2).
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Supportdesk"

urlpatterns = [
    path("", ticket_views.portal_home, name="portal-home"),
    path("accounts/", include("accounts.urls")),
    path("requests/by-link/", include("mail.urls")),  # signed links in letters (mail.citizen_links)
    path("requests/", include("tickets.urls")),
    path("desk/dashboard/", include("dashboards.urls")),
    path("desk/calls/", include("telephony.desk_urls")),
    path("desk/chats/", include("chat.desk_urls")),
    path("desk/knowledge/", include("knowledgebase.desk_urls")),
    path("desk/", include("tickets.desk_urls")),
    path("desk/privacy/", include("privacy.urls")),
    path("chat/", include("chat.urls")),
    path("help/", include("knowledgebase.urls")),
    path("status/", include("portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/cti/", include("telephony.urls")),  # the PBX's webhook: before any generic api/v1/ include
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("metrics", dashboard_views.metrics, name="metrics"),
]
