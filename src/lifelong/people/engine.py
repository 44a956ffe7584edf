"""Pure computation of the career platform (no Django): scoring a competence check.

The rules are data: a rating of ``STRONG_FROM`` or more is a strength, anything lower a gap; a skipped
question is neither: its answer is unknown. It is reported as "not answered" (with a way to answer it
later), and an essential skill left unanswered is a *possible* gap: the development plan takes it up too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STRONG_FROM = 3  # "zelfstandig" (3) and "ik kan het anderen leren" (4) count as strengths


@dataclass(frozen=True)
class Answer:
    skill_id: int
    essential: bool
    rating: int | None  # 1..4, None when skipped or not reached
    skipped: bool = False


@dataclass
class CheckScore:
    strengths: list[Answer] = field(default_factory=list)
    gaps: list[Answer] = field(default_factory=list)
    unanswered: list[Answer] = field(default_factory=list)
    essential_total: int = 0
    essential_strong: int = 0
    essential_answered: int = 0

    @property
    def possible_gaps(self) -> list[Answer]:
        """The essential skills left unanswered: unknown, so maybe something to learn."""
        return [a for a in self.unanswered if a.essential]

    @property
    def match_percent(self) -> int | None:
        """Share of the occupation's essential skills you master on your own (rounded); None without any."""
        if not self.essential_total:
            return None
        return round(100 * self.essential_strong / self.essential_total)


def score_check(answers: list[Answer]) -> CheckScore:
    score = CheckScore()
    for a in answers:
        if a.essential:
            score.essential_total += 1
        if a.rating is None:
            score.unanswered.append(a)
            continue
        if a.essential:
            score.essential_answered += 1
        if a.rating >= STRONG_FROM:
            score.strengths.append(a)
            score.essential_strong += a.essential
        else:
            score.gaps.append(a)
    # essential first, then the weakest gaps first
    score.gaps.sort(key=lambda a: (not a.essential, a.rating))
    score.strengths.sort(key=lambda a: (not a.essential, -a.rating))
    return score
