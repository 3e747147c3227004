package templates

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/qgen-project/qgen/spec"
)

// requestName is the Go name of an action's request type.
func requestName(e *spec.Endpoint, a *spec.Action) string {
	return e.GoName + a.GoName + "Request"
}

// enumName is the Go name of an enum parameter's type.
func enumName(e *spec.Endpoint, p *spec.Param) string { return e.GoName + p.GoName }

// paramType is the Go type of a request field. Numbers, flags and dates
// are pointers, nil when unset (0 and false are values); strings are
// pointers when optional; lists and sets are nil when unset.
func paramType(e *spec.Endpoint, p *spec.ActionParam) *jen.Statement {
	switch p.Kind {
	case spec.Int:
		return jen.Op("*").Int64()
	case spec.Flag:
		return jen.Op("*").Bool()
	case spec.DateTime:
		return jen.Op("*").Qual("time", "Time")
	case spec.Enum:
		return jen.Id(enumName(e, p.Param))
	case spec.List:
		return jen.Index().String()
	case spec.IDs:
		return jen.Qual(Runtime, "IDSet")
	case spec.IPs:
		return jen.Qual(Runtime, "IPSet")
	}
	if p.Required && !p.Clearable {
		return jen.String()
	}
	return jen.Op("*").String()
}

// isPtrString reports whether the field is a *string.
func isPtrString(p *spec.ActionParam) bool {
	return p.Kind == spec.String && (!p.Required || p.Clearable)
}

// paramDoc is the doc comment of a request field.
func paramDoc(p *spec.ActionParam) string {
	var b strings.Builder
	b.WriteString(p.GoName + " is the parameter " + p.Name + ".")
	if p.Doc != "" {
		b.WriteString(" " + p.Doc)
	}
	var facts []string
	if p.Required {
		facts = append(facts, "Required.")
	}
	if p.Default != "" {
		facts = append(facts, fmt.Sprintf("The API's default: %s.", p.Default))
	}
	if p.MaxLength > 0 {
		facts = append(facts, fmt.Sprintf("At most %d characters.", p.MaxLength))
	}
	if p.Secret {
		facts = append(facts, "A secret: sent only in a POST body and never printed.")
	}
	if p.Clearable {
		facts = append(facts, "Set it to the empty value to clear the stored value.")
	}
	if len(facts) > 0 {
		b.WriteString("\n\n" + strings.Join(facts, " "))
	}
	return b.String()
}

// requestsFile emits, for each action, the request type, its form encoder
// and its redacting String method, plus the enum types of the endpoint.
func (g *generator) requestsFile(e *spec.Endpoint) *jen.File {
	f := g.newFile(e.File)
	// Enum types, one per enum parameter.
	for _, p := range e.Params {
		if p.Kind != spec.Enum {
			continue
		}
		name := enumName(e, p)
		docLines(f, fmt.Sprintf("%s is a value of the parameter %s of %s.", name, p.Name, e.Path))
		f.Type().Id(name).String()
		f.Line()
		var consts []jen.Code
		for _, v := range p.Values {
			consts = append(consts, jen.Id(name+goIdent(v)).Id(name).Op("=").Lit(v))
		}
		f.Comment(fmt.Sprintf("The values of %s.", p.Name))
		f.Const().Defs(consts...)
		f.Line()
	}
	for _, a := range e.Actions {
		name := requestName(e, a)
		doc := fmt.Sprintf("%s holds the parameters of action=%s of %s.", name, a.Name, e.Path)
		if a.Doc != "" {
			doc += " " + a.Doc
		}
		docLines(f, doc)
		var fields []jen.Code
		for _, p := range a.Params {
			fields = append(fields, docStmt(paramDoc(p)).Id(p.GoName).Add(paramType(e, p)))
		}
		f.Type().Id(name).Struct(fields...)
		f.Line()

		// Form.
		body := []jen.Code{jen.Id("f").Op(":=").Qual(Runtime, "NewForm").Call(jen.Lit(a.Name))}
		for _, p := range a.Params {
			body = append(body, formCall(p))
		}
		body = append(body, jen.Return(jen.Id("f").Dot("Values").Call()))
		docLines(f, fmt.Sprintf("Form encodes the request as the API's form parameters, action=%s included. Unset optional parameters are left out.", a.Name))
		f.Func().Params(jen.Id("r").Op("*").Id(name)).Id("Form").Params().Qual("net/url", "Values").Block(body...)
		f.Line()

		// carriesSecret.
		var secrets []jen.Code
		for _, p := range a.Params {
			if p.Secret {
				secrets = append(secrets, sentAny(p))
			}
		}
		f.Comment("carriesSecret reports whether the request holds a secret, which must travel in a POST body.")
		ret := jen.False()
		if len(secrets) > 0 {
			ret = jen.Add(secrets[0])
			for _, s := range secrets[1:] {
				ret = ret.Op("||").Add(s)
			}
		}
		f.Func().Params(jen.Id("r").Op("*").Id(name)).Id("carriesSecret").Params().Bool().Block(jen.Return(ret))
		f.Line()

		// String, redacting secrets.
		g.stringMethod(f, name, a)
	}
	return f
}

