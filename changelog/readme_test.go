package changelog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/internal/golden"
	"github.com/qgen-project/qgen/internal/testenv"
)

// TestREADMEReport keeps the report the README shows (section "Reviewing
// spec changes: qgen changelog") equal to what the acceptance test produces:
// -update rewrites the block between its markers.
func TestREADMEReport(t *testing.T) {
	const begin, end = "<!-- changelog:begin (go test ./changelog -run TestREADMEReport -update) -->\n", "<!-- changelog:end -->"
	path := filepath.Join(testenv.RepoRoot(), "README.md")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q and %q", begin, end)
	}
	want := "```markdown\n" + v10Report(t).Markdown() + "```\n"
	if golden.Updating() {
		if err := os.WriteFile(path, []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := s[i+len(begin) : j]; got != want {
		t.Errorf("README.md's changelog report is stale; run go test ./changelog -run TestREADMEReport -update\n--- want:\n%s", want)
	}
}
