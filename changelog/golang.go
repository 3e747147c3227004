package changelog

import (
	"github.com/qgen-project/qgen/spec"
	"github.com/qgen-project/qgen/templates"
)

// The Go names and types the emitters give to the spec, as
// templates/requests.go, templates/types.go and templates/calls.go write
// them: a change of one is a change of the generated API.

// requestName is the Go type of an action's request.
func requestName(e *spec.Endpoint, a *spec.Action) string { return templates.RequestName(e, a) }

// enumName is the Go type of an enum parameter.
func enumName(e *spec.Endpoint, p *spec.Param) string { return templates.EnumName(e, p) }

// paramGoType is the Go type of a request field.
func paramGoType(e *spec.Endpoint, p *spec.Param, required bool) string {
	return templates.ParamGoType(e, p, required)
}

// fieldGoType is the Go type of a response field.
func fieldGoType(f *spec.Field) string { return templates.FieldGoType(f) }

// fieldShape is fieldGoType with every struct type written "struct": the
// form of a field apart from the names of the types it holds.
func fieldShape(f *spec.Field) string {
	if f.Kind == spec.StructField {
		g := *f
		g.Type = &spec.Type{GoName: "struct"}
		return fieldGoType(&g)
	}
	return fieldGoType(f)
}

// resultGoType is the Go result of an action's method (templates.callMethod).
func resultGoType(a *spec.Action) string {
	if a.Response.DTD == nil {
		return "[]byte"
	}
	if a.Response.Root == nil {
		return "?"
	}
	return "*" + a.Response.Root.GoName
}

// typeIndex maps, for each DTD of a model, its elements to the Go struct
// types they have there. Elements that become a field of a plain type
// (text, ID sets, presence) have no entry.
func typeIndex(m *spec.Model) map[string]map[string]*spec.Type {
	idx := map[string]map[string]*spec.Type{}
	for _, t := range m.Types {
		for _, d := range t.DTDs {
			if idx[d] == nil {
				idx[d] = map[string]*spec.Type{}
			}
			idx[d][t.Element] = t
		}
	}
	return idx
}

// elementField returns the field of t that holds child element name, or nil.
func elementField(t *spec.Type, name string) *spec.Field {
	if t == nil {
		return nil
	}
	for _, f := range t.Fields {
		if f.XMLName == name && f.Kind != spec.AttrField && f.Kind != spec.CharDataField {
			return f
		}
	}
	return nil
}

// attrField returns the field of t that holds attribute name, or nil.
func attrField(t *spec.Type, name string) *spec.Field {
	if t == nil {
		return nil
	}
	for _, f := range t.Fields {
		if f.XMLName == name && f.Kind == spec.AttrField {
			return f
		}
	}
	return nil
}
