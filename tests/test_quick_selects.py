"""The filters shown above long lists (registers, code confirmations, refreshers) render their
selects with the quick select."""

from __future__ import annotations

from django import forms

from probity.conduct.code_forms import ConfirmationFilterForm
from probity.core.widgets import QuickSelect
from probity.cycle.training_forms import RefresherFilterForm
from probity.registers.views import REGISTERS


def test_every_list_filter_select_is_the_quick_one() -> None:
    """The filters shown above long lists declare the quick select for each of their selects."""
    forms_shown: list[forms.Form] = [
        ConfirmationFilterForm(directorates=[(1, "D")], services=[(2, "S")]),
        RefresherFilterForm(directorates=[(1, "D")], services=[(2, "S")]),
        *(register.filter_class().form for register in REGISTERS.values()),
    ]
    selects = [
        (type(form).__name__, name, field.widget)
        for form in forms_shown
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.Select)
    ]
    assert len(selects) >= 3 + 2 + 3 * len(REGISTERS)
    assert [s for s in selects if not isinstance(s[2], QuickSelect)] == []
