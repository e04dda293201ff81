from django import template

from workspace.dashboard import draft_counts, recent_deletions

register = template.Library()


@register.inclusion_tag("admin/includes/workspace_overview.html", takes_context=True)
def workspace_overview(context):
    user = context["request"].user
    return {"drafts": draft_counts(user), "deletions": recent_deletions(user)}
