package changelog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/spec"
)

// load loads a spec folder on its own, failing the test on errors.
func load(t *testing.T, dir, name string) *spec.Model {
	t.Helper()
	m, err := LoadDir(dir, name)
	if err != nil {
		if list, ok := err.(diag.ErrorList); ok {
			t.Fatalf("loading %s:\n%s", dir, list.Pretty())
		}
		t.Fatalf("loading %s: %v", dir, err)
	}
	return m
}

// comparePair compares testdata/NAME/before with testdata/NAME/after.
func comparePair(t *testing.T, name string) *Report {
	t.Helper()
	dir := filepath.Join("testdata", name)
	return Compare(load(t, filepath.Join(dir, "before"), "before"), load(t, filepath.Join(dir, "after"), "after"), "before", "after")
}

// endpoint returns the report of endpoint name, failing the test without it.
func endpoint(t *testing.T, r *Report, name string) *EndpointReport {
	t.Helper()
	for _, e := range r.Endpoints {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no endpoint %s in the report:\n%s", name, r.Markdown())
	return nil
}

// summary lists the changes of one check as "kind subject breaking|compatible".
func summary(r *Report, check string) []string {
	var out []string
	for _, e := range r.Endpoints {
		for _, ch := range e.Changes {
			if ch.Check != check {
				continue
			}
			class := "compatible"
			if ch.Breaking {
				class = "breaking"
			}
			out = append(out, fmt.Sprintf("%s: %s %s %s", e.Name, ch.Kind, ch.Subject, class))
		}
	}
	return out
}

// expect compares the changes of one check with want, in order.
func expect(t *testing.T, r *Report, check string, want ...string) {
	t.Helper()
	got := summary(r, check)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes of check %s:\n%s\nwant:\n%s\nreport:\n%s", check, strings.Join(got, "\n"), strings.Join(want, "\n"), r.Markdown())
	}
}

// why returns the Why of the change of check with subject, failing without it.
func why(t *testing.T, r *Report, check, kind, subject string) string {
	t.Helper()
	for _, e := range r.Endpoints {
		for _, ch := range e.Changes {
			if ch.Check == check && ch.Kind == kind && ch.Subject == subject {
				return ch.Why
			}
		}
	}
	t.Fatalf("no %s change %s %s in:\n%s", check, kind, subject, r.Markdown())
	return ""
}

// copyTree copies the files of src under dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
