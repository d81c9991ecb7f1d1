"""The directory's own admin screens: import with a check and a confirmation, the translators'
PO files, and the booklet as a PDF. Each needs a permission on services; the files never leave
the admin."""

import base64
import binascii
import csv
import io
import zlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from django_q.tasks import async_task

from . import importer, pdf, po_translations, sheet, translation_files
from .filters import DirectoryFilterSet
from .models import BookletPdf, ImportJob, language_choices

IMPORT_PERMISSION = "directory.add_service"
MAX_UPLOAD = 20 * 1024 * 1024

COLUMN_HELP = {
    "id": gettext_lazy(
        "Optional. The entry's id from an earlier export; without it, the name "
        "and organisation identify the entry."
    ),
    "name": gettext_lazy("Required. The name of the service or place."),
    "name_kana": gettext_lazy("Required. Its reading in kana, for 五十音 order."),
    "organization": gettext_lazy(
        "Required. Who runs it; an organisation of that name is created when there is none."
    ),
    "organization_kana": gettext_lazy("The organisation's reading; needed for a new one."),
    "field": gettext_lazy("Fields, separated by 、: 子ども, 障がい, 高齢者, 子育て…"),
    "kind": gettext_lazy("Required. Kinds, separated by 、: 相談窓口, たまり場, 施設…"),
    "district": gettext_lazy("The school district (name or slug)."),
    "neighbourhood": gettext_lazy("The neighbourhood (町内), if known."),
    "place": gettext_lazy("The name of the place; the service's name when empty."),
    "place_kana": gettext_lazy("The place's reading in kana."),
    "postal_code": gettext_lazy("123-4567."),
    "address": gettext_lazy("The address after the ward's name, e.g. 御器所町1-2-3."),
    "phone": gettext_lazy("Telephone number."),
    "fax": gettext_lazy("Fax number."),
    "email": gettext_lazy("Email address."),
    "url": gettext_lazy("Website, beginning with https://."),
    "description": gettext_lazy("What it offers."),
    "eligibility": gettext_lazy("Who can use it."),
    "fee": gettext_lazy("無料, 有料 or 場合による (free when empty)."),
    "fee_details": gettext_lazy("What it costs, in words."),
    "schedule": gettext_lazy(
        "Opening hours in words: 月〜金 9:00〜17:00 / "
        "毎月第2・第4火曜 10:00〜12:00; several separated by /."
    ),
    "days": gettext_lazy("Instead of the opening hours in words: the days (月・水・金 or 第2火)…"),
    "opens_at": gettext_lazy("…the opening time (9:00)…"),
    "closes_at": gettext_lazy("…and the closing time (17:00)."),
    "closed_on_holidays": gettext_lazy("はい or いいえ (はい when empty)."),
    "closed_year_end": gettext_lazy("はい or いいえ (はい when empty)."),
    "schedule_note": gettext_lazy("A note on the hours, e.g. 要予約."),
    "step_free": gettext_lazy("はい or いいえ."),
    "languages": gettext_lazy("Languages, separated by 、: 日本語, 英語, 中国語, 手話…"),
    "latitude": gettext_lazy("Latitude (35.1467)."),
    "longitude": gettext_lazy("Longitude (136.9355)."),
    "assured_date": gettext_lazy("The date the entry was last confirmed: 2026/4/1."),
}


class StaffMixin(WagtailAdminTemplateMixin):
    header_icon = "folder-open-inverse"
    permission = IMPORT_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("directory_overview"), "label": _("Directory")},
            {"url": "", "label": self.get_page_title()},
        ]


class LimitedFileField(forms.FileField):
    """A staff upload of at most MAX_UPLOAD bytes."""

    def validate(self, value):
        super().validate(value)
        if value and value.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))


class UploadForm(forms.Form):
    file = LimitedFileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file (UTF-8 or Shift_JIS) or an Excel workbook in the council's layout, or "
            "the ZIP of an HSDS data package."
        ),
    )


class ImportView(StaffMixin, TemplateView):
    template_name = "directory/admin/import.html"
    page_title = gettext_lazy("Import into the directory")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context["jobs"] = ImportJob.objects.defer("data")[:10]
        context["columns"] = [
            (column.header, column.required, COLUMN_HELP[column.key]) for column in sheet.COLUMNS
        ]
        return context

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            filename=upload.name[:250], data=upload.read(), created_by=request.user
        )
        transaction.on_commit(
            lambda: async_task("directory.tasks.check_import", job.pk, group="directory-import")
        )
        return redirect("directory_import_job", job.pk)


