from django.urls import path

from . import audit_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("session/", views.session_status, name="session-status"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("authenticator/", views.mfa_setup, name="mfa-setup"),
    path("account/", views.my_account, name="my-account"),
    path("account/password/", views.OwnPasswordView.as_view(), name="password-change"),
    path("account/tokens/revoke-all/", views.my_tokens_revoke_all, name="my-tokens-revoke-all"),
    path("account/tokens/<str:pk>/revoke/", views.my_token_revoke, name="my-token-revoke"),
    path("users/", user_views.users, name="users"),
    path("users/new/", user_views.user_new, name="user-new"),
    path("users/lockout/", user_views.lockout_minutes, name="lockout-minutes"),
    path("users/<str:pk>/", user_views.user_edit, name="user"),
    path("users/<str:pk>/unlock/", user_views.user_unlock, name="user-unlock"),
    path("users/<str:pk>/reset-mfa/", user_views.user_mfa_reset, name="user-mfa-reset"),
    path("users/<str:pk>/close/", user_views.user_close, name="user-close"),
    path("users/<str:pk>/reopen/", user_views.user_reopen, name="user-reopen"),
    path("audit/exports/", audit_views.exports_page, name="audit-exports"),
    path("audit/exports/<str:pk>/", audit_views.export_page, name="audit-export"),
    path("audit/exports/<str:pk>/status/", audit_views.export_status, name="audit-export-status"),
    path("audit/exports/<str:pk>/file/", audit_views.export_download, name="audit-export-file"),
]
