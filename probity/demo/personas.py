"""The demo council's sign-in accounts, one per persona. Shown on the login page in demo mode."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "probity-demo"  # noqa: S105 - demo accounts only, never in production


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    role: str


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "officer", "Priya Shah", "Officer (Scale C, Housing Options): declares gifts and interests"
    ),
    Persona("manager", "Tom Reilly", "Line manager of the officer: reviews their declarations"),
    Persona("head-of-service", "Grace Okafor", "Head of Housing: advises on referred declarations"),
    Persona("hr", "Martin Hughes", "HR and Organisational Development Manager"),
    Persona("mo", "Helen Marsh", "Monitoring Officer: keeps and searches every register"),
    Persona("deputy-mo", "Daniel Price", "Deputy Monitoring Officer"),
    Persona("chief-executive", "Sarah Whitfield", "Chief Executive (Head of Paid Service)"),
    Persona("s151", "Anil Mehta", "Chief Finance Officer (section 151 officer)"),
    Persona("head-of-planning", "Ruth Collins", "Head of Planning"),
    Persona("head-of-finance", "Owen Lloyd", "Head of Corporate Finance"),
    Persona("fraud", "Karen Doyle", "Corporate Fraud Manager"),
    Persona(
        "governance",
        "Fiona Gallagher",
        "Head of Governance: records officers' section 117 notices in the book councillors inspect",
    ),
    Persona(
        "councillor",
        "Cllr James Bennett",
        "Councillor: makes no declarations and sees no officers' register; may inspect the "
        "section 117 book in office hours",
    ),
    Persona(
        "auditor",
        "Lucy Fairbairn",
        "Internal auditor: reads registers, not special-category entries",
    ),
    Persona(
        "contractor",
        "Mark Ellis",
        "External contractor working in Housing: declares like an officer",
    ),
)
