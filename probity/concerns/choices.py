"""Stored states of concerns and breach cases."""

from django.db import models


class Recipient(models.TextChoices):
    """Who a reporter asks to receive their concern."""

    LINE_MANAGER = "line_manager", "My line manager"
    FRAUD_MANAGER = "fraud_manager", "The Corporate Fraud Manager"
    MONITORING_OFFICER = "monitoring_officer", "The Monitoring Officer"


class ConcernKind(models.TextChoices):
    FRAUD = "fraud", "Fraud or theft"
    CORRUPTION = "corruption", "Bribery or corruption"
    IMPROPRIETY = "impropriety", "Other impropriety"
    BREACH_OF_PROCEDURE = "breach_of_procedure", "A breach of procedure"
    BREACH_OF_CODE = "breach_of_code", "A breach of the code of conduct"
    OTHER = "other", "Something else"


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ASSESSING = "assessing", "Being assessed"
    INVESTIGATING = "investigating", "Being investigated"
    CLOSED = "closed", "Closed"


class ConcernOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    REFERRED = "referred", "Referred to another procedure"
    NO_ACTION = "no_action", "No further action possible"


class MessageFrom(models.TextChoices):
    HANDLER = "handler", "Handler"
    REPORTER = "reporter", "Reporter"


class BreachBasis(models.TextChoices):
    DECLARATION = "declaration", "From a declaration"
    CONCERN = "concern", "From a concern"
    UNDECLARED = "undeclared", "Something not declared"


class BreachOutcome(models.TextChoices):
    NO_BREACH = "no_breach", "No breach"
    ADVICE_GIVEN = "advice_given", "Advice given"
    DISCIPLINARY = "disciplinary", "Referred to the disciplinary procedure"


class DisciplinaryResult(models.TextChoices):
    NO_CASE = "no_case", "No case to answer"
    NO_ACTION = "no_action", "No formal action"
    FIRST_WARNING = "first_warning", "First written warning"
    FINAL_WARNING = "final_warning", "Final written warning"
    DISMISSAL = "dismissal", "Dismissal"
    OTHER = "other", "Other outcome"
