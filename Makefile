# qgen: see README.md. Every target works on a machine with only Go installed.
GO ?= go

.PHONY: generate test vet build fuzz bench bench-dtd

# generate builds the CLI; it will regenerate gen/ once the generator exists.
generate: build

build:
	$(GO) build -o bin/qgen ./cmd/qgen

# test runs every check the project relies on.
test: vet
	$(GO) test ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }

# fuzz runs each parser fuzz target for FUZZTIME (default 30s).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./dtdparse -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

bench:
	$(GO) test ./dtdparse -run '^$$' -bench . -benchmem

# bench-dtd prints dtdparse's MB/s beside xmllint's on the same 1 MB DTD.
bench-dtd:
	./scripts/bench-dtd.sh
