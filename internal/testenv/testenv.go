// Package testenv locates test data that lives outside the repository.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// SharedDir returns the path of the shared folder that sits beside the
// repository (QGEN_SHARED overrides it), and whether it exists. The anchors
// there are internal test data and are never copied into the repository.
func SharedDir() (string, bool) {
	root := os.Getenv("QGEN_SHARED")
	if root == "" {
		root = filepath.Join(RepoRoot(), "..", "shared")
	}
	_, err := os.Stat(root)
	return root, err == nil
}

// Shared returns the path of rel inside the shared folder, skipping the test
// loudly when it is absent.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	root, _ := SharedDir()
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
