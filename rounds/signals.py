"""Keep each investment's current status derived from the rounds (see services.py for why)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from investments.models import Investment

from .models import Interview, Progress, Round
from .services import derived_status, sync_status


@receiver(pre_save, sender=Investment)
def keep_derived_status(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.status = derived_status(instance)


@receiver(post_save, sender=Progress)
@receiver(post_delete, sender=Progress)
def progress_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_status([instance.investment_id])


@receiver(post_save, sender=Interview)
def interview_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        sync_status(Progress.objects.filter(interview=instance).values_list("investment_id", flat=True))


@receiver(post_save, sender=Round)
def round_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        sync_status(Progress.objects.filter(interview__round=instance).values_list("investment_id", flat=True))
