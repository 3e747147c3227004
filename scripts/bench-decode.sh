#!/usr/bin/env bash
# Prints, side by side, the MB/s of decoding a ~50 MB AUTH_UNIX_LIST_OUTPUT
# (internal/benchdata) with encoding/xml's Unmarshal and with the generated
# streaming decoder (BenchmarkDecodeAuthUnixList in gen_test), and of
# xmllint --stream --valid (Debian package libxml2-utils) on the same file;
# then streams a STREAM_SIZE list (default 1GiB) through the generated client
# (internal/cmd/streamlist) and prints its peak RSS. Figures are medians of
# COUNT go test runs (default 3) and RUNS xmllint runs (default 3); MB is
# 10^6 bytes, as go test reports it. Exits 1 when a step fails (streamlist
# also fails when its peak RSS is above STREAM_MAX_RSS_MIB, default 16).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc="$tmp/auth_unix_list.xml"
status=0

# median reads numbers, one a line, and prints their median ("n/a" if none).
median() {
  sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "n/a"; exit }
    if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# ratio prints a/b with two decimals, or n/a.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2fx\n", a / b }'
}

# 1. The Go benchmark; it writes the document it decodes to $doc.
echo "== go test ./gen_test -bench BenchmarkDecodeAuthUnixList -count ${COUNT:-3}"
QGEN_WRITE_BENCH_XML_UNIX="$doc" go test ./gen_test -run '^$' -bench '^BenchmarkDecodeAuthUnixList$' \
  -benchmem -count "${COUNT:-3}" >"$tmp/bench.txt" || { cat "$tmp/bench.txt"; exit 1; }
grep -E '^Benchmark' "$tmp/bench.txt"
# gombs NAME prints the median MB/s of the sub-benchmark NAME (the -N
# GOMAXPROCS suffix go test adds is dropped before comparing).
gombs() {
  awk -v name="BenchmarkDecodeAuthUnixList/$1" '{ n = $1; sub(/-[0-9]+$/, "", n) }
    n == name { for (i = 2; i <= NF; i++) if ($i == "MB/s") print $(i - 1) }' "$tmp/bench.txt" | median
}
unmarshal=$(gombs unmarshal)
generated=$(gombs generated)
whole=$(gombs generated-whole)
size=$(stat -c %s "$doc")

# 2. xmllint --stream --valid on the same bytes. The DOCTYPE names the DTD
# by its Qualys URL: an XML catalog maps that URL to a local copy of
# spec/dtd/auth_unix_list_output.dtd, so the file is not changed and
# --nonet guarantees nothing is fetched.
xmllint_mbs=n/a
xmllint_rss=""
xmllint_note=""
if ! command -v xmllint >/dev/null; then
  echo "xmllint not installed (apt-get install libxml2-utils): no comparison"
  xmllint_note="not installed (apt-get install libxml2-utils)"
else
  sysid=$(head -c 2048 "$doc" | tr '\n' ' ' | sed -n 's/.*<!DOCTYPE[^>]*SYSTEM *"\([^"]*\)".*/\1/p')
  cp spec/dtd/auth_unix_list_output.dtd "$tmp/"
  cat >"$tmp/catalog.xml" <<CATALOG
<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="$sysid" uri="file://$tmp/auth_unix_list_output.dtd"/>
</catalog>
CATALOG
  export XML_CATALOG_FILES="$tmp/catalog.xml"
  lint() { xmllint --nonet --stream --valid --noout "$@"; }
  # xmllint must really validate: the document passes, and the same
  # document with one element renamed (still well-formed) fails.
  sed '0,/<ROOT_TOOL>None<\/ROOT_TOOL>/s//<ROOT_TOOLZ>None<\/ROOT_TOOLZ>/' "$doc" >"$tmp/invalid.xml"
  if [ -z "$sysid" ]; then
    xmllint_note="no DOCTYPE SYSTEM id in the document: xmllint cannot validate it"
  elif ! lint "$doc" 2>"$tmp/lint.err" || [ -s "$tmp/lint.err" ]; then
    xmllint_note="xmllint does not accept the document: $(head -c 300 "$tmp/lint.err")"
  elif cmp -s "$doc" "$tmp/invalid.xml" || lint "$tmp/invalid.xml" 2>/dev/null; then
    xmllint_note="xmllint accepts an invalid copy: it is not validating"
  else
    rm -f "$tmp/invalid.xml"
    timev=()
    if [ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null; then
      timev=(/usr/bin/time -v -o "$tmp/time.txt")
    fi
    runs=${RUNS:-3}
    echo "== xmllint --nonet --stream --valid --noout ($runs runs, $size bytes)"
    for i in $(seq "$runs"); do
      start=$(date +%s%N)
      "${timev[@]}" xmllint --nonet --stream --valid --noout "$doc"
      end=$(date +%s%N)
      awk -v s="$size" -v ns="$((end - start))" 'BEGIN { printf "%.2f\n", s / (ns / 1e9) / 1e6 }' >>"$tmp/xmllint.txt"
      if [ ${#timev[@]} -gt 0 ]; then
        awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt" >>"$tmp/xmllint.rss"
      fi
      echo "run $i: $(tail -n1 "$tmp/xmllint.txt") MB/s"
    done
    xmllint_mbs=$(median <"$tmp/xmllint.txt")
    if [ -s "$tmp/xmllint.rss" ]; then
      xmllint_rss=$(sort -g "$tmp/xmllint.rss" | tail -n1 | awk '{ printf "peak RSS %.1f MiB", $1 / 1024 }')
    fi
  fi
  # A missing xmllint is no failure (as in bench-dtd.sh); one that does
  # not validate is.
  [ -z "$xmllint_note" ] || { echo "$xmllint_note"; status=1; }
fi

# 3. A STREAM_SIZE list through the generated client over loopback, then
# through the decoder alone: records, MB/s and the process's peak RSS.
stream_size=${STREAM_SIZE:-1GiB}
go build -o "$tmp/streamlist" ./internal/cmd/streamlist
: >"$tmp/stream.txt"
for mode in ${STREAM_MODES:-client decode}; do
  echo "== streamlist -mode $mode -size $stream_size"
  if ! "$tmp/streamlist" -mode "$mode" -size "$stream_size" -max-rss-mib "${STREAM_MAX_RSS_MIB:-16}" | tee -a "$tmp/stream.txt"; then
    echo "streamlist: -mode $mode failed" | tee -a "$tmp/stream.txt"
    status=1
  fi
done

echo
echo "== summary: MB/s (10^6 bytes/s), median of ${COUNT:-3} go test runs and ${RUNS:-3} xmllint runs, on $size bytes"
printf '  %12s %12s %28s\n' unmarshal generated 'xmllint --stream --valid'
printf '  %12s %12s %28s\n' "$unmarshal" "$generated" "$xmllint_mbs"
echo "  generated/unmarshal $(ratio "$generated" "$unmarshal")   generated/xmllint $(ratio "$generated" "$xmllint_mbs")"
echo "  generated-whole (Decode into the whole struct): $whole MB/s"
[ -z "$xmllint_rss" ] || echo "  xmllint --stream --valid: $xmllint_rss"
[ -z "$xmllint_note" ] || echo "  xmllint: $xmllint_note"
grep -E 'mode=|peak RSS|failed' "$tmp/stream.txt" | sed 's/^/  /' || true
exit "$status"
