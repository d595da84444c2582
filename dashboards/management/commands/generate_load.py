"""Bulk-generate a realistic request history for benchmarks: `manage.py generate_load --tickets 1000000`.

Use a separate database, never a working one: the command refuses a database whose name has none of
"bench", "load" or "test" in it unless given --any-database. For example:

    createdb -h 127.0.0.1 -U postgres supportdesk_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/supportdesk_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_load --tickets 1000000

(`make bench` does all of this itself.) Rows go in with PostgreSQL COPY through psycopg in one stream per
table: a million requests take a couple of minutes on a 2-core machine. Ids and numbers are reserved from
the tables' own sequences, so requests created later by the application continue the numbering.

What is generated: operators (L1/L2/L3 with skills, a third of them online), citizens (a few come back
often, which gives repeat requests), requests spread over --days with a day/night profile, channels,
topics, priorities and languages weighted like a public desk; statuses by age (recent requests are open,
older ones resolved or closed), first-contact, routing and resolution times, SLA states, escalations and
reassignments consistent with those times; CSAT ratings for a quarter of the resolved requests. Journal
rows and message texts are not generated (the pages under test do not read them). The rollups are rebuilt
at the end, so the dashboard shows the history at once.
"""

from __future__ import annotations

import math
import random
import sys
import time
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import OperatorProfile, User
from accounts.roles import Role
from dashboards.services import rollup_refresh
from tickets.models import Channel, SLAPolicy, SLAState, Ticket, Topic

CHANNEL_WEIGHTS = {Channel.WEB: 35, Channel.CHAT: 30, Channel.MOBILE: 20, Channel.EMAIL: 10, Channel.PHONE: 5}
# share of the day's requests per Moscow hour: quiet night, a morning rise, peaks at 11 and 15
HOUR_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2.5, 4.5, 6.5, 7.5, 8, 7, 7.5, 7.5, 8, 7, 6, 5, 4.5, 4, 3.5, 2.5, 1.5]
PRIORITY_WEIGHTS = {1: 10, 2: 70, 3: 15, 4: 5}
LANGUAGES = (["ru"] * 97) + ["tt", "tt", "en"]
OPEN_SPLIT = [("new", 30), ("triaged", 15), ("assigned", 15), ("in_progress", 30), ("waiting", 10)]
SUBJECTS = {
    "registration": ["Не приходит код подтверждения", "Не могу войти в личный кабинет", "Забыл пароль",
                     "Учётная запись заблокирована", "Как подтвердить учётную запись"],
    "services": ["Какие документы нужны для загранпаспорта", "Статус заявления не меняется",
                 "Ошибка в заявлении на выплату", "Как записаться к врачу", "Исправить данные в заявлении"],
    "technical": ["Не загружается файл", "Страница выдаёт ошибку", "Сервис недоступен",
                  "Данные не передаются в ведомство", "Зависает оплата госпошлины"],
}
LAST_NAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков"]
FIRST_NAMES = ["Александр", "Мария", "Дмитрий", "Анна", "Сергей", "Елена", "Андрей", "Ольга", "Игорь", "Наталья"]
SAFE_NAME_PARTS = ("bench", "load", "test")
UNUSABLE_PASSWORD = "!"  # noqa: S105 — what set_unusable_password() stores: no password matches it


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # stdout stays clean for the benchmarks' JSON lines


def _reserve(cursor, sequence: str, count: int) -> int:
    """Take `count` consecutive values of a sequence; returns the first."""
    cursor.execute("SELECT nextval(%s)", [sequence])
    (first,) = cursor.fetchone()
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _id_sequence(cursor, table: str) -> str:
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    return cursor.fetchone()[0]


