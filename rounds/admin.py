"""The researcher workspace for rounds: one page per interview, with its answers and progress.

The interview page lists the round's questions as inline answers (topic checkboxes), and below
them every investment of the municipality that was still open in the previous round, with its
status for this round to set, plus rows for new investments. Drafts until published; optimistic
locking and history as everywhere else (ContentAdmin, LockedInlineMixin).
"""

from django import forms
from django.contrib import admin
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.admin_base import ContentAdmin, LockedInlineMixin, SupportingAdmin
from core.locking import OptimisticLockingForm
from investments.models import Investment

from .models import Answer, Interview, Progress, Question, Round, Topic
from .resources import AnswerResource, InterviewResource, ProgressResource, RoundResource
from .services import copy_questionnaire, investments_to_follow_up


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
class RoundAdmin(ContentAdmin):
    resource_classes = [RoundResource]
    list_display = ["name", "slug", "starts_on", "ends_on", "publication_status", "updated_at"]
    list_filter = ["publication_status"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": [("name", "slug"), ("starts_on", "ends_on"), "publication_status", "version_seen"]}),
        (None, {"fields": ["description"]}),
        (None, {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [QuestionInline]

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


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, topic):
        prefix = "– " if topic.parent_id else ""
        return f"{topic.question.number}. {prefix}{topic.text}"


class AnswerForm(OptimisticLockingForm):
    class Meta:
        model = Answer
        fields = ["question", "text", "topics", "publication_status"]

    def clean(self):
        cleaned_data = super().clean()
        question = cleaned_data.get("question")
        stray = [topic for topic in cleaned_data.get("topics", []) if question and topic.question_id != question.pk]
        if stray:
            self.add_error("topics", _("Kies alleen onderwerpen van deze vraag."))
        return cleaned_data


class AnswerInline(LockedInlineMixin, admin.StackedInline):
    model = Answer
    form = AnswerForm
    extra = 0
    fields = ["question", "text", "topics", "publication_status", "version_seen"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        round_id = _round_id(request)
        if db_field.name == "question":
            kwargs["queryset"] = Question.objects.filter(round_id=round_id)
        if db_field.name == "topics":
            return TopicChoiceField(
                queryset=Topic.objects.filter(question__round_id=round_id).select_related("question"),
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=db_field.verbose_name,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        return len(_answer_initial(request, obj))


class ProgressForm(OptimisticLockingForm):
    new_title = forms.CharField(label=_("nieuwe investering: titel"), max_length=200, required=False)
    new_text = forms.CharField(
        label=_("nieuwe investering: tekst"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    class Meta:
        model = Progress
        fields = ["investment", "status", "explanation", "publication_status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investment"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("investment") and not (cleaned_data.get("new_title") and cleaned_data.get("new_text")):
            self.add_error(
                "investment", _("Kies een investering, of geef een titel en tekst voor een nieuwe investering.")
            )
        return cleaned_data

    def save(self, commit=True):
        progress = super().save(commit=False)
        if progress.investment_id is None:
            municipality = progress.interview.municipality
            position = municipality.investments.aggregate(last=Max("position"))["last"] or 0
            title = self.cleaned_data["new_title"]
            slug, number = slugify(title)[:190] or "investering", 1
            base = slug
            while Investment.objects.filter(municipality=municipality, slug=slug).exists():
                number += 1
                slug = f"{base}-{number}"
            progress.investment = Investment.objects.create(
                municipality=municipality,
                title=title,
                slug=slug,
                text=self.cleaned_data["new_text"],
                status=progress.status,
                position=position + 1,
                publication_status=progress.publication_status,
            )
        if commit:
            progress.save()
        return progress


class ProgressInline(LockedInlineMixin, admin.StackedInline):
    model = Progress
    form = ProgressForm
    extra = 0
    fields = [("investment", "status", "publication_status"), "explanation", ("new_title", "new_text"), "version_seen"]
    verbose_name = _("voortgang van een investering")
    verbose_name_plural = _("voortgang van de investeringen")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "investment":
            kwargs["queryset"] = Investment.objects.filter(municipality_id=_municipality_id(request)).in_report_order()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        # The open investments of the previous round, and one row for a new investment.
        return len(_progress_initial(request, obj)) + 1


def _interview(request):
    object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
    if not hasattr(request, "_rounds_interview"):
        request._rounds_interview = Interview.objects.filter(pk=object_id).first() if object_id else None
    return request._rounds_interview


def _from_request(request, name):
    interview = _interview(request)
    if interview is not None:
        return getattr(interview, f"{name}_id")
    value = request.POST.get(name) or request.GET.get(name)
    return int(value) if value and str(value).isdigit() else None


def _round_id(request):
    return _from_request(request, "round")


def _municipality_id(request):
    return _from_request(request, "municipality")


def _answer_initial(request, obj):
    answered = set(obj.answers.values_list("question_id", flat=True)) if obj and obj.pk else set()
    questions = Question.objects.filter(round_id=_round_id(request)).exclude(pk__in=answered)
    return [{"question": question.pk} for question in questions]


def _progress_initial(request, obj):
    round_id, municipality_id = _round_id(request), _municipality_id(request)
    if round_id is None or municipality_id is None:
        return []
    interview = obj if obj and obj.pk else Interview(round_id=round_id, municipality_id=municipality_id)
    recorded = set(interview.progress.values_list("investment_id", flat=True)) if interview.pk else set()
    previous_status = dict(
        Progress.objects.filter(
            interview__round=interview.round.previous(), investment__municipality_id=municipality_id
        ).values_list("investment_id", "status")
    )
    return [
        {"investment": investment.pk, "status": previous_status.get(investment.pk)}
        for investment in investments_to_follow_up(interview)
        if investment.pk not in recorded
    ]


@admin.register(Interview)
class InterviewAdmin(ContentAdmin):
    resource_classes = [InterviewResource]
    list_display = ["municipality", "round", "period", "held_on", "mode", "publication_status", "updated_at"]
    list_filter = ["publication_status", "round", "mode"]
    list_select_related = ["municipality", "round"]
    search_fields = ["municipality__name", "notes", "interviewee_role"]
    fieldsets = [
        (None, {"fields": [("municipality", "round"), "publication_status", "version_seen"]}),
        (None, {"fields": [("held_on", "period"), ("mode", "interviewee_role"), "notes"]}),
        (None, {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [AnswerInline, ProgressInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        # The same initial rows on GET and POST, so a row left as offered counts as unchanged.
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, AnswerInline):
            kwargs["initial"] = _answer_initial(request, obj)
        elif isinstance(inline, ProgressInline):
            kwargs["initial"] = _progress_initial(request, obj)
        return kwargs

    def get_readonly_fields(self, request, obj=None):
        # The answers belong to the round's questions: an interview keeps its round and municipality.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "municipality", "round"] if obj else fields


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
