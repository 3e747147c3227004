package spec

import (
	"fmt"
	"github.com/alecthomas/participle/v2/lexer"
	"sort"
	"strings"

	"github.com/qgen-project/qgen/diag"
)

const pathPrefix = "/api/2.0/fo/"

func (l *loader) loadEndpoints() {
	for _, file := range sortedKeys(l.tables) {
		s := l.tables[file]
		dec := l.decoder(s)
		root := dec.parse()
		if root == nil {
			continue
		}
		t := dec.table(root)
		if e := l.endpoint(dec, file, t); e != nil {
			l.model.Endpoints = append(l.model.Endpoints, e)
		}
	}
	sort.Slice(l.model.Endpoints, func(i, j int) bool { return l.model.Endpoints[i].Name < l.model.Endpoints[j].Name })
	seen := map[string]*Endpoint{}
	for _, e := range l.model.Endpoints {
		if prev := seen[e.GoName]; prev != nil {
			l.fail(e.Actions[0].Pos, "endpoint %s has the Go name %s, as %s does", e.Name, e.GoName, prev.Name)
		}
		seen[e.GoName] = e
	}
}

// endpoint resolves one table.
func (l *loader) endpoint(dec *decoder, file string, t *rawTable) *Endpoint {
	if t.fragment.name != "" {
		dec.report(errorSev, t.fragment.pos, "a file in params/ is an endpoint table; fragments belong in params/_shared/")
		return nil
	}
	if t.path.name == "" {
		if !dec.unknownKeys {
			dec.report(errorSev, t.pos, "the table has no path (such as path: /api/2.0/fo/auth/greenplum/)")
		}
		return nil
	}
	p := t.path.name
	name := strings.TrimSuffix(strings.TrimPrefix(p, pathPrefix), "/")
	if strings.HasPrefix(p, pathPrefix) && !strings.HasSuffix(p, "/") && validEndpointName(name) {
		dec.report(errorSev, t.path.pos, "path %q must end with '/', as the API's paths do: %s/", p, p)
		return nil
	}
	if !strings.HasPrefix(p, pathPrefix) || !strings.HasSuffix(p, "/") || name == "" || !validEndpointName(name) {
		dec.report(errorSev, t.path.pos, "path %q must be %sNAME/ with NAME made of lower-case words, digits, '_' and '/'", p, pathPrefix)
		return nil
	}
	if want := strings.ReplaceAll(name, "/", "_"); want != file {
		dec.report(errorSev, t.path.pos, "the table for %s must be params/%s.yaml, not params/%s.yaml", p, want, file)
	}
	e := &Endpoint{Name: name, GoName: goName(name), Path: p, Title: strings.TrimSpace(t.title), Doc: strings.TrimSpace(t.doc), File: dec.file}
	if len(t.actions) == 0 {
		if !dec.unknownKeys {
			dec.report(errorSev, t.pos, "endpoint %s has no actions", name)
		}
		return nil
	}
	actions := map[string]*Action{}
	for _, ra := range t.actions {
		a := &Action{Name: ra.name, GoName: goName(ra.name), Doc: strings.TrimSpace(ra.doc), Pos: ra.pos}
		for _, m := range ra.methods {
			a.Methods = append(a.Methods, m.name)
		}
		if ra.isRaw {
			a.Response.Raw = strings.TrimSpace(ra.raw)
		} else if ra.dtd.name != "" {
			d := l.dtds[ra.dtd.name]
			switch {
			case d == nil && l.dtdFiles[ra.dtd.name] != nil:
				// The DTD has errors of its own, reported already.
			case d == nil:
				dec.report(errorSev, ra.dtd.pos, "action %s answers with DTD %q, which is not in dtd/ (have: %s)", ra.name, ra.dtd.name, strings.Join(sortedKeys(l.dtdFiles), ", "))
			case ra.root.name != "" && d.Parsed.Element(ra.root.name) == nil:
				dec.report(errorSev, ra.root.pos, "action %s names root element %s, which DTD %s does not declare", ra.name, ra.root.name, d.Name)
			default:
				a.Response.DTD = d
				if ra.root.name != "" && ra.root.name != d.Root {
					dec.report(errorSev, ra.root.pos, "action %s names root element %s, but the root of DTD %s is %s", ra.name, ra.root.name, d.Name, d.Root)
				}
			}
		}
		actions[a.Name] = a
		e.Actions = append(e.Actions, a)
	}

	// Parameters: included first, then the table's own (which may override).
	params := map[string]*Param{}
	var rules []*Rule
	type ruleSrc struct {
		r    *rawRule
		dec  *decoder
		from string
		inc  lexer.Position // the include that brought a fragment's rule
	}
	var rawRules []ruleSrc
	for _, inc := range t.include {
		f := l.frags[inc.name]
		if f == nil {
			if l.fragments[inc.name] == nil {
				dec.report(errorSev, inc.pos, "include %q: there is no fragment params/_shared/%s.yaml (have: %s)", inc.name, inc.name, strings.Join(sortedKeys(l.fragments), ", "))
			}
			continue
		}
		e.Includes = append(e.Includes, f.Name)
		for _, p := range f.Params {
			if prev := params[p.Name]; prev != nil {
				dec.report(errorSev, inc.pos, "parameter %s comes from fragment %s and from fragment %s", p.Name, prev.From, f.Name)
				continue
			}
			cp := *p
			params[p.Name] = &cp
		}
		for _, r := range l.fragRules[f.Name] {
			rawRules = append(rawRules, ruleSrc{r, l.fragDec[f.Name], f.Name, inc.pos})
		}
	}
	for _, rp := range t.params {
		base := params[rp.name]
		if p := buildParam(dec, rp, base, ""); p != nil {
			if base != nil {
				p.Pos = rp.pos
			}
			params[rp.name] = p
		}
	}
	for _, rr := range t.rules {
		rawRules = append(rawRules, ruleSrc{rr, dec, "", lexer.Position{}})
	}
	goNames := map[string]*Param{}
	// Uses of actions the endpoint lacks: at the table's own parameter, or
	// once per included fragment, at the include.
	missing := map[string]map[string][]string{} // fragment -> action -> params
	for _, pname := range sortedKeys(params) {
		p := params[pname]
		for _, u := range p.Uses {
			if actions[u.Action] != nil {
				continue
			}
			if p.Pos.Filename == dec.file {
				at := p.Pos
				if pos, ok := p.usePos[u.Action]; ok {
					at = pos
				}
				l.fail(at, "parameter %s is used by action %s, which endpoint %s does not have (have: %s)", p.Name, u.Action, name, actionNames(e))
				continue
			}
			if missing[p.From] == nil {
				missing[p.From] = map[string][]string{}
			}
			missing[p.From][u.Action] = append(missing[p.From][u.Action], p.Name)
		}
		for _, u := range p.Uses {
			if a := actions[u.Action]; a != nil && p.Secret && len(a.Methods) > 0 && !contains(a.Methods, "POST") {
				at := p.Pos
				if pos, ok := p.usePos[u.Action]; ok && p.Pos.Filename == dec.file {
					at = pos
				}
				l.fail(at, "parameter %s is a secret, so it travels only in a POST body, but action %s allows only %s", p.Name, u.Action, strings.Join(a.Methods, ", "))
			}
		}
		if other := goNames[p.GoName]; other != nil {
			at, first, second := p.Pos, other.Name, p.Name
			if p.Pos.Filename != dec.file && other.Pos.Filename == dec.file {
				at, first, second = other.Pos, p.Name, other.Name
			}
			l.fail(at, "parameters %s and %s both have the Go name %s; set go_name on one", first, second, p.GoName)
		}
		goNames[p.GoName] = p
		e.Params = append(e.Params, p)
	}
	for _, inc := range t.include {
		for _, action := range sortedKeys(missing[inc.name]) {
			dec.report(errorSev, inc.pos, "fragment %s gives parameters to action %s, which endpoint %s does not have (%s); override their in: in this table, or do not include the fragment", inc.name, action, name, strings.Join(missing[inc.name][action], ", "))
		}
	}
	for _, a := range e.Actions {
		for _, p := range e.Params {
			if ok, req := p.UseIn(a.Name); ok {
				a.Params = append(a.Params, &ActionParam{Param: p, Required: req})
			}
		}
	}
	for _, rs := range rawRules {
		if r := l.rule(rs.dec, rs.r, e, params, actions, rs.from, rs.inc); r != nil {
			rules = append(rules, r)
			for _, an := range r.Actions {
				actions[an].Rules = append(actions[an].Rules, r)
			}
		}
	}
	e.Rules = rules
	return e
}

