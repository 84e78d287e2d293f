"""Widgets rendered in Python instead of through a template for every option.

Django renders a select by including a template once per option; a register's filter form (sixty
services, a dozen statuses, the directorates) spent about as long on that as on its twenty-five
rows. ``QuickSelect`` writes the same HTML directly; a test holds it to Django's own output.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                html = format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
            parts.append(html)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # noqa: S308 - each part is built by format_html
        )
