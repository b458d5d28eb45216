"""core.sms: the backends, and the HTTP gateway against a fake gateway on localhost."""

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core import sms
from core.sms import SmsError, SmsMessage, send_sms
from core.sms.backends import ConsoleBackend, FileBackend, HttpGatewayBackend, read_file_messages

MESSAGE = SmsMessage(to="+8613912345678", text="您的诉求FW2026-00001：已解决。")


class FakeGateway:
    """A gateway on 127.0.0.1 that records what it is sent and answers `status` (after `delay` seconds)."""

    def __init__(self, status=200, delay=0.0):
        self.status, self.delay, self.received = status, delay, []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append((dict(self.headers), json.loads(body)))
                time.sleep(gateway.delay)
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_the_gateway_receives_number_sign_and_text_with_the_key():
    with FakeGateway() as gateway:
        backend = HttpGatewayBackend(url=gateway.url, key="secret-key", sign_name="钱开区", timeout=5)
        assert backend.send_messages([MESSAGE]) == 1
    headers, body = gateway.received[0]
    assert body == {"to": "+8613912345678", "sign": "钱开区", "text": "您的诉求FW2026-00001：已解决。"}
    assert headers["Authorization"] == "Bearer secret-key"


def test_the_gateway_is_the_setting_s_backend(settings):
    with FakeGateway() as gateway:
        settings.SMS_BACKEND = "core.sms.backends.HttpGatewayBackend"
        settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_KEY = gateway.url, "k"
        assert send_sms("+8613912345678", "测试") == 1
    assert gateway.received[0][1]["text"] == "测试"


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_gateway_that_refuses_raises(status):
    with FakeGateway(status=status) as gateway, pytest.raises(SmsError, match=str(status)):
        HttpGatewayBackend(url=gateway.url, key="k", timeout=5).send_messages([MESSAGE])


def test_a_slow_gateway_times_out_and_raises():
    with FakeGateway(delay=1.5) as gateway, pytest.raises(SmsError, match="unreachable"):
        HttpGatewayBackend(url=gateway.url, key="k", timeout=0.3).send_messages([MESSAGE])


def test_a_gateway_that_is_down_raises():
    with FakeGateway() as gateway:
        url = gateway.url
    with pytest.raises(SmsError, match="unreachable"):
        HttpGatewayBackend(url=url, key="k", timeout=2).send_messages([MESSAGE])


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "ftp://example.com/"])
def test_no_http_url_no_message(url):
    with pytest.raises(SmsError, match="SMS_GATEWAY_URL"):
        HttpGatewayBackend(url=url).send_messages([MESSAGE])


def test_the_file_backend_writes_one_file_per_message_in_order(tmp_path):
    backend = FileBackend(file_path=tmp_path, sign_name="钱开区")
    backend.send_messages([MESSAGE, SmsMessage(to="+8613800000000", text="第二条")])
    assert read_file_messages(tmp_path) == [
        ("+8613912345678", "【钱开区】您的诉求FW2026-00001：已解决。"),
        ("+8613800000000", "【钱开区】第二条"),
    ]


def test_the_console_and_locmem_backends(settings):
    stream = io.StringIO()
    ConsoleBackend(stream=stream, sign_name="钱开区").send_messages([MESSAGE])
    assert "SMS to +8613912345678\n【钱开区】您的诉求FW2026-00001" in stream.getvalue()
    settings.SMS_BACKEND = "core.sms.backends.LocmemBackend"
    sms.outbox.clear()
    MESSAGE.send()
    assert sms.outbox == [MESSAGE]
    sms.outbox.clear()


def test_a_message_without_a_number_is_not_sent():
    with pytest.raises(SmsError):
        SmsMessage(to="", text="x").send()
