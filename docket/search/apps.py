from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "docket.search"
    label = "search"  # the app label keeps its tables and migrations
    verbose_name = "Full-text search"

    def ready(self):
        from casetracker.backup import restored

        from .indexing import rebuild

        restored.connect(
            lambda sender, **kwargs: rebuild(), weak=False, dispatch_uid="search_rebuild"
        )
