package spec

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/goccy/go-yaml/ast"
)

// rawTable is a table or fragment file as written, with positions, before
// includes are resolved.
type rawTable struct {
	file     string
	fragment named // set for a fragment
	path     named // set for a table
	title    string
	doc      string
	notes    string
	include  []named
	actions  []*rawAction
	params   []*rawParam
	rules    []*rawRule
	pos      lexer.Position
}

type rawAction struct {
	named
	methods []named
	dtd     named
	root    named
	raw     string
	isRaw   bool
	doc     string
}

// rawParam keeps which fields were written, so that a table can override
// some fields of an included parameter.
type rawParam struct {
	named
	bad       bool // a field was unusable and reported: build nothing
	set       map[string]lexer.Position
	typ       string
	values    []named
	in        []rawUse
	def       string
	maxLength int
	minLength int
	min, max  int
	charset   string
	forbidden string
	secret    bool
	clearable bool
	goName    string
	doc       string
	notes     string
}

type rawUse struct {
	named    // the action
	required bool
}

// rawRule is one rule of any kind; which fields are set depends on the kind.
type rawRule struct {
	kind    named
	param   named
	params  []named
	when    *rawTerm
	whenP   named // required_if_value: the parameter
	values  []named
	terms   []*rawTerm // one_of_required: of; not_with: with
	max     int
	actions []named
	doc     string
}

// rawTerm is "param" (sent) or {param: value} (sent with value).
type rawTerm struct {
	named
	value    string
	hasValue bool
}

var tableKeys = []string{"path", "fragment", "title", "doc", "notes", "include", "actions", "params", "rules"}

func (d *decoder) table(n ast.Node) *rawTable {
	t := &rawTable{file: d.file, pos: d.posOf(n)}
	handlers := map[string]func(ast.Node){
		"path": func(v ast.Node) {
			if s, ok := d.str(v, "path"); ok {
				t.path = named{s, d.posOf(v)}
			}
		},
		"fragment": func(v ast.Node) {
			if s, ok := d.str(v, "fragment"); ok {
				t.fragment = named{s, d.posOf(v)}
			}
		},
		"title": func(v ast.Node) { t.title, _ = d.str(v, "title") },
		"doc":   func(v ast.Node) { t.doc, _ = d.str(v, "doc") },
		"notes": func(v ast.Node) { t.notes, _ = d.str(v, "notes") },
		"include": func(v ast.Node) {
			t.include = d.names(v, "include")
			for _, n := range t.include {
				if !isIdent(n.name) {
					d.report(errorSev, n.pos, "include %q: a fragment name is lower-case letters, digits and '_'", n.name)
				}
			}
		},
		"actions": func(v ast.Node) {
			entries, _ := d.mapping(v, "actions")
			for _, e := range entries {
				if a := d.action(e); a != nil {
					t.actions = append(t.actions, a)
				}
			}
		},
		"params": func(v ast.Node) {
			entries, _ := d.mapping(v, "params")
			for _, e := range entries {
				t.params = append(t.params, d.param(e))
			}
		},
		"rules": func(v ast.Node) {
			d.list(v, "rules", func(item ast.Node) {
				if r := d.rule(item); r != nil {
					t.rules = append(t.rules, r)
				}
			})
		},
	}
	d.fields(n, "the table", handlers)
	return t
}

func (d *decoder) action(e entry) *rawAction {
	a := &rawAction{named: named{e.key, d.posOf(e.keyN)}}
	what := "action " + e.key
	if !isIdent(e.key) {
		d.errorf(e.keyN, "action name %q must be lower-case letters, digits and '_', starting with a letter (the API's action values are lower case)", e.key)
	}
	seenMethods, seenResponse := false, false
	d.fields(e.val, what, map[string]func(ast.Node){
		"methods": func(v ast.Node) {
			seenMethods = true
			a.methods = d.names(v, "the methods of "+what)
			if len(a.methods) == 0 && d.unwrap(v) != badNode {
				if _, isList := d.unwrap(v).(*ast.SequenceNode); isList {
					d.errorf(v, "%s needs at least one method (GET, POST)", what)
				}
			}
			for _, m := range a.methods {
				if m.name != "GET" && m.name != "POST" {
					d.report(errorSev, m.pos, "unknown HTTP method %q in %s; expected GET or POST", m.name, what)
				}
			}
		},
		"response": func(v ast.Node) {
			seenResponse = true
			if s, ok := d.unwrap(v).(*ast.StringNode); ok {
				a.dtd = named{s.Value, d.posOf(v)}
				return
			}
			d.fields(v, "the response of "+what, map[string]func(ast.Node){
				"dtd": func(v ast.Node) {
					if s, ok := d.str(v, "dtd"); ok {
						a.dtd = named{s, d.posOf(v)}
					}
				},
				"root": func(v ast.Node) {
					if s, ok := d.str(v, "root"); ok {
						a.root = named{s, d.posOf(v)}
					}
				},
				"raw": func(v ast.Node) { a.raw, a.isRaw = d.str(v, "raw") },
			})
			if a.isRaw && a.dtd.name != "" {
				d.errorf(v, "the response of %s has both dtd and raw; give one", what)
			}
			if !a.isRaw && a.dtd.name == "" {
				d.errorf(v, "the response of %s needs dtd (a DTD name) or raw (a description of a body that is not XML)", what)
			}
		},
		"doc": func(v ast.Node) { a.doc, _ = d.str(v, "doc") },
	})
	if !seenMethods && !d.unknownKeys {
		d.errorf(e.keyN, "%s has no methods (GET, POST or both)", what)
	}
	if !seenResponse && !d.unknownKeys {
		d.errorf(e.keyN, "%s has no response", what)
	}
	return a
}

