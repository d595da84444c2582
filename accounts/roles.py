"""The roles of the desk. Each is a Django group, created with its permissions by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Гражданин")
    OPERATOR = "operator", _("Оператор (L1)")
    SPECIALIST = "specialist", _("Специалист (L2)")
    TECHNICIAN = "technician", _("Техническая группа (L3)")
    SUPERVISOR = "supervisor", _("Супервизор")
    SECURITY_OFFICER = "security_officer", _("Офицер безопасности")
    ADMINISTRATOR = "administrator", _("Администратор")


# Roles that work in the back-office and therefore must pass two-factor authentication (SEC2).
STAFF_ROLES = frozenset(
    {Role.OPERATOR, Role.SPECIALIST, Role.TECHNICIAN, Role.SUPERVISOR, Role.SECURITY_OFFICER, Role.ADMINISTRATOR}
)
# Roles that answer requests; their level is kept in OperatorProfile.
AGENT_ROLES = frozenset({Role.OPERATOR, Role.SPECIALIST, Role.TECHNICIAN})

# Editing the knowledge base's services, guides, tags and translations; children of an inline need delete too.
KNOWLEDGE_EDITING = [
    f"knowledgebase.{action}_{model}"
    for model in ("tag", "articletranslation", "governmentservice", "guide")
    for action in ("view", "add", "change")
] + [
    f"knowledgebase.{action}_{model}"
    for model in ("servicedocument", "servicestep", "guidestep")
    for action in ("view", "add", "change", "delete")
] + ["knowledgebase.delete_articletranslation"]

# app_label.codename granted to each role; the data migration and tests read this one table.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CITIZEN: [],
    Role.OPERATOR: [
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.add_ticketmessage",
        "tickets.view_savedreply",
        "knowledgebase.view_article",
    ],
    Role.SPECIALIST: [
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.add_ticketmessage",
        "tickets.view_savedreply",
        "knowledgebase.view_article",
    ],
    Role.TECHNICIAN: [
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.add_ticketmessage",
        "tickets.view_savedreply",
        "knowledgebase.view_article",
    ],
    Role.SUPERVISOR: [
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.add_ticketmessage",
        "tickets.view_all_tickets",
        "tickets.assign_ticket",
        "tickets.view_slapolicy",
        "tickets.change_slapolicy",
        "tickets.view_savedreply",
        "tickets.add_savedreply",
        "tickets.change_savedreply",
        "tickets.view_satisfactionrating",
        "accounts.view_operatorprofile",
        "accounts.change_operatorprofile",
        "knowledgebase.view_article",
        "knowledgebase.add_article",
        "knowledgebase.change_article",
        *KNOWLEDGE_EDITING,
    ],
    Role.SECURITY_OFFICER: [
        "privacy.view_accesslogentry",
        "auditlog.view_logentry",
        "accounts.view_user",
    ],
    Role.ADMINISTRATOR: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_operatorprofile",
        "accounts.add_operatorprofile",
        "accounts.change_operatorprofile",
        "auth.view_group",
        "auth.change_group",
        "tickets.view_topic",
        "tickets.add_topic",
        "tickets.change_topic",
        "tickets.view_slapolicy",
        "tickets.add_slapolicy",
        "tickets.change_slapolicy",
        "tickets.view_savedreply",
        "tickets.add_savedreply",
        "tickets.change_savedreply",
        "knowledgebase.view_article",
        "knowledgebase.add_article",
        "knowledgebase.change_article",
        "knowledgebase.view_category",
        "knowledgebase.add_category",
        "knowledgebase.change_category",
        *KNOWLEDGE_EDITING,
    ],
}
