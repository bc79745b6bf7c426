"""The case and the people in it: court, case, parties, counsel, users and their roles.

Every model that holds case data carries `history = HistoricalRecords()` so each change is
audited with who, when and the before/after values (django-simple-history)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who logs in. What they may see is decided by their CaseMemberships."""

    history = HistoricalRecords()


class Court(models.Model):
    """A federal court as CM/ECF knows it. Every district court and court of appeals is loaded by
    a data migration from casetracker/court_list.py."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "District court"
        APPELLATE = "appellate", "Court of appeals"

    name = models.CharField(max_length=200)
    cmecf_code = models.SlugField(max_length=20, unique=True, help_text="CM/ECF court id, e.g. dcd")
    time_zone = models.CharField(max_length=64, default="America/New_York")
    holiday_subdivision = models.CharField(
        max_length=10, blank=True, help_text="State/territory whose holidays count (6(a)(6)(C))"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DISTRICT)
    rss_url = models.URLField(
        "RSS feed URL",
        max_length=300,
        blank=True,
        help_text="The court's CM/ECF RSS feed; blank = not polled",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_appellate(self):
        return self.kind == self.Kind.APPELLATE


class CourtClosure(models.Model):
    """A day the court treats as a legal holiday beyond the statutory list: a day declared by the
    President or Congress (FRCP 6(a)(6)(B)) or a closure of the clerk's office."""

    court = models.ForeignKey(Court, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["court", "date"], name="one_closure_a_day")]
        ordering = ["date"]

    def __str__(self):
        return f"{self.date}: {self.reason}"


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        STAYED = "stayed", "Stayed"
        CLOSED = "closed", "Closed"

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases")
    docket_number = models.CharField(max_length=40)
    caption = models.CharField(max_length=300)
    short_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    judge = models.CharField(max_length=120, blank=True)
    nature_of_suit = models.CharField(max_length=120, blank=True)
    cause = models.CharField(
        max_length=200,
        blank=True,
        help_text="As CM/ECF gives it, e.g. 05:702 Administrative Procedure Act",
    )
    jurisdiction = models.CharField(
        max_length=120, blank=True, help_text="e.g. U.S. Government Defendant"
    )
    jury_demand = models.CharField(max_length=60, blank=True, help_text="e.g. None")
    date_filed = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    stage = models.CharField(
        max_length=200, blank=True, help_text="Current stage in plain words, shown to clients"
    )
    public_summary = models.TextField(blank=True, help_text="Plain-language summary for clients")
    is_demo = models.BooleanField(default=False, help_text="Demo data, not the real case")
    docket_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped on every docket change; keys the page cache"
    )
    record_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Bumped on every administrative-record change; keys the record checks' cache",
    )
    history = HistoricalRecords(excluded_fields=["docket_version", "record_version"])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "docket_number"], name="one_case_per_number")
        ]
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        """Never write `docket_version` back from an instance: it is only ever bumped in the
        database (docket.entries.cache), and a stale copy saved by an edit of the case would send the
        page cache back to an older key."""
        if self.pk and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "docket_version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("case_detail", kwargs={"slug": self.slug})

    @cached_property
    def other_court_links(self):
        """(links to this case's cases in other courts, the link from the case below if this is
        an appeal), in one query: the case header shows both on every page."""
        links = list(
            RelatedCase.objects.filter(models.Q(case=self) | models.Q(tracked_case=self))
            .select_related("court", "case__court", "tracked_case")
            .order_by("pk")
        )
        return (
            [link for link in links if link.case_id == self.pk],
            next((link for link in links if link.tracked_case_id == self.pk), None),
        )


APPELLATE_CODES = frozenset(
    {"cadc", "cafc", "ca1", "ca2", "ca3", "ca4", "ca5", "ca6", "ca7", "ca8", "ca9", "ca10", "ca11"}
)


def is_appellate_court(code):
    """A United States court of appeals, by its CM/ECF code (`cadc` = the D.C. Circuit)."""
    return (code or "").lower() in APPELLATE_CODES


