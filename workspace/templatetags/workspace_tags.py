from django import template

from workspace.dashboard import draft_counts, recent_deletions, round_progress, statline_import_url, workflow_links

register = template.Library()


@register.inclusion_tag("admin/includes/workspace_overview.html", takes_context=True)
def workspace_overview(context):
    user = context["request"].user
    return {
        "links": workflow_links(user),
        "rounds": round_progress(user),
        "drafts": draft_counts(user),
        "deletions": recent_deletions(user),
        "statline_import_url": statline_import_url(user),
    }
