package spec_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/spec"
)

// FuzzLoad feeds arbitrary bytes to the loader as an overlay table and as
// an overlay fragment: it must not panic, and every error must carry a
// position inside the input.
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"params/*.yaml", "params/_shared/*.yaml", "testdata/bad/*/params/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b, strings.Contains(file, "_shared"))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, fragment bool) {
		name := "params/auth.yaml"
		if fragment {
			name = "params/_shared/login.yaml"
		}
		// A small base instead of the built-in spec keeps each run fast: the
		// fuzzed file may include the fragment and answer with the DTDs.
		layer := spec.Layer{Name: "fuzz", FS: fstest.MapFS{
			name:                                 {Data: src},
			"params/_shared/record.yaml":         {Data: []byte(fuzzFragment)},
			"dtd/batch_return.dtd":               {Data: []byte(fuzzDTD)},
			"dtd/auth_records.dtd":               {Data: []byte(fuzzDTD)},
			"dtd/auth_greenplum_list_output.dtd": {Data: []byte(fuzzDTD)},
		}}
		_, err := spec.LoadLayers(layer)
		if err == nil {
			return
		}
		var list diag.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("error is not a diag.ErrorList: %v", err)
		}
		lines := strings.Count(string(src), "\n") + 1
		for _, d := range list {
			if d.Pos.Filename == "fuzz/"+name && (d.Pos.Line < 1 || d.Pos.Line > lines+1) {
				t.Fatalf("error outside the input (%d lines): %s", lines, d.Error())
			}
			_ = d.Pretty()
		}
	})
}

const fuzzFragment = `fragment: record
params:
  title: {type: string, in: {create: required, update: optional}, max_length: 255}
  ids: {type: ids, in: {update: required, list: optional}}
rules:
  - at_least_one: {params: [title, ids]}
`

const fuzzDTD = `<!ELEMENT BATCH_RETURN (RESPONSE)>
<!ELEMENT RESPONSE (DATETIME, ID_SET?)>
<!ELEMENT DATETIME (#PCDATA)>
<!ELEMENT ID_SET (ID|ID_RANGE)+>
<!ELEMENT ID (#PCDATA)>
<!ELEMENT ID_RANGE (#PCDATA)>
`
