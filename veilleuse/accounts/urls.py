"""Signing in and out, password reset, two-factor authentication."""

app_name = "accounts"

urlpatterns: list[object] = []
