from django.db import migrations

from accounts.migrations import _roles


class Migration(migrations.Migration):
    """Roles gain the SLA policy, saved reply and rating permissions of accounts.roles."""

    dependencies = [("accounts", "0004_sla_routing_csat"), ("tickets", "0004_default_sla_policy")]

    operations = [migrations.RunPython(_roles.create_roles, migrations.RunPython.noop)]
