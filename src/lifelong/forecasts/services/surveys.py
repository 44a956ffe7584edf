"""Employer surveys: define, answer (web form or CSV import), weight to the population of firms."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from lifelong import errors
from lifelong.organisations.models import Organisation
from lifelong.reference import NACE_SECTIONS, FirmSize
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import label_of

from ..engine import survey_weighting
from ..models import (
    COUNT_KINDS,
    FirmPopulation,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

SYNTHETIC_POPULATION_SOURCE = ("SYNTHETISCH — afgeleid van de demo-organisaties (aantal per grootte × sector); "
                               "geen officieel cijfer")
DEFAULT_MAX_COUNT = 10_000
CSV_COLUMNS = ("enterprise_number", "kind", "concept_uri", "value")


class SurveyRefused(errors.Refused):
    """A survey write that breaks a rule; the message is for the user (Dutch)."""


# --- population --------------------------------------------------------------------------------


def population_cells() -> dict[tuple[str, str], int]:
    return {(p.size_class, p.nace_section): p.firms for p in FirmPopulation.objects.all()}


def population_source() -> tuple[str, bool]:
    sources = sorted(set(FirmPopulation.objects.values_list("source", flat=True)))
    synthetic = FirmPopulation.objects.filter(is_synthetic=True).exists()
    return "; ".join(sources), synthetic


@transaction.atomic
def derive_population_from_organisations(*, synthetic_only: bool = True) -> int:
    """Replace the population table by the count of (demo) organisations per cell, labelled synthetic."""
    qs = Organisation.objects.all()
    if synthetic_only:
        qs = qs.filter(is_synthetic=True)
    counts = Counter(qs.values_list("size_class", "nace_section"))
    FirmPopulation.objects.all().delete()
    FirmPopulation.objects.bulk_create([
        FirmPopulation(size_class=s, nace_section=a, firms=n, source=SYNTHETIC_POPULATION_SOURCE, is_synthetic=True)
        for (s, a), n in sorted(counts.items())])
    return len(counts)


@transaction.atomic
def import_population(*, text: str, source: str, is_synthetic: bool = False) -> tuple[int, list[tuple[int, str]]]:
    """Replace the population table by a CSV ``size_class,nace_section,firms`` (e.g. Statbel/RSZ-ONSS
    counts). Each refused line is reported; nothing is replaced when no line is valid."""
    if not source.strip():
        raise SurveyRefused("geef de bron van de cijfers (--source)")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    names = [n.strip().lower() for n in reader.fieldnames or []]
    if [c for c in ("size_class", "nace_section", "firms") if c not in names]:
        raise SurveyRefused("de eerste regel moet size_class,nace_section,firms zijn")
    sizes = {c for c, _label in FirmSize.CHOICES}
    cells, refused = {}, []
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        line = reader.line_num
        size, nace, firms = row.get("size_class", ""), row.get("nace_section", "").upper(), row.get("firms", "")
        if size not in sizes:
            refused.append((line, f"onbekende grootteklasse '{size}' (kies {', '.join(sorted(sizes))})"))
        elif nace not in NACE_SECTIONS:
            refused.append((line, f"onbekende NACE-sectie '{nace}'"))
        elif not firms.isdigit():
            refused.append((line, f"'{firms}' is geen aantal"))
        elif (size, nace) in cells:
            refused.append((line, f"cel {size}/{nace} staat er twee keer in"))
        else:
            cells[(size, nace)] = int(firms)
    if cells:
        FirmPopulation.objects.all().delete()
        FirmPopulation.objects.bulk_create([FirmPopulation(size_class=s, nace_section=a, firms=n, source=source,
                                                           is_synthetic=is_synthetic) for (s, a), n in cells.items()])
    return len(cells), refused


# --- definition --------------------------------------------------------------------------------


def _concept(uri: str, kind: str) -> Concept:
    want = ConceptType.OCCUPATION if kind in COUNT_KINDS else ConceptType.SKILL
    concept = Concept.objects.filter(uri=uri.strip()).first()
    if concept is None:
        raise SurveyRefused(f"onbekend ESCO-concept: {uri}")
    if concept.concept_type != want:
        raise SurveyRefused(f"{uri} is geen {'beroep' if want == ConceptType.OCCUPATION else 'competentie'}")
    return concept


def question_text(kind: str, label: str) -> str:
    return {
        QuestionKind.HIRING: f"Hoeveel mensen verwacht je de komende 12 maanden aan te werven als {label}?",
        QuestionKind.HARD_TO_FILL: f"Hoeveel vacatures voor {label} zijn moeilijk in te vullen?",
        QuestionKind.MISSING_SKILL: f"Mist je organisatie de competentie '{label}'?",
        QuestionKind.TRAINING: "Plant je organisatie opleidingen voor het personeel in de komende 12 maanden?",
    }[kind]


@transaction.atomic
def create_survey(*, title: str, occupations: list[str] = (), skills: list[str] = (), training: bool = True,
                  intro: str = "", by=None, max_count: int = DEFAULT_MAX_COUNT, min_cell: int = 3,
                  invite_all: bool = True, is_synthetic: bool = False) -> Survey:
    """A survey with the standard questions: per occupation hiring and hard-to-fill vacancies (counts
    0..max_count), per competence 'missing?' (yes/no), and training plans (yes/no)."""
    if not title.strip():
        raise SurveyRefused("een titel is nodig")
    if not occupations and not skills and not training:
        raise SurveyRefused("een enquête heeft minstens één vraag nodig")
    survey = Survey.objects.create(title=title.strip(), intro=intro, created_by=by, min_cell=min_cell,
                                   is_synthetic=is_synthetic)
    pos = 0
    for uri in dict.fromkeys(occupations):
        concept = _concept(uri, QuestionKind.HIRING)
        label = label_of(concept, "nl")
        for kind in COUNT_KINDS:
            pos += 1
            SurveyQuestion.objects.create(survey=survey, code=f"{kind}-{concept.code or concept.id}"[:60],
                                          kind=kind, concept_uri=concept.uri, text=question_text(kind, label),
                                          min_value=0, max_value=max_count, position=pos)
    for uri in dict.fromkeys(skills):
        concept = _concept(uri, QuestionKind.MISSING_SKILL)
        pos += 1
        SurveyQuestion.objects.create(
            survey=survey, code=f"missing-{slugify(label_of(concept, 'en'))[:40]}-{concept.id}"[:60],
            kind=QuestionKind.MISSING_SKILL, concept_uri=concept.uri,
            text=question_text(QuestionKind.MISSING_SKILL, label_of(concept, "nl")), max_value=1, position=pos)
    if training:
        pos += 1
        SurveyQuestion.objects.create(survey=survey, code="training", kind=QuestionKind.TRAINING,
                                      text=question_text(QuestionKind.TRAINING, ""), max_value=1, position=pos)
    if invite_all:
        survey.invited.set(Organisation.objects.all())
    return survey


def set_status(survey: Survey, status: str) -> Survey:
    if status not in SurveyStatus.values:
        raise SurveyRefused(f"onbekende status {status}")
    if survey.status == SurveyStatus.CLOSED and status != SurveyStatus.CLOSED:
        raise SurveyRefused("een gesloten enquête gaat niet meer open")
    survey.status = status
    survey.closed_at = timezone.now() if status == SurveyStatus.CLOSED else None
    survey.save(update_fields=["status", "closed_at"])
    return survey


# --- answers -----------------------------------------------------------------------------------


def check_value(question: SurveyQuestion, raw) -> float:
    """The answer as a number in the question's range, or SurveyRefused with the reason."""
    text = str(raw).strip().replace(",", ".")
    if question.is_yesno:
        yes = {"1", "ja", "yes", "true", "j", "y"}
        no = {"0", "nee", "no", "false", "n"}
        if text.lower() in yes:
            return 1.0
        if text.lower() in no:
            return 0.0
        raise SurveyRefused(f"'{raw}' is geen ja/nee-antwoord (1/0, ja/nee)")
    try:
        value = float(text)
    except ValueError:
        raise SurveyRefused(f"'{raw}' is geen getal") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise SurveyRefused(f"'{raw}' is geen getal")
    if value != int(value):
        raise SurveyRefused(f"{raw} is geen geheel aantal")
    if not question.min_value <= value <= question.max_value:
        raise SurveyRefused(f"{raw} valt buiten het bereik {question.min_value:g}..{question.max_value:g}")
    return value


