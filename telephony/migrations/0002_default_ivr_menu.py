"""The default voice menu (telephony.ivr_menu): one key per section of the topic tree, two keys per topic."""

from django.db import migrations

from telephony.ivr_menu import default_menu, ivr_menu_ensure


def seed(apps, schema_editor):
    ivr_menu_ensure(apps.get_model("telephony", "IvrChoice"), apps.get_model("tickets", "Topic"))


def unseed(apps, schema_editor):
    IvrChoice = apps.get_model("telephony", "IvrChoice")
    IvrChoice.objects.filter(digits__in=[digits for digits, _code in default_menu()]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("telephony", "0001_calls_callbacks_ivr"),
        ("tickets", "0002_number_sequence_and_topics"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
