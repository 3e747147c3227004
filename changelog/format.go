package changelog

import (
	"encoding/json"
	"fmt"
	"strings"
)

// areas group the changes of an endpoint in the Markdown report, by check.
var areas = []struct {
	title  string
	checks []string
}{
	{"API", []string{"endpoints", "actions"}},
	{"Parameters", []string{"params", "param_use", "limits", "enums"}},
	{"Rules", []string{"rules"}},
	{"Response elements", []string{"elements"}},
	{"Generated Go", []string{"gotypes"}},
}

// Markdown renders the report as the release notes lay out a change: per
// endpoint a table "APIs affected | New or Updated API | DTD or XSD changes",
// then the changes, breaking ones marked **breaking**.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# API changes: %s → %s\n\n", code(r.Old), code(r.New))
	if len(r.Endpoints) == 0 {
		b.WriteString("No changes.\n")
		return b.String()
	}
	counts := map[string]int{}
	for _, e := range r.Endpoints {
		counts[e.Status]++
	}
	fmt.Fprintf(&b, "%s: %d new, %d updated, %d removed, %d unchanged. %s, %s.\n",
		plural(len(r.Endpoints)+len(r.Unchanged), "endpoint"), counts[StatusNew], counts[StatusUpdated], counts[StatusRemoved], len(r.Unchanged),
		plural(r.Breaking, "breaking change"), plural(r.Compatible, "compatible change"))
	for _, e := range r.Endpoints {
		fmt.Fprintf(&b, "\n## %s\n\n", e.Path)
		b.WriteString("| APIs affected | New or Updated API | DTD or XSD changes |\n|---|---|---|\n")
		dtd := e.DTD
		if len(e.DTDFiles) > 0 {
			dtd += " (" + strings.Join(e.DTDFiles, ", ") + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", e.Path, e.Status, dtd)
		for _, a := range areas {
			var lines []string
			for _, ch := range e.Changes {
				if contains(a.checks, ch.Check) {
					lines = append(lines, bullet(ch))
				}
			}
			if len(lines) > 0 {
				fmt.Fprintf(&b, "\n%s:\n\n%s\n", a.title, strings.Join(lines, "\n"))
			}
		}
	}
	if len(r.Unchanged) > 0 {
		var paths []string
		for _, n := range r.Unchanged {
			paths = append(paths, "/api/2.0/fo/"+n+"/")
		}
		fmt.Fprintf(&b, "\nUnchanged: %s.\n", strings.Join(paths, ", "))
	}
	return b.String()
}

func bullet(ch *Change) string {
	if ch.Breaking {
		return fmt.Sprintf("- **breaking**: %s — %s.", ch.Text, ch.Why)
	}
	return fmt.Sprintf("- %s — compatible: %s.", ch.Text, ch.Why)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// JSON renders the report as indented JSON with stable field names.
func (r *Report) JSON() []byte {
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		panic(err) // a Report always marshals
	}
	return append(out, '\n')
}
