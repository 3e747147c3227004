package templates

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/qgen-project/qgen/spec"
)

// validateFile emits Validate for each action's request: every limit of
// every parameter and every rule of the table, all failures reported.
func (g *generator) validateFile(e *spec.Endpoint) *jen.File {
	f := g.newFile(e.File)
	for _, a := range e.Actions {
		name := requestName(e, a)
		params := map[string]*spec.ActionParam{}
		for _, p := range a.Params {
			params[p.Name] = p
		}
		body := []jen.Code{jen.Var().Id("p").Qual(Runtime, "Problems")}
		for _, p := range a.Params {
			body = append(body, paramChecks(e, p)...)
		}
		for _, r := range a.Rules {
			body = append(body, jen.Comment(ruleComment(r)))
			body = append(body, ruleCheck(r, params)...)
		}
		body = append(body, jen.Return(jen.Id("p").Dot("Err").Call(jen.Lit(e.Name), jen.Lit(a.Name))))
		docLines(f, fmt.Sprintf("Validate checks the request against the limits and rules of %s action=%s and returns a *qgenrt.ValidationError that lists every problem, or nil.", e.Path, a.Name))
		f.Func().Params(jen.Id("r").Op("*").Id(name)).Id("Validate").Params().Error().Block(body...)
		f.Line()
	}
	return f
}

func ruleComment(r *spec.Rule) string {
	s := spec.FormatRule(r)
	if r.Doc != "" {
		s += ": " + strings.Join(strings.Fields(r.Doc), " ")
	}
	if len(s) > 110 {
		s = s[:107] + "..."
	}
	return s
}

// paramChecks are the checks of one parameter on its own.
func paramChecks(e *spec.Endpoint, p *spec.ActionParam) []jen.Code {
	var out []jen.Code
	v := func() *jen.Statement { return jen.Id("r").Dot(p.GoName) }
	name := jen.Lit(p.Name)
	if p.Required {
		present := sent(p)
		if p.Clearable {
			present = sentAny(p)
		}
		out = append(out, jen.Id("p").Dot("Required").Call(name, present))
	}
	switch p.Kind {
	case spec.String:
		method := func(m string) string {
			if isPtrString(p) {
				return "Opt" + m
			}
			return m
		}
		if p.MinLength > 0 || p.MaxLength > 0 {
			out = append(out, jen.Id("p").Dot(method("Length")).Call(name, v(), jen.Lit(p.MinLength), jen.Lit(p.MaxLength)))
		}
		if p.Charset != "" {
			cs := "ASCII"
			if p.Charset == "no_multibyte" {
				cs = "NoMultibyte"
			}
			out = append(out, jen.Id("p").Dot(method("Charset")).Call(name, v(), jen.Qual(Runtime, cs)))
		}
		if p.Forbidden != "" {
			out = append(out, jen.Id("p").Dot(method("Forbidden")).Call(name, v(), jen.Lit(p.Forbidden)))
		}
	case spec.List:
		if p.MinLength > 0 || p.MaxLength > 0 {
			out = append(out, jen.Id("p").Dot("Length").Call(name, jen.Qual("strings", "Join").Call(v(), jen.Lit(",")), jen.Lit(p.MinLength), jen.Lit(p.MaxLength)))
		}
		if p.Charset != "" {
			cs := "ASCII"
			if p.Charset == "no_multibyte" {
				cs = "NoMultibyte"
			}
			out = append(out, jen.Id("p").Dot("Charset").Call(name, jen.Qual("strings", "Join").Call(v(), jen.Lit(",")), jen.Qual(Runtime, cs)))
		}
	case spec.Int:
		if p.HasMin || p.HasMax {
			bound := func(has bool, n int) jen.Code {
				if !has {
					return jen.Nil()
				}
				return jen.Qual(Runtime, "Bound").Call(jen.Lit(int64(n)))
			}
			out = append(out, jen.Id("p").Dot("IntRange").Call(name, v(), bound(p.HasMin, p.Min), bound(p.HasMax, p.Max)))
		}
	case spec.Enum:
		var vals []jen.Code
		for _, x := range p.Values {
			vals = append(vals, jen.Lit(x))
		}
		out = append(out, jen.Id("p").Dot("Enum").Call(name, jen.String().Call(v()), jen.Index().String().Values(vals...)))
	case spec.IDs:
		out = append(out, jen.Id("p").Dot("IDSet").Call(name, v()))
	case spec.IPs:
		out = append(out, jen.Id("p").Dot("IPSet").Call(name, v()))
	}
	return out
}

// equals is true when parameter p is sent with value val.
func equals(p *spec.ActionParam, val string) *jen.Statement {
	v := jen.Id("r").Dot(p.GoName)
	switch p.Kind {
	case spec.Int:
		var n int64
		fmt.Sscan(val, &n)
		return v.Clone().Op("!=").Nil().Op("&&").Op("*").Add(v).Op("==").Lit(n)
	case spec.Flag:
		if val == "1" {
			return v.Clone().Op("!=").Nil().Op("&&").Op("*").Add(v)
		}
		return v.Clone().Op("!=").Nil().Op("&&").Op("!").Op("*").Add(v)
	case spec.Enum:
		return v.Op("==").Lit(val)
	case spec.List:
		return jen.Qual("strings", "Join").Call(v, jen.Lit(",")).Op("==").Lit(val)
	case spec.IDs, spec.IPs:
		return v.Dot("String").Call().Op("==").Lit(val)
	case spec.DateTime:
		return v.Clone().Op("!=").Nil().Op("&&").Add(v).Dot("UTC").Call().Dot("Format").Call(jen.Lit("2006-01-02T15:04:05Z")).Op("==").Lit(val)
	}
	if isPtrString(p) {
		return v.Clone().Op("!=").Nil().Op("&&").Op("*").Add(v).Op("==").Lit(val)
	}
	return v.Op("==").Lit(val)
}

