"""The directory's own admin screens: import with a check and a confirmation, and the booklet
as a PDF. Each needs a permission on services; the files never leave the admin."""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from django_q.tasks import async_task

from . import importer, pdf, sheet
from .filters import DirectoryFilterSet
from .models import BookletPdf, ImportJob

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


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file (UTF-8 or Shift_JIS) or an Excel workbook in the council's layout, or "
            "the ZIP of an HSDS data package."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


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


def admin_urls():
    return [
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
