from django.contrib import admin

from .models import Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "unit", "source"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """The values come from the reference data and StatLine imports: read here, never typed in."""

    list_display = ["indicator", "area_code", "year", "age_group", "value", "boundary_year"]
    list_filter = ["indicator", "year", "age_group"]
    search_fields = ["area_code"]
    list_select_related = ["indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
