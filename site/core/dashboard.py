"""Panels on the admin's home page where each plugin shows what is waiting for staff.

A plugin appends a WorkPanel in Wagtail's `construct_homepage_panels` hook, only for users whose
work it is; the core draws them all the same way and knows nothing of what they count."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from wagtail.admin.ui.components import Component


def list_url(name, **query):
    """An admin list's address with its filters (a list value repeats the parameter)."""
    return f"{reverse(name)}?{urlencode(query, doseq=True)}" if query else reverse(name)


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str


class WorkPanel(Component):
    template_name = "core/admin/work_panel.html"

    def __init__(self, name, title, items, order=100):
        self.name = name
        self.title = title
        self.items = list(items)
        self.order = order

    def get_context_data(self, parent_context=None):
        return {
            "name": self.name,
            "title": self.title,
            "items": self.items,
            "waiting": sum(item.count for item in self.items),
        }
