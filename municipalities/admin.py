from django.contrib import admin

from core.admin_base import URL_FIELDS_ASSUME_HTTPS, ContentAdmin

from .models import Municipality, MunicipalityLink
from .resources import MunicipalityResource


class MunicipalityLinkInline(admin.TabularInline):
    model = MunicipalityLink
    extra = 0
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS


@admin.register(Municipality)
class MunicipalityAdmin(ContentAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ["name", "cbs_code", "province", "approach_name", "publication_status", "updated_at"]
    list_filter = ["publication_status", "province"]
    search_fields = ["name", "cbs_code", "context", "approach_name", "programme"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": [("name", "slug"), ("cbs_code", "province"), "publication_status", "version_seen"]}),
        (None, {"fields": ["context", "approach_name", "programme", "website", "report_section"]}),
        (None, {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    # The workspace adds the investments and quotes inline (workspace/admin.py): they are other domains.
    inlines = [MunicipalityLinkInline]
