"""Attribution of audit rows. django-simple-history takes the user from the request in web
views (HistoryRequestMiddleware); services that also run from commands, imports and Celery set
it on the instance before saving."""


def attribute_to(instance, user):
    """Attribute the next history row of `instance` to `user` (no-op for None, so a web request
    keeps the middleware's user). Returns the instance, for `attribute_to(x, user).save()`."""
    if user is not None:
        instance._history_user = user
    return instance


def bulk_history_copy(instances, *, when, update=False, default_user=None):
    """The audit rows django-simple-history's `bulk_history_create(instances, update=update,
    default_user=default_user, default_date=when)` makes — the same columns, users and change
    reasons — but copied by the database from the rows as saved (one INSERT … SELECT per user
    and reason, casetracker.bulk) instead of built and compiled in Python row by row: the cost
    that grew with every entry of a large import. The instances must be saved and of one model.
    Returns {pk: history id} of the rows written (for an instance given twice: its last row)."""
    from django.db.models import CharField, DateTimeField, IntegerField, Max, Value
    from simple_history.utils import get_change_reason_from_object

    from casetracker.bulk import insert_select

    instances = list(instances)
    if not instances:
        return {}
    model = type(instances[0])._meta.concrete_model
    history = model.history.model
    groups: dict[tuple, list[set]] = {}  # (user id, reason) -> [{pk, ...} per occurrence]
    for instance in instances:
        user = getattr(
            instance, "_history_user", default_user or history.get_default_history_user(instance)
        )
        reason = get_change_reason_from_object(instance) or ""
        rounds = groups.setdefault((getattr(user, "pk", None), reason), [])
        for pks in rounds:  # an instance given twice gets two rows, as bulk_history_create gives
            if instance.pk not in pks:
                pks.add(instance.pk)
                break
        else:
            rounds.append({instance.pk})
    tracked = [f.attname for f in history.tracked_fields]
    extra = ["history_date", "history_change_reason", "history_type", "history_user"]
    before = history.objects.aggregate(last=Max("history_id"))["last"] or 0
    for (user_id, reason), rounds in groups.items():
        for pks in rounds:
            rows = (
                model._base_manager.filter(pk__in=sorted(pks))
                .annotate(
                    _history_date=Value(when, output_field=DateTimeField()),
                    _history_change_reason=Value(reason, output_field=CharField()),
                    _history_type=Value("~" if update else "+", output_field=CharField()),
                    _history_user=Value(user_id, output_field=IntegerField()),
                )
                .values_list(*tracked, *[f"_{name}" for name in extra])
            )
            insert_select(history, [*tracked, *extra], rows)
    pk_name = model._meta.pk.attname
    written = history.objects.filter(
        history_id__gt=before, history_date=when, **{f"{pk_name}__in": [i.pk for i in instances]}
    ).values_list(pk_name, "history_id")
    return dict(sorted(written, key=lambda row: row[1]))