class RelatedCase(models.Model):
    """A case in another court that is part of this one — here the appeal: D.C. Cir. No. 26-5006
    from the district court's order of 21 Nov 2025. Known by court and number before anything
    about it is imported; `tracked_case` is the tracker's own case for it once its docket is
    imported (its entries, FRAP deadlines), whose members are this case's members."""

    class Relation(models.TextChoices):
        APPEAL = "appeal", "Appeal"
        RELATED = "related", "Related case"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="related_cases")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    docket_number = models.CharField(max_length=40)
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.APPEAL)
    from_order_date = models.DateField(
        null=True, blank=True, help_text="The order or judgment appealed from"
    )
    note = models.TextField(blank=True)
    tracked_case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="lower_court_link"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "court", "docket_number"], name="one_related_case_link"
            )
        ]
        ordering = ["pk"]

    def __str__(self):
        return self.other_court_label

    @property
    def other_court_label(self):
        """As CM/ECF's docket header prints it: `USCA 26-5006` for a court of appeals."""
        prefix = (
            "USCA" if is_appellate_court(self.court.cmecf_code) else self.court.cmecf_code.upper()
        )
        return f"{prefix} {self.docket_number}"


class Party(models.Model):
    class Side(models.TextChoices):
        PLAINTIFF = "plaintiff", "Plaintiff"
        DEFENDANT = "defendant", "Defendant"
        INTERVENOR = "intervenor", "Intervenor"
        AMICUS = "amicus", "Amicus"

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        AGENCY = "agency", "Agency"
        OFFICIAL = "official", "Official"
        PERSON = "person", "Person"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=300)
    side = models.CharField(max_length=12, choices=Side.choices)
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.ORGANISATION)
    date_terminated = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "name", "side"], name="one_party_per_name")
        ]
        ordering = ["side", "pk"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name


class Attorney(models.Model):
    """Counsel. The signature block of every filing is built from these fields; any may be
    missing (the public record does not give bar numbers), and the block omits what is blank."""

    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    bar_number = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    is_our_counsel = models.BooleanField(
        default=False,
        help_text="One of the team's own lawyers: the parties they represent are ours "
        "(casetracker.sides)",
    )
    user = models.OneToOneField(
        "User", null=True, blank=True, on_delete=models.SET_NULL, related_name="attorney"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Representation(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead attorney"
        COUNSEL = "counsel", "Attorney to be noticed"
        PRO_HAC_VICE = "pro_hac_vice", "Pro hac vice"

    attorney = models.ForeignKey(Attorney, on_delete=models.CASCADE, related_name="representations")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="representations")
    role = models.CharField(max_length=14, choices=Role.choices, default=Role.COUNSEL)
    terminated = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attorney", "party"], name="one_representation")
        ]


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    ATTORNEY = "attorney", "Attorney"
    PARALEGAL = "paralegal", "Paralegal"
    CLIENT = "client", "Client"


class CaseMembership(models.Model):
    """What gives a user access to a case, and with which role. A client membership is tied to
    the plaintiff organisation the client belongs to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="client_members"
    )
    public_order_notices = models.BooleanField(
        default=False,
        help_text="Clients: send a plain-language notice (e-mail and in-app) of each public order",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="one_membership_per_case"),
            models.CheckConstraint(
                condition=~models.Q(role="client") | models.Q(party__isnull=False),
                name="client_membership_has_party",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} on {self.case}"

    @property
    def is_team(self):
        """Attorneys, paralegals and admins are the legal team; clients are not."""
        return self.role != Role.CLIENT


class RestoreRecord(models.Model):
    """One restore of a backup (issue 11 §5): who, when, which archive, and why. A restore
    replaces every table, so this log is never taken from or put into an archive
    (casetracker.backup.EXCLUDE): the rows that exist before a restore are carried over it, and
    the new row is written after the archive is loaded, in the same transaction."""

    restored_at = models.DateTimeField()
    restored_by = models.CharField(
        max_length=150, help_text="The tracker user, or the operating-system account, who ran it"
    )
    archive = models.CharField(max_length=500, help_text="The archive's file name as given")
    archive_sha256 = models.CharField(max_length=64)
    backup_created_at = models.CharField(
        max_length=40, blank=True, help_text="When the backup was made (from its manifest)"
    )
    signed = models.BooleanField(help_text="Signed with this installation's key")
    reason = models.TextField()
    objects_restored = models.PositiveIntegerField(default=0)
    files_restored = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-restored_at", "-pk"]

    def __str__(self):
        return f"Restore of {self.archive} on {self.restored_at:%Y-%m-%d %H:%M} UTC"
