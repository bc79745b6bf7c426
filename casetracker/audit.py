"""Attribution of audit rows. django-simple-history takes the user from the request in web
views (HistoryRequestMiddleware); services that also run from commands, imports and Celery set
it on the instance before saving."""


def attribute_to(instance, user):
    """Attribute the next history row of `instance` to `user` (no-op for None, so a web request
    keeps the middleware's user). Returns the instance, for `attribute_to(x, user).save()`."""
    if user is not None:
        instance._history_user = user
    return instance
