package benchdata

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/xmlvalid"
)

// The sizes the tests build: below the prolog (still one record), about one
// record, and a few hundred records, none of them slow to build.
var testSizes = []int64{0, 1, 1200, 1500, 64 << 10, 300<<10 + 7}

func unixList(t *testing.T, size int64) []byte {
	t.Helper()
	doc, err := UnixList(size)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The lazy reader is the same document as UnixList, read through every
// kind of short read and checked by iotest.TestReader (which also reads it
// in odd-sized pieces and checks Read's contract at EOF).
func TestReaderMatchesUnixList(t *testing.T) {
	for _, size := range testSizes {
		want := unixList(t, size)
		r, err := NewUnixListReader(size)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("size %d: reader gave %d bytes, UnixList %d, first difference at %d", size, len(got), len(want), firstDiff(got, want))
		}
		r, _ = NewUnixListReader(size)
		if got, err = io.ReadAll(iotest.OneByteReader(r)); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("size %d, one byte at a time: %d bytes, %v", size, len(got), err)
		}
		r, _ = NewUnixListReader(size)
		if err := iotest.TestReader(r, want); err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
	}
}

func firstDiff(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// UnixList's contract: at least size bytes, at least one record, never more
// than one record (and the tail) past size; the same bytes every time; and
// Records and Len agree with the document without building it.
func TestUnixListShape(t *testing.T) {
	tmpl, err := defaultUnix()
	if err != nil {
		t.Fatal(err)
	}
	prev := 0
	for _, size := range testSizes {
		doc := unixList(t, size)
		recs := bytes.Count(doc, []byte("<AUTH_UNIX>"))
		if recs < 1 || int64(len(doc)) < size {
			t.Fatalf("size %d: %d bytes, %d records", size, len(doc), recs)
		}
		if over := int64(len(doc)) - size; size > int64(len(tmpl.prolog)) && over > 2<<10 {
			t.Fatalf("size %d: %d bytes, %d past the size asked for", size, len(doc), over)
		}
		if recs < prev {
			t.Fatalf("size %d: %d records, fewer than a smaller size gave (%d)", size, recs, prev)
		}
		prev = recs
		if n, err := Records(size); err != nil || n != recs {
			t.Fatalf("size %d: Records = %d, %v; the document has %d", size, n, err, recs)
		}
		if n, err := Len(size); err != nil || n != int64(len(doc)) {
			t.Fatalf("size %d: Len = %d, %v; the document has %d bytes", size, n, err, len(doc))
		}
		if again := unixList(t, size); !bytes.Equal(doc, again) {
			t.Fatalf("size %d: two builds differ at %d", size, firstDiff(doc, again))
		}
	}
	// Record 0 is the sample's own record, but for its user name, title and
	// dates: the template cut it at the right places.
	doc := string(unixList(t, 0))
	for _, s := range []string{"<ID>2376623</ID>", "<![CDATA[My Record 0]]>", "<![CDATA[root]]>", "<IP>10.0.0.0</IP>", "<![CDATA[basic]]>"} {
		if !strings.Contains(doc, s) {
			t.Errorf("record 0 lacks %s:\n%s", s, doc)
		}
	}
	if strings.Contains(doc, "DIGITAL_VAULT") {
		t.Errorf("record 0 logs in basic but has a DIGITAL_VAULT:\n%s", doc)
	}
}

// The variations the package documents are in the document, and decode
// with encoding/xml to the values they were built from.
func TestUnixListContent(t *testing.T) {
	type record struct {
		ID       int64    `xml:"ID"`
		Title    string   `xml:"TITLE"`
		Username string   `xml:"USERNAME"`
		IPs      []string `xml:"IP_SET>IP"`
		Ranges   []string `xml:"IP_SET>IP_RANGE"`
		Login    string   `xml:"LOGIN_TYPE"`
		VaultID  *string  `xml:"DIGITAL_VAULT>DIGITAL_VAULT_ID"`
		Created  string   `xml:"CREATED>DATETIME"`
		Modified string   `xml:"LAST_MODIFIED>DATETIME"`
		Comments *string  `xml:"COMMENTS"`
	}
	var out struct {
		Records []record `xml:"RESPONSE>AUTH_UNIX_LIST>AUTH_UNIX"`
	}
	const size = 128 << 10 // some 100 records: every variation, several times
	if err := xml.Unmarshal(unixList(t, size), &out); err != nil {
		t.Fatal(err)
	}
	if want, _ := Records(size); len(out.Records) != want || want < 100 {
		t.Fatalf("decoded %d records, Records says %d", len(out.Records), want)
	}
	for n, r := range out.Records {
		title := strings.TrimSpace(r.Title)
		login := strings.TrimSpace(r.Login)
		switch {
		case r.ID != int64(2376623+n):
			t.Errorf("record %d: ID %d", n, r.ID)
		case n%11 == 10 && !strings.HasPrefix(title, "Serveur de données n°"):
			t.Errorf("record %d: title %q, want a non-ASCII one", n, title)
		case n%11 != 10 && n%7 == 6 && !strings.Contains(title, " & "):
			t.Errorf("record %d: title %q, want one with &", n, title)
		case (n%3 == 0) != (login == "basic") || (n%3 == 0) != (r.VaultID == nil):
			t.Errorf("record %d: login %q, vault %v", n, login, r.VaultID != nil)
		case (n%4 == 1) != (len(r.Ranges) == 1) || len(r.IPs) != 1:
			t.Errorf("record %d: IPs %q, ranges %q", n, r.IPs, r.Ranges)
		case (n%5 == 4) != (r.Comments != nil):
			t.Errorf("record %d: comments %v", n, r.Comments != nil)
		case r.Comments != nil && !strings.Contains(*r.Comments, "ops & audit <weekly>"):
			t.Errorf("record %d: comments %q, want the entity references decoded", n, *r.Comments)
		case len(r.Created) != len("2020-03-11T22:15:56Z") || len(r.Modified) != len(r.Created):
			t.Errorf("record %d: dates %q, %q", n, r.Created, r.Modified)
		}
	}
}

// The document is valid against the DTD it claims, as xmlvalid (qgen
// validate -dtd) checks it; and the check is not vacuous: the same
// document with one record broken is invalid.
func TestUnixListValid(t *testing.T) {
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, filepath.FromSlash(UnixDTD))
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dtdparse.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	v := xmlvalid.New(d)
	opts := xmlvalid.Options{Root: "AUTH_UNIX_LIST_OUTPUT"}
	for _, size := range testSizes {
		doc := unixList(t, size)
		if problems := v.Validate("unix.xml", doc, opts); len(problems) > 0 {
			t.Fatalf("size %d: %d problems, the first: %v", size, len(problems), problems[0])
		}
	}
	// USERNAME is required: a record without one breaks the DTD.
	doc := unixList(t, 64<<10)
	i := bytes.Index(doc, []byte("<USERNAME>"))
	j := bytes.Index(doc, []byte("</USERNAME>\n"))
	broken := append(append([]byte{}, doc[:i]...), doc[j+len("</USERNAME>\n"):]...)
	if problems := v.Validate("broken.xml", broken, opts); xmlvalid.Valid(problems) {
		t.Fatal("a record without USERNAME passed the DTD")
	}
}