class ImportJobView(StaffMixin, TemplateView):
    template_name = "directory/admin/import_job.html"

    def get_page_title(self):
        return _("Import of %(file)s") % {"file": self.job.filename}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.job = get_object_or_404(ImportJob.objects.defer("data"), pk=kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problems = importer.problems_from_dicts(self.job.problems)
        context["job"] = self.job
        context["problems"] = [
            (p.file, p.row or "", p.column, importer.message(p)) for p in problems[:500]
        ]
        context["more_problems"] = max(len(problems) - 500, 0)
        context["summary"] = sorted(self.job.summary.items())
        context["preview"] = self.job.preview[:50]
        return context

    def post(self, request, pk):
        updated = ImportJob.objects.filter(pk=pk, status=ImportJob.Status.CHECKED).update(
            status=ImportJob.Status.IMPORTING, progress=0
        )
        if updated:
            transaction.on_commit(
                lambda: async_task("directory.tasks.run_import", pk, group="directory-import")
            )
            messages.success(request, _("The import has started."))
        else:
            messages.error(request, _("This file cannot be imported now."))
        return redirect("directory_import_job", pk)


class ImportTemplateView(StaffMixin, View):
    """The sheet's headers as a CSV file that Excel opens in Japanese (UTF-8 with BOM)."""

    def get(self, request):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([column.header for column in sheet.COLUMNS])
        writer.writerow(
            {
                "name": "御器所ふれあいサロン",
                "name_kana": "ごきそふれあいさろん",
                "organization": "御器所学区福祉推進協議会",
                "organization_kana": "ごきそがっくふくしすいしんきょうぎかい",
                "field": "高齢者、地域活動",
                "kind": "たまり場",
                "district": "御器所",
                "place": "御器所コミュニティセンター",
                "postal_code": "466-0051",
                "address": "御器所町1-2-3",
                "phone": "052-000-0000",
                "fee": "無料",
                "schedule": "毎月第2・第4火曜 10:00〜12:00",
                "step_free": "はい",
                "languages": "日本語",
            }.get(column.key, "")
            for column in sheet.COLUMNS
        )
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="directory-template.csv"'
        return response


PDF_ERRORS = {
    "chromium-missing": gettext_lazy(
        "Chromium is not installed on the server, so no PDF can be made. Ask the administrator "
        "to install it (apt-get install chromium), or open the booklet page and print it from "
        "your browser."
    ),
    "chromium-failed": gettext_lazy("Chromium could not print the booklet. Try again later."),
    "timeout": gettext_lazy("Printing took too long. Try a smaller selection."),
}


class BookletPdfView(StaffMixin, TemplateView):
    """Request a PDF of the booklet (all or a selection); the list of those made recently."""

    template_name = "directory/admin/booklet_pdf.html"
    page_title = gettext_lazy("Booklet as PDF")
    permission = "directory.view_service"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = DirectoryFilterSet(self.request.GET or None)
        context["form"] = filterset.form
        context["chromium"] = pdf.chromium_path() is not None
        context["missing_message"] = PDF_ERRORS["chromium-missing"]
        context["booklets"] = [
            (item, PDF_ERRORS.get(item.error, item.error))
            for item in BookletPdf.objects.defer("pdf")[:10]
        ]
        context["running"] = any(
            item.status in (BookletPdf.Status.QUEUED, BookletPdf.Status.RUNNING)
            for item, _error in context["booklets"]
        )
        return context

    def post(self, request):
        if pdf.chromium_path() is None:
            messages.error(request, PDF_ERRORS["chromium-missing"])
            return redirect("directory_booklet_pdf")
        filterset = DirectoryFilterSet(request.POST)
        query = ""
        if filterset.form.is_valid():
            query = pdf.filter_query(
                (name, request.POST.get(name, "")) for name in filterset.form.fields
            )
        booklet = BookletPdf.objects.create(query=query, created_by=request.user)
        transaction.on_commit(
            lambda: async_task("directory.tasks.make_booklet_pdf", booklet.pk, group="directory")
        )
        messages.success(request, _("The PDF is being made; this page shows when it is ready."))
        return redirect("directory_booklet_pdf")


class BookletPdfDownload(StaffMixin, View):
    permission = "directory.view_service"

    def get(self, request, pk):
        booklet = get_object_or_404(BookletPdf, pk=pk, status=BookletPdf.Status.DONE)
        response = HttpResponse(bytes(booklet.pdf), content_type="application/pdf")
        name = f"booklet-{booklet.created_at:%Y%m%d-%H%M}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


TRANSLATION_PERMISSION = "directory.change_service"
TRANSLATION_SESSION_KEY = "directory_translation_upload"
MAX_PREVIEW_ROWS = 500

CATALOGUE_ERRORS = {
    "empty": gettext_lazy("The file is empty."),
    "mo-file": gettext_lazy(
        "This is a compiled .mo file. Upload the .po file that the translation tool saves "
        "beside it."
    ),
    "binary": gettext_lazy(
        "This is not a PO file. Upload the .po file downloaded here, with its translations "
        "filled in."
    ),
    "encoding": gettext_lazy(
        "The file is not in the encoding its header declares (UTF-8 for the files downloaded "
        "here); it may have been saved as Shift_JIS. Save it as UTF-8 and upload it again."
    ),
    "syntax": gettext_lazy("This is not a PO file: line %(line)s cannot be read."),
    "wrong-file": gettext_lazy(
        "The file holds no texts of the directory. Upload the PO file downloaded on this page."
    ),
    "no-language": gettext_lazy(
        "The file does not say its language (the Language header). Upload the file downloaded "
        "for this language."
    ),
    "wrong-language": gettext_lazy(
        "The file is in %(found)s, not in %(expected)s. Choose the file's language, or upload "
        "the file for %(expected)s."
    ),
}
ENTRY_PROBLEMS = {
    "unknown": gettext_lazy(
        "No such entry in the directory (removed, or no longer active): skipped."
    ),
    "duplicate": gettext_lazy("This text is in the file twice: the second one is skipped."),
    "fuzzy": gettext_lazy("Marked as needing review (fuzzy): skipped."),
    "source-changed": gettext_lazy(
        "The Japanese text has changed since the file was made: skipped. Download a new file "
        "to translate it."
    ),
    "too-long": gettext_lazy("The translation has %(length)s characters; at most %(limit)s fit."),
    "no-name": gettext_lazy(
        "The entry's name is not translated, so its other texts cannot be saved yet: skipped."
    ),
}
FIELD_NAMES = {
    "name": gettext_lazy("name"),
    "description": gettext_lazy("description"),
    "eligibility_description": gettext_lazy("who can use it"),
    "fees_description": gettext_lazy("cost details"),
    "transportation": gettext_lazy("how to get there"),
}
KIND_NAMES = {
    "service": gettext_lazy("service"),
    "organization": gettext_lazy("organization"),
    "location": gettext_lazy("location"),
    "term": gettext_lazy("taxonomy term"),
}


def language_name(code):
    """A language's own name, for a code as settings or as a PO header write it."""
    for known, name in settings.LANGUAGES:
        if po_translations.same_language(known, code) or (
            po_translations.same_language(po_translations.po_language(known), code)
        ):
            return name
    return code


def catalogue_error(error):
    params = error.params
    if error.code == "wrong-language":
        params = {key: language_name(value) for key, value in params.items()}
    return CATALOGUE_ERRORS[error.code] % params


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=language_choices)


