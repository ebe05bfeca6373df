"""An OTLP/HTTP receiver that answers 200 to every POST and keeps nothing: the far end of trace export for
`scripts/bench-cpu --otlp`, so the measured cost is the server's (span creation, batching, encoding, sending).

    python3 scripts/bench/otlp_sink.py PORT
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
