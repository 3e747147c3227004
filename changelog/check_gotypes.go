package changelog

import (
	"fmt"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/spec"
)

// Check gotypes: the Go names and types of the generated code that change
// without a change of the endpoint's own table or DTD declarations, which
// the other checks would report:
//
//   - the Go name of the service, of a request type or of a request field
//     (go_name in the table);
//   - the Go name of a response type: qgen names the type of an element
//     after its DTD when the element has several structures across the
//     spec's DTDs, so a DTD added or changed elsewhere can rename the type of
//     an unchanged element (DigitalVault becomes AuthGreenplumDigitalVault);
//   - the Go name or type of a response field whose declarations did not
//     change (dtd/types.yaml types its text differently, for instance).
//
// Every such change is breaking: code that names the old Go name or relies
// on the old type no longer compiles.
var goTypesCheck = &check{name: "gotypes", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	if oe.GoName != ne.GoName {
		out = append(out, &Change{Kind: "go-service-renamed", Subject: oe.GoName, Breaking: true,
			Text: fmt.Sprintf("Go service %s is now %s", code(oe.GoName), code(ne.GoName)),
			Why:  fmt.Sprintf("code that calls %s no longer compiles", code("Client."+oe.GoName+"()"))})
	}
	for _, na := range ne.Actions {
		oa := oe.Action(na.Name)
		if oa == nil {
			continue
		}
		if o, n := requestName(oe, oa), requestName(ne, na); o != n {
			out = append(out, &Change{Kind: "go-request-renamed", Action: na.Name, Subject: o, Breaking: true,
				Text: fmt.Sprintf("Go request type %s is now %s", code(o), code(n)),
				Why:  fmt.Sprintf("code that names %s no longer compiles", code(o))})
		}
	}
	for _, np := range ne.Params {
		op := oe.Param(np.Name)
		if op == nil || op.GoName == np.GoName {
			continue
		}
		ch := &Change{Kind: "go-field-renamed", Subject: np.Name, Breaking: true,
			Text: fmt.Sprintf("parameter %s: Go field %s is now %s", code(np.Name), code(op.GoName), code(np.GoName)),
			Why:  fmt.Sprintf("code that sets %s no longer compiles", code(op.GoName))}
		if np.Kind == spec.Enum && op.Kind == spec.Enum {
			ch.Why += fmt.Sprintf("; its enum type %s is now %s", code(enumName(oe, op)), code(enumName(ne, np)))
		}
		out = append(out, ch)
	}
	w := &typeWalk{c: c, seen: map[[2]*spec.Type]bool{}, renamed: map[string]bool{}}
	for _, na := range ne.Actions {
		oa := oe.Action(na.Name)
		if oa == nil || oa.Response.DTD == nil || na.Response.DTD == nil || answerKey(oa) != answerKey(na) {
			continue // the actions check reports a change of answer
		}
		if oa.Response.Root == nil || na.Response.Root == nil {
			continue
		}
		w.od, w.nd = oa.Response.DTD, na.Response.DTD
		w.walk(oa.Response.Root, na.Response.Root)
	}
	return append(out, w.out...)
}}

// typeWalk compares two versions of the response types of one DTD, from
// the root down.
type typeWalk struct {
	c       *context
	od, nd  *spec.DTD
	seen    map[[2]*spec.Type]bool
	renamed map[string]bool
	out     []*Change
}

