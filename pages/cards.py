"""The investment card's four relations (themes, target groups, interventions, partners) in one query.

`for_listing()` prefetches them with a query each. On a page that also needs interviews, findings,
quotes and tips (the municipality page) that is four queries too many: the links between investments
and those terms come from one UNION over the four link tables, and the terms themselves (a few dozen,
the same on every page) are read once per content version. The card template is unchanged: each
relation is set as Django's own prefetch would set it, so `investment.themes.all` reads no database.
"""

from django.db.models import CharField, Value

from core.derived import per_content_version
from core.models import previews_drafts
from investments.models import Intervention, Investment, Partner, TargetGroup, Theme

RELATIONS = {
    # relation name -> (model, column of the link table that points at the term)
    "themes": (Theme, "theme_id"),
    "target_groups": (TargetGroup, "targetgroup_id"),
    "interventions": (Intervention, "intervention_id"),
    "partners": (Partner, "partner_id"),
}


def _terms(user=None) -> dict[str, dict[int, object]]:
    """{relation: {id: term}} in each model's own order; interventions only those visible to `user`."""
    return {
        name: {
            term.pk: term for term in (model.objects.visible_to(user) if model is Intervention else model.objects.all())
        }
        for name, (model, _column) in RELATIONS.items()
    }


def _links(investment_ids):
    """(relation, investment id, term id) rows of the four link tables, as one query."""
    parts = [
        getattr(Investment, name)
        .through.objects.filter(investment_id__in=investment_ids)
        .annotate(relation=Value(name, output_field=CharField()))
        .values_list("relation", "investment_id", column)
        .order_by()
        for name, (_model, column) in RELATIONS.items()
    ]
    return parts[0].union(*parts[1:], all=True)


def _set_prefetched(investment, name, model, terms):
    # What Django's prefetch_related stores: a queryset whose results are already there.
    queryset = model._default_manager.none()
    queryset._result_cache = terms
    queryset._prefetch_done = True
    investment._prefetched_objects_cache[name] = queryset


def attach_card_relations(investments, user) -> None:
    """Give each of `investments` (a list) its themes, target groups, interventions and partners.

    One query for the links; the terms are precomputed for the public (staff may see draft
    interventions, so for them they are read directly).
    """
    if not investments:
        return
    terms = _terms(user) if previews_drafts(user) else per_content_version("investment-card-terms", _terms)
    order = {name: {pk: index for index, pk in enumerate(by_id)} for name, by_id in terms.items()}
    found = {(name, investment.pk): [] for investment in investments for name in RELATIONS}
    for name, investment_id, term_id in _links([investment.pk for investment in investments]):
        # A term missing from `terms` is not visible (a draft intervention): the card leaves it out.
        if term_id in terms[name]:
            found[name, investment_id].append(term_id)
    for investment in investments:
        investment.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, (model, _column) in RELATIONS.items():
            ids = sorted(found[name, investment.pk], key=order[name].__getitem__)
            _set_prefetched(investment, name, model, [terms[name][pk] for pk in ids])
