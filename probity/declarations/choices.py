from django.db import models


class DeclarationKind(models.TextChoices):
    GIFT_HOSPITALITY = "gift_hospitality", "Gift or hospitality"
    PERSONAL_INTEREST = "personal_interest", "Personal interest"


class DeclarationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for review"
    INFO_REQUESTED = "info_requested", "More information asked for"
    REFERRED = "referred", "Referred for advice"
    NOTED = "noted", "Noted by manager"
    RECORDED = "recorded", "Recorded in the register"
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
    RECORDED = "recorded", "Recorded in the register"


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
