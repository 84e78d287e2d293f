"""Pages for reporting a concern, following it up with a case key, handling it, and breach cases.

The public pages (under /report-a-concern/) never pass the client's address to a service or the
audit trail, and the logging filter keeps it out of log lines about them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from probity.concerns import files, reporter_session, selectors, throttle
from probity.concerns.choices import BreachBasis, MessageFrom
from probity.concerns.forms import (
    BreachOpenForm,
    BreachRecordForm,
    EvidenceForm,
    FollowUpForm,
    PersonChoiceForm,
    ReplyForm,
    ReportForm,
    StatusForm,
    TextForm,
)
from probity.concerns.models import BreachCase, Concern, ConcernFile, ConcernMessage, ConcernNote
from probity.concerns.rules import Access, may_open_breach_case
from probity.concerns.sealing import text, unseal
from probity.concerns.services import (
    AlreadyReported,
    ConcernRefused,
    Report,
    breach_open,
    breach_record,
    concern_by_case_key,
    concern_read_record,
    concern_report,
    file_add,
    file_download_record,
    handler_assign,
    message_send,
    note_add,
    reporter_read_record,
    reporter_reply,
    status_set,
    subject_add,
)
from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.declarations.models import Declaration
from probity.people.access import viewer_for_request
from probity.people.models import Person

# --- reporting --------------------------------------------------------------------------------


def _signed_in_person(request: HttpRequest) -> Person | None:
    if not request.user.is_authenticated:
        return None
    try:
        person, _ = viewer_for_request(request)
    except PermissionDenied:
        return None
    return person


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """Anyone may report, signed in or not. The confirmation, with the case key, is drawn in
    answer to the POST itself, so the key is never stored, not even in a session."""
    signed_in = _signed_in_person(request)
    form = ReportForm(request.POST or None, request.FILES or None, signed_in=signed_in)
    limited = False
    if request.method == "POST":
        token = throttle.client_token(request)
        limited = throttle.exceeded("report", token)
        if not limited and form.is_valid():
            data = form.cleaned_data
            try:
                concern, key = concern_report(
                    report=Report(
                        kind=data["kind"],
                        recipient=data["recipient"],
                        what=data["what"],
                        when=data["when"],
                        who=data.get("who", ""),
                        anonymous=data["named"] != "yes",
                        password=data["password"],
                        name=data.get("name", ""),
                        contact=data.get("contact", ""),
                        attachments=data["attachments"],
                        submission_token=data.get("submission_token"),
                    ),
                    signed_in=signed_in,
                    now=clock.now(),
                )
            except AlreadyReported as sent:
                return render(
                    request, "concerns/report_already_sent.html", {"concern": sent.concern}
                )
            except ConcernRefused as refusal:
                form.add_error("recipient", str(refusal))
            else:
                throttle.count("report", token)
                return render(
                    request,
                    "concerns/report_done.html",
                    {"concern": concern, "key": key, "email_sent": not concern.anonymous},
                )
    status = 429 if limited else 200
    return render(
        request,
        "concerns/report.html",
        {"form": form, "limited": limited, "signed_in": signed_in},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """The reporter comes back with their case key and password. Wrong tries are limited per
    client (by an unlinkable daily hash), per case key and across the service."""
    form = FollowUpForm(request.POST or None)
    limited = False
    if request.method == "POST":
        client = throttle.client_token(request)
        if throttle.exceeded("key-client", client) or throttle.exceeded("key-all", "all"):
            limited = True
        elif form.is_valid():
            key = form.cleaned_data["key"]
            case_token = throttle.case_token(key)
            if throttle.exceeded("key-case", case_token):
                limited = True
            else:
                concern = concern_by_case_key(key=key, password=form.cleaned_data["password"])
                if concern is not None:
                    response = redirect("concerns:case")
                    reporter_session.start(response, concern.pk)
                    return response
                for bucket, token in (
                    ("key-client", client),
                    ("key-case", case_token),
                    ("key-all", "all"),
                ):
                    throttle.count(bucket, token)
                form.add_error(None, "The case key or password is not right")
    return render(
        request,
        "concerns/follow_up.html",
        {"form": form, "limited": limited},
        status=429 if limited else 200,
    )


def _reporter_concern(request: HttpRequest) -> Concern | None:
    concern_id = reporter_session.concern_id(request)
    if concern_id is None:
        return None
    return Concern.objects.filter(pk=concern_id, erased_at__isnull=True).first()


@never_cache
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest) -> HttpResponse:
    """What the reporter may see: the messages, and a form to answer. Nothing else."""
    concern = _reporter_concern(request)
    if concern is None:
        leave = redirect("concerns:follow_up")
        reporter_session.end(leave)
        return leave
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        reporter_reply(
            concern=concern,
            text=form.cleaned_data["text"],
            attachments=form.cleaned_data["attachments"],
            now=clock.now(),
        )
        messages.success(request, "Your message has been sent.")
        sent = redirect("concerns:case")
        reporter_session.start(sent, concern.pk)
        return sent
    if request.method == "GET":
        reporter_read_record(concern=concern, now=clock.now())
    thread = [
        {"from_reporter": m.sender == MessageFrom.REPORTER, "at": m.at, "text": text(m.sealed)}
        for m in ConcernMessage.objects.filter(concern=concern).order_by("at", "id")
    ]
    response = render(
        request,
        "concerns/case.html",
        {"concern": concern, "thread": thread, "form": form},
    )
    reporter_session.start(response, concern.pk)
    return response


@require_POST
def case_sign_out(request: HttpRequest) -> HttpResponse:
    response = redirect("concerns:follow_up")
    reporter_session.end(response)
    messages.success(request, "You have left your case. Keep your case key and password safe.")
    return response


# --- handling ---------------------------------------------------------------------------------


@login_required
@require_GET
def concern_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    concerns = list(selectors.concerns_for_viewer(viewer=viewer)[:200])
    return render(
        request,
        "concerns/concern_list.html",
        {"concerns": concerns, "is_mo": viewer.is_monitoring_officer},
    )


def _concern(request: AuthenticatedHttpRequest, reference: str) -> tuple[Person, Concern, Access]:
    person, viewer = viewer_for_request(request)
    concern, access = selectors.concern_for_viewer(reference=reference, viewer=viewer)
    return person, concern, access


@login_required
@never_cache
@require_GET
def concern_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, concern, access = _concern(request, reference)
    _, viewer = viewer_for_request(request)
    concern_read_record(
        actor=person, concern=concern, now=clock.now(), source=request_source(request)
    )
    content = unseal(concern.sealed)
    thread = [
        {
            "from_reporter": m.sender == MessageFrom.REPORTER,
            "author": m.author,
            "at": m.at,
            "text": text(m.sealed),
        }
        for m in ConcernMessage.objects.filter(concern=concern).select_related("author")
    ]
    notes = [
        {"author": n.author, "at": n.at, "text": text(n.sealed)}
        for n in ConcernNote.objects.filter(concern=concern).select_related("author")
    ]
    attached = [
        {"file": f, "name": text(f.sealed_name, "name")}
        for f in ConcernFile.objects.filter(concern=concern).select_related("added_by")
    ]
    today = clock.today()
    return render(
        request,
        "concerns/concern_detail.html",
        {
            "concern": concern,
            "manages": access >= Access.MANAGE,
            "content": content,
            "outcome_reasons": text(concern.sealed_outcome),
            "thread": thread,
            "notes": notes,
            "attached": attached,
            "handlers": concern.handlers.select_related("person").order_by("person__full_name"),
            "subjects": concern.subjects.select_related("person").order_by("person__full_name"),
            "breach_cases": selectors.breach_cases_linked(viewer=viewer, concern_id=concern.pk),
            "may_open_breach": viewer.is_monitoring_officer,
            "message_form": TextForm(label="Message to the reporter", prefix="message"),
            "note_form": TextForm(label="Note for handlers", prefix="note"),
            "evidence_form": EvidenceForm(prefix="evidence"),
            "status_form": StatusForm(
                today=today,
                initial={
                    "status": concern.status,
                    "outcome": concern.outcome,
                    "retain_until": concern.retain_until,
                },
            ),
        },
    )


def _people_choices() -> Any:
    return Person.objects.filter(user__isnull=False, user__is_active=True).order_by("full_name")


@login_required
@require_http_methods(["GET", "POST"])
def concern_act(request: AuthenticatedHttpRequest, reference: str, action: str) -> HttpResponse:
    """One page per action (message, note, evidence, status, handler, subject); each answers
    with the form again on a mistake and returns to the concern when done."""
    person, concern, access = _concern(request, reference)
    if concern.erased_at is not None:
        raise PermissionDenied("This concern's content has been erased.")
    if action in {"handler", "subject"} and access < Access.MANAGE:
        raise PermissionDenied("Only whoever received the concern can do this.")
    now, source, today = clock.now(), request_source(request), clock.today()
    data = request.POST if request.method == "POST" else None
    form: Any
    if action == "message":
        form = TextForm(data, label="Message to the reporter", prefix="message")
    elif action == "note":
        form = TextForm(data, label="Note for handlers", prefix="note")
    elif action == "evidence":
        form = EvidenceForm(data, request.FILES or None, prefix="evidence")
    elif action == "status":
        form = StatusForm(data, today=today)
    elif action == "handler":
        form = PersonChoiceForm(
            data, label="Who should handle this concern?", people=_people_choices()
        )
    elif action == "subject":
        form = PersonChoiceForm(data, label="Who is this concern about?", people=_people_choices())
    else:
        raise Http404("No such action.")
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            if action == "message":
                message_send(
                    actor=person, concern=concern, text=cleaned["text"], now=now, source=source
                )
                done = "Your message has been sent to the reporter."
            elif action == "note":
                note_add(
                    actor=person, concern=concern, text=cleaned["text"], now=now, source=source
                )
                done = "Your note has been added."
            elif action == "evidence":
                for attachment in cleaned["attachments"]:
                    file_add(
                        actor=person, concern=concern, attachment=attachment, now=now, source=source
                    )
                done = "The evidence has been added."
            elif action == "status":
                status_set(
                    actor=person,
                    concern=concern,
                    status=cleaned["status"],
                    outcome=cleaned["outcome"],
                    reasons=cleaned["reasons"],
                    retain_until=cleaned["retain_until"],
                    now=now,
                    source=source,
                )
                done = "The concern's status has been saved."
            elif action == "handler":
                handler_assign(
                    actor=person, concern=concern, person=cleaned["person"], now=now, source=source
                )
                done = f"{cleaned['person']} will handle this concern."
            else:
                subject_add(
                    actor=person, concern=concern, person=cleaned["person"], now=now, source=source
                )
                done = "Recorded. That person cannot find this concern."
        except ConcernRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect("concerns:detail", reference=concern.reference)
    return render(
        request,
        "concerns/concern_act.html",
        {"concern": concern, "form": form, "action": action, "title": ACTION_TITLES[action]},
    )


ACTION_TITLES = {
    "message": "Send a message to the reporter",
    "note": "Add a note",
    "evidence": "Add evidence",
    "status": "Set the status and outcome",
    "handler": "Choose a handler",
    "subject": "Record who the concern is about",
}


@login_required
@never_cache
@require_GET
def concern_file(request: AuthenticatedHttpRequest, reference: str, file_id: int) -> HttpResponse:
    """A file, as a download only, for those who may see the concern; every download audited."""
    person, concern, _ = _concern(request, reference)
    attached = selectors.concern_file(concern=concern, file_id=file_id)
    data = files.load(attached.stored_name)
    file_download_record(
        actor=person,
        concern=concern,
        attachment=attached,
        now=clock.now(),
        source=request_source(request),
    )
    response = HttpResponse(data, content_type=attached.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{concern.reference}-{attached.pk}.{attached.extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- breach cases -----------------------------------------------------------------------------


@login_required
@require_GET
def breach_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    if not selectors.may_see_breach_cases(viewer):
        raise PermissionDenied("Only the Monitoring Officer and HR can see breach cases.")
    return render(
        request,
        "concerns/breach_list.html",
        {
            "cases": list(selectors.breach_cases_for_viewer(viewer=viewer)[:200]),
            "is_mo": viewer.is_monitoring_officer,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def breach_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a breach case from a declaration (?declaration=REF), a concern (?concern=REF) or
    against a person for something they did not declare (?person=ID)."""
    actor, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can open a breach case.")
    declaration: Declaration | None = None
    concern: Concern | None = None
    person: Person | None = None
    subject_form: PersonChoiceForm | None = None
    source = request.GET if request.method == "GET" else request.POST
    if source.get("declaration"):
        declaration = (
            Declaration.objects.select_related("declarant")
            .filter(reference=source["declaration"])
            .first()
        )
        if declaration is None:
            raise Http404("No such declaration.")
        basis, person = BreachBasis.DECLARATION, declaration.declarant
    elif source.get("concern"):
        concern, _ = selectors.concern_for_viewer(reference=str(source["concern"]), viewer=viewer)
        basis = BreachBasis.CONCERN
        subject_form = PersonChoiceForm(
            request.POST if request.method == "POST" else None,
            label="Who is the breach case about?",
            people=_people_choices().exclude(pk=actor.pk),
        )
    else:
        basis = BreachBasis.UNDECLARED
        subject_form = PersonChoiceForm(
            request.POST if request.method == "POST" else None,
            label="Who is the breach case about?",
            people=_people_choices().exclude(pk=actor.pk),
            initial={"person": source.get("person") or None},
        )
    form = BreachOpenForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (subject_form is None or subject_form.is_valid())
    ):
        if subject_form is not None:
            person = subject_form.cleaned_data["person"]
        if person is None:
            raise Http404("No such person.")
        if not may_open_breach_case(viewer, person_id=person.pk):
            form.add_error(None, "You cannot open a breach case about yourself")
        else:
            try:
                case = breach_open(
                    actor=actor,
                    person=person,
                    basis=basis,
                    allegation=form.cleaned_data["allegation"],
                    declaration=declaration,
                    concern=concern,
                    now=clock.now(),
                    source=request_source(request),
                )
            except ConcernRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"Breach case {case.reference} has been opened.")
                return redirect("concerns:breach_detail", reference=case.reference)
    return render(
        request,
        "concerns/breach_new.html",
        {
            "form": form,
            "subject_form": subject_form,
            "declaration": declaration,
            "concern": concern,
            "person": person,
            "basis": basis,
            "has_errors": bool(form.errors or (subject_form and subject_form.errors)),
        },
    )


