"""The SMS backends (core.sms). Each has `send_messages(messages) -> int` and raises core.sms.SmsError
when a message was not accepted."""

import json
import logging
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core import sms

logger = logging.getLogger(__name__)


class BaseSmsBackend:
    def __init__(self, **kwargs):
        self.sign_name = kwargs.get("sign_name", settings.SMS_SIGN_NAME)

    def send_messages(self, messages) -> int:
        raise NotImplementedError

    def render(self, message) -> str:
        """The message as a phone shows it: the sign name in 【】 (as Chinese operators require) and the text."""
        return f"【{self.sign_name}】{message.text}" if self.sign_name else message.text


class ConsoleBackend(BaseSmsBackend):
    """Writes each message to stdout (development: the number and the text appear in the runserver log)."""

    def __init__(self, stream=None, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, messages) -> int:
        with self._lock:
            for message in messages:
                self.stream.write(f"SMS to {message.to}\n{self.render(message)}\n{'-' * 40}\n")
            self.stream.flush()
        return len(messages)


class LocmemBackend(BaseSmsBackend):
    """Keeps each message in core.sms.outbox."""

    def send_messages(self, messages) -> int:
        sms.outbox.extend(messages)
        return len(messages)


class FileBackend(BaseSmsBackend):
    """Writes each message to a file of its own under settings.SMS_FILE_PATH: "To: …", a blank line, the text."""

    _counter = 0
    _lock = threading.Lock()

    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path or settings.SMS_FILE_PATH)

    def send_messages(self, messages) -> int:
        self.file_path.mkdir(parents=True, exist_ok=True)
        for message in messages:
            with self._lock:
                FileBackend._counter += 1
                name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{FileBackend._counter:04d}.txt"
            (self.file_path / name).write_text(f"To: {message.to}\n\n{self.render(message)}\n", encoding="utf-8")
        return len(messages)


def read_file_messages(file_path=None) -> list[tuple[str, str]]:
    """(number, text) of every message FileBackend wrote to `file_path`, oldest first."""
    folder = Path(file_path or settings.SMS_FILE_PATH)
    messages = []
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        head, _blank, text = path.read_text(encoding="utf-8").partition("\n\n")
        messages.append((head.removeprefix("To: ").strip(), text.rstrip("\n")))
    return messages


class HttpGatewayBackend(BaseSmsBackend):
    """POSTs each message as JSON to an SMS gateway: {"to": number, "sign": sign name, "text": text}, with
    "Authorization: Bearer <SMS_GATEWAY_KEY>". Any 2xx answer is accepted; anything else, a timeout
    (SMS_GATEWAY_TIMEOUT seconds) or a refused connection raises SmsError. A gateway with another protocol
    (an operator's API) sits behind a small adapter that speaks this one, or a backend of its own."""

    def __init__(self, url=None, key=None, timeout=None, **kwargs):
        super().__init__(**kwargs)
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.key = key if key is not None else settings.SMS_GATEWAY_KEY
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT

    def send_messages(self, messages) -> int:
        if not self.url.startswith(("https://", "http://")):
            raise sms.SmsError("SMS_GATEWAY_URL is not an http(s) URL" if self.url else "SMS_GATEWAY_URL is not set")
        for message in messages:
            self._post(message)
        return len(messages)

    def _post(self, message) -> None:
        body = json.dumps({"to": message.to, "sign": self.sign_name, "text": message.text}, ensure_ascii=False).encode(
            "utf-8"
        )
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        http_request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (OSError, ValueError) as exc:  # refused, timed out, unreachable, a malformed URL
            raise sms.SmsError(f"gateway unreachable: {type(exc).__name__}") from exc
        if not 200 <= status < 300:
            logger.warning("sms gateway refused a message", extra={"status": status})
            raise sms.SmsError(f"gateway answered HTTP {status}")
