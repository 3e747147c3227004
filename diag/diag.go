// Package diag holds the diagnostics every qgen input reader reports: a
// severity, a file position, a message, and the source line for display.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Severity ranks a diagnostic.
type Severity int

const (
	// Info is a remark, such as a declaration nothing uses.
	Info Severity = iota
	// Warning is a problem that does not stop the DTD from being used, such
	// as a reference to an undeclared element.
	Warning
	// Error makes the DTD unusable.
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in a DTD, at a position in its file.
type Diagnostic struct {
	Severity Severity
	Pos      lexer.Position
	Msg      string
	// Validity marks a problem with the DTD as a whole (an XML validity
	// constraint or a qgen rule, such as two different declarations of one
	// element) rather than with its syntax (well-formedness).
	Validity bool
	// Via lists the parameter-entity references through which the text at Pos
	// was reached, innermost first.
	Via []string
	// Source is the text of the line at Pos, shown under the message.
	Source string
}

// Error formats the diagnostic as "file:line:col: message" (warnings and
// remarks carry their severity after the position).
func (d *Diagnostic) Error() string {
	var b strings.Builder
	if d.Pos.Line > 0 {
		fmt.Fprintf(&b, "%s:%d:%d: ", d.Pos.Filename, d.Pos.Line, d.Pos.Column)
	} else {
		fmt.Fprintf(&b, "%s: ", d.Pos.Filename)
	}
	if d.Severity != Error {
		b.WriteString(d.Severity.String() + ": ")
	}
	b.WriteString(d.Msg)
	for _, v := range d.Via {
		b.WriteString(" (in " + v + ")")
	}
	return b.String()
}

// Pretty formats the diagnostic followed by its source line and a caret
// under the column.
func (d *Diagnostic) Pretty() string {
	s := d.Error()
	if d.Source == "" && d.Pos.Line == 0 {
		return s
	}
	line := strings.ReplaceAll(d.Source, "\t", " ")
	col := d.Pos.Column
	if col < 1 {
		col = 1
	}
	if n := utf8.RuneCountInString(line) + 1; col > n {
		col = n
	}
	return s + "\n    " + line + "\n    " + strings.Repeat(" ", col-1) + "^"
}

// ErrorList holds every error found in one or more files, in file order.
type ErrorList []*Diagnostic

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, d := range l {
		msgs[i] = d.Error()
	}
	return strings.Join(msgs, "\n")
}

// Pretty formats every error with its source line and caret.
func (l ErrorList) Pretty() string {
	msgs := make([]string, len(l))
	for i, d := range l {
		msgs[i] = d.Pretty()
	}
	return strings.Join(msgs, "\n")
}

// WellFormedness returns the errors that break XML well-formedness, leaving
// out the validity problems of the second layer.
func (l ErrorList) WellFormedness() ErrorList {
	var out ErrorList
	for _, d := range l {
		if !d.Validity {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders by position, then severity, then message, so that
// output is stable.
func Sort(ds []*Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		return a.Msg < b.Msg
	})
}

// LineStarts returns the offset of the start of each line of text.
func LineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// LineAt returns line n (1-based) of text, given its line starts.
func LineAt(text string, starts []int, n int) string {
	line := text[starts[n-1]:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return line
}

// SourceLine returns line n (1-based) of text, without its line end.
func SourceLine(text string, n int) string {
	for i := 1; i < n; i++ {
		j := strings.IndexByte(text, '\n')
		if j < 0 {
			return ""
		}
		text = text[j+1:]
	}
	if j := strings.IndexByte(text, '\n'); j >= 0 {
		text = text[:j]
	}
	return text
}
