"""One error tree for the register: each error knows its command-line exit code.

RegistryError
├── RefusedByRule      exit 1  (a rule of the register says no)
│   ├── PurgeBlocked
│   ├── NotDue
│   ├── IdentityNotVerified
│   ├── NotMatched
│   └── AnswerRequestsFirst
├── BadInput           exit 2  (the input is wrong; nothing changed)
│   └── NotFound
└── StoreBusy          exit 3  (another process holds the store; try again)

Messages say what happened and what to do, in one line, and never carry personal data. The
message is English (the command line's language); `code` and `params` let the dashboard say the
same in the session's language (ui/i18n.py, keys `err.<code>`).
"""


class RegistryError(Exception):
    exit_code = 1
    default_code: str | None = None  # the code of every error of the class that names none

    def __init__(self, message: str = "", code: str | None = None, **params):
        super().__init__(message)
        self.code = code or self.default_code
        self.params = params


class RefusedByRule(RegistryError):
    exit_code = 1


class PurgeBlocked(RefusedByRule):
    """A named person is blocked from purge (open invoice, collection, legal hold, org contact)."""


class NotDue(RefusedByRule):
    """A named person is not due for purge."""


class IdentityNotVerified(RefusedByRule):
    """The request needs a verified identity before it can be completed."""


class NotMatched(RefusedByRule):
    """A request not yet matched to a person cannot be decided: match it first."""


class AnswerRequestsFirst(RefusedByRule):
    """An erasure waits for the person's other open requests, answered from their data first."""


class BadInput(RegistryError):
    exit_code = 2


class NotFound(BadInput):
    """A named id does not exist in the register."""


class StoreBusy(RegistryError):
    exit_code = 3
    default_code = "store_busy"


class IntegrityError(RegistryError):
    """The audit trail's hash chain does not verify."""

    exit_code = 1


class MailNotDelivered(RegistryError):
    """The SMTP server could not be reached or refused some messages: those named were not sent."""

    exit_code = 1
    default_code = "mail_not_delivered"
