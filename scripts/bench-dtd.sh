#!/usr/bin/env bash
# Prints dtdparse's MB/s on the ~1 MB benchmark DTD beside xmllint's on the
# same file (xmllint --noout --nonet --dtdvalid, Debian package libxml2-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
QGEN_WRITE_BENCH_DTD="$tmp/bench.dtd" go test ./dtdparse -run '^$' -bench '^BenchmarkParse$' -benchmem -count "${COUNT:-3}" | grep -E '^Benchmark'
if ! command -v xmllint >/dev/null; then
  echo "xmllint not installed (apt-get install libxml2-utils): no comparison"
  exit 0
fi
echo '<x/>' > "$tmp/doc.xml"
size=$(stat -c %s "$tmp/bench.dtd")
runs=${RUNS:-20}
start=$(date +%s%N)
for _ in $(seq "$runs"); do
  xmllint --noout --nonet --dtdvalid "$tmp/bench.dtd" "$tmp/doc.xml" 2>/dev/null || true
done
end=$(date +%s%N)
awk -v s="$size" -v r="$runs" -v ns="$((end - start))" 'BEGIN { printf "xmllint --noout --dtdvalid: %.2f MB/s (%d bytes, %.1f ms a run, %d runs, process start included)\n", s * r / (ns / 1e9) / 1e6, s, ns / 1e6 / r, r }'
