"""Personal data kept no longer than its purpose needs (APPI): welfare education's daily job
(registered through the core's schedule hook). A class request finished (done, impossible
or cancelled) RETENTION_CLASS_REQUESTS_DAYS ago keeps no teacher's name, address, number or
notes; the school, grade, pupils, dates, programmes and ratings stay for the reports. Running
it twice changes nothing the second time."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from kokoron.core.signed_links import new_nonce

from .models import ClassRequest
from .personal_data import ERASED_DOMAIN

FINISHED = (ClassRequest.State.DONE, ClassRequest.State.IMPOSSIBLE, ClassRequest.State.CANCELLED)


def anonymise_finished_requests(now=None):
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.RETENTION_CLASS_REQUESTS_DAYS)
    finished = ClassRequest.objects.filter(state__in=FINISHED, updated_at__lt=cutoff).exclude(
        teacher_email__endswith=f"@{ERASED_DOMAIN}"
    )
    count = 0
    for pk in finished.values_list("pk", flat=True):
        # update(): the request's "updated" date stays the day it finished.
        count += ClassRequest.objects.filter(pk=pk).update(
            teacher_name="",
            teacher_email=f"erased-{pk}@{ERASED_DOMAIN}",
            teacher_phone="",
            notes="",
            nonce=new_nonce(),
        )
    return {"class_requests": count}
