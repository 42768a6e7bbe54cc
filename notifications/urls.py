"""A person's notifications: the inbox and the settings (pages), and the same below /api/v1/."""

from __future__ import annotations

from django.urls import path

from notifications import apis, views

urlpatterns = [
    path("benachrichtigungen/", views.inbox_page, name="notification-inbox"),
    path("benachrichtigungen/einstellungen/", views.settings_page, name="notification-settings"),
    path("benachrichtigungen/alle-gelesen/", views.notifications_read_all_page, name="notifications-read-all"),
    path("benachrichtigungen/<int:notification_id>/gelesen/", views.notification_read_page, name="notification-read"),
]

api_urlpatterns = [
    path("notifications/", apis.NotificationListApi.as_view(), name="notification-list"),
    path("notifications/read/", apis.NotificationsReadAllApi.as_view(), name="notifications-read-all"),
    path("notifications/<int:notification_id>/read/", apis.NotificationReadApi.as_view(), name="notification-read"),
    path("notifications/settings/", apis.NotificationSettingsApi.as_view(), name="notification-settings"),
]
