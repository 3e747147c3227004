package changelog

import (
	"fmt"
	"strings"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/spec"
)

// Check elements: the element declarations of each DTD an endpoint's
// actions answer with in both specs (the resolved declarations: content
// model and attributes; comments and white space do not count).
//
//   - a child element or an attribute added: compatible (a new field of the
//     response type), whether it is optional or not: the client reads it;
//   - a child element or an attribute removed: breaking (the field is gone);
//   - a child's occurrence changed: breaking when the Go type of its field
//     changes (T, *T, []T), compatible otherwise (+ to *, for instance);
//   - an element that changes form (text to children, EMPTY to text...):
//     breaking, the fields that hold it change type;
//   - a content model reordered or regrouped with the same fields, an
//     attribute's type or default changed with the same Go type, a
//     declaration no content model names: compatible.
var elementsCheck = &check{name: "elements", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	od, nd := endpointDTDs(oe), endpointDTDs(ne)
	for _, name := range sortedKeys(nd) {
		o, n := od[name], nd[name]
		if o == nil || dtdSignature(o) == dtdSignature(n) {
			continue // a DTD new to the endpoint is the actions check's
		}
		out = append(out, dtdChanges(o, n, c.index(c.old)[name], c.index(c.new)[name])...)
	}
	return out
}}

// index returns the type index of m, computed once.
func (c *context) index(m *spec.Model) map[string]map[string]*spec.Type {
	if c.idx == nil {
		c.idx = map[*spec.Model]map[string]map[string]*spec.Type{}
	}
	if c.idx[m] == nil {
		c.idx[m] = typeIndex(m)
	}
	return c.idx[m]
}

// occ is how a child may occur in its parent's content model.
type occ struct{ repeated, optional bool }

func (o occ) String() string {
	switch {
	case o.repeated && o.optional:
		return "zero or more"
	case o.repeated:
		return "one or more"
	case o.optional:
		return "optional"
	}
	return "required"
}

// childOccs flattens a content model into the occurrence of each child
// name, as spec's type derivation does.
func childOccs(cm *dtdparse.ContentModel) ([]string, map[string]occ) {
	var names []string
	m := map[string]occ{}
	add := func(name string, o occ) {
		if prev, ok := m[name]; ok {
			m[name] = occ{repeated: true, optional: prev.optional && o.optional}
			return
		}
		names = append(names, name)
		m[name] = o
	}
	switch cm.Kind {
	case dtdparse.Mixed:
		for _, n := range cm.Names {
			add(n, occ{true, true})
		}
	case dtdparse.Children:
		var walk func(p *dtdparse.Particle, o occ)
		walk = func(p *dtdparse.Particle, o occ) {
			o.repeated = o.repeated || p.Occur.Repeats()
			o.optional = o.optional || p.Occur.MayBeAbsent()
			switch p.Kind {
			case dtdparse.NameParticle:
				add(p.Name, o)
			case dtdparse.Seq:
				for _, c := range p.Children {
					walk(c, o)
				}
			case dtdparse.Choice:
				for _, c := range p.Children {
					walk(c, occ{o.repeated, o.optional || len(p.Children) > 1})
				}
			}
		}
		walk(cm.Root, occ{})
	}
	return names, m
}

// referenced lists the element names the DTD's content models name.
func referenced(d *spec.DTD) map[string]bool {
	out := map[string]bool{}
	for _, el := range d.Parsed.Elements {
		names, _ := childOccs(el.Content)
		for _, n := range names {
			out[n] = true
		}
	}
	return out
}

// elementForm is what element name becomes in Go in one DTD: "struct" for
// an element with a type of its own, else the base Go type of the fields
// that hold it ("string", "int64", "struct{}"...); "" when nothing holds it.
func elementForm(idx map[string]*spec.Type, name string) (form string, holder *spec.Type, field *spec.Field) {
	if idx[name] != nil {
		form = "struct"
	}
	for _, el := range sortedKeys(idx) {
		t := idx[el]
		if f := elementField(t, name); f != nil {
			if form == "" {
				form = strings.TrimLeft(fieldShape(f), "[]*")
			}
			return form, t, f
		}
	}
	return form, nil, nil
}

