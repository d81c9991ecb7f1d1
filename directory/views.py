"""Public pages of the directory: the filtered list, a page per service, gathering places."""

from itertools import groupby

from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kokoron.core.rate_limits import rate_limited
from kokoron.core.signed_links import LinkError
from kokoron.geography.models import SchoolDistrict
from kokoron.pages import cache as page_cache

from . import pdf, verification
from .booklet import build_booklet
from .filters import DirectoryFilterSet
from .forms import CorrectionForm, VerifyEntryForm
from .listing import load_listing
from .models import BookletPdf, CorrectionSuggestion, Service, ServiceAtLocation, Taxonomy

PER_PAGE = 20


def _page_of(request, queryset, per_page=PER_PAGE):
    """The requested page, or the first with a message when the page number is nonsense."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw), None
    except PageNotAnInteger:
        return paginator.page(1), _("The page number was not a number; showing the first page.")
    except EmptyPage:
        number = 1 if not raw.lstrip("-").isdigit() or int(raw) < 1 else paginator.num_pages
        return paginator.page(number), _("There is no such page; showing page %(number)s.") % {
            "number": number
        }


@page_cache.cached_view("directory")
def index(request):
    filterset = DirectoryFilterSet(request.GET or None, queryset=Service.objects.active())
    queryset = filterset.qs.order_by("sort_name", "id").only("id")
    page, page_message = _page_of(request, queryset)
    services = load_listing([service.id for service in page])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/index.html",
        {
            "map_points": map_points(services),
            "filter": filterset,
            "form": filterset.form,
            "filter_errors": filterset.form.errors if filterset.is_bound else {},
            "page_obj": page,
            "page_message": page_message,
            "services": services,
            "query": query.urlencode(),
            "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def map_points(services):
    """The places of a page of results that have coordinates, for the optional map."""
    points = []
    for service in services:
        for location in service.locations():
            if location.latitude is None or location.longitude is None:
                continue
            points.append(
                {
                    "name": service.display_name,
                    "url": reverse("directory:service", kwargs={"pk": service.pk}),
                    "place": location.display_name,
                    "lat": float(location.latitude),
                    "lon": float(location.longitude),
                }
            )
    return points


@page_cache.cached_view("directory")
def service_detail(request, pk):
    service = get_object_or_404(
        Service.objects.for_listing().prefetch_related(
            "phones",
            "contacts",
            "cost_options",
            "service_areas__school_district",
            "service_areas__neighbourhood",
        ),
        pk=pk,
    )
    return render(request, "directory/service_detail.html", {"service": service})


@page_cache.cached_view("directory")
def gathering_places(request):
    """たまり場 grouped by the school district of their place, districts in the ward's order."""
    sal = (
        ServiceAtLocation.objects.filter(
            service__status=Service.ACTIVE,
            service__terms__taxonomy__slug=Taxonomy.KIND,
            service__terms__code="gathering-place",
        )
        .select_related("location__school_district", "service")
        .prefetch_related("service__translations", "service__schedules", "location__translations")
        .order_by("location__school_district__sort_order", "service__sort_name")
    )
    districts = []
    for district, rows in groupby(sal, key=lambda row: row.location.school_district):
        districts.append((district, list(rows)))
    return render(
        request,
        "directory/gathering_places.html",
        {
            "districts": districts,
            "all_districts": SchoolDistrict.objects.all(),
        },
    )


def booklet(request):
    """The booklet of the whole directory, or of the list's current filter, for A4 printing."""
    filterset = DirectoryFilterSet(request.GET or None, queryset=Service.objects.active())
    queryset = filterset.qs
    summary = []
    if filterset.is_bound and filterset.form.is_valid():
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", False):
                continue
            bound = filterset.form[name]
            if hasattr(value, "display_name"):
                value = value.display_name
            elif name in ("day", "language"):
                value = dict(bound.field.choices).get(value, value)
            elif value is True:
                value = ""
            summary.append(f"{bound.label} {value}".strip())
    query = request.GET.copy()
    query.pop("page", None)
    query.pop(pdf.PAGE_NUMBERS_PARAM, None)
    booklet = build_booklet(queryset)
    # The second print of the PDF: the pages the first print found (directory.pdf).
    pdf_id = pdf.booklet_pdf_id(request.GET.get(pdf.PAGE_NUMBERS_PARAM, ""))
    if pdf_id is not None:
        numbers = BookletPdf.objects.filter(pk=pdf_id).values_list("page_numbers", flat=True)
        booklet.number_pages(next(iter(numbers), None) or {})
    return render(
        request,
        "directory/booklet.html",
        {
            "booklet": booklet,
            "filter_errors": filterset.form.errors if filterset.is_bound else {},
            "filter_summary": "、".join(str(s) for s in summary),
            "query": query.urlencode(),
        },
    )


def suggest_correction(request, pk):
    """A form on every entry: tell the council what is wrong; it goes to the moderation queue."""
    service = get_object_or_404(Service, pk=pk)
    form = CorrectionForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "directory-correction", emails=[form.cleaned_data.get("email")]):
            limited = True
        else:
            suggestion = form.save(commit=False)
            suggestion.service = service
            suggestion.save()
            messages.success(request, _("Thank you. Staff will check the entry and correct it."))
            return redirect("directory:service", pk=service.pk)
    return render(
        request,
        "directory/correction.html",
        {"service": service, "form": form, "limited": limited},
        status=429 if limited else (400 if form.is_bound and form.errors else 200),
    )


def verify(request, token):
    """The page a yearly verification email links to: confirm or correct each entry."""
    try:
        organization = verification.read_token(token)
    except LinkError as error:
        expired = error.code == "expired"
        return render(request, "directory/verify_invalid.html", {"expired": expired}, status=400)
    services = list(
        Service.objects.active().filter(organization=organization).order_by("sort_name")
    )
    data = request.POST if request.method == "POST" else None
    entries = [(service, VerifyEntryForm(data, prefix=str(service.pk))) for service in services]
    if data is not None and all(form.is_valid() for _service, form in entries):
        confirmed = []
        for service, form in entries:
            if form.cleaned_data["answer"] == VerifyEntryForm.CONFIRM:
                confirmed.append(service)
            else:
                CorrectionSuggestion.objects.create(
                    service=service,
                    message=form.cleaned_data["message"].strip(),
                    name=organization.name[:100],
                    email=verification.recipient(organization),
                )
        verification.confirm(confirmed)
        messages.success(
            request,
            _(
                "Thank you. %(confirmed)s confirmed; staff will look at %(corrections)s correction(s)."
            )
            % {"confirmed": len(confirmed), "corrections": len(entries) - len(confirmed)},
        )
        return redirect("directory:verify", token=token)
    return render(
        request,
        "directory/verify.html",
        {"organization": organization, "entries": entries, "has_errors": data is not None},
        status=400 if data is not None else 200,
    )
