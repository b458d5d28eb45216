"""A mail server for the stack test that can be told to hang: while stalled it accepts connections
and says nothing (not even its greeting), as a mail server that has stopped answering does."""

import contextlib
import re
import socket
import threading


class StallingSMTPServer:
    """Just enough SMTP for Django's SMTP backend, on 127.0.0.1:`port`, in threads of this process."""

    def __init__(self, port: int):
        self._listener = socket.create_server(("127.0.0.1", port))
        self._answering = threading.Event()
        self._answering.set()
        self._lock = threading.Lock()
        self.waiting = 0  # connections held without an answer right now
        self.recipients: list[str] = []  # one entry per accepted message and recipient
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self):
        self._answering.clear()

    def answer(self):
        self._answering.set()

    def received(self, address: str) -> int:
        with self._lock:
            return self.recipients.count(address.lower())

    def close(self):
        self._answering.set()
        self._listener.close()

    def _accept(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket):
        with conn:
            with self._lock:
                self.waiting += 1
            self._answering.wait()
            with self._lock:
                self.waiting -= 1
            with contextlib.suppress(OSError):  # the client gave up (or was killed) while we were silent
                self._converse(conn)

    def _converse(self, conn: socket.socket):
        conn.settimeout(30)
        reader = conn.makefile("rb")
        conn.sendall(b"220 stack-mail ESMTP\r\n")
        rcpts: list[str] = []
        while line := reader.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                conn.sendall(b"250 stack-mail\r\n")
            elif verb == b"RCPT":
                match = re.search(rb"<([^>]*)>", line)
                rcpts.append(match.group(1).decode().lower() if match else "")
                conn.sendall(b"250 OK\r\n")
            elif verb in (b"MAIL", b"RSET", b"NOOP"):
                conn.sendall(b"250 OK\r\n")
            elif verb == b"DATA":
                conn.sendall(b"354 go ahead\r\n")
                while (data := reader.readline()) and data != b".\r\n":
                    pass
                with self._lock:
                    self.recipients.extend(rcpts)
                rcpts = []
                conn.sendall(b"250 OK queued\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"502 not implemented\r\n")