func dtdChanges(o, n *spec.DTD, oidx, nidx map[string]*spec.Type) []*Change {
	var out []*Change
	file := n.Name + ".dtd"
	in := "in " + file + ", "
	add := func(ch *Change) { out = append(out, ch) }
	var names []string
	for _, el := range n.Parsed.Elements {
		names = append(names, el.Name)
	}
	for _, el := range o.Parsed.Elements {
		if n.Parsed.Element(el.Name) == nil {
			names = append(names, el.Name)
		}
	}
	orefs, nrefs := referenced(o), referenced(n)
	for _, name := range names {
		oel, nel := o.Parsed.Element(name), n.Parsed.Element(name)
		if elementSignature(o, name) == elementSignature(n, name) {
			continue
		}
		subject := file + " " + name
		ofm, oh, of := elementForm(oidx, name)
		nfm, nh, nf := elementForm(nidx, name)
		switch {
		case oel == nil && !orefs[name] || nel == nil && !nrefs[name]:
			// Declared on one side only, and no content model of that side
			// names it: a parent's change says it, or nothing holds it.
			if oel == nil && !nrefs[name] {
				add(&Change{Kind: "element-declared", Subject: subject,
					Text: fmt.Sprintf("%selement %s declared", in, code(name)),
					Why:  "no content model names it, so no Go field holds it"})
			}
			if nel == nil && !orefs[name] {
				add(&Change{Kind: "element-undeclared", Subject: subject,
					Text: fmt.Sprintf("%sdeclaration of element %s removed", in, code(name)),
					Why:  "no content model named it, so no Go field held it"})
			}
			continue
		}
		if ofm != nfm && ofm != "" && nfm != "" {
			ch := &Change{Kind: "element-form-changed", Subject: subject, Breaking: true,
				Text: fmt.Sprintf("%selement %s is now %s, was %s", in, code(name), declText(nel), declText(oel))}
			ch.Why = fmt.Sprintf("its Go form changes from %s to %s", goFormText(ofm, oidx[name]), goFormText(nfm, nidx[name]))
			if oh != nil && nh != nil {
				ch.Why += fmt.Sprintf(": the field %s changes from %s to %s", code(nh.GoName+"."+nf.GoName), code(fieldGoType(of)), code(fieldGoType(nf)))
			}
			add(ch)
			continue
		}
		if oel == nil || nel == nil {
			// Declared on one side only but named on both: its text was
			// kept as a string and still is, or the form check above said it.
			add(&Change{Kind: "element-declaration-changed", Subject: subject,
				Text: fmt.Sprintf("%selement %s: %s, was %s", in, code(name), declText(nel), declText(oel)),
				Why:  "the Go fields that hold it keep their type"})
			continue
		}
		before := len(out)
		ot, nt := oidx[name], nidx[name]
		if ot != nil && nt != nil {
			out = append(out, childChanges(in, subject, name, oel, nel, ot, nt)...)
			out = append(out, attrChanges(in, subject, name, oel, nel, ot, nt)...)
		}
		if len(out) == before {
			add(&Change{Kind: "element-model-changed", Subject: subject,
				Text: fmt.Sprintf("%scontent model of %s: %s, was %s", in, code(name), code(nel.Content.String()), code(oel.Content.String())),
				Why:  "the same child elements with the same Go field types"})
		}
	}
	return out
}

// childChanges compares the child elements of one element.
func childChanges(in, subject, name string, oel, nel *dtdparse.Element, ot, nt *spec.Type) []*Change {
	var out []*Change
	onames, oocc := childOccs(oel.Content)
	nnames, nocc := childOccs(nel.Content)
	for _, c := range nnames {
		if _, ok := oocc[c]; ok {
			continue
		}
		ch := &Change{Kind: "element-added", Subject: subject + "/" + c,
			Text: fmt.Sprintf("%selement %s added to %s (%s)", in, code(c), code(name), nocc[c])}
		if f := elementField(nt, c); f != nil {
			ch.Why = fmt.Sprintf("a new field %s", code(nt.GoName+"."+f.GoName+" "+fieldGoType(f)))
		} else {
			ch.Why = "a new element in the response"
		}
		out = append(out, ch)
	}
	for _, c := range onames {
		if _, ok := nocc[c]; ok {
			continue
		}
		ch := &Change{Kind: "element-removed", Subject: subject + "/" + c, Breaking: true,
			Text: fmt.Sprintf("%selement %s removed from %s (was %s)", in, code(c), code(name), oocc[c])}
		if f := elementField(ot, c); f != nil {
			ch.Why = fmt.Sprintf("the field %s is gone", code(ot.GoName+"."+f.GoName))
		} else {
			ch.Why = "the element is gone from the response"
		}
		out = append(out, ch)
	}
	for _, c := range nnames {
		o, ok := oocc[c]
		if !ok || o == nocc[c] {
			continue
		}
		ch := &Change{Kind: "element-occurrence-changed", Subject: subject + "/" + c,
			Text: fmt.Sprintf("%selement %s in %s: %s, was %s", in, code(c), code(name), nocc[c], o)}
		of, nf := elementField(ot, c), elementField(nt, c)
		switch {
		case of == nil || nf == nil:
			ch.Why = "no Go field holds it"
		case of.Repeated != nf.Repeated || of.Optional != nf.Optional:
			ch.Breaking = true
			ch.Why = fmt.Sprintf("the field %s changes from %s to %s", code(nt.GoName+"."+nf.GoName), code(fieldGoType(of)), code(fieldGoType(nf)))
		default:
			ch.Why = fmt.Sprintf("the field %s keeps its Go type", code(nt.GoName+"."+nf.GoName+" "+fieldGoType(nf)))
		}
		out = append(out, ch)
	}
	otext, ntext := charData(ot), charData(nt)
	switch {
	case otext == nil && ntext != nil:
		out = append(out, &Change{Kind: "element-text-added", Subject: subject,
			Text: fmt.Sprintf("%selement %s now holds text: %s, was %s", in, code(name), code(nel.Content.String()), code(oel.Content.String())),
			Why:  fmt.Sprintf("a new field %s", code(nt.GoName+"."+ntext.GoName+" string"))})
	case otext != nil && ntext == nil:
		out = append(out, &Change{Kind: "element-text-removed", Subject: subject, Breaking: true,
			Text: fmt.Sprintf("%selement %s no longer holds text: %s, was %s", in, code(name), code(nel.Content.String()), code(oel.Content.String())),
			Why:  fmt.Sprintf("the field %s is gone", code(ot.GoName+"."+otext.GoName))})
	}
	return out
}

