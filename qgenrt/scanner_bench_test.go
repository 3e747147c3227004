package qgenrt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
)

const unixSample = "../testdata/seed/samples/printed/03-unix-list-checkpoint-auth-unix-list-output.xml"

// UnixListXML builds an AUTH_UNIX_LIST_OUTPUT of at least size bytes from
// the unix list sample of the release notes (sample 03): its prolog,
// DOCTYPE and layout, and its one AUTH_UNIX record repeated with new IDs,
// titles, user names, IPs and dates. Every third record logs in "basic"
// (no DIGITAL_VAULT), every fourth adds an IP_RANGE, every fifth a COMMENTS
// with entity references, every eleventh has a non-ASCII title. The
// document is valid against the reconstructed auth_unix_list_output.dtd.
// It is exported for the tests only (it lives in a _test.go file).
func UnixListXML(tb testing.TB, size int) []byte {
	tb.Helper()
	src, err := os.ReadFile(unixSample)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(src)
	const open, closing = "            <AUTH_UNIX>\n", "            </AUTH_UNIX>\n"
	i := strings.Index(s, open)
	j := strings.Index(s, closing)
	if i < 0 || j < i {
		tb.Fatal("sample 03 no longer has the expected shape")
	}
	rec := s[i : j+len(closing)]
	// Cut the record into the parts between the values that change.
	cut := func(sep string) string {
		before, after, ok := strings.Cut(rec, sep)
		if !ok {
			tb.Fatalf("sample 03: %q not found in the record", sep)
		}
		rec = after
		return before
	}
	pID := cut("2376623")
	pTitle := cut("My Record")
	pUser := cut("root")
	pIP := cut("10.10.36.47")
	pIPEnd := cut("</IP>\n") + "</IP>\n"
	pAfterIP := cut("<![CDATA[vault]]>")
	pVault := cut("1741212")
	pVaultRest := cut("                <CREATED>\n")
	pCreated := cut("2020-03-11T22:15:56Z")
	pModified := cut("2020-03-11T22:15:56Z")
	pEnd := cut("            </AUTH_UNIX>\n")
	if rec != "" {
		tb.Fatalf("sample 03: unexpected record tail %q", rec)
	}
	// pVault runs from the end of the LOGIN_TYPE CDATA to the CDATA of
	// DIGITAL_VAULT_ID: split it where DIGITAL_VAULT starts, which the
	// basic records leave out.
	const dv = "                <DIGITAL_VAULT>\n"
	loginEnd, vaultStart, ok := strings.Cut(pVault, dv)
	if !ok {
		tb.Fatal("sample 03: DIGITAL_VAULT not found")
	}
	vaultStart = dv + vaultStart

	var b bytes.Buffer
	b.Grow(size + 64<<10)
	b.WriteString(s[:i])
	for n := 0; b.Len() < size; n++ {
		b.WriteString(pID)
		fmt.Fprintf(&b, "%d", 2376623+n)
		b.WriteString(pTitle)
		switch {
		case n%11 == 10:
			fmt.Fprintf(&b, "Serveur de données n°%d", n)
		case n%7 == 6:
			fmt.Fprintf(&b, "Checkpoint fw & co #%d", n)
		default:
			fmt.Fprintf(&b, "My Record %d", n)
		}
		b.WriteString(pUser)
		if n%4 == 0 {
			b.WriteString("root")
		} else {
			fmt.Fprintf(&b, "svc_%02d", n%50)
		}
		b.WriteString(pIP)
		fmt.Fprintf(&b, "10.%d.%d.%d", (n>>16)&255, (n>>8)&255, n&255)
		b.WriteString(pIPEnd)
		if n%4 == 1 {
			fmt.Fprintf(&b, "                    <IP_RANGE>10.200.%d.1-10.200.%d.254</IP_RANGE>\n", n&255, n&255)
		}
		b.WriteString(pAfterIP)
		if n%3 == 0 {
			b.WriteString("<![CDATA[basic]]>")
			b.WriteString(loginEnd)
		} else {
			b.WriteString("<![CDATA[vault]]>")
			b.WriteString(loginEnd)
			b.WriteString(vaultStart)
			fmt.Fprintf(&b, "%d", 1741212+n%1000)
			b.WriteString(pVaultRest)
		}
		b.WriteString("                <CREATED>\n")
		b.WriteString(pCreated)
		fmt.Fprintf(&b, "2020-%02d-%02dT%02d:%02d:%02dZ", 1+n%12, 1+n%28, n%24, n%60, (n/60)%60)
		b.WriteString(pModified)
		fmt.Fprintf(&b, "2021-%02d-%02dT%02d:%02d:%02dZ", 1+n%12, 1+n%28, n%24, (n/60)%60, n%60)
		b.WriteString(pEnd)
		if n%5 == 4 {
			fmt.Fprintf(&b, "                <COMMENTS>rotated by ops &amp; audit &lt;weekly&gt; (%d)</COMMENTS>\n", n)
		}
		b.WriteString("            </AUTH_UNIX>\n")
	}
	b.WriteString(s[j+len(closing):])
	return b.Bytes()
}

