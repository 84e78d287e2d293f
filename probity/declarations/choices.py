from django.db import models


class DeclarationKind(models.TextChoices):
    GIFT_HOSPITALITY = "gift_hospitality", "Gift or hospitality"
    PERSONAL_INTEREST = "personal_interest", "Personal interest"
    CLOSED_ORGANISATION = "closed_organisation", "Membership of a closed organisation"
    CONTRACTOR_RELATIONSHIP = "contractor_relationship", "Relationship with a contractor"
    OUTSIDE_EMPLOYMENT = "outside_employment", "Outside employment or business"
    PLANNING_APPLICATION = "planning_application", "Own planning application"
    DISCRETIONARY_SERVICE = "discretionary_service", "Use of council services with discretion"
    CONTRACT_USE = "contract_use", "Personal use of a council contract"
    SPONSORSHIP = "sponsorship", "Sponsorship interest"
    S117_INTEREST = "s117_interest", "Pecuniary interest in a contract (section 117)"
    STAFF_DECISION = "staff_decision", "Conflict in a staff decision"
    NIL_RETURN = "nil_return", "Nil return"


class DeclarationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for review"
    INFO_REQUESTED = "info_requested", "More information asked for"
    REFERRED = "referred", "Referred for advice"
    IN_PROGRESS = "in_progress", "Waiting for another decision"
    NOTED = "noted", "Noted by manager"
    RECORDED = "recorded", "Recorded"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class VersionChange(models.TextChoices):
    ORIGINAL = "original", "Declared"
    CORRECTION = "correction", "Corrected"
    ENDED = "ended", "Ended"
    WITHDRAWAL = "withdrawal", "Withdrawn"


class DecisionAction(models.TextChoices):
    NOTED = "noted", "Noted"
    INFO_REQUESTED = "info_requested", "Asked for more information"
    INFO_PROVIDED = "info_provided", "Gave more information"
    REFERRED = "referred", "Referred for advice"
    ADVICE_GIVEN = "advice_given", "Gave advice"
    RECORDED = "recorded", "Recorded"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REFUSED = "refused", "Refused"


class AdviceOffice(models.TextChoices):
    HEAD_OF_SERVICE = "head_of_service", "Head of Service"
    MONITORING_OFFICER = "monitoring_officer", "Monitoring Officer"


class GiverType(models.TextChoices):
    ORGANISATION = "organisation", "An organisation"
    PERSON = "person", "A person"


class GiverLink(models.TextChoices):
    CONTRACTOR = "contractor", "Contractor or supplier to the council"
    BIDDER = "bidder", "Bidding for council work"
    APPLICANT = "applicant", "Applicant to the council (for a licence, permission or grant)"
    PARTNER = "partner", "Partner body"
    NONE = "none", "No link to the council"
    OTHER = "other", "Other link"


class GiftCategory(models.TextChoices):
    GIFT = "gift", "Gift"
    HOSPITALITY = "hospitality", "Hospitality"


class GiftOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class InterestHolder(models.TextChoices):
    SELF = "self", "Mine"
    RELATIVE = "relative", "A close relative's or partner's"


class InterestType(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    NON_FINANCIAL = "non_financial", "Non-financial"


class StepState(models.TextChoices):
    PENDING = "pending", "Not yet (a later stage)"
    WAITING = "waiting", "Waiting"
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"
    NOT_NEEDED = "not_needed", "Not needed"


class AssignmentPurpose(models.TextChoices):
    ACT = "act", "Act on a step"
    ADVISE = "advise", "Give advice"
