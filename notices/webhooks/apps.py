from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "notices.webhooks"
    label = "webhooks"  # its own tables and migrations, like docket.ingest
    verbose_name = "Webhooks"
