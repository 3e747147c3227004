package dtdparse

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// DTD is the resolved view of one DTD file: every declaration, in the order
// of the file, with its position and the comments that precede it.
type DTD struct {
	Filename string
	// Elements holds the first ELEMENT declaration of each name, in order.
	Elements []*Element
	// AttLists holds every ATTLIST declaration, in order. The attributes of
	// declared elements are also on Element.Attributes.
	AttLists []*AttList
	// Entities holds general entities; ParamEntities parameter entities. The
	// first declaration of a name is binding.
	Entities      []*Entity
	ParamEntities []*Entity
	Notations     []*Notation
	// Comments holds every comment of the file outside ignored sections.
	Comments []*Comment
	PIs      []*PI
	// Diagnostics holds the warnings and remarks found; errors are returned
	// by Parse.
	Diagnostics []*Diagnostic

	elements map[string]*Element
}

// Element returns the element declared with name, or nil.
func (d *DTD) Element(name string) *Element { return d.elements[name] }

// Element is an <!ELEMENT> declaration with the attributes declared for it.
type Element struct {
	Name       string
	Pos        lexer.Position
	Content    *ContentModel
	Attributes []*Attribute
	// Comments are the comments between the previous declaration and this one.
	Comments []*Comment
}

// ContentKind is the kind of an element's content specification.
type ContentKind int

const (
	// Empty is EMPTY.
	Empty ContentKind = iota
	// Any is ANY.
	Any
	// Mixed is (#PCDATA) or (#PCDATA | a | b)*: text, with the named elements
	// in any order and number.
	Mixed
	// Children is element content described by Root.
	Children
)

// ContentModel is an element's content specification.
type ContentModel struct {
	Kind ContentKind
	// Names lists the elements allowed among the text of Mixed content.
	Names []string
	// Root is the content particle of Children content: always a Seq or
	// Choice group.
	Root *Particle
}

// Text reports whether the content model is text only: (#PCDATA).
func (c *ContentModel) Text() bool { return c.Kind == Mixed && len(c.Names) == 0 }

// String renders the model in DTD syntax, normalised: no white space beyond
// ", " and " | ".
func (c *ContentModel) String() string {
	switch c.Kind {
	case Empty:
		return "EMPTY"
	case Any:
		return "ANY"
	case Mixed:
		if len(c.Names) == 0 {
			return "(#PCDATA)"
		}
		return "(#PCDATA | " + strings.Join(c.Names, " | ") + ")*"
	}
	return c.Root.String()
}

// Occurrence is how often a particle may occur.
type Occurrence int

const (
	// Once is no suffix.
	Once Occurrence = iota
	// Optional is ?.
	Optional
	// ZeroOrMore is *.
	ZeroOrMore
	// OneOrMore is +.
	OneOrMore
)

func (o Occurrence) String() string { return [...]string{"", "?", "*", "+"}[o] }

// Repeats reports whether the particle may occur more than once.
func (o Occurrence) Repeats() bool { return o == ZeroOrMore || o == OneOrMore }

// MayBeAbsent reports whether the particle may occur zero times.
func (o Occurrence) MayBeAbsent() bool { return o == Optional || o == ZeroOrMore }

// ParticleKind is the kind of a content particle.
type ParticleKind int

const (
	// NameParticle is an element name.
	NameParticle ParticleKind = iota
	// Seq is a sequence group (a, b).
	Seq
	// Choice is a choice group (a | b).
	Choice
)

// Particle is a node of a children content model.
type Particle struct {
	Kind     ParticleKind
	Name     string      // for NameParticle
	Children []*Particle // for Seq and Choice
	Occur    Occurrence
	Pos      lexer.Position
}

// String renders the particle in DTD syntax.
func (p *Particle) String() string {
	var b strings.Builder
	p.write(&b)
	return b.String()
}

