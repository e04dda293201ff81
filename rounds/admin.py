"""The researcher workspace for rounds: one page per interview, and publishing as a unit.

An interview starts on a small add page (round, municipality, form) and continues on its own page
(rounds/forms.py InterviewPage): the interview's facts, one answer per question of the round with
only that question's topics, an explicit choice for every investment still open in the previous
round, and new investments. One save stores it all (rounds.services.save_interview) and says in
one message what was stored. An interview or a round is published, or put back to draft, with
everything that belongs to it after a preview (PublishAsUnitMixin).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import ADMIN_CHANGE_REASON, ContentAdmin, LockedInlineMixin, SupportingAdmin
from core.models import PublicationStatus

from .forms import InterviewPage
from .models import Answer, Interview, Progress, Question, Round, Topic
from .resources import AnswerResource, InterviewResource, ProgressResource, RoundResource
from .services import copy_questionnaire, interview_unit, round_unit, set_unit_status

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT


class PublishAsUnitMixin:
    """Publishing a record with everything that belongs to it, and putting it all back to draft.

    A preview (GET) lists what will change; the POST changes all of it in one transaction
    (rounds.services.set_unit_status). Both need the publish permission of every model in the unit.
    """

    def publication_unit(self, obj, status):
        raise NotImplementedError

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view(self.publish_unit_view)
        return [
            path("<path:object_id>/publiceren/", view, {"status": PUBLISHED}, name=f"{name}_publish"),
            path("<path:object_id>/terugzetten/", view, {"status": DRAFT}, name=f"{name}_unpublish"),
            *super().get_urls(),
        ]

    def may_publish_unit(self, request, unit) -> bool:
        return all(
            request.user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")
            for model in unit.models()
        )

    def publish_unit_view(self, request, object_id, status):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        with transaction.atomic():
            unit = self.publication_unit(obj, status)
            if not self.may_publish_unit(request, unit):
                raise PermissionDenied
            change_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
            if request.method == "POST":
                count = set_unit_status(unit)
                self.message_user(request, _unit_message(count, status), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
            sections = [(part.model._meta.verbose_name_plural, list(part)) for part in unit.parts()]
        publishing = status == PUBLISHED
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": _("%(object)s publiceren") % {"object": obj}
            if publishing
            else _("%(object)s terugzetten naar concept") % {"object": obj},
            "publishing": publishing,
            "sections": [(heading, records) for heading, records in sections if records],
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/rounds/publish_unit.html", context)


def _unit_message(count, status):
    if status == PUBLISHED:
        message = ngettext("%(count)d onderdeel gepubliceerd.", "%(count)d onderdelen gepubliceerd.", count)
    else:
        message = ngettext(
            "%(count)d onderdeel teruggezet naar concept.", "%(count)d onderdelen teruggezet naar concept.", count
        )
    return message % {"count": count}


class InterviewInline(LockedInlineMixin, admin.TabularInline):
    """On the municipality's page: its interviews, each opening the page to enter its answers."""

    model = Interview
    extra = 0
    fields = ["round", "period", "held_on", "mode", "interviewee_role", "publication_status", "version_seen"]
    show_change_link = True


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["number", "text", "guidance"]
    show_change_link = True


@admin.register(Round)
class RoundAdmin(PublishAsUnitMixin, ContentAdmin):
    resource_classes = [RoundResource]
    list_display = ["name", "slug", "starts_on", "ends_on", "publication_status", "updated_at"]
    list_filter = ["publication_status"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": [("name", "slug"), ("starts_on", "ends_on"), "publication_status", "version_seen"]}),
        (None, {"fields": ["description"]}),
        (None, {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [QuestionInline]

    def publication_unit(self, obj, status):
        return round_unit(obj, status)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new round without questions of its own starts with a copy of the previous questionnaire.
        copy_questionnaire(form.instance)


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    fields = ["position", "slug", "text", "parent"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            question_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Topic.objects.filter(question_id=question_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Question)
class QuestionAdmin(SupportingAdmin):
    list_display = ["__str__", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]
    search_fields = ["text"]
    inlines = [TopicInline]


@admin.register(Interview)
class InterviewAdmin(PublishAsUnitMixin, ContentAdmin):
    """An interview starts with its round, municipality and form; then everything is on one page."""

    resource_classes = [InterviewResource]
    list_display = ["municipality", "round", "period", "held_on", "mode", "source", "publication_status", "updated_at"]
    list_filter = ["publication_status", "round", "mode", "source"]
    list_select_related = ["municipality", "round"]
    search_fields = ["municipality__name", "notes", "interviewee_role"]
    add_fieldsets = [(None, {"fields": ["round", "municipality", "mode"]})]
    # What a user who may only view sees (the interview page itself is for those who may change it).
    fieldsets = [
        (None, {"fields": [("municipality", "round"), "publication_status", "version_seen"]}),
        (None, {"fields": [("held_on", "period"), ("mode", "interviewee_role"), "notes"]}),
    ]

    def publication_unit(self, obj, status):
        return interview_unit(obj, status)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request, _("Het interview is aangemaakt. Vul nu de antwoorden en de voortgang in."), messages.SUCCESS
        )
        return HttpResponseRedirect(self._admin_url("change", obj.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        interview = self.get_object(request, unquote(object_id))
        if interview is None or not self.has_change_permission(request, interview):
            # Django's own answers: a missing record, or the read-only page for a view permission.
            return super().change_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            page = InterviewPage(interview, request.POST if request.method == "POST" else None)
            if request.method == "POST" and page.is_valid():
                saved = page.save(reason=ADMIN_CHANGE_REASON)
                message = saved.message()
                if saved:
                    self.log_change(request, interview, message)
                self.message_user(request, message, messages.SUCCESS if saved else messages.INFO)
                return HttpResponseRedirect(request.path)
            drafts = len(interview_unit(interview, PUBLISHED))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": interview,
            "title": _("Interview"),
            "subtitle": str(interview),
            "page": page,
            "previous_round": interview.round.previous(),
            "drafts": drafts,
            "may_publish": self.may_publish_unit(request, interview_unit(interview, PUBLISHED)),
            "publish_url": self._admin_url("publish", interview.pk),
            "unpublish_url": self._admin_url("unpublish", interview.pk),
            "history_url": self._admin_url("history", interview.pk),
            "changelist_url": self._admin_url("changelist"),
        }
        return TemplateResponse(request, "admin/rounds/interview/interview_page.html", context)


class AnswerAdmin(ContentAdmin):
    resource_classes = [AnswerResource]
    list_display = ["interview", "question", "publication_status", "updated_at"]
    list_filter = ["publication_status", "interview__round"]
    list_select_related = ["interview__municipality", "interview__round", "question"]
    search_fields = ["text", "interview__municipality__name"]
    fields = ["interview", "question", "text", "topics", "publication_status", "version_seen"]
    filter_horizontal = ["topics"]


class ProgressAdmin(ContentAdmin):
    resource_classes = [ProgressResource]
    list_display = ["investment", "interview", "status", "publication_status", "updated_at"]
    list_filter = ["publication_status", "status", "interview__round"]
    list_select_related = ["investment__municipality", "interview__municipality", "interview__round"]
    search_fields = ["investment__title", "explanation", "interview__municipality__name"]
    fields = ["interview", "investment", "status", "explanation", "publication_status", "version_seen"]
    raw_id_fields = ["interview", "investment"]


admin.site.register(Answer, AnswerAdmin)
admin.site.register(Progress, ProgressAdmin)
