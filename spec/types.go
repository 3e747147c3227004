package spec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/goccy/go-yaml/ast"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/xmlvalid"
)

// typeTable is dtd/types.yaml: how text elements are typed in Go, and Go
// names pinned for element variants. Keys are ELEMENT (every DTD) or
// dtd_name/ELEMENT (one DTD).
type typeTable struct {
	text  map[string]Scalar
	names map[string]string
	pos   map[string]lexer.Position
	file  string
}

var scalars = map[string]Scalar{
	"string": ScalarString, "int": ScalarInt, "flag": ScalarFlag, "datetime": ScalarDateTime,
	"idset": ScalarIDSet, "ipset": ScalarIPSet,
}

func (l *loader) loadTypes() {
	l.types = &typeTable{text: map[string]Scalar{}, names: map[string]string{}, pos: map[string]lexer.Position{}}
	s := l.typesFile
	if s == nil {
		return
	}
	l.types.file = s.name
	dec := l.decoder(s)
	root := dec.parse()
	if root == nil {
		return
	}
	key := func(e entry, what string) (string, bool) {
		k := e.key
		dtd, el, scoped := strings.Cut(k, "/")
		if !scoped {
			el, dtd = dtd, ""
		}
		if dtd != "" && l.dtdFiles[dtd] == nil {
			dec.errorf(e.keyN, "%s %q names DTD %s, which is not in dtd/", what, k, dtd)
			return "", false
		}
		elem, _, _ := strings.Cut(el, "@")
		if elem == "" || strings.ToUpper(elem) != elem {
			dec.errorf(e.keyN, "%s %q: expected ELEMENT, ELEMENT@attribute or dtd_name/ELEMENT (element names are upper case)", what, k)
			return "", false
		}
		l.types.pos[k] = dec.posOf(e.keyN)
		return k, true
	}
	dec.fields(root, "dtd/types.yaml", map[string]func(ast.Node){
		"text": func(v ast.Node) {
			entries, _ := dec.mapping(v, "text")
			for _, e := range entries {
				k, ok := key(e, "text type")
				if !ok {
					continue
				}
				if s, ok := dec.str(e.val, "the type of "+k); ok {
					sc, known := scalars[s]
					if !known {
						dec.errorf(e.val, "unknown text type %q for %s; expected one of %s", s, k, keyList(scalars))
						continue
					}
					if strings.Contains(k, "@") && (sc == ScalarIDSet || sc == ScalarIPSet) {
						// A set is made of child elements; an attribute has none.
						dec.errorf(e.val, "text type %q for the attribute %s: an attribute can be datetime, flag, int or string", s, k)
						continue
					}
					l.types.text[k] = sc
				}
			}
		},
		"names": func(v ast.Node) {
			entries, _ := dec.mapping(v, "names")
			for _, e := range entries {
				k, ok := key(e, "pinned name")
				if !ok {
					continue
				}
				if !strings.Contains(k, "/") {
					dec.errorf(e.keyN, "pinned name %q: expected dtd_name/ELEMENT", k)
					continue
				}
				if s, ok := dec.str(e.val, "the Go name of "+k); ok {
					if !isGoExported(s) {
						dec.errorf(e.val, "%q is not an exported Go identifier", s)
						continue
					}
					l.types.names[k] = s
				}
			}
		},
	})
}

// scalarOf returns the text type of element el in DTD dtd, and whether the
// table names it.
func (t *typeTable) scalarOf(dtd, el string) (Scalar, bool) {
	if s, ok := t.text[dtd+"/"+el]; ok {
		return s, true
	}
	s, ok := t.text[el]
	return s, ok
}

// shape is what an element becomes in Go, in one DTD.
type shape struct {
	dtd   string
	el    *dtdparse.Element
	leaf  bool // a field of Scalar type, not a struct
	kind  FieldKind
	sc    Scalar
	sig   string
	ty    *Type
	child []*childInfo
}

type childInfo struct {
	name               string
	repeated, optional bool
}

