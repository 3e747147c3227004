package dtdparse_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/internal/golden"
	"github.com/qgen-project/qgen/internal/testenv"
)

// report renders what Parse said about a file: its errors with source lines
// and carets, or, when it parsed, only the summary line and the diagnostics.
func report(d *dtdparse.DTD, err error, full bool) string {
	if err != nil {
		var list dtdparse.ErrorList
		if errors.As(err, &list) {
			return list.Pretty() + "\n"
		}
		return err.Error() + "\n"
	}
	out := dtdparse.Format(d)
	if full {
		return out
	}
	var keep []string
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if i == 0 || strings.Contains(line, ": warning: ") || strings.Contains(line, ": info: ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n") + "\n"
}

// TestBadDTDs parses each malformed DTD in testdata/bad and compares every
// error it reports with the golden file beside it.
func TestBadDTDs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.dtd"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("want at least 30 malformed DTDs in testdata/bad, found %d", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			d, err := dtdparse.Parse(filepath.Base(file), src)
			if err == nil {
				t.Errorf("parsed without error; want an error")
			}
			golden.Check(t, strings.TrimSuffix(file, ".dtd")+".golden", report(d, err, false))
		})
	}
}

// TestQualysAnchors parses every public Qualys DTD in the shared anchors,
// fragments too; the warnings each gives are golden.
func TestQualysAnchors(t *testing.T) {
	dir := testenv.Shared(t, "anchors/qualys-dtd")
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".dtd") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no DTDs under " + dir)
	}
	for _, file := range files {
		rel, _ := filepath.Rel(dir, file)
		t.Run(rel, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			d, err := dtdparse.Parse(rel, src)
			if err != nil {
				t.Fatalf("want a clean parse, got:\n%v", err)
			}
			// Only the summary and diagnostics are kept: the anchors
			// themselves are never copied into the repository.
			golden.Check(t, filepath.Join("testdata", "anchors", strings.ReplaceAll(rel, string(filepath.Separator), "__")+".golden"), report(d, nil, false))
		})
	}
}

// TestSeedDTDs parses the DTDs of the v10.x release notes: the restored and
// reconstructed ones parse cleanly (their whole reading is golden), and the
// copies as printed, with the notes' "..." elisions, fail where the elision is.
func TestSeedDTDs(t *testing.T) {
	seed := filepath.Join(testenv.RepoRoot(), "testdata", "seed", "dtd")
	for _, kind := range []string{"restored", "reconstructed", "printed"} {
		files, _ := filepath.Glob(filepath.Join(seed, kind, "*.dtd"))
		if len(files) == 0 {
			t.Fatalf("no DTDs in %s", filepath.Join(seed, kind))
		}
		for _, file := range files {
			name := kind + "/" + filepath.Base(file)
			t.Run(name, func(t *testing.T) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				d, err := dtdparse.Parse(name, src)
				elided := strings.Contains(string(src), "...")
				switch {
				case kind != "printed" && err != nil:
					t.Fatalf("want a clean parse, got:\n%v", err)
				case kind == "printed" && elided && err == nil:
					t.Fatalf("the printed copy has an elision but parsed")
				case kind == "printed" && !elided && err != nil:
					t.Fatalf("the printed copy has no elision but failed:\n%v", err)
				}
				golden.Check(t, filepath.Join("testdata", "seed", kind, strings.TrimSuffix(filepath.Base(file), ".dtd")+".golden"), report(d, err, true))
			})
		}
	}
}
