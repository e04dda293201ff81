from django.contrib import admin

from .models import Interview


class InterviewInline(admin.StackedInline):
    model = Interview
    extra = 0
