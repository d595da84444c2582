"""`manage.py mail_server`: the inbound LMTP/SMTP endpoint; runs until SIGTERM or Ctrl-C."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from mail.server import PROTOCOLS, MailController


class Command(BaseCommand):
    help = "Принимает письма от почтового сервера (LMTP или SMTP) и регистрирует обращения."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (keep it local)")
        parser.add_argument("--port", type=int, default=settings.MAIL_SERVER_PORT)
        parser.add_argument("--protocol", choices=sorted(PROTOCOLS), default="lmtp")

    def handle(self, *args, host: str, port: int, protocol: str, **options) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        controller = MailController(protocol=protocol, hostname=host, port=port)
        controller.start()
        self.stdout.write(f"mail_server: {protocol.upper()} on {host}:{port}", ending="\n")
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            controller.stop()