class TranslationUploadForm(LanguageForm):
    file = LimitedFileField(
        label=gettext_lazy("Translated PO file"),
        help_text=gettext_lazy("The .po file downloaded here, with its translations filled in."),
    )


class TranslationsView(StaffMixin, TemplateView):
    """Download the directory's texts for one language as a PO file; upload it translated."""

    template_name = "directory/admin/translations.html"
    page_title = gettext_lazy("Translations for translators (PO files)")
    permission = TRANSLATION_PERMISSION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("download_form", LanguageForm(prefix="download"))
        context.setdefault("upload_form", TranslationUploadForm(prefix="upload"))
        return context

    def post(self, request):
        form = TranslationUploadForm(request.POST, request.FILES, prefix="upload")
        if form.is_valid():
            language = form.cleaned_data["language"]
            data = form.cleaned_data["file"].read()
            try:
                plan = translation_files.plan_upload(data, language)
            except po_translations.CatalogueError as error:
                form.add_error("file", catalogue_error(error))
            else:
                # Kept in the session until staff confirm; compressed, as PO text shrinks well.
                request.session[TRANSLATION_SESSION_KEY] = {
                    "language": language,
                    "filename": form.cleaned_data["file"].name[:250],
                    "data": base64.b64encode(zlib.compress(data)).decode("ascii"),
                    "digest": plan.digest(),
                }
                return redirect("directory_translations_preview")
        return self.render_to_response(self.get_context_data(upload_form=form), status=400)


