package gen_test

// The decoding benchmark of a large list answer: encoding/xml's Unmarshal of
// the generated structs against the generated streaming decoder, on the same
// ~50 MB AUTH_UNIX_LIST_OUTPUT (internal/benchdata). scripts/bench-decode.sh
// (make bench-decode) runs it and sets xmllint --stream --valid beside it.

import (
	"bytes"
	"encoding/xml"
	"net/netip"
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/internal/benchdata"
	"github.com/qgen-project/qgen/qgenrt"
)

const decodeBenchSize = 50 << 20

var decodeBench struct {
	once    sync.Once
	data    []byte
	records int
	err     error
}

// decodeBenchData returns the benchmark document and its number of records,
// built once per process and only when a benchmark asks for it, so that
// go test ./... never builds 50 MB. With QGEN_WRITE_BENCH_XML_UNIX=path it
// also writes the document to path, for xmllint to read the same bytes.
func decodeBenchData(b *testing.B) ([]byte, int) {
	b.Helper()
	decodeBench.once.Do(func() {
		d := &decodeBench
		if d.data, d.err = benchdata.UnixList(decodeBenchSize); d.err != nil {
			return
		}
		if d.records, d.err = benchdata.Records(decodeBenchSize); d.err != nil {
			return
		}
		if path := os.Getenv("QGEN_WRITE_BENCH_XML_UNIX"); path != "" {
			d.err = os.WriteFile(path, d.data, 0o644)
		}
	})
	if decodeBench.err != nil {
		b.Fatal(decodeBench.err)
	}
	return decodeBench.data, decodeBench.records
}

// BenchmarkDecodeAuthUnixList decodes the whole ~50 MB list each iteration:
//
//   - unmarshal: xml.Unmarshal into gen.AuthUnixListOutput, the document
//     in memory and every record kept, as the buffered client does;
//   - generated: the generated decoder streaming the records
//     (StreamAuthUnix), one at a time, none kept;
//   - generated-whole: the generated decoder filling the whole
//     gen.AuthUnixListOutput (Decode), every record kept, like unmarshal.
//
// Each checks that it saw every record, so a decoder that stops early fails
// rather than looking fast.
func BenchmarkDecodeAuthUnixList(b *testing.B) {
	data, want := decodeBenchData(b)
	b.Run("unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var out gen.AuthUnixListOutput
			if err := xml.Unmarshal(data, &out); err != nil {
				b.Fatal(err)
			}
			if got := authUnixCount(&out); got != want {
				b.Fatalf("decoded %d records, want %d", got, want)
			}
		}
	})
	b.Run("generated", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		br := bytes.NewReader(data)
		d := qgenrt.NewDecoder(br)
		for i := 0; i < b.N; i++ {
			br.Reset(data)
			d.Reset(br)
			var out gen.AuthUnixListOutput
			got := 0
			for rec, err := range out.StreamAuthUnix(d) {
				if err != nil {
					b.Fatal(err)
				}
				if rec.ID == 0 {
					b.Fatalf("record %d has no ID", got)
				}
				got++
			}
			if got != want {
				b.Fatalf("streamed %d records, want %d", got, want)
			}
		}
	})
	b.Run("generated-whole", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		br := bytes.NewReader(data)
		d := qgenrt.NewDecoder(br)
		for i := 0; i < b.N; i++ {
			br.Reset(data)
			d.Reset(br)
			var out gen.AuthUnixListOutput
			if err := out.Decode(d); err != nil {
				b.Fatal(err)
			}
			if got := authUnixCount(&out); got != want {
				b.Fatalf("decoded %d records, want %d", got, want)
			}
		}
	})
}

func authUnixCount(out *gen.AuthUnixListOutput) int {
	if out.Response.AuthUnixList == nil {
		return 0
	}
	return len(out.Response.AuthUnixList.AuthUnix)
}

// TestDecodeBenchAgrees checks, on a small copy of the benchmark document,
// that the three ways the benchmark decodes it give the same records, so
// that the benchmark compares decoders doing the same work.
func TestDecodeBenchAgrees(t *testing.T) {
	const size = 256 << 10
	data, err := benchdata.UnixList(size)
	if err != nil {
		t.Fatal(err)
	}
	want, err := benchdata.Records(size)
	if err != nil {
		t.Fatal(err)
	}
	opts := cmp.Comparer(func(a, b netip.Addr) bool { return a == b })

	var ref gen.AuthUnixListOutput
	if err := xml.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if got := authUnixCount(&ref); got != want {
		t.Fatalf("xml.Unmarshal: %d records, benchdata.Records says %d", got, want)
	}

	var whole gen.AuthUnixListOutput
	d := qgenrt.NewDecoder(bytes.NewReader(data))
	if err := whole.Decode(d); err != nil {
		t.Fatal(err)
	}
	// The document is valid against the DTD: a lenient decoder that
	// records drift on it would be decoding something else.
	if err := d.Finish(); err != nil || len(d.Drift()) > 0 {
		t.Fatalf("Finish: %v; drift: %v", err, d.Drift())
	}
	if diff := cmp.Diff(ref, whole, opts); diff != "" {
		t.Fatalf("Decode differs from xml.Unmarshal (-unmarshal +generated):\n%s", diff)
	}

	// Each streamed record is compared as it is yielded, and none is kept,
	// as a streaming caller does.
	var rest gen.AuthUnixListOutput
	n := 0
	d.Reset(bytes.NewReader(data))
	for rec, err := range rest.StreamAuthUnix(d) {
		if err != nil {
			t.Fatal(err)
		}
		if n >= want {
			t.Fatalf("more than %d records streamed", want)
		}
		if diff := cmp.Diff(ref.Response.AuthUnixList.AuthUnix[n], *rec, opts); diff != "" {
			t.Fatalf("streamed record %d differs from xml.Unmarshal's (-unmarshal +streamed):\n%s", n, diff)
		}
		n++
	}
	if n != want {
		t.Fatalf("streamed %d records, want %d", n, want)
	}
	if len(d.Drift()) > 0 {
		t.Fatalf("streaming: drift %v", d.Drift())
	}
	if !rest.Response.DateTime.Equal(ref.Response.DateTime) {
		t.Fatalf("streaming left RESPONSE/DATETIME %v, want %v", rest.Response.DateTime, ref.Response.DateTime)
	}
}
