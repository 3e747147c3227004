package dtdparse_test

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/internal/testenv"
)

// TestConformanceExternal parses every DTD-syntax file of the W3C XML
// conformance suite subset as an external subset: "accept" rows must parse,
// "reject" rows must fail. "either" and "context" rows are logged.
func TestConformanceExternal(t *testing.T) {
	dir := testenv.Shared(t, "anchors/xmlconf")
	f, err := os.Open(filepath.Join(dir, "manifest-external.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var agree, total int
	for _, row := range rows[1:] {
		path, expect := row[0], row[2]
		src, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			t.Fatal(err)
		}
		_, perr := dtdparse.Parse(path, src)
		perr = wellFormedness(perr)
		switch expect {
		case "accept", "reject":
			total++
			if (perr == nil) == (expect == "accept") {
				agree++
				continue
			}
			if perr != nil {
				t.Errorf("%s: want accept, got:\n%v", path, perr)
			} else {
				t.Errorf("%s: want reject (%s), but it parsed", path, row[7])
			}
		default:
			t.Logf("%s (%s): error=%v", path, expect, perr != nil)
		}
	}
	t.Logf("external subsets: %d/%d agree (%.1f%%)", agree, total, 100*float64(agree)/float64(total))
}

// wellFormedness keeps the errors that break well-formedness: the suite's
// verdicts are about syntax, while the second layer of dtdparse also rejects
// some invalid DTDs on purpose (an element declared twice, differently).
func wellFormedness(err error) error {
	var list dtdparse.ErrorList
	if errors.As(err, &list) {
		if wf := list.WellFormedness(); len(wf) > 0 {
			return wf
		}
		return nil
	}
	return err
}

type subsetCase struct {
	ID      string `json:"id"`
	Expect  string `json:"expect"`
	Desc    string `json:"desc"`
	Subset  string `json:"subset"`
	Xmllint string `json:"xmllint_standalone"`
}

// TestConformanceInternalSubsets parses the internal subsets taken from the
// suite's test documents as DTD text.
func TestConformanceInternalSubsets(t *testing.T) {
	dir := testenv.Shared(t, "anchors/xmlconf")
	f, err := os.Open(filepath.Join(dir, "derived", "internal-subsets.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var agree, total int
	for {
		line, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var c subsetCase
			if err := json.Unmarshal(line, &c); err != nil {
				t.Fatal(err)
			}
			total++
			_, perr := dtdparse.Parse(c.ID+".dtd", []byte(c.Subset))
			perr = wellFormedness(perr)
			if (perr == nil) == (c.Expect == "accept") {
				agree++
			} else if perr != nil {
				t.Errorf("%s: want accept (%s), got:\n%v\n--- subset:\n%s", c.ID, c.Desc, perr, c.Subset)
			} else {
				t.Errorf("%s: want reject (%s; xmllint: %s), but it parsed\n--- subset:\n%s", c.ID, c.Desc, c.Xmllint, c.Subset)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("internal subsets: %d/%d agree (%.1f%%)", agree, total, 100*float64(agree)/float64(total))
}