func validEndpointName(s string) bool {
	for _, part := range strings.Split(s, "/") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
				return false
			}
		}
	}
	return true
}

func actionNames(e *Endpoint) string {
	var names []string
	for _, a := range e.Actions {
		names = append(names, a.Name)
	}
	return strings.Join(names, ", ")
}

// rule resolves one rule in the context of an endpoint.
func (l *loader) rule(dec *decoder, rr *rawRule, e *Endpoint, params map[string]*Param, actions map[string]*Action, from string, inc lexer.Position) *Rule {
	ctx := ""
	if from != "" {
		ctx = fmt.Sprintf(" (from fragment %s, included by %s)", from, e.File)
	}
	ok := true
	for _, n := range ruleParamNames(rr) {
		if params[n.name] == nil {
			dec.report(errorSev, n.pos, "rule %s names parameter %q, which endpoint %s does not have%s", rr.kind.name, n.name, e.Name, ctx)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	r := plainRule(rr, from)
	r.Actions = nil // resolved below, against the endpoint
	// Values: a fragment's rules were checked against the fragment; here
	// only a table's override of the parameter can break them, and the
	// error goes to the override.
	for _, v := range ruleValues(rr) {
		p := params[v.param]
		msg := checkValue(p, v.value)
		switch {
		case msg == "":
		case from == "":
			dec.report(errorSev, v.pos, "rule %s: %s: %s", rr.kind.name, v.param, msg)
		case p.Pos.Filename == e.File:
			l.fail(p.Pos, "this override of %s breaks rule %s of fragment %s (%s:%d): %s", v.param, rr.kind.name, from, v.pos.Filename, v.pos.Line, msg)
		}
	}
	// The subject parameters: those the rule is about.
	var subjects []string
	switch {
	case r.Param != "":
		subjects = []string{r.Param}
	case len(r.Params) > 0:
		subjects = r.Params
	default:
		for _, t := range r.Terms {
			subjects = append(subjects, t.Param)
		}
	}
	accepts := func(action string) bool {
		for _, s := range subjects {
			if ok, _ := params[s].UseIn(action); ok {
				return true
			}
		}
		return false
	}
	if len(rr.actions) > 0 {
		for _, an := range rr.actions {
			switch {
			case actions[an.name] == nil && from != "":
				l.fail(inc, "fragment %s has a rule %s for action %s, which endpoint %s does not have (%s:%d)", from, rr.kind.name, an.name, e.Name, an.pos.Filename, an.pos.Line)
				ok = false
			case actions[an.name] == nil:
				dec.report(errorSev, an.pos, "rule %s applies to action %s, which endpoint %s does not have (have: %s)%s", rr.kind.name, an.name, e.Name, actionNames(e), ctx)
				ok = false
			case !accepts(an.name):
				dec.report(errorSev, an.pos, "rule %s applies to action %s, which accepts none of %s%s", rr.kind.name, an.name, strings.Join(subjects, ", "), ctx)
				ok = false
			default:
				r.Actions = append(r.Actions, an.name)
			}
		}
	} else {
		for _, a := range e.Actions {
			if accepts(a.Name) {
				r.Actions = append(r.Actions, a.Name)
			}
		}
	}
	if !ok {
		return nil
	}
	if len(r.Actions) == 0 {
		if from != "" {
			l.diags = append(l.diags, &Diagnostic{Severity: diag.Warning, Pos: inc, Msg: fmt.Sprintf("rule %s of fragment %s applies to no action of %s: no action accepts %s", rr.kind.name, from, e.Name, strings.Join(subjects, ", "))})
		} else {
			dec.report(diag.Warning, rr.kind.pos, "rule %s applies to no action of %s: no action accepts %s", rr.kind.name, e.Name, strings.Join(subjects, ", "))
		}
	}
	return r
}

// plainRule converts a written rule without checking it against an endpoint.
func plainRule(rr *rawRule, from string) *Rule {
	r := &Rule{Kind: RuleKind(rr.kind.name), Param: rr.param.name, Max: rr.max, Doc: strings.TrimSpace(rr.doc), From: from, Pos: rr.kind.pos}
	for _, n := range rr.params {
		r.Params = append(r.Params, n.name)
	}
	if rr.when != nil {
		r.When = Term{Param: rr.when.name, Value: rr.when.value, HasValue: true}
	}
	if rr.whenP.name != "" {
		r.When = Term{Param: rr.whenP.name}
		for _, v := range rr.values {
			r.Values = append(r.Values, v.name)
		}
	}
	for _, t := range rr.terms {
		r.Terms = append(r.Terms, Term{Param: t.name, Value: t.value, HasValue: t.hasValue})
	}
	for _, a := range rr.actions {
		r.Actions = append(r.Actions, a.name)
	}
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
