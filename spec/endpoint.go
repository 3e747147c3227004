package spec

import (
	"fmt"
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
		dec.report(errorSev, t.pos, "the table has no path (such as path: /api/2.0/fo/auth/greenplum/)")
		return nil
	}
	p := t.path.name
	name := strings.TrimSuffix(strings.TrimPrefix(p, pathPrefix), "/")
	if !strings.HasPrefix(p, pathPrefix) || !strings.HasSuffix(p, "/") || name == "" || !validEndpointName(name) {
		dec.report(errorSev, t.path.pos, "path %q must be %sNAME/ with NAME made of lower-case words, digits, '_' and '/'", p, pathPrefix)
		return nil
	}
	if want := strings.ReplaceAll(name, "/", "_"); want != file {
		dec.report(errorSev, t.path.pos, "the table for %s must be params/%s.yaml, not params/%s.yaml", p, want, file)
	}
	e := &Endpoint{Name: name, GoName: goName(name), Path: p, Title: strings.TrimSpace(t.title), Doc: strings.TrimSpace(t.doc), File: dec.file}
	if len(t.actions) == 0 {
		dec.report(errorSev, t.pos, "endpoint %s has no actions", name)
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
			rawRules = append(rawRules, ruleSrc{r, l.fragDec[f.Name], f.Name})
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
		rawRules = append(rawRules, ruleSrc{rr, dec, ""})
	}
	goNames := map[string]string{}
	for _, name := range sortedKeys(params) {
		p := params[name]
		for _, u := range p.Uses {
			if actions[u.Action] == nil {
				where := ""
				if p.From != "" && p.Pos.Filename != dec.file {
					where = fmt.Sprintf(" (from fragment %s; override in: in this table)", p.From)
				}
				l.fail(p.Pos, "parameter %s is used by action %s, which endpoint %s does not have (have: %s)%s", p.Name, u.Action, name, actionNames(e), where)
			}
		}
		if other, ok := goNames[p.GoName]; ok {
			l.fail(p.Pos, "parameters %s and %s both have the Go name %s; set go_name on one", other, p.Name, p.GoName)
		}
		goNames[p.GoName] = p.Name
		e.Params = append(e.Params, p)
	}
	for _, a := range e.Actions {
		for _, p := range e.Params {
			if ok, req := p.UseIn(a.Name); ok {
				a.Params = append(a.Params, &ActionParam{Param: p, Required: req})
			}
		}
	}
	for _, rs := range rawRules {
		if r := l.rule(rs.dec, rs.r, e, params, actions, rs.from); r != nil {
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
func (l *loader) rule(dec *decoder, rr *rawRule, e *Endpoint, params map[string]*Param, actions map[string]*Action, from string) *Rule {
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
	if rr.when != nil {
		if msg := checkValue(params[rr.when.name], rr.when.value); msg != "" {
			dec.report(errorSev, rr.when.pos, "rule %s: %s: %s%s", rr.kind.name, rr.when.name, msg, ctx)
		}
	}
	if rr.whenP.name != "" {
		for _, v := range rr.values {
			if msg := checkValue(params[rr.whenP.name], v.name); msg != "" {
				dec.report(errorSev, v.pos, "rule %s: %s: %s%s", rr.kind.name, rr.whenP.name, msg, ctx)
			}
		}
	}
	for _, t := range rr.terms {
		if t.hasValue {
			if msg := checkValue(params[t.name], t.value); msg != "" {
				dec.report(errorSev, t.pos, "rule %s: %s: %s%s", rr.kind.name, t.name, msg, ctx)
			}
		}
	}
	if r.Kind == MaxTotalLength && r.Max < 1 {
		dec.report(errorSev, rr.kind.pos, "rule max_total_length needs max of at least 1")
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
		dec.report(diag.Warning, rr.kind.pos, "rule %s applies to no action of %s: no action accepts %s%s", rr.kind.name, e.Name, strings.Join(subjects, ", "), ctx)
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
