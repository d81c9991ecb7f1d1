"""Admin edit screens that never write back what they did not edit.

Wagtail's edit view saves the whole row as it was read when the request began. Rows whose
state moves on elsewhere (a volunteer answers, a teacher cancels, a sign-up is cancelled)
would get their old state back from an edit of a phone number. LockedEditView locks the row
(kokoron.core.locking) inside the edit's transaction and takes every field the form does not
edit from the row as it is now, so an edit changes only what the form shows.
"""

from wagtail.admin.views import generic

from .locking import lock


class LockedEditView(generic.EditView):
    def save_instance(self):
        instance = self.form.instance
        current = lock(type(instance)._default_manager, instance.pk)
        if current is not None:
            edited = set(self.form.fields)
            for field in instance._meta.concrete_fields:
                if field.name not in edited and not field.primary_key:
                    setattr(instance, field.attname, getattr(current, field.attname))
        return super().save_instance()
