"""gunicorn's settings for yingcai, used by `make run` and by the README's deployment line
(`gunicorn -c gunicorn.conf.py ...`); options given on the command line override them.

No `Server` header (等保: the platform does not name its server software). gunicorn 23 has no
setting for it and always writes `Server: gunicorn`, so the line is dropped from the headers
gunicorn writes itself. The config file runs in the master before the workers fork, so every
worker answers without it. A reverse proxy in front adds its own (nginx: `server_tokens off;`).
"""

import gunicorn.http.wsgi

wsgi_app = "yingcai.wsgi"


def _without_server_header(default_headers):
    def headers(response):
        return [line for line in default_headers(response) if not line.lower().startswith("server:")]

    headers.drops_server_header = True
    return headers


if not getattr(gunicorn.http.wsgi.Response.default_headers, "drops_server_header", False):  # once, even on reload
    gunicorn.http.wsgi.Response.default_headers = _without_server_header(gunicorn.http.wsgi.Response.default_headers)
