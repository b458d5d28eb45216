"""Text messages (SMS), with pluggable backends as Django's mail: settings.SMS_BACKEND names the class.

    SmsMessage(to="+8613912345678", text="…").send()

Backends (core.sms.backends): ConsoleBackend (prints; the default with DEBUG on), FileBackend (one file
per message under settings.SMS_FILE_PATH; the tests' backend), LocmemBackend (kept in `core.sms.outbox`),
HttpGatewayBackend (an HTTP gateway: SMS_GATEWAY_URL, SMS_GATEWAY_KEY, SMS_SIGN_NAME,
SMS_GATEWAY_TIMEOUT; the default without DEBUG). A backend raises SmsError when the message was not
accepted, so that the caller (an outbox row) can try again later.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

# What LocmemBackend has sent, as django.core.mail.outbox (tests empty it themselves).
outbox: list["SmsMessage"] = []


class SmsError(Exception):
    """The message was not accepted by the backend; the text says why, without the number or the text."""


def get_connection(backend: str | None = None, **kwargs):
    """An instance of the SMS backend `backend` (a dotted path), by default settings.SMS_BACKEND."""
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)


@dataclass
class SmsMessage:
    """One text message to one phone number (E.164, as cases.text.normalise_phone stores it)."""

    to: str
    text: str

    def send(self, connection=None) -> int:
        """Hand the message to the backend; returns 1, or raises SmsError."""
        if not self.to:
            raise SmsError("no recipient")
        return (connection or get_connection()).send_messages([self])


def send_sms(to: str, text: str) -> int:
    return SmsMessage(to=to, text=text).send()
