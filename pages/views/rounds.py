from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from core.models import previews_drafts
from rounds.figures import round_figures
from rounds.models import Answer, Interview, Progress, Question, Round, Topic


def with_timeline(investments, user):
    """Prefetch `timeline`: the investment's published progress, round by round (its history)."""
    return investments.prefetch_related(
        Prefetch(
            "progress",
            queryset=Progress.objects.visible_to(user)
            .select_related("interview__round")
            .order_by("interview__round__starts_on", "interview__round__slug"),
            to_attr="timeline",
        )
    )


def interviews_with_answers(interviews, user):
    """The interviews visible to `user`, oldest round first, each with its answers question by question."""
    answers = Answer.objects.visible_to(user).select_related("question").prefetch_related("topics")
    return (
        interviews.filter(pk__in=Interview.objects.visible_to(user))
        .select_related("round")
        .prefetch_related(Prefetch("answers", queryset=answers.order_by("question__number")))
        .order_by("round__starts_on", "round__slug")
    )


def round_list(request):
    user = request.user
    interviews = Q(interviews__in=Interview.objects.visible_to(user))
    rounds = Round.objects.visible_to(user).annotate(interview_count=Count("interviews", filter=interviews))
    return render(request, "rounds/round_list.html", {"rounds": rounds.order_by("-starts_on", "-slug")})


def round_detail(request, slug):
    user = request.user
    round_ = get_object_or_404(
        Round.objects.visible_to(user).prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.prefetch_related(
                    Prefetch("topics", queryset=Topic.objects.filter(parent=None).prefetch_related("children"))
                ),
            )
        ),
        slug=slug,
    )
    interviews = Interview.objects.visible_to(user).filter(round=round_).select_related("municipality")
    figures = round_figures(round_, user if previews_drafts(user) else None)
    return render(
        request,
        "rounds/round_detail.html",
        {
            "round": round_,
            "interviews": interviews.order_by("municipality__name"),
            "figures": figures,
            "main_tally": figures.follow_up if figures.follow_up and figures.follow_up.total else figures.statuses,
            "sentence": figures.sentence(round_),
        },
    )