func (d *decoder) param(e entry) *rawParam {
	p := &rawParam{named: named{e.key, d.posOf(e.keyN)}, set: map[string]lexer.Position{}}
	what := "parameter " + e.key
	if !isIdent(e.key) {
		d.errorf(e.keyN, "parameter name %q must be lower-case letters, digits and '_', starting with a letter, as the API spells its parameters", e.key)
		p.bad = true
	}
	mark := func(field string, v ast.Node) { p.set[field] = d.posOf(v) }
	d.fields(e.val, what, map[string]func(ast.Node){
		"type": func(v ast.Node) {
			if s, ok := d.str(v, "the type of "+what); ok {
				if _, known := paramKinds[s]; !known {
					hint := ""
					if near := nearest(s, paramKinds); near != "" {
						hint = fmt.Sprintf(" (did you mean %s?)", near)
					}
					d.errorf(v, "unknown type %q for %s%s; expected one of %s", s, what, hint, keyList(paramKinds))
					p.bad = true
					return
				}
				p.typ = s
				mark("type", v)
			}
		},
		"values": func(v ast.Node) {
			p.values = d.names(v, "the values of "+what)
			mark("values", v)
		},
		"in": func(v ast.Node) {
			mark("in", v)
			entries, _ := d.mapping(v, "the actions of "+what)
			for _, u := range entries {
				s, ok := d.str(u.val, "the use of "+what+" by action "+u.key)
				if !ok {
					continue
				}
				if s != "required" && s != "optional" {
					d.errorf(u.val, "expected required or optional for the use of %s by action %s, found %q", what, u.key, s)
					continue
				}
				p.in = append(p.in, rawUse{named{u.key, d.posOf(u.keyN)}, s == "required"})
			}
		},
		"default": func(v ast.Node) {
			if s, ok := d.scalar(v, "the default of "+what); ok {
				p.def = s
				mark("default", v)
			}
		},
		"max_length": d.intField(p, "max_length", &p.maxLength, what, 1),
		"min_length": d.intField(p, "min_length", &p.minLength, what, 0),
		"min":        d.intField(p, "min", &p.min, what, minInt),
		"max":        d.intField(p, "max", &p.max, what, minInt),
		"charset": func(v ast.Node) {
			if s, ok := d.str(v, "the charset of "+what); ok {
				if s != "ascii" && s != "no_multibyte" {
					d.errorf(v, "unknown charset %q for %s; expected ascii or no_multibyte", s, what)
					return
				}
				p.charset = s
				mark("charset", v)
			}
		},
		"forbidden": func(v ast.Node) {
			if s, ok := d.str(v, "the forbidden characters of "+what); ok {
				if s == "" {
					d.errorf(v, "forbidden of %s is empty; list the characters the value may not contain", what)
					return
				}
				p.forbidden = s
				mark("forbidden", v)
			}
		},
		"secret": func(v ast.Node) {
			if b, ok := d.boolean(v, "secret of "+what); ok {
				p.secret = b
				mark("secret", v)
			}
		},
		"clearable": func(v ast.Node) {
			if b, ok := d.boolean(v, "clearable of "+what); ok {
				p.clearable = b
				mark("clearable", v)
			}
		},
		"go_name": func(v ast.Node) {
			if s, ok := d.str(v, "go_name"); ok {
				if !isGoExported(s) {
					d.errorf(v, "go_name %q of %s is not an exported Go identifier", s, what)
					return
				}
				p.goName = s
				mark("go_name", v)
			}
		},
		"doc": func(v ast.Node) {
			if s, ok := d.str(v, "the doc of "+what); ok {
				p.doc = s
				mark("doc", v)
			}
		},
		"notes": func(v ast.Node) { p.notes, _ = d.str(v, "the notes of "+what) },
	})
	return p
}

