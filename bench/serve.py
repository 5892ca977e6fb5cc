"""A static file server for benchmarks: serves a built site from 127.0.0.1 with gzip, as a
real host would, so transfer sizes are what a phone downloads."""
import functools
import gzip
import http.server
import mimetypes
import os
import sys
import threading

COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg")


class GzipHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, directory, cache, **kwargs):
        self.directory = directory
        self.cache = cache
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        from urllib.parse import unquote
        path = unquote(path)
        full = os.path.normpath(os.path.join(self.directory, path.lstrip("/")))
        if not full.startswith(os.path.normpath(self.directory)):
            return self.send_error(403)
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        if not os.path.isfile(full):
            return self.send_error(404)
        body, encoded = self.cache.get(full, (None, False))
        if body is None:
            with open(full, "rb") as f:
                body = f.read()
            encoded = full.endswith(COMPRESSIBLE)
            if encoded:
                body = gzip.compress(body, 6, mtime=0)
            self.cache[full] = (body, encoded)
        self.send_response(200)
        ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if full.endswith(".mjs"):
            ctype = "text/javascript"
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") or ctype.endswith("json") else ""))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page left before its last request is answered (the next measurement navigating
        # away) is no error of the server's.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(directory):
    handler = functools.partial(GzipHandler, directory=directory, cache={})
    server = QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
