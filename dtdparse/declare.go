package dtdparse

import (
	"github.com/qgen-project/qgen/internal/xmltext"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// declare checks one parsed declaration beyond what the grammar says and
// adds it to the DTD.
func (p *parser) declare(ast *declAST) {
	switch {
	case ast.Element != nil:
		p.declareElement(ast.Element)
	case ast.Attlist != nil:
		p.declareAttlist(ast.Attlist)
	case ast.Entity != nil:
		p.declareEntity(ast.Entity)
	case ast.Notation != nil:
		p.declareNotation(ast.Notation)
	}
}

// name checks that id is a Name (the lexer accepts any Nmtoken).
func (p *parser) name(id *identAST, what string) bool {
	if xmltext.IsName(id.Value) {
		return true
	}
	p.errorf(id.Pos, "%q is not a valid XML name for %s (a name starts with a letter, '_' or ':')", id.Value, what)
	return false
}

func (p *parser) declareElement(ast *elementAST) {
	ok := p.name(ast.Name, "an element")
	cm := &ContentModel{}
	c := ast.Content
	switch {
	case c.Empty:
		cm.Kind = Empty
	case c.Any:
		cm.Kind = Any
	case c.Mixed != nil:
		cm.Kind = Mixed
		seen := map[string]bool{}
		for _, n := range c.Mixed.Names {
			ok = p.name(n, "an element in mixed content") && ok
			if seen[n.Value] {
				p.report(Warning, n.Pos, "element %s is named twice in the mixed content of ELEMENT %s", n.Value, ast.Name.Value)
				continue
			}
			seen[n.Value] = true
			cm.Names = append(cm.Names, n.Value)
		}
		if len(c.Mixed.Names) > 0 && !c.Mixed.Star {
			p.errorf(c.Mixed.Pos, "mixed content that names elements must end with ')*', as in (#PCDATA | %s)*, in ELEMENT %s", c.Mixed.Names[0].Value, ast.Name.Value)
			ok = false
		}
	default:
		cm.Kind = Children
		var good bool
		cm.Root, good = p.group(c.Children, ast.Name.Value)
		ok = ok && good
	}
	if !ok {
		return
	}
	el := &Element{Name: ast.Name.Value, Pos: ast.Pos, Content: cm, Comments: p.pending}
	if prev := p.dtd.elements[el.Name]; prev != nil {
		if prev.Content.String() == cm.String() {
			p.report(Warning, ast.Pos, "ELEMENT %s is declared again, identically (first at line %d); the repeat is ignored", el.Name, prev.Pos.Line)
		} else {
			p.report(Error, ast.Pos, "ELEMENT %s is declared again with a different content model: %s here, %s at line %d", el.Name, cm, prev.Content, prev.Pos.Line).Validity = true
		}
		return
	}
	p.dtd.elements[el.Name] = el
	p.dtd.Elements = append(p.dtd.Elements, el)
}

// group converts a choice or sequence.
func (p *parser) group(g *groupAST, element string) (*Particle, bool) {
	ok := true
	part := &Particle{Kind: Seq, Pos: g.Pos, Occur: occurrence(g.Occ)}
	first, good := p.particle(g.First, element)
	ok = ok && good
	part.Children = append(part.Children, first)
	for i, r := range g.Rest {
		kind := Seq
		if r.Sep == "|" {
			kind = Choice
		}
		if i == 0 {
			part.Kind = kind
		} else if kind != part.Kind {
			p.errorf(r.Pos, "expected '%s' or ')' in the content model of ELEMENT %s, found '%s' (',' and '|' cannot be mixed in one group; add parentheses)", g.Rest[0].Sep, element, r.Sep)
			ok = false
		}
		c, good := p.particle(r.CP, element)
		ok = ok && good
		part.Children = append(part.Children, c)
	}
	return part, ok
}

func (p *parser) particle(cp *cpAST, element string) (*Particle, bool) {
	if cp.Group != nil {
		return p.group(cp.Group, element)
	}
	ok := p.name(cp.Name, "an element in a content model")
	return &Particle{Kind: NameParticle, Name: cp.Name.Value, Pos: cp.Pos, Occur: occurrence(cp.NameOcc)}, ok
}

func occurrence(s string) Occurrence {
	switch s {
	case "?":
		return Optional
	case "*":
		return ZeroOrMore
	case "+":
		return OneOrMore
	}
	return Once
}

var simpleTypes = map[string]AttrType{
	"CDATA": CDATA, "ID": ID, "IDREF": IDREF, "IDREFS": IDREFS, "ENTITY": ENTITY,
	"ENTITIES": ENTITIES, "NMTOKEN": NMTOKEN, "NMTOKENS": NMTOKENS,
}

func (p *parser) declareAttlist(ast *attlistAST) {
	ok := p.name(ast.Name, "the element of an ATTLIST")
	list := &AttList{Element: ast.Name.Value, Pos: ast.Pos, Comments: p.pending}
	for _, d := range ast.Defs {
		ok = p.name(d.Name, "an attribute") && ok
		a := &Attribute{Element: list.Element, Name: d.Name.Value, Pos: d.Name.Pos}
		switch {
		case d.Type.Simple != "":
			a.Type = simpleTypes[d.Type.Simple]
		case d.Type.Notation != nil:
			a.Type = NOTATION
			for _, n := range d.Type.Notation {
				ok = p.name(n, "a notation") && ok
				a.Values = append(a.Values, n.Value)
			}
		default:
			a.Type = Enumeration
			for _, n := range d.Type.Enum {
				a.Values = append(a.Values, n.Value)
			}
		}
		df := d.Default
		switch {
		case df.Required:
			a.Default = Required
		case df.Implied:
			a.Default = Implied
		default:
			a.Default = Default
			if df.Fixed {
				a.Default = Fixed
			}
			v, good := p.attValue(df.Value)
			ok = ok && good
			a.Value = v
		}
		list.Attributes = append(list.Attributes, a)
	}
	if ok {
		p.dtd.AttLists = append(p.dtd.AttLists, list)
	}
}

func (p *parser) declareEntity(ast *entityAST) {
	if !p.name(ast.Name, "an entity") {
		return
	}
	e := &Entity{Name: ast.Name.Value, Parameter: ast.PE, Pos: ast.Pos, Comments: p.pending}
	if ast.Value != nil {
		v, mapped, ok := p.entityValue(ast.Value)
		if !ok {
			return
		}
		e.Value = v
		if mapped {
			e.mapped = true
			e.valuePos = ast.Value.Pos
			e.valuePos.Column++
			e.valuePos.Offset++
		}
	} else {
		e.external = true
		if !p.externalID(ast.External, true) {
			return
		}
		e.SystemID, e.PublicID = unquote(ast.External.systemLiteral()), unquote(ast.External.publicLiteral())
		if ast.NData != nil {
			if ast.PE {
				p.errorf(ast.NData.Pos, "a parameter entity cannot be unparsed: NDATA is allowed only on general entities")
				return
			}
			if !p.name(ast.NData, "a notation") {
				return
			}
			e.NData = ast.NData.Value
		}
	}
	table, list := p.ges, &p.dtd.Entities
	if e.Parameter {
		table, list = p.pes, &p.dtd.ParamEntities
	}
	if prev := table[e.Name]; prev != nil {
		p.report(Warning, ast.Pos, "entity %s is declared again (first at line %d); the first declaration is binding", entityRef(e), prev.Pos.Line)
		return
	}
	table[e.Name] = e
	*list = append(*list, e)
}

func entityRef(e *Entity) string {
	if e.Parameter {
		return "%" + e.Name + ";"
	}
	return "&" + e.Name + ";"
}

func (x *externalIDAST) systemLiteral() string {
	if x.System != nil {
		return x.System.Value
	}
	if x.PublicSystem != nil {
		return x.PublicSystem.Value
	}
	return ""
}

func (x *externalIDAST) publicLiteral() string {
	if x.Public != nil {
		return x.Public.Value
	}
	return ""
}

// externalID checks an ExternalID; needSystem is false for a NOTATION, where
// PUBLIC alone is allowed.
func (p *parser) externalID(x *externalIDAST, needSystem bool) bool {
	ok := true
	if x.Public != nil {
		for i, r := range unquote(x.Public.Value) {
			if !xmltext.IsPubidChar(r) {
				p.errorf(offsetPos(x.Public.Pos, 1+i), "character %q is not allowed in a public identifier", r)
				ok = false
				break
			}
		}
		if needSystem && x.PublicSystem == nil {
			p.errorf(x.Public.Pos, "expected a system literal after the public identifier (PUBLIC \"pubid\" \"system\")")
			ok = false
		}
	}
	return ok
}

func (p *parser) declareNotation(ast *notationAST) {
	if !p.name(ast.Name, "a notation") || !p.externalID(ast.ID, false) {
		return
	}
	n := &Notation{Name: ast.Name.Value, Pos: ast.Pos, Comments: p.pending,
		SystemID: unquote(ast.ID.systemLiteral()), PublicID: unquote(ast.ID.publicLiteral())}
	for _, prev := range p.dtd.Notations {
		if prev.Name == n.Name {
			p.errorf(ast.Pos, "NOTATION %s is declared again (first at line %d)", n.Name, prev.Pos.Line)
			return
		}
	}
	p.dtd.Notations = append(p.dtd.Notations, n)
}

func unquote(lit string) string {
	if len(lit) < 2 {
		return ""
	}
	return lit[1 : len(lit)-1]
}

// offsetPos returns pos moved n bytes along a single line.
func offsetPos(pos lexer.Position, n int) lexer.Position {
	pos.Column += n
	pos.Offset += n
	return pos
}

// posIn returns the position of byte i of a literal's text (quotes included).
func posIn(lit *literalAST, i int) lexer.Position {
	pos := lit.Pos
	for _, c := range []byte(lit.Value[:i]) {
		if c == '\n' {
			pos.Line++
			pos.Column = 1
		} else if c < 0x80 || c >= 0xC0 {
			pos.Column++
		}
	}
	pos.Offset += i
	return pos
}

// reference reads a reference at s[i] ('&' or '%'): it returns the name (or
// "#..." for a character reference) and the length, or 0 when malformed.
func reference(s string, i int) (string, int) {
	j := strings.IndexByte(s[i:], ';')
	if j < 0 {
		return "", 0
	}
	body := s[i+1 : i+j]
	if s[i] == '&' && strings.HasPrefix(body, "#") {
		return body, j + 1
	}
	if !xmltext.IsName(body) {
		return "", 0
	}
	return body, j + 1
}

// charRef decodes the character of "#123" or "#x7B".
func charRef(body string) (rune, bool) {
	var n uint64
	var err error
	if strings.HasPrefix(body, "#x") {
		if len(body) == 2 || strings.ContainsAny(body[2:], "+-") {
			return 0, false
		}
		n, err = strconv.ParseUint(body[2:], 16, 32)
	} else {
		if len(body) == 1 || strings.ContainsAny(body[1:], "+-xX") {
			return 0, false
		}
		n, err = strconv.ParseUint(body[1:], 10, 32)
	}
	if err != nil || !xmltext.IsChar(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// entityValue computes the replacement text of an EntityValue literal:
// parameter-entity references and character references are replaced, general
// entity references are kept. mapped reports that the text is the literal's
// own, so that its tokens can keep their positions.
func (p *parser) entityValue(lit *literalAST) (value string, mapped, ok bool) {
	raw := unquote(lit.Value)
	if !strings.ContainsAny(raw, "%&") {
		return raw, true, true
	}
	var b strings.Builder
	ok = true
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '%' && c != '&' {
			b.WriteByte(c)
			i++
			continue
		}
		name, n := reference(raw, i)
		pos := posIn(lit, 1+i)
		switch {
		case n == 0 && c == '%':
			p.errorf(pos, "'%%' in an entity value must start a parameter-entity reference %%name;")
			return "", false, false
		case n == 0:
			p.errorf(pos, "'&' in an entity value must start a reference: &name; &#decimal; or &#xhex;")
			return "", false, false
		case c == '&' && name[0] == '#':
			r, good := charRef(name)
			if !good {
				p.errorf(pos, "&%s; is not a reference to a legal XML character", name)
				return "", false, false
			}
			b.WriteRune(r)
		case c == '&':
			p.used["&"+name] = true
			b.WriteString(raw[i : i+n])
		default:
			e := p.pes[name]
			p.used["%"+name] = true
			switch {
			case e == nil:
				p.errorf(pos, "reference to undeclared parameter entity %%%s; in an entity value", name)
				ok = false
			case e.external:
				p.report(Warning, pos, "parameter entity %%%s; is external and is not loaded; it is left out of this entity value", name)
			default:
				if b.Len()+len(e.Value) > maxEntityValue {
					p.errorf(pos, "the replacement text of this entity would exceed %d MiB", maxEntityValue>>20)
					return "", false, false
				}
				b.WriteString(e.Value)
			}
		}
		i += n
	}
	return b.String(), false, ok
}

// attValue checks a default attribute value and returns it with character
// references and predefined entities replaced.
func (p *parser) attValue(lit *literalAST) (string, bool) {
	raw := unquote(lit.Value)
	var b strings.Builder
	for i := 0; i < len(raw); {
		c := raw[i]
		switch c {
		case '<':
			p.errorf(posIn(lit, 1+i), "'<' is not allowed in an attribute value (write &lt;)")
			return "", false
		case '&':
		default:
			b.WriteByte(c)
			i++
			continue
		}
		name, n := reference(raw, i)
		pos := posIn(lit, 1+i)
		if n == 0 {
			p.errorf(pos, "'&' in an attribute value must start a reference: &name; &#decimal; or &#xhex;")
			return "", false
		}
		if name[0] == '#' {
			r, good := charRef(name)
			if !good {
				p.errorf(pos, "&%s; is not a reference to a legal XML character", name)
				return "", false
			}
			b.WriteRune(r)
		} else if v, predefined := predefinedEntities[name]; predefined {
			b.WriteString(v)
		} else {
			if !p.checkAttEntity(name, pos, map[string]bool{}) {
				return "", false
			}
			b.WriteString(raw[i : i+n])
		}
		i += n
	}
	return b.String(), true
}

var predefinedEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": `"`}

// checkAttEntity applies the well-formedness constraints on an entity
// referenced from an attribute value: declared, internal, parsed, and with no
// '<' in its replacement text, directly or through other entities.
func (p *parser) checkAttEntity(name string, pos lexer.Position, seen map[string]bool) bool {
	if _, ok := predefinedEntities[name]; ok {
		return true
	}
	p.used["&"+name] = true
	e := p.ges[name]
	switch {
	case e == nil:
		p.errorf(pos, "reference to undeclared entity &%s; in an attribute value (an entity must be declared before a default value uses it)", name)
		return false
	case seen[name]:
		p.errorf(pos, "recursive reference to entity &%s;", name)
		return false
	case e.NData != "":
		p.errorf(pos, "unparsed entity &%s; cannot be referenced in an attribute value", name)
		return false
	case e.external:
		p.errorf(pos, "external entity &%s; cannot be referenced in an attribute value", name)
		return false
	}
	seen[name] = true
	v := e.Value
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '<':
			p.errorf(pos, "the replacement text of &%s; contains '<', which is not allowed in an attribute value", name)
			return false
		case '&':
			ref, n := reference(v, i)
			if n > 0 && ref[0] != '#' && !p.checkAttEntity(ref, pos, seen) {
				return false
			}
		}
	}
	delete(seen, name)
	return true
}
