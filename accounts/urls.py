from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup_view, name="signup"),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("home/", views.home_view, name="home"),
    path("profile/", views.profile_view, name="profile"),
]
