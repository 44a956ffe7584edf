"""Every write of the career platform: one module per use case, one function per write, the acting person or
user first. ``lifelong.people.services`` names them all, for the many callers that use it.

A claim's proof only goes up (self-declared → checked → evidenced → validated → certified); a
service never claims a competence on a person's behalf: suggestions stay suggestions until confirmed.
"""

from .base import Refused, raise_claim
from .checks import (
    answer_question,
    answer_skipped_later,
    complete_check,
    confirm_check,
    prefer_named_skills,
    start_check,
)
from .erasure import delete_my_account
from .evc import (
    UPLOAD_MAX_BYTES,
    UPLOAD_SIGNATURES,
    certify_qualification,
    check_upload,
    decide_validation,
    record_evidence,
    remove_evidence,
    submit_for_validation,
)
from .issuing import (
    ASSESSMENT,
    QUALITY_ASSURANCE,
    issue_credential,
    retired_public_keys,
    revoke_credential,
    signing_key,
    site_url,
)
from .plans import (
    add_activity,
    add_plan_competence,
    approve_plan,
    create_plan,
    create_plan_from_check,
    update_activity,
)
from .profile import add_experience, add_qualification, declare_competence

__all__ = [
    "ASSESSMENT", "QUALITY_ASSURANCE", "UPLOAD_MAX_BYTES", "UPLOAD_SIGNATURES", "Refused", "add_activity",
    "add_experience", "add_plan_competence", "add_qualification", "answer_question", "answer_skipped_later",
    "approve_plan", "certify_qualification", "check_upload", "complete_check", "confirm_check", "create_plan",
    "create_plan_from_check", "decide_validation", "declare_competence", "delete_my_account", "issue_credential",
    "prefer_named_skills", "raise_claim", "record_evidence", "remove_evidence", "retired_public_keys",
    "revoke_credential", "signing_key", "site_url", "start_check", "submit_for_validation", "update_activity",
]
