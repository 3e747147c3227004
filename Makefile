# qgen: see README.md. Every target works on a machine with only Go installed.
GO ?= go

.PHONY: generate check test vet build fuzz bench bench-dtd bench-decode

# generate writes the binding of the built-in spec into gen/ (qgen.yaml says where).
generate:
	$(GO) run ./cmd/qgen generate

# check fails, listing the stale files, when gen/ differs from what generate writes.
check:
	$(GO) run ./cmd/qgen check

build:
	$(GO) build -o bin/qgen ./cmd/qgen

# test runs every check the project relies on: vet, gofmt, the tests, and the stale-output check.
test: vet
	$(GO) test ./...
	$(GO) run ./cmd/qgen check

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }

# fuzz runs each fuzz target (the parsers, the scanner, the decoders) for FUZZTIME (default 30s).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./dtdparse -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./spec -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./xmlvalid -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./qgenrt -run '^$$' -fuzz '^FuzzScannerVsEncodingXML$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./gen_test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

bench:
	$(GO) test ./dtdparse ./spec ./xmlvalid -run '^$$' -bench . -benchmem

# bench-dtd prints dtdparse's MB/s beside xmllint's on the same 1 MB DTD.
bench-dtd:
	./scripts/bench-dtd.sh

# bench-decode prints the generated decoder's MB/s beside xml.Unmarshal's and
# xmllint --stream --valid's on the same ~50 MB list, then streams a 1 GiB list
# (STREAM_SIZE) through the generated client and checks its peak RSS.
bench-decode:
	./scripts/bench-decode.sh
