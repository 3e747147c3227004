package templates

import (
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/qgen-project/qgen/spec"
)

// typeGroup is the response types of one file: the types only one DTD
// has (key is that DTD's name), or the types several DTDs share (key "").
type typeGroup struct {
	key, from string
	types     []*spec.Type
	roots     map[*spec.Type]bool // the types that are a DTD's root
}

// typeGroups puts the response types of the DTDs the endpoints use into one
// group per DTD (types only that DTD has), and types shared by several DTDs
// into one more group, sorted by key.
func (g *generator) typeGroups(endpoints []*spec.Endpoint) []typeGroup {
	used := map[string]*spec.DTD{}
	for _, e := range endpoints {
		for _, a := range e.Actions {
			if d := a.Response.DTD; d != nil {
				used[d.Name] = d
			}
		}
	}
	roots := map[*spec.Type]bool{}
	for _, d := range used {
		for _, t := range g.m.Types {
			if t.Element == d.Root && contains(t.DTDs, d.Name) {
				roots[t] = true
			}
		}
	}
	byFile := map[string][]*spec.Type{}
	for _, t := range g.m.Types {
		var in []string
		for _, d := range t.DTDs {
			if used[d] != nil {
				in = append(in, d)
			}
		}
		switch len(in) {
		case 0:
		case 1:
			byFile[in[0]] = append(byFile[in[0]], t)
		default:
			byFile[""] = append(byFile[""], t)
		}
	}
	var keys []string
	for k := range byFile {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []typeGroup
	for _, k := range keys {
		from := "spec/dtd"
		if k != "" {
			from = used[k].File
		}
		out = append(out, typeGroup{key: k, from: from, types: byFile[k], roots: roots})
	}
	return out
}

// fileName is the name of the group's file of a kind ("responses", "decode").
func (tg typeGroup) fileName(kind string) string {
	if tg.key == "" {
		return kind + "_shared.go"
	}
	return kind + "_" + tg.key + ".go"
}

// typesFile emits the response types of a group.
func (g *generator) typesFile(tg typeGroup) *jen.File {
	f := g.newFile(tg.from)
	for _, t := range tg.types {
		g.responseType(f, t, tg.roots[t])
	}
	return f
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scalarType is the Go type of text typed by the spec.
func scalarType(s spec.Scalar) *jen.Statement {
	switch s {
	case spec.ScalarInt:
		return jen.Int64()
	case spec.ScalarFlag:
		return jen.Bool()
	case spec.ScalarDateTime:
		return jen.Qual(Runtime, "DateTime")
	case spec.ScalarIDSet:
		return jen.Qual(Runtime, "IDSet")
	case spec.ScalarIPSet:
		return jen.Qual(Runtime, "IPSet")
	}
	return jen.String()
}

// fieldType is the Go type of a response field, with its occurrence.
func fieldType(f *spec.Field) *jen.Statement {
	var base *jen.Statement
	switch f.Kind {
	case spec.StructField:
		base = jen.Id(f.Type.GoName)
	case spec.PresenceField:
		base = jen.Struct()
	case spec.InnerXMLField:
		base = jen.String()
	default:
		base = scalarType(f.Scalar)
	}
	return withOccurrence(f, base)
}

// withOccurrence wraps the Go type of one occurrence of a field: a slice
// when it repeats, a pointer when it may be absent (attributes and text are
// plain values, empty when absent).
func withOccurrence(f *spec.Field, base *jen.Statement) *jen.Statement {
	switch {
	case f.Repeated:
		return jen.Index().Add(base)
	case f.Optional && f.Kind != spec.AttrField && f.Kind != spec.CharDataField:
		return jen.Op("*").Add(base)
	}
	return base
}

func xmlTag(f *spec.Field) map[string]string {
	switch f.Kind {
	case spec.AttrField:
		tag := f.XMLName + ",attr"
		if f.Optional {
			tag += ",omitempty"
		}
		return map[string]string{"xml": tag}
	case spec.CharDataField:
		return map[string]string{"xml": ",chardata"}
	case spec.InnerXMLField:
		return map[string]string{"xml": f.XMLName}
	}
	return map[string]string{"xml": f.XMLName}
}

// responseType emits the struct of one element and the UnmarshalXML that
// trims the white space around its text (the API wraps text in CDATA
// sections on lines of their own).
func (g *generator) responseType(f *jen.File, t *spec.Type, root bool) {
	doc := t.GoName + " is the element <" + t.Element + ">."
	if root {
		doc = t.GoName + " is the document <" + t.Element + ">, an answer of the API."
	}
	if t.Doc != "" {
		doc += " " + t.Doc
	}
	docLines(f, doc)
	var fields []jen.Code
	if root {
		fields = append(fields, jen.Id("XMLName").Qual("encoding/xml", "Name").Tag(map[string]string{"xml": t.Element}))
	}
	for _, fl := range t.Fields {
		st := jen.Null()
		if d := fieldDoc(fl); d != "" {
			st = docStmt(d)
		}
		fields = append(fields, st.Id(fl.GoName).Add(fieldType(fl)).Tag(xmlTag(fl)))
	}
	f.Type().Id(t.GoName).Struct(fields...)
	f.Line()

	// Trimming, where the type has text.
	var trims []jen.Code
	for _, fl := range t.Fields {
		if !trimmed(fl) {
			continue
		}
		v := jen.Id("v").Dot(fl.GoName)
		switch {
		case fl.Repeated:
			trims = append(trims, jen.For(jen.Id("i").Op(":=").Range().Add(v.Clone())).Block(
				v.Clone().Index(jen.Id("i")).Op("=").Qual("strings", "TrimSpace").Call(v.Clone().Index(jen.Id("i"))),
			))
		case fl.Optional && fl.Kind == spec.TextField:
			trims = append(trims, jen.If(v.Clone().Op("!=").Nil()).Block(
				jen.Op("*").Add(v.Clone()).Op("=").Qual("strings", "TrimSpace").Call(jen.Op("*").Add(v.Clone())),
			))
		default:
			trims = append(trims, v.Clone().Op("=").Qual("strings", "TrimSpace").Call(v.Clone()))
		}
	}
	if len(trims) == 0 {
		return
	}
	f.Comment("UnmarshalXML decodes the element and trims the white space around its text.")
	body := []jen.Code{
		jen.Type().Id("plain").Id(t.GoName),
		jen.If(jen.Err().Op(":=").Id("d").Dot("DecodeElement").Call(jen.Parens(jen.Op("*").Id("plain")).Parens(jen.Id("v")), jen.Op("&").Id("start")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
	}
	body = append(body, trims...)
	body = append(body, jen.Return(jen.Nil()))
	f.Func().Params(jen.Id("v").Op("*").Id(t.GoName)).Id("UnmarshalXML").Params(
		jen.Id("d").Op("*").Qual("encoding/xml", "Decoder"), jen.Id("start").Qual("encoding/xml", "StartElement"),
	).Error().Block(body...)
	f.Line()
}

// trimmed reports whether a field holds text kept as a Go string.
func trimmed(f *spec.Field) bool {
	return (f.Kind == spec.TextField || f.Kind == spec.CharDataField || f.Kind == spec.AttrField) && f.Scalar == spec.ScalarString
}

func fieldDoc(f *spec.Field) string {
	var parts []string
	if f.Doc != "" {
		d := f.Doc
		if !strings.HasSuffix(d, ".") {
			d += "."
		}
		parts = append(parts, d)
	}
	if len(f.Values) > 0 {
		parts = append(parts, "One of: "+strings.Join(f.Values, ", ")+".")
	}
	if f.Kind == spec.PresenceField {
		if f.Repeated {
			parts = append(parts, "One entry per occurrence of the element, which has no content.")
		} else {
			parts = append(parts, "Non-nil when the element is present (it has no content).")
		}
	}
	return strings.Join(parts, " ")
}