func (p *Particle) write(b *strings.Builder) {
	if p.Kind == NameParticle {
		b.WriteString(p.Name)
	} else {
		sep := ", "
		if p.Kind == Choice {
			sep = " | "
		}
		b.WriteByte('(')
		for i, c := range p.Children {
			if i > 0 {
				b.WriteString(sep)
			}
			c.write(b)
		}
		b.WriteByte(')')
	}
	b.WriteString(p.Occur.String())
}

// Walk calls f for p and every particle below it, depth first.
func (p *Particle) Walk(f func(*Particle)) {
	f(p)
	for _, c := range p.Children {
		c.Walk(f)
	}
}

// AttList is one <!ATTLIST> declaration.
type AttList struct {
	Element    string
	Pos        lexer.Position
	Attributes []*Attribute
	Comments   []*Comment
}

// AttrType is the type of an attribute.
type AttrType int

// Attribute types, as in XML 1.0 production [54].
const (
	CDATA AttrType = iota
	ID
	IDREF
	IDREFS
	ENTITY
	ENTITIES
	NMTOKEN
	NMTOKENS
	NOTATION
	Enumeration
)

var attrTypeNames = [...]string{"CDATA", "ID", "IDREF", "IDREFS", "ENTITY", "ENTITIES", "NMTOKEN", "NMTOKENS", "NOTATION", "enumeration"}

func (t AttrType) String() string { return attrTypeNames[t] }

// DefaultKind is the kind of an attribute's default declaration.
type DefaultKind int

const (
	// Implied is #IMPLIED.
	Implied DefaultKind = iota
	// Required is #REQUIRED.
	Required
	// Fixed is #FIXED "value".
	Fixed
	// Default is a plain default "value".
	Default
)

func (k DefaultKind) String() string {
	return [...]string{"#IMPLIED", "#REQUIRED", "#FIXED", "default"}[k]
}

// Attribute is one attribute definition of an ATTLIST.
type Attribute struct {
	Element string
	Name    string
	Type    AttrType
	// Values lists the allowed values of an Enumeration or NOTATION attribute.
	Values  []string
	Default DefaultKind
	// Value is the default value for Fixed and Default, with character
	// references and predefined entities replaced.
	Value string
	Pos   lexer.Position
}

// TypeString renders the attribute type in DTD syntax.
func (a *Attribute) TypeString() string {
	switch a.Type {
	case Enumeration:
		return "(" + strings.Join(a.Values, " | ") + ")"
	case NOTATION:
		return "NOTATION (" + strings.Join(a.Values, " | ") + ")"
	}
	return a.Type.String()
}

// DefaultString renders the default declaration in DTD syntax.
func (a *Attribute) DefaultString() string {
	switch a.Default {
	case Fixed:
		return "#FIXED " + quote(a.Value)
	case Default:
		return quote(a.Value)
	}
	return a.Default.String()
}

// Entity is an <!ENTITY> declaration.
type Entity struct {
	Name      string
	Parameter bool
	// Value is the replacement text of an internal entity.
	Value    string
	PublicID string
	SystemID string
	// NData names the notation of an unparsed entity.
	NData    string
	Pos      lexer.Position
	Comments []*Comment

	external bool
	// valuePos is where Value starts in the file when Value is the literal's
	// text unchanged, so that tokens of the replacement text keep their place.
	valuePos lexer.Position
	mapped   bool
}

// External reports whether the entity is declared with SYSTEM or PUBLIC.
func (e *Entity) External() bool { return e.external }

// Notation is a <!NOTATION> declaration.
type Notation struct {
	Name     string
	PublicID string
	SystemID string
	Pos      lexer.Position
	Comments []*Comment
}

// Comment is a comment, without its delimiters.
type Comment struct {
	Text string
	Pos  lexer.Position
}

// PI is a processing instruction.
type PI struct {
	Target string
	Data   string
	Pos    lexer.Position
}

func quote(s string) string {
	if strings.ContainsRune(s, '"') {
		return "'" + s + "'"
	}
	return `"` + s + `"`
}
