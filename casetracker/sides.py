"""Whose side a party is on, from the team's point of view: **ours** (a party our counsel
represent) or **theirs** (any other party). One place, so the deadline owner, the "Filed by"
line and every other page agree.

Our counsel are the attorneys marked `is_our_counsel` (the loader marks the counsel its fact
file lists: the team's own lawyers) and attorneys whose user account is on the case's team.
A party is ours while one of them represents it (a terminated representation does not count).

    our_party_ids(case)                 -> {party ids}
    filer_owner(case, parties)          -> "ours" | "theirs" | "court" | ""
    owner_of(party_ids, our_ids)        -> the same, pure (no ORM)"""

from django.db.models import Q

from .models import Party, Role

OURS, THEIRS, COURT = "ours", "theirs", "court"


def our_party_ids(case):
    """Ids of the case's parties our counsel currently represent."""
    team = case.memberships.exclude(role=Role.CLIENT).values("user_id")
    return set(
        Party.objects.filter(
            case=case,
            representations__terminated__isnull=True,
        )
        .filter(
            Q(representations__attorney__is_our_counsel=True)
            | Q(representations__attorney__user__in=team)
        )
        .values_list("pk", flat=True)
    )


def owner_of(party_ids, our_ids):
    """ "ours" if every filer is ours, "theirs" if none is, "" when unknown or mixed; no filer at
    all is the court (an order, a minute order)."""
    party_ids = set(party_ids)
    if not party_ids:
        return ""
    if party_ids <= set(our_ids):
        return OURS
    if not party_ids & set(our_ids):
        return THEIRS
    return ""


def filer_owner(case, parties):
    """Is this filer ours or theirs? `parties`: the Party objects (or ids) that filed."""
    ids = {getattr(p, "pk", p) for p in parties}
    return owner_of(ids, our_party_ids(case))


def entry_filer_owner(entry):
    """The owner of a docket entry's filer: the court for orders, else ours/theirs/''."""
    if entry.is_order:
        return COURT
    return filer_owner(entry.case, entry.filed_by.all())


def other_side(owner):
    """The owner of the response to a paper filed by `owner`."""
    return {OURS: THEIRS, THEIRS: OURS}.get(owner, "")


def responsible_owner(case, *, party_ids=(), side="", ours=None):
    """Owner of a deadline from who must act (an obligation's party, else its side): "ours" or
    "theirs". When nothing is known about our side (no counsel of ours on the case) the answer
    is "ours": a careful litigator would rather be alerted to a deadline that turns out to be
    the other side's than miss one of their own."""
    ours = our_party_ids(case) if ours is None else set(ours)
    party_ids = {pk for pk in party_ids if pk}
    if party_ids:
        return OURS if party_ids & ours else THEIRS
    if not ours or not side:
        return OURS
    our_sides = set(Party.objects.filter(pk__in=ours).values_list("side", flat=True))
    return OURS if side in our_sides else THEIRS


def united_states_is_party(case):
    """FRAP 4(a)(1)(B): the United States, a U.S. agency or a U.S. officer sued in an official
    capacity is a party (the tracker's party kinds `agency` and `official`)."""
    return case.parties.filter(
        Q(kind__in=(Party.Kind.AGENCY, Party.Kind.OFFICIAL)) | Q(name__iregex=r"^united states")
    ).exists()
