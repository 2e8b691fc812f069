"""Who may do what (REGISTER.md section 6). Every action checks its actor here, so a page or a
command that is reached anyway cannot act beyond the actor's role.

`system` is the role of scheduled command-line jobs: whoever runs `python -m registry` on the
server holds the store file itself and is trusted as a manager would be; `--actor` names them
in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import BadInput, RefusedByRule

ROLES = ("admin", "manager", "staff", "auditor")
LEAST_PRIVILEGED_ROLE = "auditor"  # reads the audit trail and statistics only: what a new account is offered
SYSTEM_ROLE = "system"

PERMISSIONS: dict[str, frozenset[str]] = {
    "purge": frozenset({"manager", SYSTEM_ROLE}),
    "view_personal_data": frozenset({"manager", "staff", SYSTEM_ROLE}),
    "record_request": frozenset({"manager", "staff", SYSTEM_ROLE}),
    "decide_request": frozenset({"manager", SYSTEM_ROLE}),
    "manage_users": frozenset({"admin", SYSTEM_ROLE}),
    "read_audit": frozenset({"admin", "auditor", SYSTEM_ROLE}),
    "read_statistics": frozenset({"manager", "auditor", SYSTEM_ROLE}),
    "import_data": frozenset({"manager", SYSTEM_ROLE}),
    "manage_settings": frozenset({"admin", SYSTEM_ROLE}),
    # An encrypted copy: the key stays on the server. A restore replaces the store: the operator's
    # command line only (docs/operations.md says why).
    "take_backup": frozenset({"admin", SYSTEM_ROLE}),
    "send_digest": frozenset({"admin", SYSTEM_ROLE}),  # the scheduler's job, or an admin's test
    "restore_backup": frozenset({SYSTEM_ROLE}),
}


class NotPermitted(RefusedByRule):
    """The acting user's role does not allow the action."""

    default_code = "not_permitted"


PERSONAL_DATA_PERMISSIONS = frozenset({"view_personal_data", "record_request", "decide_request", "purge", "import_data"})


@dataclass(frozen=True)
class Actor:
    """Who acts. `nda_signed` is False for staff without a recorded confidentiality undertaking:
    they see no personal data at all, whatever their role."""

    name: str
    role: str
    nda_signed: bool = True

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(name, SYSTEM_ROLE)


def may(actor: Actor, permission: str) -> bool:
    """Whether `actor` may do what `permission` names (what a page offers; `require` enforces it)."""
    try:
        require(actor, permission)
    except RefusedByRule:
        return False
    return True


def require(actor: Actor, permission: str) -> None:
    if not actor.name or not actor.name.strip():
        raise BadInput("an action needs a named actor (--actor NAME)", code="no_actor")
    if actor.role not in PERMISSIONS[permission]:
        raise NotPermitted(f"{actor.name} ({actor.role}) may not {permission.replace('_', ' ')}; nothing changed")
    if permission in PERSONAL_DATA_PERMISSIONS and not actor.nda_signed:
        raise NotPermitted(f"{actor.name} has no recorded confidentiality undertaking (NDA) and may not see "
                           "personal data; an admin records it on the Users page", code="no_nda")
