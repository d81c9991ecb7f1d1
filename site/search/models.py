from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from . import text


def validate_kana(value):
    normalized = text.normalize(value)
    if not normalized.strip() or any(
        not ("\u3040" <= char <= "\u309f" or char.isspace()) for char in normalized
    ):
        raise ValidationError(_("Write the reading in hiragana or katakana."))


class Reading(index.Indexed, models.Model):
    """How a word written in kanji is read, so that a search in kana finds it.

    Wherever the word appears in indexed text (pages, directory entries...), its reading is
    indexed with it: しょうわくやくしょ finds 昭和区役所. Models that keep their own reading
    (a name_kana field) index it as an ordinary index.SearchField instead.
    """

    word = models.CharField(_("word"), max_length=100, unique=True)
    reading = models.CharField(
        _("reading"),
        max_length=200,
        validators=[validate_kana],
        help_text=_("In hiragana or katakana, e.g. しょうわくやくしょ for 昭和区役所."),
    )

    search_fields = [index.SearchField("word"), index.SearchField("reading")]

    class Meta:
        ordering = ["reading"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self):
        return f"{self.word} ({self.reading})"


class IndexedPageText(models.Model):
    """A page's text and date as the results page ranks and quotes them, stored when the page
    is indexed: a search then reads one row per result instead of loading every result's
    specific page and flattening its fields. A row made from another revision or publication
    than the page's own is not used (kokoron.search.pages reads that page afresh)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    revision_id = models.IntegerField(null=True)
    published_at = models.DateTimeField(null=True)
    text = models.TextField()
    when = models.DateField(null=True)

    def __str__(self):
        return f"{self.page_id}: {self.text[:40]}"
