package xmlvalid_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/xmlvalid"
)

// benchDoc builds an AUTH_GREENPLUM_LIST_OUTPUT of about size bytes from the
// records of the release notes' Greenplum list sample (sample 20), repeated
// with fresh IDs.
func benchDoc(tb testing.TB, size int) []byte {
	tb.Helper()
	src, err := os.ReadFile(seedDir + "/samples/printed/20-greenplum-list-all-details.xml")
	if err != nil {
		tb.Fatal(err)
	}
	s := string(src)
	i := strings.Index(s, "            <AUTH_GREENPLUM>")
	j := strings.LastIndex(s, "</AUTH_GREENPLUM>") + len("</AUTH_GREENPLUM>\n")
	k := strings.Index(s, "        </AUTH_GREENPLUM_LIST>")
	if i < 0 || j < i || k < j {
		tb.Fatal("sample 20 no longer has the expected shape")
	}
	records := s[i:j]
	var b strings.Builder
	b.Grow(size + len(s) + len(records))
	b.WriteString(s[:i])
	for n := 0; b.Len() < size; n++ {
		b.WriteString(strings.ReplaceAll(records, "<ID>66", fmt.Sprintf("<ID>%d", 1000+n)))
	}
	b.WriteString(s[k:])
	return []byte(b.String())
}

// BenchmarkValidate checks a ~10 MB Greenplum list. Set QGEN_WRITE_BENCH_XML
// to a path to also write the document there, to time xmllint on it.
func BenchmarkValidate(b *testing.B) {
	doc := benchDoc(b, 10<<20)
	if path := os.Getenv("QGEN_WRITE_BENCH_XML"); path != "" {
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	v := xmlvalid.New(parseDTD(b, greenplumDTD))
	opts := xmlvalid.Options{Root: "AUTH_GREENPLUM_LIST_OUTPUT"}
	if ps := v.Validate("bench.xml", doc, opts); len(ps) > 0 {
		b.Fatalf("the benchmark document is not valid: %v", ps[0])
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.Validate("bench.xml", doc, opts)
	}
}
