"""The workspace for self-reporting: invite municipalities per round, follow the response, remind,
revoke, and review each submission beside the municipality's previous round.

Accepting makes a draft interview (rounds); its page is where a researcher edits before publishing,
and its "publish" action publishes the whole submission as one unit (rounds.admin.PublishAsUnitMixin).
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import RevertRequiresChangePermissionMixin
from municipalities.models import Municipality, Province
from rounds.models import Round

from . import selectors, services
from .forms import ReviewForm
from .models import Invitation, Submission, SubmissionStatus

ONE, SELECTION, PROVINCE, ALL = "one", "selection", "province", "all"
_ADDRESS_LINE = re.compile(r"^\s*(GM\d{4})[\s,;]+(\S+)\s*$", re.IGNORECASE)


def _link_maker(request):
    def link_for(token):
        return request.build_absolute_uri(reverse("selfreport:questionnaire", kwargs={"token": token}))

    return link_for


class InviteForm(forms.Form):
    round = forms.ModelChoiceField(label=gettext_lazy("Ronde"), queryset=Round.objects.order_by("-starts_on"))
    scope = forms.ChoiceField(
        label=gettext_lazy("Wie"),
        choices=[
            (ONE, gettext_lazy("één gemeente")),
            (SELECTION, gettext_lazy("een selectie")),
            (PROVINCE, gettext_lazy("een provincie")),
            (ALL, gettext_lazy("alle gemeenten")),
        ],
        widget=forms.RadioSelect,
        initial=SELECTION,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Gemeenten (bij één of een selectie)"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    province = forms.ChoiceField(
        label=gettext_lazy("Provincie"), choices=[("", "—"), *Province.choices], required=False
    )
    addresses = forms.CharField(
        label=gettext_lazy("E-mailadressen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
        help_text=gettext_lazy(
            "Eén regel per gemeente: CBS-code en e-mailadres, bijvoorbeeld ‘GM0917 beleid@heerlen.nl’. "
            "Gemeenten uit de keuze zonder adres worden niet uitgenodigd."
        ),
    )

    def clean_addresses(self):
        addresses, problems = {}, []
        for number, line in enumerate(self.cleaned_data["addresses"].splitlines(), start=1):
            if not line.strip():
                continue
            match = _ADDRESS_LINE.match(line)
            try:
                if match is None:
                    raise ValidationError("")
                validate_email(match.group(2))
            except ValidationError:
                problems.append(_("regel %(number)d") % {"number": number})
                continue
            addresses[match.group(1).upper()] = match.group(2)
        if problems:
            raise ValidationError(
                _("Niet te lezen (CBS-code en e-mailadres verwacht): %(lines)s.") % {"lines": ", ".join(problems)}
            )
        return addresses

    def clean(self):
        cleaned = super().clean()
        scope, chosen = cleaned.get("scope"), cleaned.get("municipalities")
        if scope == ONE and (chosen is None or len(chosen) != 1):
            self.add_error("municipalities", _("Kies precies één gemeente."))
        elif scope == SELECTION and not chosen:
            self.add_error("municipalities", _("Kies een of meer gemeenten."))
        elif scope == PROVINCE and not cleaned.get("province"):
            self.add_error("province", _("Kies een provincie."))
        return cleaned

    def recipients(self):
        """(municipality, e-mail) for each chosen municipality with an address; and those without one."""
        data = self.cleaned_data
        municipalities = {
            ONE: lambda: data["municipalities"],
            SELECTION: lambda: data["municipalities"],
            PROVINCE: lambda: Municipality.objects.filter(province=data["province"]).order_by("name"),
            ALL: lambda: Municipality.objects.order_by("name"),
        }[data["scope"]]()
        addresses = data["addresses"]
        with_address = [(m, addresses[m.cbs_code]) for m in municipalities if m.cbs_code in addresses]
        without = [m for m in municipalities if m.cbs_code not in addresses]
        return with_address, without


class SubmissionInline(admin.StackedInline):
    model = Submission
    extra = 0
    can_delete = False
    fields = ["status", "contact_role", "submitted_at", "reviewed_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(RevertRequiresChangePermissionMixin, SimpleHistoryAdmin):
    list_display = ["municipality", "round", "email", "state", "sent_at", "opened_at", "reminded_at"]
    list_filter = ["round", "submission__status"]
    list_select_related = ["municipality", "round", "submission"]
    search_fields = ["municipality__name", "email"]
    fields = ["round", "municipality", "email", "created_at", "sent_at", "opened_at", "reminded_at", "revoked_at"]
    readonly_fields = ["round", "municipality", "created_at", "sent_at", "opened_at", "reminded_at", "revoked_at"]
    actions = ["resend_links", "send_reminders", "revoke_links"]
    inlines = [SubmissionInline]

    @admin.display(description=gettext_lazy("stand"))
    def state(self, obj):
        if obj.is_revoked:
            return _("ingetrokken")
        submission = getattr(obj, "submission", None)
        if submission is not None:
            return submission.get_status_display()
        return _("geopend") if obj.opened_at else _("uitgenodigd")

    def has_add_permission(self, request):
        return False  # inviting is the invite page: it sends the mail with the link

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("uitnodigen/", view(self.invite_view), name="selfreport_invitation_invite"),
            path("per-ronde/", view(self.overview_view), name="selfreport_invitation_overview"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "invite_url": reverse("admin:selfreport_invitation_invite"),
            "overview_url": reverse("admin:selfreport_invitation_overview"),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def invite_view(self, request):
        if not self.has_change_permission(request) or not request.user.has_perm("selfreport.add_invitation"):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            recipients, without = form.recipients()
            try:
                invitations = services.invite(form.cleaned_data["round"], recipients, _link_maker(request))
            except services.InvitationRefused as refused:
                form.add_error("round", refused.messages)
            else:
                for invitation in invitations:
                    self.log_change(
                        request, invitation, _("Uitnodiging verstuurd aan %(email)s.") % {"email": invitation.email}
                    )
                message = ngettext(
                    "%(count)d uitnodiging verstuurd.", "%(count)d uitnodigingen verstuurd.", len(invitations)
                ) % {"count": len(invitations)}
                if without:
                    message += " " + _("Zonder e-mailadres, niet uitgenodigd: %(names)s.") % {
                        "names": ", ".join(m.name for m in without)
                    }
                self.message_user(request, message, messages.SUCCESS if invitations else messages.WARNING)
                return HttpResponseRedirect(reverse("admin:selfreport_invitation_overview"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Gemeenten uitnodigen"),
            "form": form,
        }
        return TemplateResponse(request, "admin/selfreport/invite.html", context)

    def overview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            round_ = Round.objects.filter(pk=request.POST.get("round")).first()
            if round_ is None:
                raise Http404
            count = services.remind(Invitation.objects.filter(round=round_), _link_maker(request))
            self.message_user(
                request,
                ngettext("%(count)d herinnering verstuurd.", "%(count)d herinneringen verstuurd.", count)
                % {"count": count},
            )
            return HttpResponseRedirect(request.path)
        rows = [
            (round_, selectors.round_state_counts(round_))
            for round_ in Round.objects.filter(invitations__isnull=False).distinct().order_by("-starts_on")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Zelfrapportage per ronde"),
            "rows": rows,
            "may_remind": self.has_change_permission(request),
            "invite_url": reverse("admin:selfreport_invitation_invite"),
        }
        return TemplateResponse(request, "admin/selfreport/overview.html", context)

    @admin.action(description=gettext_lazy("Nieuwe link sturen (de oude werkt dan niet meer)"), permissions=["change"])
    def resend_links(self, request, queryset):
        sent = services.invite_again(queryset, _link_maker(request))
        self.message_user(
            request, ngettext("%(count)d link verstuurd.", "%(count)d links verstuurd.", sent) % {"count": sent}
        )

    @admin.action(
        description=gettext_lazy("Herinnering sturen aan wie nog niet heeft ingediend"), permissions=["change"]
    )
    def send_reminders(self, request, queryset):
        count = services.remind(queryset, _link_maker(request))
        self.message_user(
            request,
            ngettext("%(count)d herinnering verstuurd.", "%(count)d herinneringen verstuurd.", count)
            % {"count": count},
        )

    @admin.action(description=gettext_lazy("Links intrekken"), permissions=["change"])
    def revoke_links(self, request, queryset):
        count = 0
        for invitation in queryset.filter(revoked_at__isnull=True):
            services.revoke(invitation)
            self.log_change(request, invitation, _("Link ingetrokken."))
            count += 1
        self.message_user(
            request, ngettext("%(count)d link ingetrokken.", "%(count)d links ingetrokken.", count) % {"count": count}
        )


@admin.register(Submission)
class SubmissionAdmin(RevertRequiresChangePermissionMixin, SimpleHistoryAdmin):
    list_display = ["invitation", "status", "contact_role", "submitted_at", "reviewed_at"]
    list_filter = ["status", "invitation__round"]
    list_select_related = ["invitation__municipality", "invitation__round"]
    search_fields = ["invitation__municipality__name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            raise Http404
        may_review = self.has_change_permission(request, submission)
        form = ReviewForm(request.POST or None)
        if request.method == "POST":
            if not may_review:
                raise PermissionDenied
            if form.is_valid():
                done = self._decide(request, submission, form)
                if done:
                    return HttpResponseRedirect(request.path)
        invitation = submission.invitation
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": submission,
            "title": _("Inzending beoordelen"),
            "subtitle": str(submission),
            "invitation": invitation,
            "submission": submission,
            "summary": services.submission_summary(submission),
            "previous": selectors.previous_interview(invitation),
            "form": form if submission.status == SubmissionStatus.SUBMITTED and may_review else None,
            "interview_url": reverse("admin:rounds_interview_change", args=[submission.interview_id])
            if submission.interview_id
            else None,
            "publish_url": reverse("admin:rounds_interview_publish", args=[submission.interview_id])
            if submission.interview_id
            else None,
            "history_url": reverse("admin:selfreport_submission_history", args=[submission.pk]),
        }
        return TemplateResponse(request, "admin/selfreport/review.html", context)

    def _decide(self, request, submission, form) -> bool:
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == ReviewForm.ACCEPT:
                services.accept(submission)
                message = _(
                    "Geaccepteerd: de inzending is nu een concept-interview van de ronde. "
                    "Controleer en publiceer het daar."
                )
            elif decision == ReviewForm.RETURN:
                services.return_submission(submission, comment)
                message = _("Teruggestuurd naar de gemeente, met uw opmerking.")
            else:
                services.reject(submission, comment)
                message = _("Afgewezen.")
        except services.ReviewRefused as refused:
            form.add_error(None, refused.message)
            return False
        self.log_change(request, submission, message)
        self.message_user(request, message, messages.SUCCESS)
        return True
