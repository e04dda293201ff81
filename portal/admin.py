from django.contrib import admin

from .models import ReportSection


@admin.register(ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "slug", "position"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
