"""Role groups for data migrations; shared so later migrations can bring groups up to date."""

from accounts.roles import ROLE_PERMISSIONS

ACTION_NAMES = {"view": "Can view", "add": "Can add", "change": "Can change", "delete": "Can delete"}
CUSTOM_NAMES = {
    "view_all_tickets": "Видит все обращения",
    "assign_ticket": "Назначает обращения",
}


def create_roles(apps, schema_editor):
    """One group per role with the permissions of accounts.roles.ROLE_PERMISSIONS.

    Permissions are normally created after migrate; they are made here (with the same
    content type and codename) so the groups are complete in one migration.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            action, _sep, model = codename.partition("_")
            if codename in CUSTOM_NAMES:
                model, name = "ticket", CUSTOM_NAMES[codename]
            else:
                name = f"{ACTION_NAMES[action]} {model}"
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)