// deriveTypes builds the Go types of the response elements of every DTD an
// action uses.
func (l *loader) deriveTypes() {
	used := map[string]bool{}
	for _, e := range l.model.Endpoints {
		for _, a := range e.Actions {
			if a.Response.DTD != nil {
				used[a.Response.DTD.Name] = true
			}
		}
	}
	for _, name := range sortedKeys(l.dtds) {
		d := l.dtds[name]
		if !used[name] {
			l.diags = append(l.diags, &Diagnostic{Severity: dtdparse.Warning, Pos: lexer.Position{Filename: d.File, Line: 1, Column: 1}, Msg: "DTD " + name + " is not the response of any action"})
			continue
		}
		l.model.DTDs = append(l.model.DTDs, d)
	}
	// Shapes of every element of every used DTD.
	shapes := map[string]map[string]*shape{} // dtd -> element -> shape
	for _, d := range l.model.DTDs {
		m := map[string]*shape{}
		shapes[d.Name] = m
		for _, el := range d.Parsed.Elements {
			m[el.Name] = l.shapeOf(d, el)
		}
		var sig func(name string, seen map[string]bool) string
		sig = func(name string, seen map[string]bool) string {
			s := m[name]
			if s == nil {
				return name + ":undeclared"
			}
			if s.sig != "" {
				return s.sig
			}
			if s.leaf {
				s.sig = fmt.Sprintf("%s:%d:%s", name, s.kind, s.sc)
				return s.sig
			}
			if seen[name] {
				return name + "@"
			}
			seen[name] = true
			var b strings.Builder
			fmt.Fprintf(&b, "%s%s", name, s.el.Content)
			for _, a := range s.el.Attributes {
				fmt.Fprintf(&b, "[%s %s %s]", a.Name, a.TypeString(), a.DefaultString())
			}
			b.WriteString("{")
			for _, c := range s.child {
				b.WriteString(sig(c.name, seen) + ";")
			}
			b.WriteString("}")
			delete(seen, name)
			s.sig = b.String()
			return s.sig
		}
		for _, el := range d.Parsed.Elements {
			sig(el.Name, map[string]bool{})
		}
	}
	// One type per distinct structure of an element.
	type variant struct {
		sig    string
		dtds   []string
		shapes []*shape
	}
	variants := map[string][]*variant{} // element -> variants
	for _, d := range l.model.DTDs {
		for _, el := range d.Parsed.Elements {
			s := shapes[d.Name][el.Name]
			if s.leaf {
				continue
			}
			var v *variant
			for _, x := range variants[el.Name] {
				if x.sig == s.sig {
					v = x
				}
			}
			if v == nil {
				v = &variant{sig: s.sig}
				variants[el.Name] = append(variants[el.Name], v)
			}
			v.dtds = append(v.dtds, d.Name)
			v.shapes = append(v.shapes, s)
		}
	}
	names := map[string]*Type{}
	for _, el := range sortedKeys(variants) {
		for _, v := range variants[el] {
			sort.Strings(v.dtds)
			name := goName(el)
			if len(variants[el]) > 1 {
				prefix := dtdPrefix(l.dtds[v.dtds[0]].Root)
				if strings.HasSuffix(prefix, name) {
					name = prefix
				} else {
					name = prefix + name
				}
			}
			for _, d := range v.dtds {
				if pinned, ok := l.types.names[d+"/"+el]; ok {
					name = pinned
				}
			}
			t := &Type{GoName: name, Element: el, DTDs: v.dtds, Signature: v.sig, Doc: elementDoc(v.shapes[0].el)}
			if prev := names[name]; prev != nil {
				l.fail(v.shapes[0].el.Pos, "two response types are both named %s: element %s of %s and element %s of %s; pin one in dtd/types.yaml (names: {dtd_name/ELEMENT: GoName})", name, prev.Element, strings.Join(prev.DTDs, ", "), el, strings.Join(v.dtds, ", "))
				continue
			}
			names[name] = t
			for _, s := range v.shapes {
				s.ty = t
			}
			l.model.Types = append(l.model.Types, t)
		}
	}
	// Fields, now that every type has its name.
	for _, t := range l.model.Types {
		d := t.DTDs[0]
		s := shapes[d][t.Element]
		t.Fields = l.fields(s, shapes[d])
		t.Content = contentOf(s.el.Content)
	}
	sort.Slice(l.model.Types, func(i, j int) bool { return l.model.Types[i].GoName < l.model.Types[j].GoName })
	for _, e := range l.model.Endpoints {
		for _, a := range e.Actions {
			if d := a.Response.DTD; d != nil {
				s := shapes[d.Name][d.Root]
				if s.leaf {
					l.fail(d.Parsed.Element(d.Root).Pos, "the root element %s of DTD %s holds only text; a response root must have children", d.Root, d.Name)
					continue
				}
				a.Response.Root = s.ty
			}
		}
	}
}

// dtdPrefix names the variants of an element by the DTD's root:
// AUTH_GREENPLUM_LIST_OUTPUT gives AuthGreenplum, BATCH_RETURN gives Batch.
func dtdPrefix(root string) string {
	for _, suffix := range []string{"_LIST_OUTPUT", "_OUTPUT", "_RETURN"} {
		if strings.HasSuffix(root, suffix) && len(root) > len(suffix) {
			return goName(strings.TrimSuffix(root, suffix))
		}
	}
	return goName(root)
}

// shapeOf classifies an element of a DTD.
func (l *loader) shapeOf(d *DTD, el *dtdparse.Element) *shape {
	s := &shape{dtd: d.Name, el: el}
	sc, named := l.types.scalarOf(d.Name, el.Name)
	cm := el.Content
	switch {
	case named && (sc == ScalarIDSet || sc == ScalarIPSet):
		s.leaf, s.kind, s.sc = true, TextField, sc
		return s
	case len(el.Attributes) == 0 && cm.Text():
		if !named {
			sc = ScalarString
		}
		s.leaf, s.kind, s.sc = true, TextField, sc
		return s
	case len(el.Attributes) == 0 && cm.Kind == dtdparse.Empty:
		s.leaf, s.kind = true, PresenceField
		return s
	case len(el.Attributes) == 0 && cm.Kind == dtdparse.Any:
		s.leaf, s.kind = true, InnerXMLField
		return s
	}
	s.child = childInfos(cm)
	return s
}