@transaction.atomic
def submit_response(*, survey: Survey, organisation: Organisation, values: dict[int, object], user=None,
                    source: str = "webformulier") -> SurveyResponse:
    """One firm's answers (question id → raw value); an empty value is 'no answer'. All-or-nothing."""
    if survey.status != SurveyStatus.OPEN:
        raise SurveyRefused("deze enquête is niet open")
    if SurveyResponse.objects.filter(survey=survey, organisation=organisation).exists():
        raise SurveyRefused(f"{organisation} heeft deze enquête al beantwoord: een onderneming antwoordt één keer")
    questions = {q.id: q for q in survey.questions.all()}
    clean, errors = {}, []
    for qid, raw in values.items():
        q = questions.get(int(qid))
        if q is None:
            errors.append(f"vraag {qid} hoort niet bij deze enquête")
            continue
        if raw is None or str(raw).strip() == "":
            continue
        try:
            clean[q.id] = check_value(q, raw)
        except SurveyRefused as exc:
            errors.append(f"{q.text}: {exc}")
    if errors:
        raise SurveyRefused("; ".join(errors))
    if not clean:
        raise SurveyRefused("geen enkele vraag beantwoord")
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, organisation=organisation, answered_by=user,
                                                     source=source)
    except IntegrityError:
        raise SurveyRefused(f"{organisation} heeft deze enquête al beantwoord") from None
    SurveyAnswer.objects.bulk_create([SurveyAnswer(response=response, question_id=qid, value=v)
                                      for qid, v in clean.items()])
    survey.invited.add(organisation)
    return response


