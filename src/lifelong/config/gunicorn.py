"""gunicorn's configuration for `lifelong serve --production` (bind and app come from the command line).

Workers: $WEB_CONCURRENCY (gunicorn reads it itself), default 2; threads: $GUNICORN_THREADS, default 4.
Each worker builds the compass's search index in the background as soon as it starts.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
# Keep idle connections open longer than a client or proxy keeps them: with gunicorn's default (2 s) a client
# that reuses its connection after 2-3 s meets a socket the server just closed ("connection reset by peer").
# 75 s is above the common proxy idle timeouts (nginx 60 s upstream keepalive, load balancers 60 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "").strip() in {"1", "true", "yes"} else None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")  # the proxy that sets X-Forwarded-*
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))  # 0: a worker is never recycled
max_requests_jitter = max_requests // 10


def post_worker_init(worker):  # noqa: ARG001 - gunicorn's hook signature
    from lifelong.catalogue import search_index

    search_index.refresh_in_background()