// childInfos flattens a content model into one entry per child element
// name, with whether it may repeat and whether it may be absent.
func childInfos(cm *dtdparse.ContentModel) []*childInfo {
	var out []*childInfo
	byName := map[string]*childInfo{}
	add := func(name string, repeated, optional bool) {
		if c := byName[name]; c != nil {
			c.repeated = true // named twice: it occurs more than once
			c.optional = c.optional && optional
			return
		}
		c := &childInfo{name: name, repeated: repeated, optional: optional}
		byName[name] = c
		out = append(out, c)
	}
	switch cm.Kind {
	case dtdparse.Mixed:
		for _, n := range cm.Names {
			add(n, true, true)
		}
	case dtdparse.Children:
		var walk func(p *dtdparse.Particle, repeated, optional bool)
		walk = func(p *dtdparse.Particle, repeated, optional bool) {
			repeated = repeated || p.Occur.Repeats()
			optional = optional || p.Occur.MayBeAbsent()
			switch p.Kind {
			case dtdparse.NameParticle:
				add(p.Name, repeated, optional)
			case dtdparse.Seq:
				for _, c := range p.Children {
					walk(c, repeated, optional)
				}
			case dtdparse.Choice:
				for _, c := range p.Children {
					walk(c, repeated, optional || len(p.Children) > 1)
				}
			}
		}
		walk(cm.Root, false, false)
	}
	return out
}

// fields builds the fields of a struct type from its element's shape.
func (l *loader) fields(s *shape, shapes map[string]*shape) []*Field {
	var fields []*Field
	used := map[string]bool{}
	name := func(n string) string {
		g := goName(n)
		for used[g] {
			g += "_"
		}
		used[g] = true
		return g
	}
	for _, c := range s.child {
		f := &Field{XMLName: c.name, Repeated: c.repeated, Optional: c.optional && !c.repeated}
		cs := shapes[c.name]
		switch {
		case cs == nil:
			f.Kind, f.Scalar = TextField, ScalarString
			f.Doc = "The DTD does not declare " + c.name + "; its text is kept."
		case cs.leaf:
			f.Kind, f.Scalar = cs.kind, cs.sc
			f.Doc = elementDoc(cs.el)
		default:
			f.Kind, f.Type = StructField, cs.ty
		}
		f.GoName = name(c.name)
		fields = append(fields, f)
	}
	for _, a := range s.el.Attributes {
		f := &Field{XMLName: a.Name, Kind: AttrField, Scalar: ScalarString, Optional: a.Default == dtdparse.Implied, Required: a.Default == dtdparse.Required}
		if sc, ok := l.types.scalarOf(s.dtd, s.el.Name+"@"+a.Name); ok {
			f.Scalar = sc
		}
		if a.Type == dtdparse.Enumeration || a.Type == dtdparse.NOTATION {
			f.Values = a.Values
		}
		g := goName(a.Name)
		if used[g] {
			g += "Attr"
		}
		used[g] = true
		f.GoName = g
		if a.Default == dtdparse.Default || a.Default == dtdparse.Fixed {
			f.Doc = fmt.Sprintf("Default %q.", a.Value)
		}
		fields = append(fields, f)
	}
	if s.el.Content.Kind == dtdparse.Mixed {
		fields = append(fields, &Field{GoName: name("Text"), Kind: CharDataField, Scalar: ScalarString})
	}
	return fields
}

// elementDoc keeps the comments before an element's declaration that
// describe it: not the file's header (QUALYS ... DTD, $Revision$, qgen notes).
func elementDoc(el *dtdparse.Element) string {
	var parts []string
	for _, c := range el.Comments {
		t := strings.Join(strings.Fields(c.Text), " ")
		if strings.HasPrefix(t, "QUALYS ") || strings.HasPrefix(t, "$Revision") || strings.HasPrefix(t, "qgen:") || t == "EOF" {
			continue
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}

// contentOf compiles an element's content model for decoders.
func contentOf(cm *dtdparse.ContentModel) Content {
	c := Content{Model: cm.String()}
	switch cm.Kind {
	case dtdparse.Mixed:
		c.Kind = MixedContent
	case dtdparse.Empty:
		c.Kind = EmptyContent
	case dtdparse.Any:
		c.Kind = AnyContent
	default:
		c.Kind = ChildrenContent
		if d, ok := xmlvalid.CompileDFA(cm.Root); ok {
			a := &Automaton{Names: d.Names, Final: d.Final, Recover: make([]int, len(d.Recover))}
			for i, r := range d.Recover {
				a.Recover[i] = int(r)
			}
			for _, row := range d.Next {
				next := make([]int, len(row))
				for i, t := range row {
					next[i] = int(t)
				}
				a.Next = append(a.Next, next)
			}
			c.Order = a
		}
	}
	return c
}