// formCall adds one parameter to the form.
func formCall(p *spec.ActionParam) jen.Code {
	v := jen.Id("r").Dot(p.GoName)
	name := jen.Lit(p.Name)
	switch p.Kind {
	case spec.Int:
		return jen.Id("f").Dot("OptInt").Call(name, v)
	case spec.Flag:
		return jen.Id("f").Dot("OptFlag").Call(name, v)
	case spec.DateTime:
		return jen.Id("f").Dot("OptTime").Call(name, v)
	case spec.Enum:
		return jen.Id("f").Dot("Enum").Call(name, jen.String().Call(v))
	case spec.List:
		return jen.Id("f").Dot("List").Call(name, v)
	case spec.IDs:
		return jen.Id("f").Dot("IDs").Call(name, v)
	case spec.IPs:
		return jen.Id("f").Dot("IPs").Call(name, v)
	}
	if isPtrString(p) {
		return jen.Id("f").Dot("OptString").Call(name, v)
	}
	return jen.Id("f").Dot("String").Call(name, v)
}

// stringMethod emits String and GoString, which print the set parameters
// with every secret replaced, so that %v, %+v and %#v never show one.
func (g *generator) stringMethod(f *jen.File, name string, a *spec.Action) {
	body := []jen.Code{jen.Var().Id("b").Qual("strings", "Builder"), jen.Id("b").Dot("WriteString").Call(jen.Lit(name + "{"))}
	if len(a.Params) > 0 {
		body = append(body, jen.Id("sep").Op(":=").Lit(""))
	}
	for _, p := range a.Params {
		value := jen.Qual("fmt", "Sprint").Call(deref(p))
		if p.Secret {
			value = jen.Lit("[redacted]")
		}
		body = append(body, jen.If(sentAny(p)).Block(
			jen.Qual("fmt", "Fprintf").Call(jen.Op("&").Id("b"), jen.Lit("%s"+p.GoName+":%s"), jen.Id("sep"), value),
			jen.Id("sep").Op("=").Lit(" "),
		))
	}
	body = append(body, jen.Id("b").Dot("WriteString").Call(jen.Lit("}")), jen.Return(jen.Id("b").Dot("String").Call()))
	f.Comment("String prints the parameters that are set; secrets print as [redacted].")
	f.Func().Params(jen.Id("r").Id(name)).Id("String").Params().String().Block(body...)
	f.Line()
	f.Comment("GoString is String, so that %#v does not print secrets either.")
	f.Func().Params(jen.Id("r").Id(name)).Id("GoString").Params().String().Block(jen.Return(jen.Id("r").Dot("String").Call()))
	f.Line()
}

// deref is the parameter's value, dereferenced when it is a pointer.
func deref(p *spec.ActionParam) *jen.Statement {
	v := jen.Id("r").Dot(p.GoName)
	switch p.Kind {
	case spec.Int, spec.Flag, spec.DateTime:
		return jen.Op("*").Add(v)
	}
	if isPtrString(p) {
		return jen.Op("*").Add(v)
	}
	return v
}

// sentAny is true when the parameter goes on the wire (an empty string set
// on purpose included).
func sentAny(p *spec.ActionParam) *jen.Statement {
	v := jen.Id("r").Dot(p.GoName)
	switch p.Kind {
	case spec.Int, spec.Flag, spec.DateTime, spec.List, spec.IDs, spec.IPs:
		return v.Op("!=").Nil()
	case spec.Enum:
		return v.Op("!=").Lit("")
	}
	if isPtrString(p) {
		return v.Op("!=").Nil()
	}
	return v.Op("!=").Lit("")
}

// sent is true when the parameter goes on the wire with a value that is not
// empty.
func sent(p *spec.ActionParam) *jen.Statement {
	v := jen.Id("r").Dot(p.GoName)
	switch p.Kind {
	case spec.Int, spec.Flag, spec.DateTime:
		return v.Op("!=").Nil()
	case spec.List, spec.IDs, spec.IPs:
		return jen.Len(v).Op(">").Lit(0)
	case spec.Enum:
		return v.Op("!=").Lit("")
	}
	if isPtrString(p) {
		return v.Clone().Op("!=").Nil().Op("&&").Op("*").Add(v).Op("!=").Lit("")
	}
	return v.Op("!=").Lit("")
}

// goIdent turns an enum value such as "checkpoint_firewall" or "Thycotic
// Secret Server" into a Go identifier suffix.
func goIdent(v string) string {
	var b strings.Builder
	up := true
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z':
			if up {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	if b.Len() == 0 {
		return "Empty"
	}
	return b.String()
}
