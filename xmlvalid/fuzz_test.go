package xmlvalid

import (
	"github.com/qgen-project/qgen/internal/xmltext"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/qgen-project/qgen/dtdparse"
)

// fuzzDTDs are the seed DTDs documents are checked against: element content,
// attributes with enumerations, EMPTY elements, #REQUIRED attributes.
var fuzzDTDs = []string{
	"../testdata/seed/dtd/restored/auth_greenplum_list_output.dtd",
	"../testdata/seed/dtd/reconstructed/schedule_scan_list_output.dtd",
}

// FuzzValidate checks arbitrary documents: Validate must not panic, every
// problem must point inside the document (its line and column agreeing with
// its offset), a well-formedness problem must make the document invalid, and
// a Validator must give the same answer twice.
func FuzzValidate(f *testing.F) {
	var vs []*Validator
	for _, p := range fuzzDTDs {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		d, err := dtdparse.Parse(p, src)
		if err != nil {
			f.Fatal(err)
		}
		vs = append(vs, New(d))
	}
	for _, pattern := range []string{"../testdata/seed/samples/*/*.xml"} {
		m, _ := filepath.Glob(pattern)
		for _, p := range m {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("<!DOCTYPE R [<!ENTITY e 'a&#38;amp;b'>]>\n<SCHEDULE><DAILY frequency_days='&e;'/></SCHEDULE>"))
	f.Add([]byte("\xef\xbb\xbf<?xml version='1.0'?><AUTH_GREENPLUM_LIST_OUTPUT a='1' a='2'/>"))
	f.Add([]byte("\xff\xfe<\x00A\x00/\x00>\x00"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		text, err := xmltext.Decode(doc)
		if err != nil {
			text = doc
		}
		lines := lineStarts(text)
		for _, v := range vs {
			ps := v.Validate("fuzz.xml", doc, Options{Root: "SCHEDULE_SCAN_LIST_OUTPUT"})
			wf := false
			for _, p := range ps {
				wf = wf || p.WellFormedness
				pos := p.Pos
				if pos.Filename != "fuzz.xml" || pos.Offset < 0 || pos.Offset > len(text) || pos.Line < 1 || pos.Line > len(lines) {
					t.Fatalf("%v: position outside the document (%d bytes, %d lines)", p, len(text), len(lines))
				}
				start := lines[pos.Line-1]
				if pos.Offset < start || pos.Line < len(lines) && pos.Offset >= lines[pos.Line] {
					t.Fatalf("%v: offset %d is not on line %d", p, pos.Offset, pos.Line)
				}
				if col := utf8.RuneCount(text[start:pos.Offset]) + 1; col != pos.Column {
					t.Fatalf("%v: column %d, but offset %d is at column %d", p, pos.Column, pos.Offset, col)
				}
				if p.Msg == "" || p.Warning && p.WellFormedness {
					t.Fatalf("%#v: malformed problem", p)
				}
			}
			if wf && Valid(ps) {
				t.Fatalf("not well-formed, yet Valid: %v", ps)
			}
			if again := v.Validate("fuzz.xml", doc, Options{Root: "SCHEDULE_SCAN_LIST_OUTPUT"}); !reflect.DeepEqual(ps, again) {
				t.Fatalf("second run differs:\n%v\n%v", ps, again)
			}
		}
	})
}
