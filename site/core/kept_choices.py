"""A model choice field's choices from objects fetched before, without a query.

A filter form's lists (categories, school districts, a taxonomy's terms) are the same on every
view until someone changes them; the listings keep them in the cache and hand them to the
form here. Checking a submitted choice still reads the field's queryset.
"""

from functools import partial

from django.forms.models import ModelChoiceIterator


class KeptChoiceIterator(ModelChoiceIterator):
    def __init__(self, field, objects):
        super().__init__(field)
        self.objects = objects

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.objects:
            yield self.choice(obj)

    def __len__(self):
        return len(self.objects) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.objects)


def keep_choices(field, objects):
    """Show `objects` (in their order) as the choices of this ModelChoiceField."""
    field.iterator = partial(KeptChoiceIterator, objects=list(objects))
    field.widget.choices = field.choices


class KeptChoicesMixin:
    """A FilterSet whose `kept_choices()` gives {filter name: objects} for its form's lists."""

    def kept_choices(self):
        return {}

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, objects in self.kept_choices().items():
                keep_choices(form.fields[name], objects)
        return self._form