// The reader's memory is one record, whatever the size: its buffer does
// not grow past the longest record while a few MB go through it.
func TestReaderConstantMemory(t *testing.T) {
	r, err := NewUnixListReader(4 << 20)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		t.Fatal(err)
	}
	rr := r.(*reader)
	if n < 4<<20 || rr.g.n < 3000 || cap(rr.g.buf) > 2<<10 {
		t.Fatalf("%d bytes, %d records, buffer capacity %d", n, rr.g.n, cap(rr.g.buf))
	}
}

func TestNewUnixTemplateErrors(t *testing.T) {
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(UnixSample)))
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct{ old, new, want string }{
		"no record":   {"<AUTH_UNIX>", "<AUTH_UNIX2>", "exactly one"},
		"other ID":    {"2376623", "1", `"2376623"`},
		"no vault":    {"<![CDATA[vault]]>", "<![CDATA[basic]]>", `"<![CDATA[vault]]>"`},
		"no vault el": {"                <DIGITAL_VAULT>\n", "", "no DIGITAL_VAULT"},
	} {
		bad := strings.Replace(string(sample), tc.old, tc.new, 1)
		if bad == string(sample) {
			t.Fatalf("%s: the sample has no %q", name, tc.old)
		}
		_, err := NewUnixTemplate([]byte(bad))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one naming %s", name, err, tc.want)
		}
	}
	if _, err := LoadUnix(t.TempDir()); err == nil {
		t.Error("LoadUnix of an empty folder: no error")
	}
}

func BenchmarkReader(b *testing.B) {
	const size = 16 << 20
	n, err := Len(size)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	buf := make([]byte, 32<<10)
	for i := 0; i < b.N; i++ {
		r, _ := NewUnixListReader(size)
		if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, buf); err != nil {
			b.Fatal(err)
		}
	}
}
