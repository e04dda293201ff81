from django import template

register = template.Library()


@register.inclusion_tag("includes/investment.html")
def investment_card(investment, show_municipality=True, heading_level=3):
    return {"investment": investment, "show_municipality": show_municipality, "heading_tag": f"h{heading_level}"}
