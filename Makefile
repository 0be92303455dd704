# Santkrupa: `make run` and `make test` are all a newcomer needs.
# Both start (or install) a local PostgreSQL through db/postgres.sh.

SHELL := /bin/bash
GO ?= go
BIN := bin/santkrupa

DEV_DB ?= santkrupa
TEST_DB ?= santkrupa_test
PGHOSTPORT ?= 127.0.0.1:5432
db_url = postgres://$(1):$(1)@$(PGHOSTPORT)/$(2)?sslmode=disable

# Development settings; production sets SANTKRUPA_* itself.
export SANTKRUPA_DATABASE_URL ?= $(call db_url,santkrupa_app,$(DEV_DB))
export SANTKRUPA_MIGRATION_DATABASE_URL ?= $(call db_url,santkrupa_owner,$(DEV_DB))

# The development context-signing key: made once, kept out of git, used by
# `make run` and `make test` unless SANTKRUPA_CONTEXT_KEYS is set.
KEY_FILE := .dev/context-keys
KEYS = $${SANTKRUPA_CONTEXT_KEYS:-$$(cat $(KEY_FILE))}

TEST_ENV = SANTKRUPA_TEST_CONTEXT_KEYS="$(KEYS)" SANTKRUPA_TEST_CHROMIUM="$(CHROMIUM)" \
	SANTKRUPA_TEST_DATABASE_URL=$(call db_url,santkrupa_app,$(TEST_DB)) \
	SANTKRUPA_TEST_OWNER_DATABASE_URL=$(call db_url,santkrupa_owner,$(TEST_DB)) \
	SANTKRUPA_TEST_SUPERUSER_DATABASE_URL=postgres://postgres@$(PGHOSTPORT)/$(TEST_DB)?sslmode=disable

# Fuzz targets, as package:FuzzName. `make fuzz` runs each for FUZZ_TIME;
# `make test` runs them briefly. A failing input is saved under the
# package's testdata/fuzz/<FuzzName>/: commit it and it becomes a seed that
# every `go test` replays.
FUZZ_TARGETS := \
	./internal/auth:FuzzBearerToken \
	./internal/auth:FuzzClaimRules \
	./internal/legacy:FuzzNormalizeText \
	./internal/legacy:FuzzNormalizePhone \
	./internal/legacy:FuzzNormalizeVitals \
	./internal/app:FuzzAPIAuthorization \
	./internal/app:FuzzPageForms \
	./internal/api:FuzzDecodeJSON \
	./internal/api:FuzzAppendJSON \
	./internal/clinic:FuzzDecodeCursor \
	./internal/clinic:FuzzParseVersion \
	./internal/clinic:FuzzSniff \
	./internal/clinic:FuzzPatientInput \
	./internal/clinic:FuzzFindPatients
FUZZ_TIME ?= 2s

SQLC = (cd internal/tools && $(GO) tool sqlc -f ../../sqlc.yaml $(1))

.PHONY: run build db test fuzz pgtap check-generated generate fmt vet clean bench bench-go bench-reset chromium