// attrChanges compares the attributes of one element.
func attrChanges(in, subject, name string, oel, nel *dtdparse.Element, ot, nt *spec.Type) []*Change {
	var out []*Change
	oattrs, nattrs := attrMap(oel), attrMap(nel)
	for _, a := range nel.Attributes {
		oa := oattrs[a.Name]
		nf := attrField(nt, a.Name)
		switch {
		case oa == nil:
			ch := &Change{Kind: "attribute-added", Subject: subject + "@" + a.Name,
				Text: fmt.Sprintf("%sattribute %s added to %s (%s %s)", in, code(a.Name), code(name), a.TypeString(), a.DefaultString()),
				Why:  "a new attribute in the response"}
			if nf != nil {
				ch.Why = fmt.Sprintf("a new field %s", code(nt.GoName+"."+nf.GoName+" "+fieldGoType(nf)))
			}
			out = append(out, ch)
		case attrText(oa) != attrText(a):
			of := attrField(ot, a.Name)
			ch := &Change{Kind: "attribute-changed", Subject: subject + "@" + a.Name,
				Text: fmt.Sprintf("%sattribute %s of %s: %s, was %s", in, code(a.Name), code(name), code(attrText(a)), code(attrText(oa)))}
			switch {
			case of == nil || nf == nil:
				ch.Why = "no Go field holds it"
			case fieldGoType(of) != fieldGoType(nf):
				ch.Breaking = true
				ch.Why = fmt.Sprintf("the field %s changes from %s to %s", code(nt.GoName+"."+nf.GoName), code(fieldGoType(of)), code(fieldGoType(nf)))
			default:
				ch.Why = fmt.Sprintf("the field %s keeps its Go type", code(nt.GoName+"."+nf.GoName+" "+fieldGoType(nf)))
			}
			out = append(out, ch)
		}
	}
	for _, a := range oel.Attributes {
		if nattrs[a.Name] != nil {
			continue
		}
		ch := &Change{Kind: "attribute-removed", Subject: subject + "@" + a.Name, Breaking: true,
			Text: fmt.Sprintf("%sattribute %s removed from %s (was %s)", in, code(a.Name), code(name), attrText(a)),
			Why:  "the attribute is gone from the response"}
		if of := attrField(ot, a.Name); of != nil {
			ch.Why = fmt.Sprintf("the field %s is gone", code(ot.GoName+"."+of.GoName))
		}
		out = append(out, ch)
	}
	return out
}

func attrMap(el *dtdparse.Element) map[string]*dtdparse.Attribute {
	m := map[string]*dtdparse.Attribute{}
	for _, a := range el.Attributes {
		if m[a.Name] == nil {
			m[a.Name] = a
		}
	}
	return m
}

func attrText(a *dtdparse.Attribute) string { return a.TypeString() + " " + a.DefaultString() }

func charData(t *spec.Type) *spec.Field {
	for _, f := range t.Fields {
		if f.Kind == spec.CharDataField {
			return f
		}
	}
	return nil
}

// declText shows an element's declaration, or says it has none.
func declText(el *dtdparse.Element) string {
	if el == nil {
		return "undeclared"
	}
	return code(el.Content.String())
}

func goFormText(form string, t *spec.Type) string {
	if form == "struct" && t != nil {
		return "the struct " + code(t.GoName)
	}
	return code(form)
}
