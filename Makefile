# Kinerja: two commands do everything (see README.md).
#   make demo   install, migrate, load the demo agency, serve http://127.0.0.1:8000
#               (PORT=8010 for another port; gunicorn with DEBUG off, plus the task worker)
#   make test   install, lint, run the whole suite on SQLite, then on PostgreSQL
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PORT ?= 8000
# The suite runs in TEST_WORKERS processes (pytest-xdist, a test file per process at a time);
# TEST_WORKERS=1 runs it in one.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install sysdeps demo serve screenshots test test-sqlite test-postgres lint browser deploytools benchdeps bench clean

install: sysdeps $(VENV)/.installed

# WeasyPrint (PDF) needs Pango from Debian; install it when it is missing.
sysdeps:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "Pango belum terpasang: memasang paket Debian untuk WeasyPrint (PDF)..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; fi; \
	else echo "PERINGATAN: Pango tidak ada; pembuatan PDF tidak akan berjalan."; fi

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kinerja butuh Python 3.11 atau lebih baru.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	@touch $@

demo: install
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py demo --pegawai 500 --seed 1
	@$(BIN)/python scripts/demo_serve.py --port $(PORT)

# Serve what is already in the database, as `make demo` does, without building the demo.
serve: install
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python scripts/demo_serve.py --port $(PORT)

# The help pages' screenshots (kinerja/belajar/static/belajar/layar/), photographed in Chromium
# from the demo agency of DATABASE_URL's database (built there, 60 employees, when missing).
screenshots: install browser
	@if [ -e /usr/lib/chromium/locales/id.pak ] || ! command -v apt-get >/dev/null; then :; \
	else echo "Memasang paket Debian 'chromium-l10n' agar kontrol Chromium berbahasa Indonesia..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq chromium-l10n; \
	  else sudo apt-get install -y -qq chromium-l10n; fi; fi
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py tangkap_layar

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Browser tests drive Debian's Chromium, and PDF tests read text with poppler's pdftotext;
# install them when missing.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "Chromium belum terpasang: memasang paket Debian 'chromium' untuk uji peramban..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; \
	else echo "PERINGATAN: /usr/bin/chromium tidak ada dan apt-get tidak tersedia; uji peramban akan dilewati."; fi
	@if command -v pdftotext >/dev/null; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "pdftotext belum terpasang: memasang paket Debian 'poppler-utils' untuk membaca PDF di uji..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq poppler-utils || (apt-get update -qq && apt-get install -y -qq poppler-utils); \
	  else sudo apt-get install -y -qq poppler-utils || (sudo apt-get update -qq && sudo apt-get install -y -qq poppler-utils); fi; \
	else echo "PERINGATAN: pdftotext tidak ada; uji isi PDF akan dilewati."; fi

test: install browser deploytools lint test-sqlite test-postgres

test-sqlite: install
	@echo "== Uji pada SQLite"
	env -u DATABASE_URL $(PYTEST)

test-postgres: install
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	case "$$url" in postgres*) ;; *) url="$(PG_URL)";; esac; \
	if $(BIN)/python scripts/db_reachable.py "$$url"; then \
	  echo "== Uji pada PostgreSQL ($$url)"; \
	  DATABASE_URL="$$url" $(PYTEST); \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
	  echo "GAGAL: PostgreSQL wajib (REQUIRE_POSTGRES) tetapi tidak dapat dihubungi di $$url"; exit 1; \
	else echo "== PostgreSQL tidak dapat dihubungi di $$url: uji PostgreSQL DILEWATI"; fi

# tests/core/test_deploy.py checks deploy/nginx/kinerja.conf with `nginx -t`: when nginx is
# missing, unpack Debian's nginx package (0.5 MB) under var/tools, installing no service.
deploytools:
	@if command -v nginx >/dev/null || [ -x var/tools/nginx/usr/sbin/nginx ]; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "nginx belum ada: membuka paket Debian 'nginx' di var/tools untuk memeriksa deploy/..."; \
	  mkdir -p var/tools && cd var/tools && rm -f nginx_*.deb && \
	  { apt-get download nginx >/dev/null 2>&1 && dpkg -x nginx_*.deb nginx && rm -f nginx_*.deb; } \
	  || echo "PERINGATAN: paket nginx tidak dapat diambil; pemeriksaan nginx -t akan dilewati."; \
	else echo "PERINGATAN: nginx dan apt-get tidak ada; pemeriksaan nginx -t akan dilewati."; fi

# The survey load benchmark drives gunicorn with wrk (Debian package); install it when missing.
benchdeps:
	@if command -v wrk >/dev/null; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "wrk belum terpasang: memasang paket Debian 'wrk' untuk tolok ukur beban..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi; \
	else echo "PERINGATAN: wrk tidak ada dan apt-get tidak tersedia; tolok ukur beban akan gagal."; fi

bench: install benchdeps
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var/static
