from django.contrib import admin

from core.admin_base import SupportingAdmin

from .models import ReportSection


@admin.register(ReportSection)
class ReportSectionAdmin(SupportingAdmin):
    list_display = ["number", "title", "slug", "position"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
