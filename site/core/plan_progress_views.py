"""The screen of the plan's progress: each goal's figures by fiscal year and by school
district, with charts, and the same figures as a CSV file."""

import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kokoron.geography.models import SchoolDistrict

from .plan_figures import (
    NOT_COLLECTED,
    NOT_RECORDED,
    bar_chart,
    csv_rows,
    district_cells,
    year_cells,
    years_shown,
)
from .plan_progress import PERMISSION, current_fiscal_year, goals, indicators
from .spreadsheets import SpreadsheetWriter

# How many fiscal years back the year filter reaches.
YEARS_TO_CHOOSE = 10
CIRCLED = "①②③④⑤⑥"


def year_label(year):
    return gettext("FY%(year)s") % {"year": year}


def goal_label(number, name):
    return f"{CIRCLED[number - 1]}{name}"


def missing_words():
    return {NOT_COLLECTED: gettext("not collected"), NOT_RECORDED: gettext("not recorded")}


class ProgressFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    district = forms.ChoiceField(label=_("School district"), required=False)

    def __init__(self, data, *, current_year, districts):
        super().__init__(data)
        self.fields["year"].choices = [
            (year, year_label(year))
            for year in range(current_year, current_year - YEARS_TO_CHOOSE, -1)
        ]
        self.fields["district"].choices = [
            ("", gettext("Whole ward")),
            *[(district.slug, district.display_name) for district in districts],
        ]


@dataclass
class IndicatorReport:
    indicator: object
    year_cells: list
    district_cells: list
    chart: object


@dataclass
class GoalReport:
    number: int
    label: str
    rows: list = field(default_factory=list)
    district_chart: object = None
    district_chart_label: str = ""

    def district_rows(self, names):
        """The by-district table turned round: (district name, a cell per indicator)."""
        columns = [row.district_cells for row in self.rows]
        return [(name, [cells[index] for cells in columns]) for index, name in enumerate(names)]


def build_report(year, district, districts, now=None):
    """Every goal with its indicators' cells and charts: one query per indicator."""
    current = current_fiscal_year(now)
    years = years_shown(year)
    span = range(years[0], years[-1] + 1)
    ids = [each.pk for each in districts]
    district_names = [each.display_name for each in districts]
    by_goal = {}
    for indicator in indicators():
        by_goal.setdefault(indicator.goal, []).append(indicator)
    report = []
    for number, name in goals().items():
        goal = GoalReport(number, goal_label(number, name))
        for indicator in by_goal.get(number, []):
            counts = indicator.count(span) if indicator.collected else {}
            options = {
                "collected": indicator.collected,
                "snapshot_year": current if indicator.snapshot else None,
            }
            by_year = year_cells(counts, years, district.pk if district else None, **options)
            by_district = district_cells(counts, year, ids, **options)
            chart = bar_chart(
                [(year_label(y), c.value) for y, c in zip(years, by_year, strict=True)]
            )
            goal.rows.append(IndicatorReport(indicator, by_year, by_district, chart))
            if goal.district_chart is None and by_district[0].known and not indicator.ward_wide:
                values = [c.value for c in by_district[: len(district_names)]]
                points = list(zip(district_names, values, strict=True))
                goal.district_chart = bar_chart(points, width=max(360, 64 * len(points) + 52))
                goal.district_chart_label = str(indicator.label)
        report.append(goal)
    return report


def district_names(districts):
    """The rows of a by-district table: each district, those without one, the ward's total."""
    names = [each.display_name for each in districts]
    return [*names, gettext("No district recorded"), gettext("Whole ward")]


def report_csv_rows(report, year, district, districts):
    """The figures of the screen, each once, as CSV rows: first by year, then by district."""
    place = district.display_name if district else gettext("Whole ward")
    columns = district_names(districts)
    years = years_shown(year)
    sections = []
    for goal in report:
        for row in goal.rows:
            seen, cells = set(), []
            shown = [(year_label(y), place, c) for y, c in zip(years, row.year_cells, strict=True)]
            shown += [
                (year_label(year), name, c)
                for name, c in zip(columns, row.district_cells, strict=True)
            ]
            for year_text, district_text, one in shown:
                if (year_text, district_text) not in seen:
                    seen.add((year_text, district_text))
                    cells.append((year_text, district_text, one))
            sections.append((goal.label, str(row.indicator.label), cells))
    header = [
        gettext("Basic goal"),
        gettext("Indicator"),
        gettext("Fiscal year"),
        gettext("School district"),
        gettext("Figure"),
    ]
    return csv_rows(header, sections, missing_words())


class PlanProgressView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/plan_progress.html"
    page_title = _("Progress of the plan")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied  # Wagtail's answer: back to the admin home, with a message
        return super().dispatch(request, *args, **kwargs)

    def choices(self):
        """The chosen year and district; a value that is not one of the choices is set aside
        (the form says why) for the current year or the whole ward."""
        current = current_fiscal_year()
        districts = list(SchoolDistrict.objects.all())
        form = ProgressFilterForm(self.request.GET, current_year=current, districts=districts)
        form.is_valid()
        for name in form.errors:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
            )
        data = getattr(form, "cleaned_data", {})
        year = data.get("year") or current
        slug = data.get("district") or ""
        district = next((each for each in districts if each.slug == slug), None)
        return form, year, district, districts

    def get(self, request, *args, **kwargs):
        form, year, district, districts = self.choices()
        report = build_report(year, district, districts)
        if request.GET.get("format") == "csv":
            return self.csv(report, year, district, districts)
        names = district_names(districts)
        for goal in report:
            goal.by_district = goal.district_rows(names)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=report,
                year=year,
                year_text=year_label(year),
                years=[year_label(each) for each in years_shown(year)],
                district=district,
                districts=districts,
                words=missing_words(),
                csv_query=form_query(year, district),
            )
        )

    def csv(self, report, year, district, districts):
        buffer = io.StringIO()
        SpreadsheetWriter(buffer).writerows(report_csv_rows(report, year, district, districts))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel opens UTF-8 only with its mark
        response.write(buffer.getvalue())
        name = f"plan-progress-{year}{'-' + district.slug if district else ''}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def form_query(year, district):
    query = f"year={year}"
    return f"{query}&district={district.slug}" if district else query