class Command(BaseCommand):
    help = "Bulk-generate requests, citizens and operators for benchmarks (a separate database!)."

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, required=True)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--operators", type=int, default=200)
        parser.add_argument("--citizens", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=20260310)
        parser.add_argument("--if-missing", action="store_true",
                            help="do nothing when the database already holds at least --tickets requests")
        parser.add_argument("--any-database", action="store_true",
                            help="allow a database whose name does not say bench/load/test")

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"] or ""
        if not options["any_database"] and not any(part in name for part in SAFE_NAME_PARTS):
            raise CommandError(f"refusing to fill the database «{name}»: use a separate one (its name must contain "
                               "bench, load or test) or pass --any-database")
        if options["tickets"] <= 0 or options["days"] <= 0 or options["citizens"] <= 0 or options["operators"] <= 0:
            raise CommandError("--tickets, --days, --citizens and --operators must be positive")
        if options["if_missing"] and Ticket.objects.count() >= options["tickets"]:
            _log(f"generate_load: {name} already holds {options['tickets']}+ requests; nothing to do")
            return
        rng = random.Random(options["seed"])  # noqa: S311 — reproducible test data, not secrets
        started = time.monotonic()
        now = timezone.now()
        operators = self._operators(rng, options["operators"])
        _log(f"generate_load: {len(operators)} operators")
        citizens = self._citizens(rng, options["citizens"], now)
        _log(f"generate_load: {len(citizens)} citizens ({time.monotonic() - started:.0f} s)")
        self._tickets(rng, options["tickets"], options["days"], now, operators, citizens)
        _log(f"generate_load: {options['tickets']} requests ({time.monotonic() - started:.0f} s)")
        with connection.cursor() as cursor:
            for table in ("accounts_user", "tickets_ticket", "tickets_satisfactionrating"):
                # VACUUM as a server's autovacuum does after a bulk load (PostgreSQL ≥ 13 vacuums inserts too):
                # without a visibility map every index-only scan visits the table, which no live desk pays.
                # Inside a transaction (the tests) VACUUM cannot run: statistics only.
                cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {table}")
        rollup_refresh(since=None)
        _log(f"generate_load: rollups rebuilt; done in {time.monotonic() - started:.0f} s")

    # --- operators and citizens ----------------------------------------------------------------------------

    def _operators(self, rng: random.Random, count: int) -> list[tuple[int, int]]:
        """(user id, level) of the load operators, created once and reused by later runs."""
        existing = list(
            OperatorProfile.objects.filter(user__email__endswith="@operators.load.example")
            .values_list("user_id", "level")
        )
        if len(existing) >= count:
            return existing
        parents = list(Topic.objects.filter(parent__isnull=True))
        groups = {role: Group.objects.get(name=role) for role in (Role.OPERATOR, Role.SPECIALIST, Role.TECHNICIAN)}
        role_of = {1: Role.OPERATOR, 2: Role.SPECIALIST, 3: Role.TECHNICIAN}
        with transaction.atomic():
            for index in range(len(existing), count):
                level = rng.choices([1, 2, 3], weights=[70, 20, 10])[0]
                user = User(email=f"op{index:05d}@operators.load.example",
                            first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES))
                user.set_unusable_password()  # nobody signs in as a load operator
                user.save()
                user.groups.add(groups[role_of[level]])
                profile = OperatorProfile.objects.create(
                    user=user, level=level, languages=["ru"] + (["tt"] if rng.random() < 0.1 else []),
                    max_concurrent_chats=rng.choice([2, 3, 3, 4]),
                    status=OperatorProfile.Status.ONLINE if rng.random() < 0.33 else OperatorProfile.Status.OFFLINE,
                )
                profile.skills.set(rng.sample(parents, k=rng.randint(1, len(parents))))
                existing.append((user.pk, level))
        return existing

    def _citizens(self, rng: random.Random, count: int, now: datetime) -> list[tuple[int, str]]:
        existing = list(User.objects.filter(email__endswith="@citizens.load.example").values_list("pk", "email"))
        missing = count - len(existing)
        if missing <= 0:
            return existing
        group_id = Group.objects.get(name=Role.CITIZEN).pk
        with connection.cursor() as cursor:
            first_id = _reserve(cursor, _id_sequence(cursor, "accounts_user"), missing)
            raw = connection.connection
            rows = []
            with raw.cursor() as raw_cursor:
                with raw_cursor.copy(
                    "COPY accounts_user (id, password, is_superuser, first_name, last_name, is_staff, is_active, "
                    "date_joined, email, patronymic, preferred_language) FROM STDIN"
                ) as copy:
                    for offset in range(missing):
                        user_id = first_id + offset
                        email = f"c{user_id}@citizens.load.example"
                        joined = now - timedelta(days=rng.randint(100, 2000))
                        copy.write_row((user_id, UNUSABLE_PASSWORD, False, rng.choice(FIRST_NAMES),
                                        rng.choice(LAST_NAMES), False, True, joined, email, "", "ru"))
                        rows.append((user_id, email))
                with raw_cursor.copy("COPY accounts_user_groups (user_id, group_id) FROM STDIN") as copy:
                    for user_id, _email in rows:
                        copy.write_row((user_id, group_id))
        return existing + rows

    # --- requests --------------------------------------------------------------------------------------------

    def _tickets(self, rng, count, days, now, operators, citizens) -> None:
        topics = list(Topic.objects.filter(parent__isnull=False).select_related("parent"))
        topic_weights = [3 if t.parent.code == "registration" else 2 if t.parent.code == "services" else 1
                         for t in topics]
        policy = SLAPolicy.objects.filter(is_active=True, channel="", topic__isnull=True).order_by("pk").first()
        first_seconds = policy.first_response_seconds if policy else 30
        hard_seconds = policy.hard_cap_seconds if policy else 3600
        by_level = {level: [uid for uid, lvl in operators if lvl >= level] for level in (1, 2, 3)}
        channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
        priorities, priority_weights = zip(*PRIORITY_WEIGHTS.items(), strict=True)
        open_statuses, open_weights = zip(*OPEN_SPLIT, strict=True)
        # a few citizens write often: that is where repeat requests come from
        frequent = citizens[: max(1, len(citizens) // 20)]

        generated = {"number", "channel", "contact_name", "contact_email", "contact_phone", "subject", "priority",
                     "status", "tier", "language", "created_at", "updated_at", "first_response_at", "resolved_at",
                     "closed_at", "due_at", "session_key", "assignee_id", "citizen_id", "topic_id",
                     "escalation_level", "first_response_due_at", "hard_due_at", "reassignment_count", "routed_at",
                     "sla_paused_at", "sla_paused_seconds", "sla_state", "sla_policy_id", "id"}
        # columns added to Ticket after this command was written get their model default
        extra = [f for f in Ticket._meta.concrete_fields if f.column not in generated]
        extra_values = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
        columns = ["id", *sorted(generated - {"id"}), *(f.column for f in extra)]

        with connection.cursor() as cursor:
            first_id = _reserve(cursor, _id_sequence(cursor, "tickets_ticket"), count)
            first_number = _reserve(cursor, "tickets_ticket_number_seq", count)
        ratings = []
        raw = connection.connection
        with raw.cursor() as raw_cursor, raw_cursor.copy(
            f"COPY tickets_ticket ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for offset in range(count):
                ticket_id = first_id + offset
                age_days = rng.random() * days
                day = now - timedelta(days=math.floor(age_days))
                hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
                created = day.astimezone(timezone.get_default_timezone()).replace(
                    hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=rng.randrange(10**6))
                if created > now:
                    created -= timedelta(days=1)
                topic = rng.choices(topics, weights=topic_weights)[0]
                complex_topic = topic.complexity == Topic.Complexity.COMPLEX
                target = (policy.complex_resolution_seconds if complex_topic else policy.typical_resolution_seconds) \
                    if policy else (1800 if complex_topic else 300)
                channel = rng.choices(channels, weights=channel_weights)[0]
                citizen = None
                if rng.random() < 0.85:
                    citizen = rng.choice(frequent) if rng.random() < 0.2 else rng.choice(citizens)
                row = self._ticket_row(rng, created, now, target, first_seconds, hard_seconds, topic, by_level,
                                       open_statuses, open_weights)
                row.update(
                    id=ticket_id,
                    number=f"SD-{created:%Y}-{first_number + offset:06d}",
                    channel=channel,
                    contact_name="" if citizen else rng.choice(LAST_NAMES),
                    contact_email=citizen[1] if citizen else f"contact{ticket_id}@mail.load.example",
                    contact_phone="",
                    subject=rng.choice(SUBJECTS[topic.parent.code]),
                    priority=rng.choices(priorities, weights=priority_weights)[0],
                    tier=topic.tier,
                    language=rng.choice(LANGUAGES),
                    session_key="",
                    citizen_id=citizen[0] if citizen else None,
                    topic_id=topic.pk,
                    sla_policy_id=policy.pk if policy else None,
                )
                copy.write_row([row[c] for c in columns[: len(columns) - len(extra)]] + list(extra_values))
                if row["resolved_at"] and citizen and rng.random() < 0.25:
                    ratings.append((ticket_id, rng.choices([1, 2, 3, 4, 5], weights=[5, 5, 10, 30, 50])[0],
                                    row["assignee_id"], row["resolved_at"] + timedelta(minutes=rng.randint(1, 600))))
                if offset and offset % 200_000 == 0:
                    _log(f"generate_load: {offset} requests written")
        with raw.cursor() as raw_cursor, raw_cursor.copy(
            "COPY tickets_satisfactionrating (ticket_id, score, comment, agent_id, created_at) FROM STDIN"
        ) as copy:
            for ticket_id, score, agent_id, created in ratings:
                copy.write_row((ticket_id, score, "", agent_id, created))
        _log(f"generate_load: {len(ratings)} ratings")

    def _ticket_row(self, rng, created, now, target, first_seconds, hard_seconds, topic, by_level, open_statuses,
                    open_weights) -> dict:
        age = (now - created).total_seconds()
        open_chance = 0.7 if age < 7200 else 0.2 if age < 86400 else 0.05 if age < 7 * 86400 else 0.01
        if rng.random() < open_chance:
            status = rng.choices(open_statuses, weights=open_weights)[0]
        elif rng.random() < 0.01:
            status = "cancelled"
        else:
            status = "resolved" if age < 3 * 86400 else "closed"
        due = created + timedelta(seconds=target)
        row = {
            "created_at": created, "status": status, "due_at": due,
            "first_response_due_at": created + timedelta(seconds=first_seconds),
            "hard_due_at": created + timedelta(seconds=hard_seconds),
            "first_response_at": None, "resolved_at": None, "closed_at": None, "routed_at": None,
            "assignee_id": None, "sla_paused_at": None, "sla_paused_seconds": 0, "escalation_level": 0,
            "reassignment_count": 0, "sla_state": SLAState.ON_TRACK,
        }
        if status not in ("new", "triaged"):
            row["routed_at"] = created + timedelta(seconds=rng.lognormvariate(-1.5, 1.0))
            row["assignee_id"] = rng.choice(by_level[min(topic.tier, 3)] or by_level[1])
            if status != "assigned":
                first = min(rng.lognormvariate(3.0, 0.6), max(age - 1, 1))  # median 20 s
                row["first_response_at"] = created + timedelta(seconds=first)
        if status == "waiting":
            row["sla_paused_at"] = min(now, created + timedelta(minutes=rng.randint(1, 20)))
        if status in ("resolved", "closed"):
            handling = rng.lognormvariate(math.log(target * 0.5), 0.7)
            resolved = created + timedelta(seconds=max(handling, 30))
            row["resolved_at"] = min(resolved, now)
            if status == "closed":
                row["closed_at"] = min(row["resolved_at"] + timedelta(days=3), now)
            if row["resolved_at"] > due:
                row["sla_state"] = SLAState.BREACHED
        elif status == "cancelled":
            row["closed_at"] = created + timedelta(minutes=rng.randint(1, 120))
        elif now > due and status != "waiting":
            row["sla_state"] = SLAState.BREACHED
        elif now > created + (due - created) * 0.8 and status != "waiting":
            row["sla_state"] = SLAState.AT_RISK
        if row["sla_state"] == SLAState.BREACHED and row["assignee_id"] and rng.random() < 0.3:
            row["escalation_level"] = 1
            row["reassignment_count"] = 1
        elif row["assignee_id"] and rng.random() < 0.05:
            row["reassignment_count"] = 1
        row["updated_at"] = max(v for v in (created, row["first_response_at"], row["resolved_at"], row["closed_at"],
                                            row["routed_at"]) if v is not None)
        if row["updated_at"] > now:
            row["updated_at"] = now
        return row
