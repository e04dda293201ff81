"""Admin pages that combine domains: a municipality with its investments and quotes on one page.

The domain apps register their own admins; the workspace, above them, composes the municipality
page from their inlines, so `municipalities` never imports another domain.
"""

from django.contrib import admin

from investments.admin import InvestmentInline
from lessons.admin import MunicipalityQuoteInline
from municipalities.admin import MunicipalityAdmin, MunicipalityLinkInline
from municipalities.models import Municipality
from rounds.admin import InterviewInline


class MunicipalityWorkspaceAdmin(MunicipalityAdmin):
    inlines = [InterviewInline, InvestmentInline, MunicipalityQuoteInline, MunicipalityLinkInline]


admin.site.unregister(Municipality)
admin.site.register(Municipality, MunicipalityWorkspaceAdmin)
