from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Deadlines, notice windows and reminders"

    def ready(self):
        from . import nav_cache, panel_cache, panels, signals  # noqa: F401 - connects the receivers and panels
        from .reminders import feed_cache  # noqa: F401 - connects the receivers
