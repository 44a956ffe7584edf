"""Who may open what: every page and API operation, per role, as one table (issue 20).

A test (tests/users/test_access_matrix.py) enumerates every URL pattern and every API operation and asks
each of the 8 roles and an anonymous visitor; a route without a row here fails the suite with its URL.
Adding a page = adding one row: ``"app:name": Rule(ROLES_THAT_MAY, anonymous=LOGIN)``.

Outcomes: OPEN (the page or data, or a 404/405/422 for a missing object or a wrong method: the role passed),
REFUSED (403), LOGIN (sent to the login page; 401 in the API). A role not in the rule's set must get REFUSED.
Object-level rules (another person's plan, another provider's booking …) are in OBJECT_RULES.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPEN, REFUSED, LOGIN = "open", "refused", "login"
LEARNER, EMPLOYER, PROVIDER, COUNSELLOR = "learner", "employer", "provider", "counsellor"
ANALYST, PARTNERSHIP, SECRETARIAT, OBSERVER = "analyst", "partnership", "secretariat", "observer"
BRIDGE = "bridge"
EVERY_ROLE = frozenset({LEARNER, EMPLOYER, PROVIDER, COUNSELLOR, ANALYST, PARTNERSHIP, SECRETARIAT, OBSERVER,
                        BRIDGE})
CASEWORKERS = frozenset({COUNSELLOR, BRIDGE})  # counsellors and bridge figures (casework)
NOBODY = frozenset()  # a route whose probe object (an unknown id) every role is refused
OUTSIDE_CASELOAD = ("a person outside one's caseload (the probe's unknown id too): 403 for every role, logged for "
                    "guides; the caseload's own people: tests/casework")
ORGANISATION_STAFF = ("the probe's unknown organisation: 404 for every role; another organisation: 403 "
                      "(tests/organisations/test_api.py)")
WALLET_PARTIES = ("the probe's unknown booking: 404 for every role; accept/decline only the employee, cancel only the "
                  "employer's staff, confirm only the course's provider, else 403 (tests/organisations/test_wallet.py)")
ANALYSTS = frozenset({ANALYST, PARTNERSHIP, SECRETARIAT})
PLAN_READERS = ANALYSTS | {OBSERVER}
PROVIDER_STAFF = frozenset({PROVIDER, SECRETARIAT})
GUIDES = frozenset({COUNSELLOR, EMPLOYER, BRIDGE})
BODY_FIRST = "the body is validated before the role (422 for every role); the role rule is in OBJECT_RULES"


@dataclass(frozen=True)
class Rule:
    roles: frozenset | set  # the roles that pass; every other role is refused (403)
    anonymous: str = LOGIN  # what a visitor who is not signed in gets
    note: str = ""

    def expected(self, who: str) -> str:
        if who == "anonymous":
            return self.anonymous
        return OPEN if who in self.roles else REFUSED


@dataclass(frozen=True)
class ObjectRule:
    """Someone asks for an object that is not theirs: ``case`` names how the test makes it."""

    route: str
    case: str
    actor: str
    expected: tuple = field(default=(403, 404))  # refused or not found, never the object


RULES: dict[str, Rule] = {
    "healthz": Rule(EVERY_ROLE, anonymous=OPEN),
    "set_language": Rule(EVERY_ROLE, anonymous=OPEN),
    "users:login": Rule(EVERY_ROLE, anonymous=OPEN),
    "users:logout": Rule(EVERY_ROLE, anonymous=OPEN),
    "users:register": Rule(EVERY_ROLE, anonymous=OPEN),
    "users:verify": Rule(EVERY_ROLE, anonymous=OPEN, note="a wrong token: 400"),
    "users:profile": Rule(LEARNER, anonymous=LOGIN, note="once, when the learner has no person yet"),
    "users:oidc_start": Rule(EVERY_ROLE, anonymous=OPEN, note="404 unless OpenID Connect is configured"),
    "users:oidc_callback": Rule(EVERY_ROLE, anonymous=OPEN, note="404 unless OpenID Connect is configured"),
    "taxonomy:search": Rule(EVERY_ROLE, anonymous=OPEN),
    "taxonomy:detail": Rule(EVERY_ROLE, anonymous=OPEN),
    "accounts:my_rights": Rule(LEARNER, anonymous=LOGIN),
    "accounts:statement": Rule(LEARNER, anonymous=LOGIN),
    "accounts:simulate": Rule(LEARNER, anonymous=LOGIN),
    "accounts:book": Rule(LEARNER, anonymous=LOGIN),
    "accounts:cancel": Rule({LEARNER, PROVIDER, SECRETARIAT}, anonymous=LOGIN),
    "accounts:provider": Rule(PROVIDER_STAFF, anonymous=LOGIN),
    "accounts:confirm": Rule(PROVIDER_STAFF, anonymous=LOGIN),
    "catalogue:search": Rule(EVERY_ROLE, anonymous=OPEN),
    "catalogue:detail": Rule(EVERY_ROLE, anonymous=OPEN),
    "catalogue:rate": Rule(EVERY_ROLE, anonymous=OPEN),
    "catalogue:edit": Rule(PROVIDER_STAFF, anonymous=LOGIN),
    "catalogue:recommend": Rule({COUNSELLOR, LEARNER}, anonymous=LOGIN),
    "catalogue:recommend_to_plan": Rule(LEARNER, anonymous=LOGIN),
    "catalogue:provider": Rule(PROVIDER_STAFF, anonymous=LOGIN),
    "catalogue:create": Rule(PROVIDER_STAFF, anonymous=LOGIN),
    "catalogue:import": Rule(PROVIDER_STAFF, anonymous=LOGIN),
    "catalogue:tag": Rule(PROVIDER_STAFF, anonymous=LOGIN),
    "catalogue:gaps": Rule({ANALYST, OBSERVER, PARTNERSHIP, PROVIDER, SECRETARIAT}, anonymous=LOGIN),
    "people:overview": Rule(LEARNER, anonymous=LOGIN),
    "people:pick": Rule(EVERY_ROLE, anonymous=REFUSED),
    "people:declare": Rule(LEARNER, anonymous=LOGIN),
    "people:qualification": Rule(LEARNER, anonymous=LOGIN),
    "people:experience": Rule(LEARNER, anonymous=LOGIN),
    "people:confirm_suggestion": Rule(LEARNER, anonymous=LOGIN),
    "people:cv": Rule(LEARNER, anonymous=LOGIN),
    "people:cv_status": Rule(LEARNER, anonymous=LOGIN),
    "people:cv_forget": Rule(LEARNER, anonymous=LOGIN),
    "people:check_start": Rule(LEARNER, anonymous=LOGIN),
    "people:check_question": Rule(LEARNER, anonymous=LOGIN),
    "people:check_result": Rule(LEARNER, anonymous=LOGIN),
    "people:plan_from_check": Rule(LEARNER, anonymous=LOGIN),
    "people:plans": Rule(LEARNER, anonymous=LOGIN),
    "people:plan": Rule(LEARNER, anonymous=LOGIN),
    "people:activity_add": Rule(LEARNER, anonymous=LOGIN),
    "people:activity_update": Rule(LEARNER, anonymous=LOGIN),
    "people:evidence": Rule(LEARNER, anonymous=LOGIN),
    "people:submit": Rule(LEARNER, anonymous=LOGIN),
    "people:evidence_file": Rule({COUNSELLOR, LEARNER}, anonymous=LOGIN),
    "people:credential": Rule(LEARNER, anonymous=LOGIN),
    "people:verify_upload": Rule(EVERY_ROLE, anonymous=OPEN),
    "people:verify": Rule(EVERY_ROLE, anonymous=OPEN),
    "people:issuer": Rule(EVERY_ROLE, anonymous=OPEN),
    "people:privacy": Rule(LEARNER, anonymous=LOGIN),
    "people:revoke": Rule(LEARNER, anonymous=LOGIN),
    "people:export": Rule(LEARNER, anonymous=LOGIN),
    "people:delete": Rule(LEARNER, anonymous=LOGIN),
    "people:guide_home": Rule(GUIDES, anonymous=LOGIN),
    "people:guide_person": Rule(GUIDES, anonymous=LOGIN),
    "people:guide_confirm_check": Rule({COUNSELLOR}, anonymous=LOGIN),
    "people:guide_decide": Rule({COUNSELLOR}, anonymous=LOGIN),
    "people:guide_certify": Rule({COUNSELLOR}, anonymous=LOGIN),
    "people:guide_revoke": Rule({COUNSELLOR, SECRETARIAT}, anonymous=LOGIN),
    "forecasts:overview": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:series": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:publish": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:export": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:surveys": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:survey": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:survey_status": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:survey_import": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:employer_home": Rule({EMPLOYER}, anonymous=LOGIN),
    "forecasts:employer_answer": Rule({EMPLOYER}, anonymous=LOGIN),
    "forecasts:panels": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:panel": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:panel_round": Rule(ANALYSTS, anonymous=LOGIN),
    "forecasts:expert_home": Rule(EVERY_ROLE, anonymous=LOGIN),
    "forecasts:expert_round": Rule(EVERY_ROLE, anonymous=LOGIN),
    "vacancies:analysis": Rule(ANALYSTS, anonymous=LOGIN),
    "vacancies:start_run": Rule({ANALYST, SECRETARIAT}, anonymous=LOGIN),
    "actionplan:plan": Rule(PLAN_READERS, anonymous=LOGIN),
    "actionplan:action": Rule(PLAN_READERS, anonymous=LOGIN),
    "actionplan:action_edit": Rule(PLAN_READERS, anonymous=LOGIN),
    "actionplan:action_budget": Rule(PLAN_READERS, anonymous=LOGIN),
    "actionplan:action_milestone": Rule(PLAN_READERS, anonymous=LOGIN),
    "actionplan:action_comment": Rule(PLAN_READERS, anonymous=LOGIN),
    "actionplan:barriers": Rule(PLAN_READERS, anonymous=LOGIN),
    "actionplan:barrier_edit": Rule(PLAN_READERS, anonymous=LOGIN),
    "taxonomy:stats": Rule(EVERY_ROLE, anonymous=OPEN),
    "accounts:review": Rule({SECRETARIAT}, anonymous=LOGIN),
    "accounts:reverse": Rule({SECRETARIAT}, anonymous=LOGIN, note="POST only"),
    "people:check_answer_skipped": Rule({LEARNER}, anonymous=LOGIN, note="POST only"),
    "casework:caseload": Rule(CASEWORKERS, anonymous=LOGIN),
    "casework:person": Rule(NOBODY, anonymous=LOGIN, note=OUTSIDE_CASELOAD),
    "casework:note": Rule(CASEWORKERS, anonymous=LOGIN, note="POST only"),
    "casework:appointment": Rule(CASEWORKERS, anonymous=LOGIN, note="POST only"),
    "casework:prepare": Rule(CASEWORKERS, anonymous=LOGIN, note="POST only"),
    "casework:refer": Rule(CASEWORKERS, anonymous=LOGIN, note="POST only"),
    "casework:plan": Rule(NOBODY, anonymous=LOGIN, note=OUTSIDE_CASELOAD),
    "casework:confirm": Rule(CASEWORKERS, anonymous=LOGIN),
    "casework:renew": Rule(CASEWORKERS, anonymous=LOGIN, note="POST only"),
    "casework:referral_status": Rule(CASEWORKERS | {PROVIDER, LEARNER}, anonymous=LOGIN, note="POST only"),
    "casework:new_account": Rule(CASEWORKERS, anonymous=LOGIN),
    "casework:login_sheet": Rule(NOBODY, anonymous=LOGIN, note=OUTSIDE_CASELOAD),
    "casework:code_login": Rule(EVERY_ROLE, anonymous=OPEN),
    "casework:add_email": Rule({LEARNER}, anonymous=LOGIN),
    "casework:mine": Rule({LEARNER}, anonymous=LOGIN),
    "casework:confirm_own": Rule({LEARNER}, anonymous=LOGIN, note="POST only"),
    "casework:cancel_own": Rule({LEARNER}, anonymous=LOGIN, note="POST only"),
    "casework:approve": Rule({LEARNER}, anonymous=LOGIN, note="POST only"),
    "casework:assisted_home": Rule({LEARNER}, anonymous=LOGIN),
    "casework:assisted_check": Rule({LEARNER}, anonymous=LOGIN),
    "casework:assisted_question": Rule({LEARNER}, anonymous=LOGIN),
    "casework:assisted_result": Rule({LEARNER}, anonymous=LOGIN),
    "casework:assisted_plan": Rule({LEARNER}, anonymous=LOGIN),
    "casework:assisted_leave": Rule(EVERY_ROLE, anonymous=OPEN, note="POST only: signing out of assisted mode"),
    "organisations:home": Rule({EMPLOYER}, anonymous=LOGIN),
    "organisations:detail": Rule({EMPLOYER}, anonymous=LOGIN),
    "organisations:add_employment": Rule({EMPLOYER}, anonymous=LOGIN, note="POST only"),
    "organisations:plan": Rule({EMPLOYER}, anonymous=LOGIN),
    "organisations:add_need": Rule({EMPLOYER}, anonymous=LOGIN, note="POST only"),
    "organisations:build_plan": Rule({EMPLOYER}, anonymous=LOGIN, note="POST only"),
    "organisations:plan_pdf": Rule({EMPLOYER}, anonymous=LOGIN),
    "organisations:wallet": Rule({EMPLOYER}, anonymous=LOGIN),
    "organisations:wallet_book": Rule({EMPLOYER}, anonymous=LOGIN, note="POST only"),
    "organisations:budget": Rule({EMPLOYER}, anonymous=LOGIN),
    "organisations:budget_grant": Rule({EMPLOYER}, anonymous=LOGIN, note="POST only"),
    "organisations:wallet_accept": Rule({LEARNER}, anonymous=LOGIN, note="POST only; only the employee it was booked for"),
    "organisations:wallet_decline": Rule({LEARNER}, anonymous=LOGIN, note="POST only; only the employee it was booked for"),
    "organisations:my_work": Rule({LEARNER}, anonymous=LOGIN),
    "organisations:ask_correction": Rule({LEARNER}, anonymous=LOGIN, note="POST only"),
    "mobilisation:home": Rule(ANALYSTS, anonymous=LOGIN),
    "mobilisation:segment": Rule(ANALYSTS, anonymous=LOGIN),
    "mobilisation:campaign": Rule(ANALYSTS, anonymous=LOGIN),
    "mobilisation:send": Rule(ANALYSTS, anonymous=LOGIN, note="POST only; the service lets the secretariat send"),
    "mobilisation:letters": Rule({SECRETARIAT}, anonymous=LOGIN),
    "mobilisation:follow": Rule(EVERY_ROLE, anonymous=OPEN, note="the tracked link in a message"),
    "mobilisation:inbox": Rule(EVERY_ROLE, anonymous=OPEN, note="DEBUG only (the demo's mail sink); 404 without DEBUG"),
    "dashboard:overview": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:matrix": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:macro": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:macro_spec": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:resources": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:platform": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:funnel": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:meso": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:recompute": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:indicator": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:report": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:report_pdf": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:export": Rule(PLAN_READERS, anonymous=LOGIN),
    "dashboard:public": Rule(EVERY_ROLE, anonymous=OPEN),
    "web:home": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:openapi-json": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:openapi-view": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:skills": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:occupations": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:concept": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:my_rights": Rule(LEARNER, anonymous=LOGIN),
    "api:my_balances": Rule(LEARNER, anonymous=LOGIN),
    "api:my_statement": Rule(LEARNER, anonymous=LOGIN),
    "api:simulate": Rule(EVERY_ROLE, anonymous=LOGIN, note=BODY_FIRST),
    "api:book": Rule(EVERY_ROLE, anonymous=LOGIN, note=BODY_FIRST),
    "api:confirm": Rule(EVERY_ROLE, anonymous=LOGIN, note=BODY_FIRST),
    "api:cancel": Rule(EVERY_ROLE, anonymous=LOGIN, note=BODY_FIRST),
    "api:search_offers": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:offer_detail": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:my_overview": Rule(EVERY_ROLE, anonymous=LOGIN),
    "api:person_overview": Rule(set(), anonymous=LOGIN, note="only with consent: see OBJECT_RULES"),
    "api:my_export": Rule(EVERY_ROLE, anonymous=LOGIN),
    "api:verify": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:actions": Rule(PLAN_READERS, anonymous=REFUSED),
    "api:values": Rule(PLAN_READERS, anonymous=REFUSED),
    "api:macro_chart": Rule(PLAN_READERS, anonymous=REFUSED),
    "api:headline": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:outlook": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:series": Rule(EVERY_ROLE, anonymous=OPEN),
    "api:combined": Rule(ANALYSTS, anonymous=REFUSED),
    "api:survey_estimates": Rule(ANALYSTS, anonymous=REFUSED),
    "api:panel_results": Rule(ANALYSTS, anonymous=REFUSED),
    "api:export": Rule(ANALYSTS, anonymous=REFUSED),
    "api:answer_create": Rule(EVERY_ROLE, anonymous=LOGIN, note="a session (CSRF checked) and an expert's token"),
    "api:answer_update": Rule(EVERY_ROLE, anonymous=LOGIN, note="a session (CSRF checked) and an expert's token"),
    "api:demand": Rule(ANALYSTS, anonymous=REFUSED),
    "api:trends": Rule(ANALYSTS, anonymous=REFUSED),
    "api:latest_run": Rule(ANALYSTS, anonymous=REFUSED),
    "api:my_access_log": Rule(EVERY_ROLE, anonymous=LOGIN, note="one's own log; 404 without a person"),
    "api:my_checks": Rule(EVERY_ROLE, anonymous=LOGIN, note="one's own; empty without a person"),
    "api:check_result": Rule(NOBODY, anonymous=LOGIN, note="someone else's or unknown: the same 403"),
    "api:my_plans": Rule(EVERY_ROLE, anonymous=LOGIN, note="one's own; empty without a person"),
    "api:plan_detail": Rule(NOBODY, anonymous=LOGIN, note="someone else's or unknown: the same 403"),
    "api:my_evidence": Rule(EVERY_ROLE, anonymous=LOGIN, note="one's own; empty without a person"),
    "api:mine": Rule(EVERY_ROLE, anonymous=LOGIN, note="[] for anyone who is not an employer"),
    "api:training_right": Rule(EVERY_ROLE, anonymous=LOGIN, note=ORGANISATION_STAFF),
    "api:employments": Rule(EVERY_ROLE, anonymous=LOGIN, note=ORGANISATION_STAFF),
    "api:add_employment": Rule(EVERY_ROLE, anonymous=LOGIN, note=ORGANISATION_STAFF),
    "api:training_plan": Rule(EVERY_ROLE, anonymous=LOGIN, note=ORGANISATION_STAFF),
    "api:wallet_overview": Rule(EVERY_ROLE, anonymous=LOGIN, note=ORGANISATION_STAFF),
    "api:wallet_book": Rule(EVERY_ROLE, anonymous=LOGIN, note=BODY_FIRST + "; " + ORGANISATION_STAFF),
    "api:wallet_accept": Rule(EVERY_ROLE, anonymous=LOGIN, note=WALLET_PARTIES),
    "api:wallet_decline": Rule(EVERY_ROLE, anonymous=LOGIN, note=WALLET_PARTIES),
    "api:wallet_cancel": Rule(EVERY_ROLE, anonymous=LOGIN, note=WALLET_PARTIES),
    "api:wallet_confirm": Rule(EVERY_ROLE, anonymous=LOGIN, note=WALLET_PARTIES),
    "api:my_wallet_bookings": Rule(EVERY_ROLE, anonymous=LOGIN, note="one's own; [] without a person"),
    "api:top_ups": Rule(EVERY_ROLE, anonymous=LOGIN, note=ORGANISATION_STAFF),
    "api:top_up_grant": Rule(EVERY_ROLE, anonymous=LOGIN, note=BODY_FIRST + "; " + ORGANISATION_STAFF),
    "api:plan_item_done": Rule(EVERY_ROLE, anonymous=LOGIN, note=BODY_FIRST + "; " + ORGANISATION_STAFF),
    "api:caseload": Rule(CASEWORKERS, anonymous=LOGIN),
    "api:mobilisation_segments": Rule(ANALYSTS, anonymous=LOGIN),
    "api:mobilisation_campaigns": Rule(ANALYSTS, anonymous=LOGIN),
    "api:campaign_reach": Rule(ANALYSTS, anonymous=LOGIN),
}

OBJECT_RULES = [
    ObjectRule("people:plan", "another learner's development plan", LEARNER),
    ObjectRule("api:person_overview", "a person who gave this counsellor no consent", COUNSELLOR),
    ObjectRule("people:guide_person", "a person who gave this counsellor no consent", COUNSELLOR),
    # the page refuses with a message on the provider's page (302 back); the test checks nothing changed
    ObjectRule("accounts:confirm", "another provider's booking", PROVIDER, expected=(302, 403, 404)),
    ObjectRule("api:confirm", "another provider's booking", PROVIDER),
    ObjectRule("catalogue:create", "another provider's catalogue", PROVIDER),
]
