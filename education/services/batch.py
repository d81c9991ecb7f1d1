"""The batch: a plan over every pending request, stored item by item, and the chosen items
proposed."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kokoron.core.locking import lock_all, lock_name

from .. import engine
from ..models import BatchItem, BatchRun, ClassRequest
from .bookings import PROPOSALS_LOCK, propose
from .common import programme_rows
from .engine_bridge import pending_requests, problem


def booking_as_json(plan):
    return {
        "date": plan.date.isoformat(),
        "option": plan.option,
        "parts": [
            {
                "programme": part.programme,
                "lecturer": part.lecturer,
                "escort": part.escort,
                "supporters": list(part.supporters),
            }
            for part in plan.parts
        ],
        "equipment": [list(pair) for pair in plan.equipment],
        "score": plan.score,
    }


def booking_from_json(class_request, data):
    # Plans stored before requests had several programmes name one lecturer at the top.
    parts = data.get("parts") or [{**data, "programme": class_request.programme.pk}]
    return engine.Booking(
        request=class_request.pk,
        date=dt.date.fromisoformat(data["date"]),
        option=data["option"],
        parts=tuple(
            engine.Part(
                programme=part["programme"],
                lecturer=part["lecturer"],
                escort=part.get("escort"),
                supporters=tuple(part.get("supporters", ())),
            )
            for part in parts
        ),
        equipment=tuple(tuple(pair) for pair in data.get("equipment", ())),
        score=data.get("score", 0),
    )


def run_batch(run):
    stage = run.set_stage
    run.start()
    requests = list(pending_requests())
    p = problem(requests)
    stage("candidates", 20)

    def progress(name):
        if name.startswith("solve "):
            rounds = int(name.split()[1])
            stage(name, min(85, 25 + rounds * 60 // engine.plan.MAX_ROUNDS))
        else:
            stage(name, 90 if name == "top up" else 20)

    plan = engine.batch(p, progress=progress)
    fcfs = engine.greedy(p)
    by_request = {b.request: b for b in plan.bookings}
    with transaction.atomic():
        BatchItem.objects.filter(run=run).delete()
        BatchItem.objects.bulk_create(
            [
                BatchItem(
                    run=run,
                    request=r,
                    plan=booking_as_json(by_request[r.pk]) if r.pk in by_request else {},
                    reason="" if r.pk in by_request else plan.unfulfilled.get(r.pk, ""),
                    score=by_request[r.pk].score if r.pk in by_request else 0,
                )
                for r in requests
            ]
        )
        ClassRequest.objects.filter(
            pk__in=[r.pk for r in requests], state=ClassRequest.State.RECEIVED
        ).update(state=ClassRequest.State.ARRANGING)
        run.finish(
            requests_count=len(requests),
            fulfilled=plan.fulfilled,
            greedy_fulfilled=fcfs.fulfilled,
            total_score=plan.score,
        )
    run.refresh_from_db()
    return run


def apply_items(items, user=None):
    """Propose the chosen plan items that are still possible, in one transaction; returns
    (proposed, skipped). The plan's run is locked first, so the same choice sent twice waits,
    then finds its items applied: each item is proposed once."""
    proposed, skipped = 0, 0
    with transaction.atomic():
        lock_all(BatchRun.objects.filter(pk__in=items.values("run_id")))
        lock_name(PROPOSALS_LOCK)
        for item in (
            items.filter(applied_at__isnull=True)
            .select_related("request__school")
            .prefetch_related(programme_rows("request__"))
        ):
            if not item.plan:
                continue
            if propose(item.request, booking_from_json(item.request, item.plan), user) is None:
                skipped += 1
                continue
            item.applied_at = timezone.now()
            item.save(update_fields=["applied_at"])
            proposed += 1
    return proposed, skipped
