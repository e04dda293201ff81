from django.contrib import admin

from .models import Interview, Municipality, MunicipalityLink


class MunicipalityLinkInline(admin.TabularInline):
    model = MunicipalityLink
    extra = 0


class InterviewInline(admin.StackedInline):
    model = Interview
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "province", "approach_name", "publication_status", "updated_at"]
    list_filter = ["publication_status", "province"]
    search_fields = ["name", "cbs_code", "context", "approach_name", "programme"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [InterviewInline, MunicipalityLinkInline]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["municipality", "period", "held_on", "mode", "interviewee_role"]
    list_filter = ["mode"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "notes"]
