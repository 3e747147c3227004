package spec_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/internal/golden"
	"github.com/qgen-project/qgen/internal/testenv"
	"github.com/qgen-project/qgen/spec"
)

// rulesTable renders every rule of the built-in spec as a Markdown table:
// where it is written, what it says, and the source sentence it encodes.
func rulesTable(m *spec.Model) string {
	var b strings.Builder
	b.WriteString("| where | used by | rule | actions | the source says |\n|---|---|---|---|---|\n")
	row := func(pos string, users []string, r *spec.Rule, actions []string) {
		acts := strings.Join(actions, ", ")
		if acts == "" {
			acts = "every action that accepts it"
		}
		doc := strings.ReplaceAll(strings.Join(strings.Fields(r.Doc), " "), "|", "\\|")
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", pos, strings.Join(users, ", "), strings.ReplaceAll(spec.FormatRule(r), "|", "\\|"), acts, doc)
	}
	for _, f := range m.Fragments {
		var users []string
		for _, e := range m.Endpoints {
			for _, inc := range e.Includes {
				if inc == f.Name {
					users = append(users, e.Name)
				}
			}
		}
		for _, r := range f.Rules {
			row(fmt.Sprintf("%s:%d", r.Pos.Filename, r.Pos.Line), users, r, r.Actions)
		}
	}
	for _, e := range m.Endpoints {
		for _, r := range e.Rules {
			if r.From == "" {
				row(fmt.Sprintf("%s:%d", r.Pos.Filename, r.Pos.Line), []string{e.Name}, r, r.Actions)
			}
		}
	}
	return b.String()
}

// TestREADMERules keeps the README's list of rules in step with the spec:
// -update rewrites the section between its markers.
func TestREADMERules(t *testing.T) {
	m := load(t)
	const begin, end = "<!-- rules:begin (go test ./spec -run TestREADMERules -update) -->\n", "<!-- rules:end -->"
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
	want := rulesTable(m)
	if golden.Updating() {
		if err := os.WriteFile(path, []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := s[i+len(begin) : j]; got != want {
		t.Errorf("README.md's rules are stale; run go test ./spec -run TestREADMERules -update\n--- want:\n%s", want)
	}
}