const minInt = -1 << 62

func (d *decoder) intField(p *rawParam, field string, dst *int, what string, min int) func(ast.Node) {
	return func(v ast.Node) {
		i, ok := d.integer(v, field+" of "+what)
		if !ok {
			return
		}
		if min != minInt && i < min {
			d.errorf(v, "%s of %s must be at least %d, found %d", field, what, min, i)
			return
		}
		*dst = i
		p.set[field] = d.posOf(v)
	}
}

// ruleFields lists, per rule kind, the keys it takes beside actions and doc.
var ruleFields = map[string][]string{
	"required_if":       {"param", "when"},
	"required_if_value": {"param", "when", "values"},
	"invalid_unless":    {"param", "when"},
	"one_of_required":   {"of"},
	"at_least_one":      {"params"},
	"exclusive":         {"params"},
	"not_with":          {"param", "with"},
	"requires":          {"param", "requires"},
	"max_total_length":  {"params", "max"},
}

func (d *decoder) rule(n ast.Node) *rawRule {
	entries, ok := d.mapping(n, "a rule")
	if !ok {
		return nil
	}
	if len(entries) != 1 {
		var keys []string
		for _, e := range entries {
			keys = append(keys, e.key)
		}
		at := n
		if len(entries) > 1 {
			at = entries[1].keyN
		}
		d.errorf(at, "a rule is a mapping with one key, its kind; found %d keys (%s): write each rule as its own list item", len(entries), strings.Join(keys, ", "))
		return nil
	}
	e := entries[0]
	needed, known := ruleFields[e.key]
	if !known {
		d.errorf(e.keyN, "unknown rule kind %q; expected one of %s", e.key, keyList(ruleFields))
		return nil
	}
	r := &rawRule{kind: named{e.key, d.posOf(e.keyN)}}
	what := "rule " + e.key
	handlers := map[string]func(ast.Node){
		"actions": func(v ast.Node) { r.actions = d.names(v, "the actions of "+what) },
		"doc":     func(v ast.Node) { r.doc, _ = d.str(v, "the doc of "+what) },
	}
	given := map[string]bool{}
	for _, f := range needed {
		f := f
		handlers[f] = func(v ast.Node) {
			given[f] = true
			switch f {
			case "param":
				if s, ok := d.str(v, "the param of "+what); ok {
					r.param = named{s, d.posOf(v)}
				}
			case "params":
				r.params = d.names(v, "the params of "+what)
			case "when", "requires":
				if e.key == "required_if_value" {
					if s, ok := d.str(v, "the when of "+what+" (a parameter name)"); ok {
						r.whenP = named{s, d.posOf(v)}
					}
					return
				}
				r.when = d.term(v, f+" of "+what, true)
			case "values":
				r.values = d.names(v, "the values of "+what)
			case "of", "with":
				d.list(v, f+" of "+what, func(item ast.Node) {
					if t := d.term(item, "a term of "+what, false); t != nil {
						r.terms = append(r.terms, t)
					}
				})
			case "max":
				if i, ok := d.integer(v, "the max of "+what); ok {
					if i < 1 {
						d.errorf(v, "the max of %s must be at least 1, found %d", what, i)
					}
					r.max = i
				}
			}
		}
	}
	d.fields(e.val, what, handlers)
	for _, f := range needed {
		if !given[f] {
			d.errorf(e.keyN, "%s needs %q", what, f)
		}
	}
	minCount := map[string]int{"at_least_one": 2, "exclusive": 2, "max_total_length": 2, "one_of_required": 2, "not_with": 1}
	if n, ok := minCount[e.key]; ok {
		got, field := len(r.params), "params"
		if e.key == "one_of_required" || e.key == "not_with" {
			got, field = len(r.terms), map[string]string{"one_of_required": "of", "not_with": "with"}[e.key]
		}
		if given[field] && got < n {
			d.errorf(e.keyN, "%s needs at least %d entries in %s, found %d", what, n, field, got)
		}
	}
	return r
}

// term decodes "param" or {param: value}; valueRequired rejects the bare
// name.
func (d *decoder) term(n ast.Node, what string, valueRequired bool) *rawTerm {
	if s, ok := d.unwrap(n).(*ast.StringNode); ok && !valueRequired {
		return &rawTerm{named: named{s.Value, d.posOf(n)}}
	}
	entries, ok := d.mapping(n, what)
	if !ok {
		return nil
	}
	if len(entries) != 1 {
		d.errorf(n, "expected {parameter: value} with one key for %s, found %d keys", what, len(entries))
		return nil
	}
	v, ok := d.scalar(entries[0].val, what)
	if !ok {
		return nil
	}
	return &rawTerm{named: named{entries[0].key, d.posOf(entries[0].keyN)}, value: v, hasValue: true}
}