// term is a rule term: sent with a value, or sent at all.
func term(t spec.Term, params map[string]*spec.ActionParam) *jen.Statement {
	p := params[t.Param]
	if p == nil {
		return jen.False() // the action does not accept the parameter
	}
	if t.HasValue {
		return jen.Parens(equals(p, t.Value))
	}
	return jen.Parens(sent(p))
}

func anyOf(parts []*jen.Statement) *jen.Statement {
	if len(parts) == 0 {
		return jen.False()
	}
	s := jen.Add(parts[0])
	for _, x := range parts[1:] {
		s = s.Op("||").Add(x)
	}
	return s
}

// textLen is the length in characters of a text parameter's value.
func textLen(p *spec.ActionParam) *jen.Statement {
	v := jen.Id("r").Dot(p.GoName)
	switch {
	case p.Kind == spec.List:
		return jen.Qual("unicode/utf8", "RuneCountInString").Call(jen.Qual("strings", "Join").Call(v, jen.Lit(",")))
	case isPtrString(p):
		return jen.Qual(Runtime, "OptLen").Call(v)
	}
	return jen.Qual("unicode/utf8", "RuneCountInString").Call(v)
}

// ruleCheck emits the check of one rule as p.Rule(field, kind, limit, violated).
func ruleCheck(r *spec.Rule, params map[string]*spec.ActionParam) []jen.Code {
	rule := func(field, limit string, violated *jen.Statement) jen.Code {
		return jen.Id("p").Dot("Rule").Call(jen.Lit(field), jen.Lit(string(r.Kind)), jen.Lit(limit), violated)
	}
	subject := params[r.Param]
	switch r.Kind {
	case spec.RequiredIf:
		return []jen.Code{rule(r.Param, "required when "+r.When.String(),
			jen.Parens(equals(params[r.When.Param], r.When.Value)).Op("&&").Op("!").Parens(sent(subject)))}
	case spec.RequiredIfValue:
		var conds []*jen.Statement
		for _, v := range r.Values {
			conds = append(conds, jen.Parens(equals(params[r.When.Param], v)))
		}
		if params[r.When.Param] == nil {
			return nil
		}
		return []jen.Code{rule(r.Param, fmt.Sprintf("required when %s is %s", r.When.Param, strings.Join(r.Values, " or ")),
			jen.Parens(anyOf(conds)).Op("&&").Op("!").Parens(sent(subject)))}
	case spec.InvalidUnless:
		subj := sentAny(subject)
		if subject.Clearable {
			subj = sent(subject)
		}
		cond := jen.True()
		if q := params[r.When.Param]; q != nil {
			cond = equals(q, r.When.Value)
		} else {
			cond = jen.False()
		}
		return []jen.Code{rule(r.Param, "only with "+r.When.String(), jen.Parens(subj).Op("&&").Op("!").Parens(cond))}
	case spec.OneOfRequired:
		var parts []*jen.Statement
		var names []string
		for _, t := range r.Terms {
			parts = append(parts, term(t, params))
			names = append(names, t.String())
		}
		return []jen.Code{rule(r.Terms[0].Param, "one of "+strings.Join(names, ", ")+" is required", jen.Op("!").Parens(anyOf(parts)))}
	case spec.AtLeastOne:
		var parts []*jen.Statement
		for _, n := range r.Params {
			parts = append(parts, term(spec.Term{Param: n}, params))
		}
		return []jen.Code{rule(r.Params[0], "at least one of "+strings.Join(r.Params, ", "), jen.Op("!").Parens(anyOf(parts)))}
	case spec.Exclusive:
		var count []jen.Code
		count = append(count, jen.Id("n").Op(":=").Lit(0))
		for _, n := range r.Params {
			if p := params[n]; p != nil {
				count = append(count, jen.If(sentAny(p)).Block(jen.Id("n").Op("++")))
			}
		}
		count = append(count, rule(r.Params[0], "at most one of "+strings.Join(r.Params, ", "), jen.Id("n").Op(">").Lit(1)))
		return []jen.Code{jen.Block(count...)}
	case spec.NotWith:
		var parts []*jen.Statement
		var names []string
		for _, t := range r.Terms {
			if p := params[t.Param]; p != nil && !t.HasValue {
				parts = append(parts, jen.Parens(sentAny(p)))
			} else {
				parts = append(parts, term(t, params))
			}
			names = append(names, t.String())
		}
		return []jen.Code{rule(r.Param, "not with "+strings.Join(names, ", "), jen.Parens(sent(subject)).Op("&&").Parens(anyOf(parts)))}
	case spec.Requires:
		cond := jen.False()
		if q := params[r.When.Param]; q != nil {
			cond = equals(q, r.When.Value)
		}
		return []jen.Code{rule(r.Param, "needs "+r.When.String(), jen.Parens(sent(subject)).Op("&&").Op("!").Parens(cond))}
	case spec.MaxTotalLength:
		var sum *jen.Statement
		for _, n := range r.Params {
			p := params[n]
			if p == nil {
				continue
			}
			if sum == nil {
				sum = textLen(p)
			} else {
				sum = sum.Op("+").Add(textLen(p))
			}
		}
		if sum == nil {
			return nil
		}
		return []jen.Code{rule(r.Params[0], fmt.Sprintf("%s together at most %d characters", strings.Join(r.Params, " + "), r.Max), sum.Op(">").Lit(r.Max))}
	}
	return nil
}
