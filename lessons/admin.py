from django.contrib import admin

from core.admin_base import ContentAdmin, LockedInlineMixin

from .models import Bottleneck, Lesson, Quote, Tip
from .resources import BottleneckResource, LessonResource, QuoteResource, TipResource


class LessonQuoteInline(LockedInlineMixin, admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["text", ("municipality", "speaker_role"), ("position", "publication_status"), "version_seen"]


class BottleneckQuoteInline(LessonQuoteInline):
    pass


class TipInline(LockedInlineMixin, admin.StackedInline):
    model = Tip
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["text", ("municipality", "position", "publication_status"), "version_seen"]


class MunicipalityQuoteInline(LockedInlineMixin, admin.StackedInline):
    model = Quote
    extra = 0
    fields = ["text", ("speaker_role", "position", "publication_status"), ("lesson", "bottleneck"), "version_seen"]
    autocomplete_fields = ["lesson", "bottleneck"]


class FindingAdmin(ContentAdmin):
    list_display = ["title", "position", "publication_status", "updated_at"]
    list_filter = ["publication_status"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities"]
    fieldsets = [
        (None, {"fields": [("title", "slug"), ("position", "publication_status"), "version_seen"]}),
        (None, {"fields": ["text", "municipalities"]}),
        (None, {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(Lesson)
class LessonAdmin(FindingAdmin):
    resource_classes = [LessonResource]
    inlines = [LessonQuoteInline]


@admin.register(Bottleneck)
class BottleneckAdmin(FindingAdmin):
    resource_classes = [BottleneckResource]
    inlines = [TipInline, BottleneckQuoteInline]


@admin.register(Quote)
class QuoteAdmin(ContentAdmin):
    resource_classes = [QuoteResource]
    list_display = ["__str__", "municipality", "lesson", "bottleneck", "publication_status"]
    list_filter = ["publication_status", "municipality"]
    list_select_related = ["municipality", "lesson", "bottleneck"]
    search_fields = ["text", "municipality__name"]
    autocomplete_fields = ["municipality", "lesson", "bottleneck"]


@admin.register(Tip)
class TipAdmin(ContentAdmin):
    resource_classes = [TipResource]
    list_display = ["__str__", "municipality", "bottleneck", "publication_status"]
    list_filter = ["publication_status", "municipality"]
    list_select_related = ["municipality", "bottleneck"]
    search_fields = ["text", "municipality__name"]
    autocomplete_fields = ["municipality", "bottleneck"]
