"""A small real SMTP server for tests: it speaks the protocol over a socket on 127.0.0.1.

It accepts every recipient except those it was told to refuse, and keeps what it received.
"""

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        server = self.server
        self.reply("220 kokoron-test ESMTP")
        in_data, lines = False, []
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    server.received.append("\n".join(lines))
                    lines = []
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

    def __init__(self, refused=()):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.refused = set(refused)
        self.received = []

    @property
    def port(self):
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()
