"""Small real SMTP servers for tests, on a socket on 127.0.0.1.

SMTPTestServer speaks the protocol: it accepts every recipient except those it was told to
refuse, and keeps what it received (and for whom). SilentSMTPServer accepts connections and
never answers, as a mail server that hangs does.
"""

import socket
import socketserver
import threading
import time


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        server = self.server
        self.reply("220 kokoron-test ESMTP")
        in_data, lines, recipients = False, [], []
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    if server.delay:
                        time.sleep(server.delay)
                    with server.lock:
                        server.received.append("\n".join(lines))
                        server.envelopes.append((tuple(recipients), "\n".join(lines)))
                    lines, recipients = [], []
                    self.reply("250 OK")
                else:
                    lines.append(line)
                continue
            command = line.split(" ", 1)[0].upper()
            if command in {"EHLO", "HELO"}:
                self.reply("250 kokoron-test")
            elif command == "MAIL":
                self.reply("250 OK")
            elif command == "RCPT":
                address = line.partition(":")[2].strip().strip("<>")
                if address in server.refused:
                    self.reply("550 No such user here")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif command == "DATA":
                in_data = True
                self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class SMTPTestServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, refused=(), delay=0.0):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.refused = set(refused)
        # Seconds before each message is accepted, as a real server's checks take.
        self.delay = delay
        self.lock = threading.Lock()
        self.received = []
        self.envelopes = []  # (recipients, message) of each message accepted

    @property
    def port(self):
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()


class SilentSMTPServer:
    """Accepts connections and never says a word: a client waits for the greeting until its
    own timeout. Counts the connections it took."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.connections = []
        self._stopped = threading.Event()

    @property
    def port(self):
        return self.socket.getsockname()[1]

    def _accept(self):
        self.socket.settimeout(0.1)
        while not self._stopped.is_set():
            try:
                connection, _address = self.socket.accept()
            except TimeoutError:
                continue
            self.connections.append(connection)

    def __enter__(self):
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopped.set()
        self._thread.join()
        for connection in self.connections:
            connection.close()
        self.socket.close()
