package spec_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/internal/golden"
	"github.com/qgen-project/qgen/spec"
)

// TestBadSpecs loads each case of testdata/bad, an overlay folder holding
// one mistake (several in multi-*), and compares every error the loader
// reports with the case's errors.golden.
func TestBadSpecs(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "bad", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			_, err := spec.Load(dir)
			if err == nil {
				t.Fatalf("the overlay loaded without error")
			}
			var list diag.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("want a diag.ErrorList, got %T: %v", err, err)
			}
			golden.Check(t, filepath.Join(dir, "errors.golden"), list.Pretty()+"\n")
		})
	}
	if n < 30 {
		t.Errorf("want at least 30 bad spec cases, found %d", n)
	}
}
