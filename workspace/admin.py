"""Admin pages that combine domains: a municipality with its investments and quotes on one page.

The domain apps register their own admins; the workspace, above them, composes the municipality
page from their inlines, so `municipalities` never imports another domain.
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from investments.admin import InvestmentInline
from lessons.admin import MunicipalityQuoteInline
from municipalities.admin import MunicipalityAdmin, MunicipalityLinkInline
from municipalities.models import Municipality
from rounds.admin import InterviewInline


class MunicipalityWorkspaceAdmin(MunicipalityAdmin):
    inlines = [InterviewInline, InvestmentInline, MunicipalityQuoteInline, MunicipalityLinkInline]


admin.site.unregister(Municipality)
admin.site.register(Municipality, MunicipalityWorkspaceAdmin)

# The worker's task table is machinery, not workspace content: a researcher follows an import on its
# own page (ContentAdmin.import_job_view), and `manage.py prune_db_task_results` tidies the table.
admin.site.unregister(DBTaskResult)
