package dtdparse_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/internal/testenv"
)

// FuzzParse feeds arbitrary bytes to Parse: it must not panic or hang, every
// diagnostic must point inside the input, and a DTD that parsed must format.
func FuzzParse(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"testdata/bad/*.dtd", "../testdata/seed/dtd/*/*.dtd"} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	if root, ok := testenv.SharedDir(); ok {
		for _, pattern := range []string{"anchors/xmlconf/*/*/*.dtd", "anchors/xmlconf/*/*/*/*.dtd", "anchors/qualys-dtd/*.dtd", "anchors/qualys-dtd/*/*.dtd"} {
			m, _ := filepath.Glob(filepath.Join(root, pattern))
			seeds = append(seeds, m...)
		}
	}
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<!ENTITY % a \"<!ELEMENT x (#PCDATA)>\">%a;<![%a;[]]>"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := dtdparse.Parse("fuzz.dtd", src)
		lines := strings.Count(string(src), "\n") + strings.Count(string(src), "\r") + 1
		var list dtdparse.ErrorList
		if err != nil && !errors.As(err, &list) {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		check := func(diag *dtdparse.Diagnostic) {
			if diag.Pos.Line < 1 || diag.Pos.Line > lines || diag.Pos.Column < 1 {
				t.Fatalf("diagnostic outside the input (%d lines): %s", lines, diag.Error())
			}
			_ = diag.Pretty()
		}
		for _, diag := range list {
			check(diag)
		}
		if d != nil {
			for _, diag := range d.Diagnostics {
				check(diag)
			}
			_ = dtdparse.Format(d)
		}
	})
}