const benchUnixSize = 50 << 20

var benchUnix struct {
	once sync.Once
	data []byte
}

// benchUnixXML returns the ~50 MB document of the benchmark, built once per
// process. With QGEN_WRITE_BENCH_XML_UNIX=path it also writes it to path,
// for comparing with xmllint on the same bytes.
func benchUnixXML(tb testing.TB) []byte {
	benchUnix.once.Do(func() {
		benchUnix.data = UnixListXML(tb, benchUnixSize)
		if path := os.Getenv("QGEN_WRITE_BENCH_XML_UNIX"); path != "" {
			if err := os.WriteFile(path, benchUnix.data, 0o644); err != nil {
				tb.Fatal(err)
			}
		}
	})
	if benchUnix.data == nil {
		tb.Fatal("the benchmark document could not be built")
	}
	return benchUnix.data
}

// TestScannerBenchData checks the benchmark document on a small copy (the
// same builder), and writes the full one when QGEN_WRITE_BENCH_XML_UNIX is
// set:
//
//	QGEN_WRITE_BENCH_XML_UNIX=/tmp/unix.xml go test ./qgenrt -run TestScannerBenchData
func TestScannerBenchData(t *testing.T) {
	doc := UnixListXML(t, 1<<20)
	var records, ranges, vaults int
	s := NewScanner(bytes.NewReader(doc))
	for {
		k, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if k == EOF {
			break
		}
		if k == StartElement {
			switch string(s.Name()) {
			case "AUTH_UNIX":
				records++
			case "IP_RANGE":
				ranges++
			case "DIGITAL_VAULT":
				vaults++
			}
		}
	}
	if records < 500 || ranges == 0 || vaults == 0 || vaults == records {
		t.Fatalf("records %d, IP ranges %d, vaults %d", records, ranges, vaults)
	}
	// The Scanner's memory does not grow with the document.
	if len(s.buf) != defaultBufSize || cap(s.scratch) > 1024 || cap(s.names) > 1024 || cap(s.stack) > 64 {
		t.Fatalf("buffers grew: %d, %d, %d, %d", len(s.buf), cap(s.scratch), cap(s.names), cap(s.stack))
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal("encoding/xml:", err)
		}
	}
	t.Logf("%d bytes, %d records (%.0f per MB)", len(doc), records, float64(records)/(float64(len(doc))/(1<<20)))
	if os.Getenv("QGEN_WRITE_BENCH_XML_UNIX") != "" {
		t.Logf("wrote %d bytes to %s", len(benchUnixXML(t)), os.Getenv("QGEN_WRITE_BENCH_XML_UNIX"))
	}
}

// BenchmarkScanner compares the Scanner with encoding/xml's RawToken loop
// on the ~50 MB AUTH_UNIX_LIST_OUTPUT of benchUnixXML.
func BenchmarkScanner(b *testing.B) {
	data := benchUnixXML(b)
	b.Run("encoding-xml-rawtoken", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			d := xml.NewDecoder(bytes.NewReader(data))
			n := 0
			for {
				t, err := d.RawToken()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				switch t := t.(type) {
				case xml.StartElement:
					n += len(t.Name.Local)
				case xml.EndElement:
					n += len(t.Name.Local)
				case xml.CharData:
					n += len(t)
				}
			}
			if n == 0 {
				b.Fatal("no tokens")
			}
		}
	})
	b.Run("scanner", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		s := NewScanner(nil)
		for i := 0; i < b.N; i++ {
			s.Reset(bytes.NewReader(data))
			n := 0
			for {
				k, err := s.Next()
				if err != nil {
					b.Fatal(err)
				}
				if k == EOF {
					break
				}
				switch k {
				case StartElement, EndElement:
					n += len(s.Name())
				case Text:
					n += len(s.Text())
				}
			}
			if n == 0 {
				b.Fatal("no tokens")
			}
		}
	})
}
