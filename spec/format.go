package spec

import (
	"fmt"
	"strings"
)

// FormatEndpoint renders an endpoint as the loader resolved it, in a stable
// text form: `qgen inspect TABLE.yaml` prints it and golden tests compare it.
func FormatEndpoint(m *Model, e *Endpoint) string {
	var b strings.Builder
	fmt.Fprintf(&b, "endpoint %s (%s) %s\n", e.Name, e.GoName, e.Path)
	fmt.Fprintf(&b, "  file %s\n", e.File)
	if len(e.Includes) > 0 {
		fmt.Fprintf(&b, "  include %s\n", strings.Join(e.Includes, ", "))
	}
	if e.Title != "" {
		fmt.Fprintf(&b, "  title %s\n", e.Title)
	}
	for _, a := range e.Actions {
		resp := "raw: " + oneLine(a.Response.Raw)
		if a.Response.DTD != nil {
			resp = fmt.Sprintf("%s (%s.dtd)", typeName(a.Response.Root), a.Response.DTD.Name)
		}
		fmt.Fprintf(&b, "action %s (%s) %s -> %s\n", a.Name, a.GoName, strings.Join(a.Methods, "|"), resp)
		for _, p := range a.Params {
			use := "optional"
			if p.Required {
				use = "required"
			}
			fmt.Fprintf(&b, "  %s %s %s%s\n", use, p.Name, paramType(p.Param), paramLimits(p.Param))
		}
		for _, r := range a.Rules {
			fmt.Fprintf(&b, "  rule %s\n", FormatRule(r))
		}
	}
	for _, p := range e.Params {
		from := ""
		if p.From != "" {
			from = " from " + p.From
		}
		fmt.Fprintf(&b, "param %s (%s) %s%s%s at %s:%d\n", p.Name, p.GoName, paramType(p), paramLimits(p), from, p.Pos.Filename, p.Pos.Line)
	}
	for _, r := range e.Rules {
		fmt.Fprintf(&b, "rule %s [%s] at %s:%d\n", FormatRule(r), strings.Join(r.Actions, ", "), r.Pos.Filename, r.Pos.Line)
	}
	seen := map[*Type]bool{}
	for _, a := range e.Actions {
		if a.Response.Root != nil {
			formatType(&b, a.Response.Root, seen)
		}
	}
	return b.String()
}

func typeName(t *Type) string {
	if t == nil {
		return "?"
	}
	return t.GoName
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func paramType(p *Param) string {
	if p.Kind == Enum {
		return "enum(" + strings.Join(p.Values, "|") + ")"
	}
	return p.Kind.String()
}

func paramLimits(p *Param) string {
	var parts []string
	if p.Default != "" {
		parts = append(parts, "default="+p.Default)
	}
	if p.MinLength > 0 {
		parts = append(parts, fmt.Sprintf("min_length=%d", p.MinLength))
	}
	if p.MaxLength > 0 {
		parts = append(parts, fmt.Sprintf("max_length=%d", p.MaxLength))
	}
	if p.HasMin {
		parts = append(parts, fmt.Sprintf("min=%d", p.Min))
	}
	if p.HasMax {
		parts = append(parts, fmt.Sprintf("max=%d", p.Max))
	}
	if p.Charset != "" {
		parts = append(parts, "charset="+p.Charset)
	}
	if p.Forbidden != "" {
		parts = append(parts, fmt.Sprintf("forbidden=%q", p.Forbidden))
	}
	if p.Secret {
		parts = append(parts, "secret")
	}
	if p.Clearable {
		parts = append(parts, "clearable")
	}
	if len(parts) == 0 {
		return ""
	}
	return " " + strings.Join(parts, " ")
}

// FormatRule renders a rule in one line, such as
// "required_if_value secret_name when vault_type in [Thycotic Secret Server]".
func FormatRule(r *Rule) string {
	terms := func(ts []Term) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.String())
		}
		return strings.Join(s, ", ")
	}
	switch r.Kind {
	case RequiredIf:
		return fmt.Sprintf("required_if %s when %s", r.Param, r.When)
	case RequiredIfValue:
		return fmt.Sprintf("required_if_value %s when %s in [%s]", r.Param, r.When.Param, strings.Join(r.Values, ", "))
	case InvalidUnless:
		return fmt.Sprintf("invalid_unless %s when %s", r.Param, r.When)
	case OneOfRequired:
		return fmt.Sprintf("one_of_required [%s]", terms(r.Terms))
	case AtLeastOne, Exclusive:
		return fmt.Sprintf("%s [%s]", r.Kind, strings.Join(r.Params, ", "))
	case NotWith:
		return fmt.Sprintf("not_with %s [%s]", r.Param, terms(r.Terms))
	case Requires:
		return fmt.Sprintf("requires %s -> %s", r.Param, r.When)
	case MaxTotalLength:
		return fmt.Sprintf("max_total_length [%s] <= %d", strings.Join(r.Params, ", "), r.Max)
	}
	return string(r.Kind)
}

func formatType(b *strings.Builder, t *Type, seen map[*Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	fmt.Fprintf(b, "type %s <%s> in %s\n", t.GoName, t.Element, strings.Join(t.DTDs, ", "))
	for _, f := range t.Fields {
		var ty string
		switch f.Kind {
		case StructField:
			ty = f.Type.GoName
		case PresenceField:
			ty = "presence"
		case InnerXMLField:
			ty = "innerxml"
		case AttrField:
			ty = "attr " + string(f.Scalar)
			if len(f.Values) > 0 {
				ty += "(" + strings.Join(f.Values, "|") + ")"
			}
		case CharDataField:
			ty = "chardata"
		default:
			ty = string(f.Scalar)
		}
		occ := ""
		switch {
		case f.Repeated:
			occ = "[]"
		case f.Optional:
			occ = "?"
		}
		fmt.Fprintf(b, "  %s %s%s <%s>\n", f.GoName, occ, ty, f.XMLName)
	}
	for _, f := range t.Fields {
		if f.Kind == StructField {
			formatType(b, f.Type, seen)
		}
	}
}

// FormatFragment renders a shared fragment as the loader resolved it.
func FormatFragment(f *Fragment) string {
	var b strings.Builder
	fmt.Fprintf(&b, "fragment %s\n  file %s\n", f.Name, f.File)
	for _, p := range f.Params {
		var uses []string
		for _, u := range p.Uses {
			use := "optional"
			if u.Required {
				use = "required"
			}
			uses = append(uses, u.Action+"="+use)
		}
		fmt.Fprintf(&b, "param %s (%s) %s%s in {%s}\n", p.Name, p.GoName, paramType(p), paramLimits(p), strings.Join(uses, ", "))
	}
	for _, r := range f.Rules {
		fmt.Fprintf(&b, "rule %s\n", FormatRule(r))
	}
	return b.String()
}
