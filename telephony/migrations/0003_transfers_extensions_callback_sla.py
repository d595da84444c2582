"""Transfers and later fields (CallEvent.dedupe_key, operator), operators' PBX extensions, the PBX's duration,
overdue callbacks, and the call log's keyset order."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def dedupe_keys_fill(apps, schema_editor):
    """What the unique (call, event) pair meant: the kind; an answer is now also keyed by its operator."""
    CallEvent = apps.get_model("telephony", "CallEvent")
    for event in CallEvent.objects.only("pk", "event", "payload").iterator():
        key = event.event
        if event.event == "answer":
            payload = event.payload or {}
            key = "answer:" + str(payload.get("user") or payload.get("answeringNumber") or "").strip().lower()[:254]
        CallEvent.objects.filter(pk=event.pk).update(dedupe_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("telephony", "0002_default_ivr_menu"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="callevent",
            name="dedupe_key",
            field=models.CharField(default="", max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(dedupe_keys_fill, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="callevent", name="call_event_once"),
        migrations.AddConstraint(
            model_name="callevent",
            constraint=models.UniqueConstraint(fields=("call", "dedupe_key"), name="call_event_once_per_key"),
        ),
        migrations.AddField(
            model_name="callevent",
            name="operator",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="duration_seconds",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="длительность по данным АТС, с"),
        ),
        migrations.AddIndex(
            model_name="call",
            index=models.Index(fields=["-created_at", "-id"], name="call_log_order"),
        ),
        migrations.AddField(
            model_name="callback",
            name="overdue_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="просрочен с"),
        ),
        migrations.CreateModel(
            name="OperatorExtension",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "extension",
                    models.CharField(
                        max_length=64,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9_.@+-]{1,64}$", "Латинские буквы, цифры и знаки _ . @ + -, до 64 знаков."
                            )
                        ],
                        verbose_name="внутренний номер или SIP-логин",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        limit_choices_to={"operator_profile__isnull": False},
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pbx_extension",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="оператор",
                    ),
                ),
            ],
            options={
                "verbose_name": "внутренний номер оператора",
                "verbose_name_plural": "внутренние номера операторов",
                "ordering": ["extension"],
            },
        ),
    ]