## run: build, prepare the local database (migrate + seed) and serve on :8080
run: build db
	SANTKRUPA_CONTEXT_KEYS="$(KEYS)" $(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/santkrupa

## db: the development database, migrated and seeded
db: build $(KEY_FILE)
	db/postgres.sh $(DEV_DB)
	SANTKRUPA_CONTEXT_KEYS="$(KEYS)" $(BIN) migrate
	SANTKRUPA_CONTEXT_KEYS="$(KEYS)" $(BIN) seed

$(KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077; printf 'dev1:%s\n' "$$(head -c 32 /dev/urandom | base64 -w0)" > $@
	@echo "made a development context key in $@"


## test: formatting, vet, generated-code drift, then every test against a real PostgreSQL
## (the browser tests of internal/browsertest drive Debian's chromium, installed when missing)
test: build $(KEY_FILE) chromium
	@unformatted="$$(gofmt -l cmd internal db policies)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	db/postgres.sh $(TEST_DB)
	SANTKRUPA_CONTEXT_KEYS="$(KEYS)" SANTKRUPA_MIGRATION_DATABASE_URL='$(call db_url,santkrupa_owner,$(TEST_DB))' $(BIN) migrate
	$(MAKE) --no-print-directory check-generated
	$(TEST_ENV) $(GO) test -count=1 ./...
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory pgtap

## fuzz: each of FUZZ_TARGETS for FUZZ_TIME (`make fuzz FUZZ_TIME=5m` for a real search); the
## seed corpora in testdata/fuzz also run as plain tests in every `go test`
# Go before 1.27 can fail a target at the -fuzztime deadline with a bare "context deadline
# exceeded" and no failing input (go.dev/issue/75804): such a run, and only such a run, is
# repeated once. Any other failure, or a failing input written, fails at once.
fuzz: $(KEY_FILE)
	@set -o pipefail; for t in $(FUZZ_TARGETS); do \
		pkg="$${t%%:*}"; name="$${t##*:}"; \
		for attempt in 1 2; do \
			echo "fuzz $$name in $$pkg for $(FUZZ_TIME)"; \
			out="$$($(TEST_ENV) $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZ_TIME) "$$pkg" 2>&1)"; status=$$?; \
			grep -v '^fuzz: elapsed' <<<"$$out"; \
			[ $$status -eq 0 ] && break; \
			if [ $$attempt -eq 1 ] && grep -q 'context deadline exceeded' <<<"$$out" \
				&& ! grep -qE 'Failing input written|panic:|_test\.go:[0-9]+:' <<<"$$out"; then \
				echo "fuzz $$name: the engine's own deadline race (go.dev/issue/75804), no failing input; once more"; \
				continue; \
			fi; \
			exit 1; \
		done; \
	done

## chromium: Debian's headless browser for internal/browsertest (needs root, as on the
## development machines and CI); CHROMIUM names another binary to use instead
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@"$(CHROMIUM)" --version 2>/dev/null

## pgtap: the pgTAP policy tests of policies/tests (pg_prove, as a superuser, in the test database;
## each file installs pgTAP inside its own transaction and rolls it back)
pgtap:
	pg_prove --failures -h $(word 1,$(subst :, ,$(PGHOSTPORT))) -p $(word 2,$(subst :, ,$(PGHOSTPORT))) \
		-U postgres -d $(TEST_DB) policies/tests/*.sql

## check-generated: db/schema.sql and the sqlc output must match their sources
check-generated:
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) run ./internal/migrate/dbgen '$(call db_url,santkrupa_owner,$(TEST_DB))' "$$tmp/schema.sql" >/dev/null; \
	if ! diff -u <(grep -v '^-- Dumped' db/schema.sql) <(grep -v '^-- Dumped' "$$tmp/schema.sql"); then \
		echo "db/schema.sql is stale: run 'make generate'"; exit 1; fi
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; cp -r internal/dbsqlc "$$tmp/before"; \
	$(call SQLC,generate); \
	if ! diff -ru "$$tmp/before" internal/dbsqlc; then \
		rm -rf internal/dbsqlc && cp -r "$$tmp/before" internal/dbsqlc; \
		echo "internal/dbsqlc is stale: run 'make generate'"; exit 1; fi
	@echo "generated code matches its sources"

## generate: migrate the test database, dump db/schema.sql, regenerate sqlc code
generate:
	db/postgres.sh $(TEST_DB)
	$(GO) run ./internal/migrate/dbgen '$(call db_url,santkrupa_owner,$(TEST_DB))' db/schema.sql
	$(call SQLC,generate)

fmt:
	gofmt -w cmd internal db policies

clean:
	rm -rf bin

## bench: the benchmark harness (docs/benchmarks.md): data set in $(BENCH_DB) (generated once,
## reused), Go benchmarks, load run against a real server, pgbench, EXPLAIN, soak; then the report
BENCH_DB ?= santkrupa_bench
BENCH_ENV = SANTKRUPA_CONTEXT_KEYS="$(KEYS)" BENCH_DB=$(BENCH_DB) PGHOSTPORT=$(PGHOSTPORT) \
	SANTKRUPA_BENCH_DATABASE_URL=$(call db_url,santkrupa_app,$(BENCH_DB)) \
	SANTKRUPA_BENCH_NORLS_URL=$(call db_url,santkrupa_bench_norls,$(BENCH_DB))
BENCH_OUT := bin/bench

bench: build $(KEY_FILE)
	$(GO) build -o bin/santkrupa-bench ./cmd/santkrupa-bench
	db/postgres.sh $(BENCH_DB)
	SANTKRUPA_CONTEXT_KEYS="$(KEYS)" SANTKRUPA_MIGRATION_DATABASE_URL='$(call db_url,santkrupa_owner,$(BENCH_DB))' $(BIN) migrate
	$(BENCH_ENV) bin/santkrupa-bench generate
	@mkdir -p $(BENCH_OUT)
	set -o pipefail; $(BENCH_ENV) $(GO) test -run '^$$' -bench 'Isolation' -benchtime 2s ./internal/benchdata/ | tee $(BENCH_OUT)/gobench.txt
	db/postgres.sh $(TEST_DB)
	SANTKRUPA_CONTEXT_KEYS="$(KEYS)" SANTKRUPA_MIGRATION_DATABASE_URL='$(call db_url,santkrupa_owner,$(TEST_DB))' $(BIN) migrate
	set -o pipefail; $(TEST_ENV) $(GO) test -run '^$$' -bench 'ContextSigning' -benchtime 1s ./internal/store/ | tee -a $(BENCH_OUT)/gobench.txt
	$(BENCH_ENV) bin/santkrupa-bench run -out $(BENCH_OUT)
	$(BENCH_ENV) bin/santkrupa-bench soak -out $(BENCH_OUT); status=$$?; \
	bin/santkrupa-bench report -in $(BENCH_OUT); exit $$status

## bench-go: the Go benchmarks of the API handlers (BenchmarkAPI, in process against the test
## database), 6 runs into $(BENCH_OUT)/api.txt; compare two such files with
## `cd internal/tools && go tool benchstat old.txt new.txt` (docs/benchmarks-go.md)
bench-go: build $(KEY_FILE)
	db/postgres.sh $(TEST_DB)
	SANTKRUPA_CONTEXT_KEYS="$(KEYS)" SANTKRUPA_MIGRATION_DATABASE_URL='$(call db_url,santkrupa_owner,$(TEST_DB))' $(BIN) migrate
	@mkdir -p $(BENCH_OUT)
	set -o pipefail; $(TEST_ENV) $(GO) test -run '^$$' -bench 'BenchmarkAPI' -count 6 ./internal/api/ | tee $(BENCH_OUT)/api.txt

## bench-reset: drop the benchmark database (the next `make bench` generates it again)
bench-reset:
	psql -h $(word 1,$(subst :, ,$(PGHOSTPORT))) -p $(word 2,$(subst :, ,$(PGHOSTPORT))) -U postgres \
		-c 'DROP DATABASE IF EXISTS $(BENCH_DB) WITH (FORCE)'
