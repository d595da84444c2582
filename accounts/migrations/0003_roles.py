from django.db import migrations

from accounts.migrations import _roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("tickets", "0002_number_sequence_and_topics"),
        ("privacy", "0002_initial"),
        ("knowledgebase", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(_roles.create_roles, migrations.RunPython.noop)]
