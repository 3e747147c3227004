package qgenrt

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/qgen-project/qgen/internal/benchdata"
)

// unixSample is the unix list sample of the release notes, which
// internal/benchdata repeats into the benchmark document (scanner_test.go
// reads it too).
const unixSample = "../testdata/seed/samples/printed/03-unix-list-checkpoint-auth-unix-list-output.xml"

// unixListXML returns benchdata.UnixList(size): the sample's record
// repeated with varied values, valid against auth_unix_list_output.dtd.
func unixListXML(tb testing.TB, size int64) []byte {
	tb.Helper()
	doc, err := benchdata.UnixList(size)
	if err != nil {
		tb.Fatal(err)
	}
	return doc
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
		benchUnix.data = unixListXML(tb, benchUnixSize)
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
	doc := unixListXML(t, 1<<20)
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
	want, err := benchdata.Records(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	if records != want || records < 500 || ranges == 0 || vaults == 0 || vaults == records {
		t.Fatalf("records %d (benchdata says %d), IP ranges %d, vaults %d", records, want, ranges, vaults)
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