def _case(request: AuthenticatedHttpRequest, reference: str) -> tuple[Person, BreachCase, Access]:
    person, viewer = viewer_for_request(request)
    case, access = selectors.breach_case_for_viewer(reference=reference, viewer=viewer)
    return person, case, access


def _case_initial(case: BreachCase) -> dict[str, Any]:
    content = unseal(case.sealed)
    return {
        "investigation_started_on": case.investigation_started_on,
        "investigation": content.get("investigation", ""),
        "outcome": case.outcome,
        "outcome_on": case.outcome_on,
        "reasons": content.get("reasons", ""),
        "result": case.disciplinary_result,
        "result_on": case.disciplinary_result_on,
    }


@login_required
@never_cache
@require_GET
def breach_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    _, case, access = _case(request, reference)
    content = unseal(case.sealed)
    return render(
        request,
        "concerns/breach_detail.html",
        {"case": case, "content": content, "manages": access >= Access.MANAGE},
    )


@login_required
@require_http_methods(["GET", "POST"])
def breach_update(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, case, access = _case(request, reference)
    if access < Access.MANAGE:
        raise PermissionDenied("Only the Monitoring Officer can record a breach case.")
    today = clock.today()
    form = BreachRecordForm(
        request.POST if request.method == "POST" else None,
        today=today,
        initial=_case_initial(case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            breach_record(
                actor=person,
                case=case,
                investigation_started_on=data["investigation_started_on"],
                investigation=data["investigation"],
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                reasons=data["reasons"],
                result=data["result"],
                result_on=data["result_on"],
                now=clock.now(),
                source=request_source(request),
            )
        except ConcernRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "The breach case has been saved.")
            return redirect("concerns:breach_detail", reference=case.reference)
    return render(request, "concerns/breach_update.html", {"case": case, "form": form})


# --- counts -----------------------------------------------------------------------------------


@login_required
@require_GET
def counts(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can see these counts.")
    today = clock.today()
    year_start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return render(
        request,
        "concerns/counts.html",
        {
            "this_year": selectors.committee_counts(since=year_start, until=today),
            "all_time": selectors.committee_counts(),
            "year_start": year_start,
        },
    )
