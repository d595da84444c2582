from django.db import migrations

from accounts.migrations import _roles


class Migration(migrations.Migration):
    """Supervisors and administrators edit services, guides, tags and translations of the knowledge base."""

    dependencies = [
        ("accounts", "0005_roles_for_sla"),
        ("knowledgebase", "0008_content_model_services_guides_translations"),
    ]

    operations = [migrations.RunPython(_roles.create_roles, migrations.RunPython.noop)]
