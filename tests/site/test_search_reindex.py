"""A deployed index built by the earlier text handling is rebuilt after the upgrade's migrate."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from wagtail.models import Page
from wagtail.search import index

import pytest

from kokoron.pages.models import StandardPage
from kokoron.search import text
from tests.conftest import page_tree_root, wait_for

MIGRATION = "kokoron.search.migrations.0002_reindex_mixed_script_tokens"


def earlier_segment(normalized, query=False):
    """The segmentation before issue 16: bigrams of a Japanese run, no edge characters."""
    tokens = []
    for kind, run in text._runs(normalized):
        if kind == "word" or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def found_titles(query):
    return {page.title for page in Page.objects.search(query)}


@pytest.mark.cluster
def test_the_upgrade_queues_a_rebuild_that_the_cluster_runs(q_cluster, monkeypatch):
    page = page_tree_root().add_child(
        instance=StandardPage(
            title="ふれあいサロン", slug="salon", introduction="<p>毎月第2火曜日に開きます。</p>"
        )
    )
    with monkeypatch.context() as earlier:
        earlier.setattr(text, "_segment", earlier_segment)
        index.insert_or_update_object(page)
    # What a deployed site answered: nothing, though the page holds the words verbatim.
    assert found_titles("第2火曜日") == set()

    migration = importlib.import_module(MIGRATION)
    migration.queue_rebuild(apps, SimpleNamespace(connection=connection))

    wait_for(
        lambda: found_titles("第2火曜日") == {"ふれあいサロン"},
        message="the cluster to rebuild the index",
    )
    assert found_titles("2火曜日") == {"ふれあいサロン"}


def test_a_fresh_database_queues_nothing(db):
    from django_q.brokers import get_broker

    assert not apps.get_model("wagtailsearch", "IndexEntry").objects.exists()
    broker = get_broker()
    before = broker.queue_size()
    importlib.import_module(MIGRATION).queue_rebuild(apps, SimpleNamespace(connection=connection))
    assert broker.queue_size() == before
