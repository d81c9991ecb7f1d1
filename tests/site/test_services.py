"""The background worker and the cache on real services: django-q2's ORM broker and Redis."""

import os
import uuid

from django.core.cache.backends.redis import RedisCache

import pytest
import redis
from django_q.brokers.orm import ORM
from django_q.brokers.redis_broker import Redis as RedisBroker
from django_q.conf import Conf
from django_q.models import Task
from django_q.tasks import async_task

from tests.conftest import start_cluster, wait_for

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_is_reachable():
    try:
        return redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def needs_redis():
    if not redis_is_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the Redis server at {REDIS_URL}")
        pytest.skip(f"no Redis server at {REDIS_URL}")


def enqueue_and_wait(broker, cluster):
    task_id = async_task("math.factorial", 10, broker=broker)
    task = wait_for(
        lambda: Task.objects.filter(id=task_id).first(),
        timeout=90,
        message=f"the cluster to store the result of task {task_id}",
    )
    return task


@pytest.mark.cluster
def test_orm_broker_task_runs_on_a_real_cluster_and_its_result_is_stored(
    transactional_db, tmp_path
):
    cluster = start_cluster(tmp_path, extra_env={"REDIS_URL": ""})
    try:
        task = enqueue_and_wait(ORM(list_key=Conf.PREFIX), cluster)
    finally:
        cluster.stop()
    assert task.success is True
    assert task.result == 3628800
    assert task.func == "math.factorial"


@pytest.mark.cluster
def test_redis_broker_task_runs_on_a_real_cluster_and_its_result_is_stored(
    transactional_db, tmp_path, monkeypatch
):
    needs_redis()
    # The test process enqueues on the same Redis list as the cluster it starts reads.
    monkeypatch.setattr(Conf, "REDIS", REDIS_URL)
    broker = RedisBroker(list_key=Conf.PREFIX)
    broker.purge_queue()
    cluster = start_cluster(tmp_path, extra_env={"REDIS_URL": REDIS_URL, "Q_BROKER": "redis"})
    try:
        task = enqueue_and_wait(broker, cluster)
    finally:
        cluster.stop()
    assert task.success is True
    assert task.result == 3628800


def test_redis_cache_from_redis_url_stores_and_expires_values():
    needs_redis()
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"kokoron-test-{uuid.uuid4().hex}"})
    cache.set("greeting", "こんにちは", timeout=30)
    assert cache.get("greeting") == "こんにちは"
    cache.delete("greeting")
    assert cache.get("greeting") is None
