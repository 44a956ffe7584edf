"""locust journeys for benchmarks/bench_load.py: learners, provider staff and analysts on the production server.

Every request says it came through the https proxy (X-Forwarded-Proto) and carries the Referer a browser
would send, as Django's CSRF check behind https wants.
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, between, task

QUERIES = ["lassen", "heftruck", "boekhouding", "verpleegkunde", "python", "koken", "elektricien", "excel"]
PASSWORDS = {"learner": "demo-learner-2026", "provider": "demo-provider-2026", "analyst": "demo-analyst-2026"}


class Journey(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self):
        # the cookies are Secure (https at the proxy) while locust speaks http to the server behind it
        send = self.client.request

        def request(*args, **kwargs):
            for cookie in self.client.cookies:
                cookie.secure = False
            return send(*args, **kwargs)

        self.client.request = request
        self.client.headers.update({"X-Forwarded-Proto": "https", "Referer": f"https://{self.host.split('//')[1]}/"})
        page = self.client.get("/account/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post("/account/login/", name="login", allow_redirects=False, catch_response=True,
                              data={"csrfmiddlewaretoken": token, "username": f"{self.role}@demo.lifelong.test",
                                    "password": PASSWORDS[self.role]}) as response:
            if response.status_code != 302:  # a login page again: not signed in
                response.failure(f"login refused ({response.status_code})")


class Learner(Journey):
    role = "learner"
    weight = 3

    @task(3)
    def search_competences(self):
        self.client.get(f"/esco/?q={random.choice(QUERIES)}", name="/esco/?q=", headers={"HX-Request": "true"})

    @task(3)
    def compass(self):
        self.client.get(f"/kompas/?q={random.choice(QUERIES)}", name="/kompas/?q=")

    @task(2)
    def career(self):
        self.client.get("/loopbaan/", name="/loopbaan/")

    @task(2)
    def rights(self):
        self.client.get("/rekening/", name="/rekening/")


class ProviderStaff(Journey):
    role = "provider"
    weight = 1

    @task(2)
    def catalogue(self):
        self.client.get("/kompas/aanbieder/", name="/kompas/aanbieder/")

    @task(1)
    def bookings(self):
        self.client.get("/rekening/aanbieder/", name="/rekening/aanbieder/")

    @task(1)
    def gaps(self):
        self.client.get("/kompas/vraag-en-aanbod/", name="/kompas/vraag-en-aanbod/")


class Analyst(Journey):
    role = "analyst"
    weight = 1

    @task(2)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(1)
    def forecasts(self):
        self.client.get("/voorspellingen/", name="/voorspellingen/")

    @task(1)
    def vacancies(self):
        self.client.get("/vacatures/analyse/", name="/vacatures/analyse/")

    @task(1)
    def demand_api(self):
        self.client.get("/api/v1/vacancies/demand", name="/api/v1/vacancies/demand")
