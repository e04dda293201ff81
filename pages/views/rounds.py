from typing import NamedTuple

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from pages.geo import municipality_url
from rounds import selectors
from rounds.models import InterviewMode, InterviewSource, Round, interview_when, interviewee_label
from selfreport.selectors import public_response_counts

# The report's sixteen municipalities fit on the first page, as before.
INTERVIEW_PAGE_SIZE = 50


def round_list(request):
    rounds = selectors.rounds_with_interview_counts(request.user)
    return render(request, "rounds/round_list.html", {"rounds": rounds})


class RoundInterviewLine(NamedTuple):
    """An interview as a round's page lists it."""

    url: str
    municipality: str
    when: str
    mode: str
    interviewee_role: str
    source: str


def _interview_lines(rows) -> list[RoundInterviewLine]:
    # One reverse() for the page rather than one per municipality; the mode's label in this language.
    url, modes, sources = municipality_url(), dict(InterviewMode.choices), dict(InterviewSource.choices)
    return [
        RoundInterviewLine(
            url(slug), name, interview_when(held_on, period), modes[mode], interviewee_label(role), sources[source]
        )
        for slug, name, held_on, period, mode, role, source in rows
    ]


def round_detail(request, slug):
    user = request.user
    round_ = get_object_or_404(Round.objects.visible_to(user), slug=slug)
    # A round interviews every municipality: 342 at national scale, so a page of them at a time.
    rows = selectors.round_interview_rows(round_, user=user)
    page = Paginator(rows, INTERVIEW_PAGE_SIZE).get_page(request.GET.get("pagina"))
    figures = selectors.figures(round_, user=user)
    return render(
        request,
        "rounds/round_detail.html",
        {
            "round": round_,
            # Questions and topics have no draft state of their own: the same for everyone who may see the round.
            "questionnaire": selectors.questionnaire(round_),
            "page": page,
            "interviews": _interview_lines(page.object_list),
            "figures": figures,
            "main_tally": figures.follow_up if figures.follow_up and figures.follow_up.total else figures.statuses,
            "sentence": figures.sentence(round_),
            "response": public_response_counts(round_),
        },
    )
