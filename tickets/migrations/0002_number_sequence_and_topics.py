from django.db import migrations

from tickets.topic_tree import topics_sync


def create_topics(apps, schema_editor):
    topics_sync(apps.get_model("tickets", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS tickets_ticket_number_seq START 1",
            "DROP SEQUENCE IF EXISTS tickets_ticket_number_seq",
        ),
        migrations.RunPython(create_topics, migrations.RunPython.noop),
    ]
