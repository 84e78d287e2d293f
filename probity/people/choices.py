from django.db import models


class PersonKind(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    CONTRACTOR = "contractor", "External contractor"
    AGENCY = "agency", "Agency worker"
    COUNCILLOR = "councillor", "Councillor"
    EXTERNAL_AUDITOR = "external_auditor", "External auditor"


class OfficeKind(models.TextChoices):
    MONITORING_OFFICER = "monitoring_officer", "Monitoring Officer"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    S151_OFFICER = "s151_officer", "Chief Finance Officer (section 151)"
    HEAD_OF_SERVICE = "head_of_service", "Head of Service"
    HR_OD_MANAGER = "hr_od_manager", "HR and Organisational Development Manager"
    HEAD_OF_PLANNING = "head_of_planning", "Head of Planning"
    HEAD_OF_CORPORATE_FINANCE = "head_of_corporate_finance", "Head of Corporate Finance"
    FRAUD_MANAGER = "fraud_manager", "Corporate Fraud Manager"
    GOVERNANCE_LEAD = "governance_lead", "Head of Governance"
    AUDITOR = "auditor", "Auditor (read access to registers)"


class HoldingRole(models.TextChoices):
    HOLDER = "holder", "Holder"
    DEPUTY = "deputy", "Deputy"