class TranslationsDownloadView(TranslationsView):
    def get(self, request):
        form = LanguageForm(request.GET, prefix="download")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(download_form=form), status=400)
        name, content = translation_files.download(form.cleaned_data["language"])
        response = HttpResponse(content, content_type="text/x-gettext-translation; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def post(self, request):
        return redirect("directory_translations")


class TranslationsPreviewView(StaffMixin, TemplateView):
    """What an uploaded file would change, with its problems; applied when staff confirm."""

    template_name = "directory/admin/translations_preview.html"
    permission = TRANSLATION_PERMISSION

    def get_page_title(self):
        return _("Check the translations of %(file)s") % {"file": self.upload["filename"]}

    def dispatch(self, request, *args, **kwargs):
        self.upload = request.session.get(TRANSLATION_SESSION_KEY)
        if request.user.has_perm(self.permission) and not self.upload:
            messages.error(request, _("Upload a translated file first."))
            return redirect("directory_translations")
        return super().dispatch(request, *args, **kwargs)

    def current_plan(self):
        try:
            data = zlib.decompress(base64.b64decode(self.upload["data"]))
            return translation_files.plan_upload(data, self.upload["language"])
        except (binascii.Error, zlib.error, po_translations.CatalogueError):
            return None

    def get(self, request, *args, **kwargs):
        self.plan = self.current_plan()
        if self.plan is None:
            request.session.pop(TRANSLATION_SESSION_KEY, None)
            messages.error(request, _("The file can no longer be read. Upload it again."))
            return redirect("directory_translations")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.plan
        context["language"] = language_name(self.upload["language"])
        context["counts"] = plan.counts
        context["errors"] = [self.problem_row(p) for p in plan.errors[:MAX_PREVIEW_ROWS]]
        context["warnings"] = [self.problem_row(p) for p in plan.warnings[:MAX_PREVIEW_ROWS]]
        context["more_warnings"] = max(len(plan.warnings) - MAX_PREVIEW_ROWS, 0)
        written = [c for c in plan.changes if c.status != po_translations.UNCHANGED]
        context["changes"] = [
            (
                change.label,
                KIND_NAMES[change.kind],
                FIELD_NAMES[change.field],
                change.status,
                change.old,
                change.new,
            )
            for change in written[:MAX_PREVIEW_ROWS]
        ]
        context["more_changes"] = max(len(written) - MAX_PREVIEW_ROWS, 0)
        context["can_apply"] = bool(written) and not plan.errors
        context["digest"] = plan.digest()
        return context

    @staticmethod
    def problem_row(problem):
        parsed = po_translations.parse_context(problem.context)
        where = f"{KIND_NAMES[parsed[0]]} · {FIELD_NAMES[parsed[2]]}" if parsed else problem.context
        return (problem.label, where, ENTRY_PROBLEMS[problem.code] % problem.params)

    def post(self, request):
        language = self.upload["language"]
        with transaction.atomic():
            plan = self.current_plan()
            if plan is None or plan.errors or not plan.writes():
                messages.error(request, _("There is nothing to save from this file."))
                return redirect("directory_translations_preview")
            if request.POST.get("digest") != plan.digest():
                messages.error(
                    request,
                    _("The directory has changed since this check. Look at it again and confirm."),
                )
                return redirect("directory_translations_preview")
            written = translation_files.apply(plan, language)
        request.session.pop(TRANSLATION_SESSION_KEY, None)
        messages.success(
            request,
            ngettext(
                "%(count)s translated text saved in %(language)s.",
                "%(count)s translated texts saved in %(language)s.",
                written,
            )
            % {"count": written, "language": language_name(language)},
        )
        return redirect("directory_translations")


def admin_urls():
    return [
        path("directory/translations/", TranslationsView.as_view(), name="directory_translations"),
        path(
            "directory/translations/download/",
            TranslationsDownloadView.as_view(),
            name="directory_translations_download",
        ),
        path(
            "directory/translations/check/",
            TranslationsPreviewView.as_view(),
            name="directory_translations_preview",
        ),
        path("directory/import/", ImportView.as_view(), name="directory_import"),
        path("directory/import/<int:pk>/", ImportJobView.as_view(), name="directory_import_job"),
        path(
            "directory/import/template.csv",
            ImportTemplateView.as_view(),
            name="directory_import_template",
        ),
        path("directory/booklet-pdf/", BookletPdfView.as_view(), name="directory_booklet_pdf"),
        path(
            "directory/booklet-pdf/<int:pk>.pdf",
            BookletPdfDownload.as_view(),
            name="directory_booklet_pdf_download",
        ),
    ]
