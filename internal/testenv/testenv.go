// Package testenv locates test data that lives outside the repository.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Shared returns the path of the shared folder that sits beside the
// repository (QGEN_SHARED overrides it). The anchors there are internal test
// data and are never copied into the repository. When the folder is absent
// the test is skipped, loudly.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	root := os.Getenv("QGEN_SHARED")
	if root == "" {
		_, file, _, _ := runtime.Caller(0)
		root = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	}
	p := filepath.Join(root, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("SKIPPED: shared test data %s is absent (set QGEN_SHARED to the shared folder): %v", p, err)
	}
	return p
}

// RepoRoot returns the root of this repository.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}
