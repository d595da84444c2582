"""The reason a file's content is refused; tickets.attachments names the file in the message the user reads."""


class Unsafe(Exception):
    """Raised by the content checks with a short Russian reason (already translated)."""

    def __init__(self, reason: str, *, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code  # a fixed word for the security log: the log never holds names or contents
