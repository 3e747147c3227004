package dtdparse

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// check is the second layer: it looks at the DTD as a whole once every
// declaration is read. Repeated ELEMENT declarations are judged as they are
// declared (declare.go); here attributes are attached to their elements and
// references and unused declarations are reported.
func (p *parser) check() {
	d := p.dtd

	// Attributes: the first definition of a name wins.
	for _, list := range d.AttLists {
		el := d.elements[list.Element]
		if el == nil {
			p.report(Warning, list.Pos, "ATTLIST for undeclared element %s", list.Element)
		}
		for _, a := range list.Attributes {
			if prev := attribute(d, list.Element, a.Name); prev != nil && prev != a {
				p.report(Warning, a.Pos, "attribute %s of %s is defined again (first at line %d); the first definition wins", a.Name, list.Element, prev.Pos.Line)
				continue
			}
			if el != nil {
				el.Attributes = append(el.Attributes, a)
			}
			p.checkAttribute(a)
		}
	}

	// References between declarations.
	referenced := map[string]bool{}
	undeclared := map[string]bool{}
	for _, el := range d.Elements {
		for _, ref := range childRefs(el) {
			referenced[ref.name] = true
			if d.elements[ref.name] == nil && !undeclared[ref.name] {
				undeclared[ref.name] = true
				p.report(Warning, ref.pos, "ELEMENT %s refers to %s, which is not declared", el.Name, ref.name)
			}
		}
	}
	for i, el := range d.Elements {
		if i > 0 && !referenced[el.Name] {
			p.report(Info, el.Pos, "ELEMENT %s is declared but no content model uses it", el.Name)
		}
	}

	// Notations and entities.
	notations := map[string]bool{}
	for _, n := range d.Notations {
		notations[n.Name] = true
	}
	usedNotation := map[string]bool{}
	for _, e := range d.Entities {
		if e.NData != "" {
			usedNotation[e.NData] = true
			if !notations[e.NData] {
				p.report(Warning, e.Pos, "entity &%s; names notation %s, which is not declared", e.Name, e.NData)
			}
		}
	}
	for _, list := range d.AttLists {
		for _, a := range list.Attributes {
			if a.Type == NOTATION {
				for _, v := range a.Values {
					usedNotation[v] = true
					if !notations[v] {
						p.report(Warning, a.Pos, "attribute %s of %s names notation %s, which is not declared", a.Name, a.Element, v)
					}
				}
			}
		}
	}
	for _, n := range d.Notations {
		if !usedNotation[n.Name] {
			p.report(Info, n.Pos, "NOTATION %s is declared but not used", n.Name)
		}
	}
	for _, a := range d.AttLists {
		for _, at := range a.Attributes {
			if at.Type == ENTITY || at.Type == ENTITIES {
				for _, v := range strings.Fields(at.Value) {
					p.used["&"+v] = true
				}
			}
		}
	}
	for _, es := range [][]*Entity{d.ParamEntities, d.Entities} {
		for _, e := range es {
			if !p.used[entityRef(e)[:1]+e.Name] {
				p.report(Info, e.Pos, "entity %s is declared but not used in this DTD", entityRef(e))
			}
		}
	}
}

// attribute returns the first definition of attribute name for element.
func attribute(d *DTD, element, name string) *Attribute {
	for _, list := range d.AttLists {
		if list.Element != element {
			continue
		}
		for _, a := range list.Attributes {
			if a.Name == name {
				return a
			}
		}
	}
	return nil
}

// checkAttribute reports validity problems of one definition as warnings.
func (p *parser) checkAttribute(a *Attribute) {
	if a.Type == ID && (a.Default == Fixed || a.Default == Default) {
		p.report(Warning, a.Pos, "ID attribute %s of %s should be #IMPLIED or #REQUIRED, not have a default", a.Name, a.Element)
	}
	if (a.Type == Enumeration || a.Type == NOTATION) && (a.Default == Fixed || a.Default == Default) {
		found := false
		for _, v := range a.Values {
			found = found || v == a.Value
		}
		if !found {
			p.report(Warning, a.Pos, "the default %q of attribute %s of %s is not one of its values %s", a.Value, a.Name, a.Element, a.TypeString())
		}
	}
}

type childRef struct {
	name string
	pos  lexer.Position
}

// childRefs lists the element names an element's content model refers to,
// in order, each once, with the place of the first reference.
func childRefs(el *Element) []childRef {
	var refs []childRef
	seen := map[string]bool{}
	add := func(n string, pos lexer.Position) {
		if !seen[n] {
			seen[n] = true
			refs = append(refs, childRef{n, pos})
		}
	}
	switch el.Content.Kind {
	case Mixed:
		for _, n := range el.Content.Names {
			add(n, el.Pos)
		}
	case Children:
		el.Content.Root.Walk(func(p *Particle) {
			if p.Kind == NameParticle {
				add(p.Name, p.Pos)
			}
		})
	}
	return refs
}
