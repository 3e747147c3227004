package spec

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/qgen-project/qgen/diag"
)

// decoder walks the AST that goccy/go-yaml builds for one file and reports
// every problem it meets, with the file position of the node concerned.
type decoder struct {
	file     string
	src      string
	lines    []int
	diags    []*diag.Diagnostic
	reported map[ast.Node]bool
	// unknownKeys is set when a mapping had keys the format does not know:
	// then "missing key" errors would only repeat the typo.
	unknownKeys bool
}

func newDecoder(file string, src []byte) *decoder {
	return &decoder{file: file, src: string(src), lines: diag.LineStarts(string(src)), reported: map[ast.Node]bool{}}
}

// parse returns the body of the file's single document.
func (d *decoder) parse() ast.Node {
	f, err := parser.ParseBytes([]byte(d.src), 0)
	if err != nil {
		var te interface{ GetToken() *token.Token }
		var me interface{ GetMessage() string }
		msg := err.Error()
		if errors.As(err, &me) {
			msg = me.GetMessage()
		}
		if errors.As(err, &te) && te.GetToken() != nil {
			d.errorAt(te.GetToken().Position, "YAML syntax: %s", msg)
		} else {
			d.errorAt(nil, "YAML syntax: %s", msg)
		}
		return nil
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		d.errorAt(nil, "the file is empty; expected a table (path, actions, params...) or a fragment")
		return nil
	}
	if len(f.Docs) > 1 {
		d.errorf(f.Docs[1], "expected one YAML document, found %d (remove the --- separator)", len(f.Docs))
		return nil
	}
	return f.Docs[0].Body
}

func (d *decoder) position(p *token.Position) lexer.Position {
	if p == nil {
		return lexer.Position{Filename: d.file, Line: 1, Column: 1}
	}
	return lexer.Position{Filename: d.file, Line: p.Line, Column: p.Column, Offset: p.Offset}
}

func (d *decoder) errorAt(p *token.Position, format string, args ...any) {
	d.report(diag.Error, d.position(p), format, args...)
}

func (d *decoder) report(sev diag.Severity, pos lexer.Position, format string, args ...any) {
	dg := &diag.Diagnostic{Severity: sev, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	if pos.Line >= 1 && pos.Line <= len(d.lines) {
		dg.Source = diag.LineAt(d.src, d.lines, pos.Line)
	}
	d.diags = append(d.diags, dg)
}

// errorf reports a problem at node n.
func (d *decoder) errorf(n ast.Node, format string, args ...any) {
	d.errorAt(nodePos(n), format, args...)
}

func nodePos(n ast.Node) *token.Position {
	if n == nil {
		return nil
	}
	if mv, ok := n.(*ast.MappingValueNode); ok {
		return nodePos(mv.Key)
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		return nodePos(m.Values[0].Key)
	}
	if t := n.GetToken(); t != nil {
		return t.Position
	}
	return nil
}

// posOf returns the lexer position of node n.
func (d *decoder) posOf(n ast.Node) lexer.Position { return d.position(nodePos(n)) }

// unwrap removes anchors; aliases and tags, which tables do not use
// (includes share what YAML anchors would), are reported once and become
// badNode, which callers pass over silently.
func (d *decoder) unwrap(n ast.Node) ast.Node {
	switch v := n.(type) {
	case *ast.AnchorNode:
		return d.unwrap(v.Value)
	case *ast.AliasNode:
		if !d.reported[n] {
			d.errorf(n, "YAML aliases are not supported in spec tables; share parameters with include")
			d.reported[n] = true
		}
		return badNode
	case *ast.TagNode:
		if !d.reported[n] {
			d.errorf(n, "YAML tags are not supported in spec tables")
			d.reported[n] = true
		}
		return badNode
	}
	return n
}

// badNode stands for a node already reported as unusable.
var badNode ast.Node = &ast.NullNode{BaseNode: &ast.BaseNode{}}

// kind names what a node is, for "found ..." in messages.
func kind(n ast.Node) string {
	switch n.(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode:
		return "an integer"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.FloatNode:
		return "a number"
	}
	return "a " + n.Type().String()
}

type entry struct {
	key  string
	keyN ast.Node
	val  ast.Node
}

// mapping returns the entries of a mapping node in file order, reporting a
// node that is not a mapping and repeated keys.
func (d *decoder) mapping(n ast.Node, what string) ([]entry, bool) {
	n = d.unwrap(n)
	if n == badNode {
		return nil, false
	}
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		d.errorf(n, "expected a mapping for %s, found %s", what, kind(n))
		return nil, false
	}
	seen := map[string]bool{}
	var out []entry
	for _, mv := range values {
		key := mv.Key.String()
		if s, ok := mv.Key.(*ast.StringNode); ok {
			key = s.Value
		}
		if seen[key] {
			d.errorf(mv.Key, "key %q appears twice in %s", key, what)
			continue
		}
		seen[key] = true
		out = append(out, entry{key: key, keyN: mv.Key, val: mv.Value})
	}
	return out, true
}

