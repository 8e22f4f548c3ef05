"""Signing in and out, password reset, two-factor authentication, team pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from veilleuse.accounts import views
from veilleuse.accounts.decorators import staff_account_view

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        staff_account_view(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="accounts/password_change_done.html"
            )
        ),
        name="password_change_done",
    ),
    path("password/reset/", views.ResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("team/<slug:slug>/", views.team, name="team"),
    path("team/<slug:slug>/add/", views.team_member_add, name="team_member_add"),
    path("team/<slug:slug>/two-factor/", views.team_two_factor, name="team_two_factor"),
    path(
        "team/<slug:slug>/members/<int:membership_id>/role/",
        views.team_member_role,
        name="team_member_role",
    ),
    path(
        "team/<slug:slug>/members/<int:membership_id>/remove/",
        views.team_member_remove,
        name="team_member_remove",
    ),
    path(
        "team/<slug:slug>/members/<int:membership_id>/two-factor-reset/",
        views.team_member_two_factor_reset,
        name="team_member_two_factor_reset",
    ),
]
