package codegen_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qgen-project/qgen/internal/testenv"
	"github.com/qgen-project/qgen/spec"
	"github.com/qgen-project/qgen/templates"
)

// synthetic is an overlay of n copies of the Greenplum table under
// generated names (auth/synthetic0001...), answering with the built-in DTDs.
func synthetic(b *testing.B, n int) spec.Layer {
	src, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "spec", "params", "auth_greenplum.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	fs := fstest.MapFS{}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("synthetic%04d", i)
		table := strings.ReplaceAll(string(src), "/api/2.0/fo/auth/greenplum/", "/api/2.0/fo/auth/"+name+"/")
		fs["params/auth_"+name+".yaml"] = &fstest.MapFile{Data: []byte(table)}
	}
	return spec.Layer{Name: "synthetic", FS: fs}
}

// BenchmarkGenerate measures what qgen generate does in memory: load the
// spec (tables, fragments, DTDs, types) and render every file. The
// synthetic sub-benchmarks add 100 and 1000 copies of the Greenplum table,
// to show that the cost grows linearly with the number of endpoints.
func BenchmarkGenerate(b *testing.B) {
	cases := []struct {
		name   string
		layers func() []spec.Layer
	}{
		{"builtin", func() []spec.Layer { return []spec.Layer{spec.Builtin()} }},
		{"synthetic-100", func() []spec.Layer { return []spec.Layer{spec.Builtin(), synthetic(b, 100)} }},
		{"synthetic-1000", func() []spec.Layer { return []spec.Layer{spec.Builtin(), synthetic(b, 1000)} }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			layers := c.layers()
			b.ReportAllocs()
			var files int
			for i := 0; i < b.N; i++ {
				m, err := spec.LoadLayers(layers...)
				if err != nil {
					b.Fatal(err)
				}
				out, err := templates.Generate(m, templates.Options{Package: "qualys"})
				if err != nil {
					b.Fatal(err)
				}
				files = len(out)
			}
			b.ReportMetric(float64(files), "files")
		})
	}
}
