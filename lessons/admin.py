from django.contrib import admin

from .models import Bottleneck, Lesson, Quote, Tip


class LessonQuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["municipality"]
    exclude = ["bottleneck"]


class BottleneckQuoteInline(LessonQuoteInline):
    exclude = ["lesson"]


class TipInline(admin.StackedInline):
    model = Tip
    extra = 0
    autocomplete_fields = ["municipality"]


class FindingAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "publication_status"]
    list_filter = ["publication_status"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities"]
    inlines = [LessonQuoteInline]


@admin.register(Lesson)
class LessonAdmin(FindingAdmin):
    pass


@admin.register(Bottleneck)
class BottleneckAdmin(FindingAdmin):
    inlines = [TipInline, BottleneckQuoteInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "lesson", "bottleneck", "publication_status"]
    list_filter = ["publication_status", "municipality"]
    list_select_related = ["municipality", "lesson", "bottleneck"]
    search_fields = ["text", "municipality__name"]
    autocomplete_fields = ["municipality", "lesson", "bottleneck"]


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "bottleneck", "publication_status"]
    list_filter = ["publication_status", "municipality"]
    list_select_related = ["municipality", "bottleneck"]
    search_fields = ["text", "municipality__name"]
    autocomplete_fields = ["municipality", "bottleneck"]