@dataclass
class AnswerImport:
    firms: int = 0
    answers: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.firms} ondernemingen, {self.answers} antwoorden bewaard, {len(self.refused)} rijen geweigerd"


def parse_answer_csv(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    names = [n.strip().lower() for n in reader.fieldnames or []]
    missing = [c for c in CSV_COLUMNS if c not in names]
    if missing:
        raise SurveyRefused(f"kolom(men) ontbreken: {', '.join(missing)}; de eerste regel moet "
                            f"{','.join(CSV_COLUMNS)} zijn")
    rows = []
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if any(row.values()):
            rows.append((reader.line_num, row))
    return rows


def _digits(number: str) -> str:
    """Enterprise numbers compare without dots and spaces (0999.000.001 = 0999000001)."""
    return "".join(ch for ch in number if ch.isdigit())


@transaction.atomic
def import_answers(*, survey: Survey, text: str, source: str = "csv") -> AnswerImport:
    """Long CSV ``enterprise_number,kind,concept_uri,value`` (one answer per row). Each refused row is
    reported with its line and reason; the valid rows are kept."""
    rows = parse_answer_csv(text)
    report = AnswerImport()
    by_key = {(q.kind, q.concept_uri): q for q in survey.questions.all()}
    wanted = {r["enterprise_number"] for _, r in rows} | {_digits(r["enterprise_number"]) for _, r in rows}
    orgs = {_digits(o.enterprise_number): o for o in Organisation.objects.filter(enterprise_number__in=wanted)}
    answered = set(SurveyResponse.objects.filter(survey=survey).values_list("organisation_id", flat=True))
    known_uris = set(Concept.objects.filter(uri__in={r["concept_uri"] for _, r in rows if r["concept_uri"]})
                     .values_list("uri", "concept_type"))
    known = dict(known_uris)
    seen: dict[tuple[int, int], int] = {}
    per_firm: dict[int, list[tuple[int, float]]] = {}
    for line, r in rows:
        org = orgs.get(_digits(r["enterprise_number"]))
        if org is None:
            report.refused.append((line, f"onbekende organisatie (ondernemingsnummer '{r['enterprise_number']}')"))
            continue
        if org.id in answered:
            report.refused.append((line, f"{org} heeft deze enquête al beantwoord: een onderneming antwoordt één keer"))
            continue
        kind, uri = r["kind"], r["concept_uri"]
        if kind not in QuestionKind.values:
            report.refused.append((line, f"onbekende soort vraag '{kind}' (kies {', '.join(QuestionKind.values)})"))
            continue
        if uri and uri not in known:
            what = "beroep" if kind in COUNT_KINDS else "competentie"
            report.refused.append((line, f"onbekend {what} (geen ESCO-URI): {uri}"))
            continue
        q = by_key.get((kind, uri))
        if q is None:
            report.refused.append((line, f"deze enquête heeft geen vraag '{kind}' over {uri or '(geen concept)'}"))
            continue
        if (org.id, q.id) in seen:
            report.refused.append((line, f"{org} beantwoordde deze vraag al op regel {seen[(org.id, q.id)]}: "
                                         "een onderneming antwoordt één keer"))
            continue
        try:
            value = check_value(q, r["value"])
        except SurveyRefused as exc:
            report.refused.append((line, f"{q.code}: {exc}"))
            continue
        seen[(org.id, q.id)] = line
        per_firm.setdefault(org.id, []).append((q.id, value))
    org_by_id = {o.id: o for o in orgs.values()}
    for org_id, answers in per_firm.items():
        response = SurveyResponse.objects.create(survey=survey, organisation=org_by_id[org_id], source=source)
        SurveyAnswer.objects.bulk_create([SurveyAnswer(response=response, question_id=q, value=v) for q, v in answers])
        report.firms += 1
        report.answers += len(answers)
    survey.invited.add(*per_firm)
    return report


# --- estimates ---------------------------------------------------------------------------------


@dataclass
class QuestionEstimate:
    question: SurveyQuestion
    estimate: survey_weighting.Estimate | None
    method: str
    notes: list[str]
    respondents: int
    error: str = ""

    @property
    def is_share(self) -> bool:
        return self.question.is_yesno


@dataclass
class SurveyResult:
    survey: Survey
    invited: int
    responded: int
    response_rate: float | None
    population: int
    population_source: str
    population_synthetic: bool
    questions: list[QuestionEstimate]


def estimate_survey(survey: Survey) -> SurveyResult:
    """Per question: weighted total (counts) or share (yes/no) with a 95 % interval; the weights are
    calibrated per question on the firms that answered it (item non-response)."""
    pop = population_cells()
    source, synthetic = population_source()
    responses = list(survey.responses.select_related("organisation").prefetch_related("answers"))
    invited = survey.invited.count()
    out = []
    for q in survey.questions.all():
        cells, values = [], []
        for r in responses:
            for a in r.answers.all():
                if a.question_id == q.id:
                    cells.append((r.organisation.size_class, r.organisation.nace_section))
                    values.append(a.value)
        if not cells:
            out.append(QuestionEstimate(q, None, "", [], 0, "nog geen antwoorden"))
            continue
        try:
            w = survey_weighting.calibrate(pop, cells, min_cell=survey.min_cell)
            out.append(QuestionEstimate(q, survey_weighting.estimate(w, values), w.method, w.notes, len(cells)))
        except survey_weighting.WeightingError as exc:
            out.append(QuestionEstimate(q, None, "", [], len(cells), str(exc)))
    return SurveyResult(survey, invited, len(responses), survey_weighting.response_rate(len(responses), invited),
                        sum(pop.values()), source, synthetic, out)


def estimate_rows(result: SurveyResult) -> list[dict]:
    """Flat rows for exports and the API."""
    rows = []
    for qe in result.questions:
        e = qe.estimate
        rows.append({
            "survey_id": result.survey.id, "question": qe.question.code, "kind": qe.question.kind,
            "concept_uri": qe.question.concept_uri, "respondents": qe.respondents, "method": qe.method,
            "measure": "share" if qe.is_share else "total",
            "estimate": None if e is None else (e.mean if qe.is_share else e.total),
            "se": None if e is None else (e.mean_se if qe.is_share else e.total_se),
            "lo95": None if e is None else (e.mean_lo95 if qe.is_share else e.total_lo95),
            "hi95": None if e is None else (e.mean_hi95 if qe.is_share else e.total_hi95),
            "population_firms": result.population, "invited": result.invited, "responded": result.responded,
            "response_rate": result.response_rate, "population_synthetic": result.population_synthetic,
            "notes": " | ".join(qe.notes or ([qe.error] if qe.error else [])),
        })
    return rows
