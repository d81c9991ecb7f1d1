"""`manage.py qcluster`: django-q2's cluster, with what it lacks to lose no work and to stop in
time (it replaces django-q2's command of the same name; same options).

- Every KOKORON_SWEEP_SECONDS it runs the recovery sweeps (kokoron.core.recovery), which queue
  again the work a lost or killed task left undone.
- On SIGTERM or SIGINT it asks the cluster to stop as django-q2 does (no new tasks, running
  ones finish), waits at most KOKORON_STOP_SECONDS, then ends whatever is left of the cluster's
  processes. django-q2 alone waits for every running task and for every task already taken
  from the broker, and never stops when its pusher is stuck on a full task queue after the
  workers have gone; a supervisor then kills it half-way anyway. Work cut off here is
  recovered like any other: the ORM broker delivers the task again, the sweeps queue again
  the emails and announcements.
"""

import logging
import os
import signal
import sys
import threading
import time
from contextlib import suppress

from django.conf import settings
from django.db import close_old_connections, connections

import psutil
from django_q.cluster import Cluster
from django_q.management.commands import qcluster

from kokoron.core.recovery import run_sweeps

logger = logging.getLogger(__name__)


class Command(qcluster.Command):
    help = "Starts the django-q2 cluster, runs the recovery sweeps and stops within seconds."

    def handle(self, *args, **options):
        settings.SECRET_KEY  # noqa: B018 - as django-q2's: refuse to start without it
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        stopping = threading.Event()
        cluster = Cluster()
        # Replaces django-q2's handler, which waits for the cluster inside the signal handler.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stopping.set())
        connections.close_all()  # the cluster's processes are forked from this one
        cluster.start()
        if options.get("run_once"):
            stopping.set()
        next_sweep = time.monotonic()
        try:
            while not stopping.is_set() and cluster.sentinel.is_alive():
                if time.monotonic() >= next_sweep:
                    close_old_connections()  # a long-lived process: as Django per request
                    run_sweeps()
                    next_sweep = time.monotonic() + settings.KOKORON_SWEEP_SECONDS
                stopping.wait(0.2)
        finally:  # whatever ends the loop, the cluster's processes end with this one
            stop(cluster, settings.KOKORON_STOP_SECONDS)
        if not stopping.is_set():
            logger.error("the cluster ended by itself (exit code %s)", cluster.sentinel.exitcode)
            raise SystemExit(1)
        # Tearing down the interpreter (collecting Django's and Wagtail's objects) takes
        # seconds more and has nothing left to save.
        connections.close_all()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def stop(cluster, grace):
    """Stop the cluster, waiting at most `grace` seconds before ending its processes."""
    sentinel = cluster.sentinel
    if not sentinel.is_alive():
        return
    logger.info("stopping the cluster (at most %s s)", grace)
    cluster.stop_event.set()
    sentinel.join(grace)
    if sentinel.is_alive():
        try:
            left = psutil.Process(sentinel.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            left = []
        logger.warning(
            "the cluster did not stop within %s s: ending its %s processes", grace, len(left) + 1
        )
        for process in left:
            with suppress(psutil.NoSuchProcess):
                process.kill()
        sentinel.kill()
        sentinel.join()
    logger.info("the cluster has stopped")
