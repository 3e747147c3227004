package spec_test

import (
	"testing"

	"github.com/qgen-project/qgen/spec"
)

// BenchmarkLoad loads the built-in spec: tables, fragments, DTDs and types.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := spec.Load(); err != nil {
			b.Fatal(err)
		}
	}
}
