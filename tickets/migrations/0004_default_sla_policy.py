from django.db import migrations


def create_default_policy(apps, schema_editor):
    SLAPolicy = apps.get_model("tickets", "SLAPolicy")
    if not SLAPolicy.objects.exists():
        # SPEC SLA1–SLA3: first contact 30 s, typical 5 min, complex 30 min, 95 % on time, the rest within an hour
        SLAPolicy.objects.create(name="Основная политика (Госуслуги)")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_sla_routing_csat")]

    operations = [migrations.RunPython(create_default_policy, migrations.RunPython.noop)]
