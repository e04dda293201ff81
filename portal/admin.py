from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from .admin_base import SupportingAdmin
from .models import ReportSection


@admin.register(ReportSection)
class ReportSectionAdmin(SupportingAdmin):
    list_display = ["number", "title", "slug", "position"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}


# The worker's task table is machinery, not workspace content: a researcher follows an import on its
# own page (ContentAdmin.import_job_view), and `manage.py prune_db_task_results` tidies the table.
admin.site.unregister(DBTaskResult)
