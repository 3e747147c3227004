package xmlvalid_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/xmlvalid"
)

const seedDir = "../testdata/seed"

// sample is one row of testdata/seed/samples/index.tsv.
type sample struct {
	file, dtd, root, printedVerdict, repairedVerdict string
}

// printedPath and repairedPath locate the sample's copies; repairedPath is
// "" when the printed copy needed no repair.
func (s sample) printedPath() string { return filepath.Join(seedDir, "samples/printed", s.file) }

func (s sample) repairedPath() string {
	p := filepath.Join(seedDir, "samples/repaired", s.file)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// finalPath is the repaired copy, or the printed one when it needed none.
func (s sample) finalPath() string {
	if p := s.repairedPath(); p != "" {
		return p
	}
	return s.printedPath()
}

// xmlSamples reads the index, leaving out the JSON sample.
func xmlSamples(t testing.TB) []sample {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedDir, "samples/index.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []sample
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("index.tsv:%d: %d fields, want 5", i+1, len(f))
		}
		if i == 0 || f[1] == "-" { // header, JSON
			continue
		}
		out = append(out, sample{f[0], filepath.Join(seedDir, f[1]), f[2], f[3], f[4]})
	}
	if len(out) != 22 {
		t.Fatalf("index.tsv lists %d XML samples, want 22", len(out))
	}
	return out
}

// validators caches one Validator per DTD file.
type validators map[string]*xmlvalid.Validator

func (vs validators) get(t testing.TB, path string) *xmlvalid.Validator {
	t.Helper()
	if v, ok := vs[path]; ok {
		return v
	}
	v := xmlvalid.New(parseDTD(t, path))
	vs[path] = v
	return v
}

// brokenPrinted names the printed samples that are not valid, and every
// problem each has (see testdata/seed/README.md, "Seed inconsistencies").
var brokenPrinted = map[string][]string{
	// DOCTYPE names AUTH_RECORDS_OUTPUT; <AUTH_POSTGRESQL_LIST> is never
	// opened, so its records land in RESPONSE and its end tag closes nothing.
	"10-postgresql-list-all-details.xml": {
		"2:11: warning: DOCTYPE names AUTH_RECORDS_OUTPUT, but the root element is AUTH_POSTGRESQL_LIST_OUTPUT",
		"7:9: element RESPONSE: expected AUTH_POSTGRESQL_LIST, ID_SET, WARNING_LIST, GLOSSARY or end of content after DATETIME, found AUTH_POSTGRESQL",
		"40:8: not well-formed: element <RESPONSE> (line 5) closed by </AUTH_POSTGRESQL_LIST>",
	},
	// <<?xml
	"11-postgresql-create-windows-batch-return.xml": {
		"1:2: not well-formed: expected element name after <",
	},
	// AUTH_MICROSOFT_SHAREPOINT_IDS printed before AUTH_GREENPLUM_IDS.
	"13-auth-records-list-sharepoint-section.xml": {
		"43:13: element AUTH_RECORDS: expected end of content after AUTH_MICROSOFT_SHAREPOINT_IDS, found AUTH_GREENPLUM_IDS",
	},
	// A fragment: no root, RESPONSE or DATETIME, and the list never closed.
	"14-sharepoint-list-basic-details.xml": {
		"2:11: warning: DOCTYPE names AUTH_MICROSOFT_SHAREPOINT_LIST_OUTPUT, but the root element is AUTH_MICROSOFT_SHAREPOINT_LIST",
		"4:5: root element is AUTH_MICROSOFT_SHAREPOINT_LIST, expected AUTH_MICROSOFT_SHAREPOINT_LIST_OUTPUT",
		"49:1: not well-formed: the document ends inside element AUTH_MICROSOFT_SHAREPOINT_LIST (opened at line 4)",
	},
}

// TestSeedSamples validates every XML sample of the release notes against
// its DTD, with the root element the index names: the repaired copies and
// the printed copies that needed no repair are valid, without even a
// warning; the broken printed copies have exactly the problems listed in
// brokenPrinted.
func TestSeedSamples(t *testing.T) {
	vs := validators{}
	seenBroken := map[string]bool{}
	for _, s := range xmlSamples(t) {
		v := vs.get(t, s.dtd)
		opts := xmlvalid.Options{Root: s.root}
		t.Run(s.file, func(t *testing.T) {
			if p := s.repairedPath(); p != "" {
				doc, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if ps := v.Validate(p, doc, opts); len(ps) > 0 {
					t.Errorf("repaired copy: want no problems, got:\n%s", strings.Join(messages(ps), "\n"))
				}
			}
			p := s.printedPath()
			doc, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			ps := v.Validate(p, doc, opts)
			want, broken := brokenPrinted[s.file]
			if broken != (s.printedVerdict != "valid") {
				t.Fatalf("index.tsv says the printed copy is %q, but brokenPrinted does not agree", s.printedVerdict)
			}
			if !broken {
				if len(ps) > 0 {
					t.Errorf("printed copy: want no problems, got:\n%s", strings.Join(messages(ps), "\n"))
				}
				return
			}
			seenBroken[s.file] = true
			if xmlvalid.Valid(ps) {
				t.Errorf("printed copy: reported valid")
			}
			got := messages(ps)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], p+":")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("printed copy: problems (-want +got):\n%s", diff)
			}
		})
	}
	for f := range brokenPrinted {
		if !seenBroken[f] {
			t.Errorf("brokenPrinted names %s, which is not a broken printed sample in index.tsv", f)
		}
	}
}

// TestSeedDTDs checks that every DTD the samples use parses without errors,
// so the tests above validate against what the index names.
func TestSeedDTDs(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range xmlSamples(t) {
		if seen[s.dtd] {
			continue
		}
		seen[s.dtd] = true
		src, err := os.ReadFile(s.dtd)
		if err != nil {
			t.Fatal(err)
		}
		d, err := dtdparse.Parse(s.dtd, src)
		if err != nil {
			t.Errorf("%s: %v", s.dtd, err)
			continue
		}
		if d.Element(s.root) == nil {
			t.Errorf("%s does not declare the root %s", s.dtd, s.root)
		}
	}
}