// fields decodes a mapping whose keys are fixed: each known key's handler
// gets its value, and unknown keys are reported with the known ones.
func (d *decoder) fields(n ast.Node, what string, handlers map[string]func(val ast.Node)) []entry {
	entries, ok := d.mapping(n, what)
	if !ok {
		return nil
	}
	for _, e := range entries {
		h, ok := handlers[e.key]
		if !ok {
			d.unknownKeys = true
			hint := ""
			if near := nearest(e.key, handlers); near != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", near)
			}
			d.errorf(e.keyN, "unknown key %q in %s%s; expected one of %s", e.key, what, hint, keyList(handlers))
			continue
		}
		h(e.val)
	}
	return entries
}

func keyList[V any](m map[string]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// str decodes a string scalar (block scalars included).
func (d *decoder) str(n ast.Node, what string) (string, bool) {
	switch v := d.unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	}
	if d.unwrap(n) == badNode {
		return "", false
	}
	d.errorf(n, "expected a string for %s, found %s", what, kind(n))
	return "", false
}

// scalar decodes a string or an integer as a string: values such as 1 and
// "1" mean the same on the wire.
func (d *decoder) scalar(n ast.Node, what string) (string, bool) {
	switch v := d.unwrap(n).(type) {
	case *ast.IntegerNode:
		return fmt.Sprint(v.Value), true
	case *ast.StringNode, *ast.LiteralNode:
		return d.str(v, what)
	}
	if d.unwrap(n) == badNode {
		return "", false
	}
	d.errorf(n, "expected a string or an integer for %s, found %s", what, kind(n))
	return "", false
}

func (d *decoder) integer(n ast.Node, what string) (int, bool) {
	if v, ok := d.unwrap(n).(*ast.IntegerNode); ok {
		if i, err := strconv.Atoi(fmt.Sprint(v.Value)); err == nil {
			return i, true
		}
	}
	d.errorf(n, "expected an integer for %s, found %s", what, kind(n))
	return 0, false
}

func (d *decoder) boolean(n ast.Node, what string) (bool, bool) {
	if v, ok := d.unwrap(n).(*ast.BoolNode); ok {
		return v.Value, true
	}
	d.errorf(n, "expected true or false for %s, found %s", what, kind(n))
	return false, false
}

// list decodes a sequence, calling f for each item.
func (d *decoder) list(n ast.Node, what string, f func(item ast.Node)) bool {
	seq, ok := d.unwrap(n).(*ast.SequenceNode)
	if !ok && d.unwrap(n) == badNode {
		return false
	}
	if !ok {
		d.errorf(n, "expected a list for %s, found %s", what, kind(n))
		return false
	}
	for _, item := range seq.Values {
		f(item)
	}
	return true
}

// named is a name with the place it was written.
type named struct {
	name string
	pos  lexer.Position
}

// names decodes a list of identifiers, reporting repeats.
func (d *decoder) names(n ast.Node, what string) []named {
	var out []named
	seen := map[string]bool{}
	d.list(n, what, func(item ast.Node) {
		s, ok := d.scalar(item, "an item of "+what)
		if !ok {
			return
		}
		if seen[s] {
			d.errorf(item, "%q appears twice in %s", s, what)
			return
		}
		seen[s] = true
		out = append(out, named{s, d.posOf(item)})
	})
	return out
}

// nearest returns the known key closest to a misspelt one, if close enough.
func nearest[V any](key string, known map[string]V) string {
	best, bestD := "", 3
	for k := range known {
		if dist := editDistance(key, k); dist < bestD || dist == bestD && k < best {
			best, bestD = k, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// isIdent reports whether s matches ^[a-z][a-z0-9_]*$, the form of
// parameter, action and fragment names.
func isIdent(s string) bool {
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || i > 0 && (r >= '0' && r <= '9' || r == '_')) {
			return false
		}
	}
	return s != ""
}