func (w *typeWalk) walk(ot, nt *spec.Type) {
	if w.seen[[2]*spec.Type{ot, nt}] {
		return
	}
	w.seen[[2]*spec.Type{ot, nt}] = true
	if ot.GoName != nt.GoName && !w.renamed[ot.GoName+" "+nt.GoName] {
		w.renamed[ot.GoName+" "+nt.GoName] = true
		w.out = append(w.out, &Change{Kind: "go-type-renamed", Subject: ot.GoName, Breaking: true,
			Text: fmt.Sprintf("Go type %s (element %s) is now %s", code(ot.GoName), code(nt.Element), code(nt.GoName)),
			Why:  fmt.Sprintf("code that names %s no longer compiles; %s", code(ot.GoName), w.renameReason(nt.Element))})
	}
	opel, npel := w.od.Parsed.Element(ot.Element), w.nd.Parsed.Element(nt.Element)
	var oocc, nocc map[string]occ
	if opel != nil && npel != nil {
		_, oocc = childOccs(opel.Content)
		_, nocc = childOccs(npel.Content)
	}
	for _, nf := range nt.Fields {
		of := matchField(ot, nf)
		if of == nil {
			continue // the elements check reports a new field
		}
		where := code(nt.GoName + "." + nf.GoName)
		if of.GoName != nf.GoName {
			w.out = append(w.out, &Change{Kind: "go-field-renamed", Subject: ot.GoName + "." + of.GoName, Breaking: true,
				Text: fmt.Sprintf("Go field %s (%s) is now %s", code(ot.GoName+"."+of.GoName), xmlText(nf), where),
				Why:  fmt.Sprintf("code that reads %s no longer compiles", code(ot.GoName+"."+of.GoName))})
		}
		if !w.explained(opel, npel, oocc, nocc, nf) && fieldShape(of) != fieldShape(nf) {
			w.out = append(w.out, &Change{Kind: "go-field-type-changed", Subject: nt.GoName + "." + nf.GoName, Breaking: true,
				Text: fmt.Sprintf("Go field %s (%s): %s, was %s", where, xmlText(nf), code(fieldGoType(nf)), code(fieldGoType(of))),
				Why:  "its declarations are unchanged but dtd/types.yaml types it differently; code that uses the old type no longer compiles"})
		}
		if of.Kind == spec.StructField && nf.Kind == spec.StructField {
			w.walk(of.Type, nf.Type)
		}
	}
}

// explained reports whether the DTD declarations explain a change of the
// field: the child's occurrence or declaration, or the attribute's
// declaration, changed (the elements check reports those).
func (w *typeWalk) explained(opel, npel *dtdparse.Element, oocc, nocc map[string]occ, f *spec.Field) bool {
	if opel == nil || npel == nil {
		return true
	}
	switch f.Kind {
	case spec.AttrField:
		oa, na := attrMap(opel)[f.XMLName], attrMap(npel)[f.XMLName]
		return oa == nil || na == nil || attrText(oa) != attrText(na)
	case spec.CharDataField:
		return opel.Content.String() != npel.Content.String()
	}
	return oocc[f.XMLName] != nocc[f.XMLName] || elementSignature(w.od, f.XMLName) != elementSignature(w.nd, f.XMLName)
}

// renameReason explains a response type's new name.
func (w *typeWalk) renameReason(element string) string {
	count := func(m *spec.Model) int {
		n := 0
		for _, t := range m.Types {
			if t.Element == element {
				n++
			}
		}
		return n
	}
	o, n := count(w.c.old), count(w.c.new)
	if o != n {
		return fmt.Sprintf("element %s has %d different structures across the spec's DTDs, %d before, and qgen names the type of each after a DTD when there are several", code(element), n, o)
	}
	return fmt.Sprintf("the DTDs that share the structure of %s, or a name pinned in dtd/types.yaml, changed", code(element))
}

// matchField returns the field of t that holds what f holds: the same
// element, attribute or text.
func matchField(t *spec.Type, f *spec.Field) *spec.Field {
	for _, g := range t.Fields {
		if g.XMLName == f.XMLName && (g.Kind == spec.AttrField) == (f.Kind == spec.AttrField) && (g.Kind == spec.CharDataField) == (f.Kind == spec.CharDataField) {
			return g
		}
	}
	return nil
}

func xmlText(f *spec.Field) string {
	switch f.Kind {
	case spec.AttrField:
		return "attribute " + code(f.XMLName)
	case spec.CharDataField:
		return "text"
	}
	return "element " + code(f.XMLName)
}
