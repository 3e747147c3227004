// Package spec reads the qgen spec, YAML tables of endpoint parameters and
// rules plus the DTDs the endpoints answer with, and resolves it into one
// immutable model: the only input of the emitters. See README.md beside this
// file for the format.
package spec

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qgen-project/qgen/dtdparse"
)

// Model is the resolved spec. Everything in it is sorted or in file order,
// so that emitters that walk it produce the same output every time. A Model
// is read-only once Load returns it: emitters and tools share it and must
// not modify it (parsed DTDs are shared between loads, too).
type Model struct {
	// Endpoints are sorted by name.
	Endpoints []*Endpoint
	// DTDs are the response DTDs the actions use, sorted by name.
	DTDs []*DTD
	// Types are the Go struct types of the response elements, sorted by
	// GoName. An element with the same structure in several DTDs is one type.
	Types []*Type
	// Fragments are the shared fragments, sorted by name.
	Fragments []*Fragment
	// Warnings holds problems that do not stop generation.
	Warnings []*Diagnostic
}

// Endpoint returns the endpoint named name (such as "auth/greenplum"), or nil.
func (m *Model) Endpoint(name string) *Endpoint {
	for _, e := range m.Endpoints {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// DTD returns the DTD named name (without .dtd), or nil.
func (m *Model) DTD(name string) *DTD {
	for _, d := range m.DTDs {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// Endpoint is one API endpoint, such as /api/2.0/fo/auth/greenplum/.
type Endpoint struct {
	// Name is the path after /api/2.0/fo/ without the final slash: "auth/greenplum".
	Name string
	// GoName is the exported Go name: "AuthGreenplum".
	GoName string
	Path   string
	Title  string
	Doc    string
	// File is the table's path, as shown in generated headers ("spec/params/auth_greenplum.yaml").
	File string
	// Includes names the fragments the table includes, in order.
	Includes []string
	// Actions are in table order.
	Actions []*Action
	// Params are every parameter of the endpoint, its own and included, sorted by name.
	Params []*Param
	// Rules are the endpoint's rules, included ones first, in order.
	Rules []*Rule
}

// Action returns the action named name, or nil.
func (e *Endpoint) Action(name string) *Action {
	for _, a := range e.Actions {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// Param returns the parameter named name, or nil.
func (e *Endpoint) Param(name string) *Param {
	for _, p := range e.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Action is one value of the action parameter of an endpoint.
type Action struct {
	Name    string
	GoName  string
	Methods []string
	Doc     string
	// Response is the DTD and root element of the answer, or Raw.
	Response Response
	// Params are the parameters the action accepts, sorted by name.
	Params []*ActionParam
	// Rules are the rules that apply to the action.
	Rules []*Rule
	Pos   lexer.Position
}

// AllowsGET reports whether the action may be sent with GET.
func (a *Action) AllowsGET() bool {
	for _, m := range a.Methods {
		if m == "GET" {
			return true
		}
	}
	return false
}

// Response describes an action's answer.
type Response struct {
	// DTD and Root are set for an XML answer: Root is the type of its root element.
	DTD  *DTD
	Root *Type
	// Raw describes an answer that is not XML (CSV, JSON); DTD is nil.
	Raw string
}

// ActionParam is a parameter as one action uses it.
type ActionParam struct {
	*Param
	Required bool
}

// ParamKind is the type of a parameter on the wire.
type ParamKind int

// Parameter kinds.
const (
	String ParamKind = iota
	Int
	Flag
	Enum
	List
	IDs
	IPs
	DateTime
)

var paramKinds = map[string]ParamKind{
	"string": String, "int": Int, "flag": Flag, "enum": Enum, "list": List,
	"ids": IDs, "ips": IPs, "datetime": DateTime,
}

func (k ParamKind) String() string {
	return [...]string{"string", "int", "flag", "enum", "list", "ids", "ips", "datetime"}[k]
}

// Param is one request parameter of an endpoint.
type Param struct {
	// Name is the wire name, GoName the Go field name.
	Name   string
	GoName string
	Kind   ParamKind
	// Values are the allowed values of an Enum.
	Values []string
	// Default is the value the API uses when the parameter is not sent.
	Default   string
	MaxLength int // 0: no limit
	MinLength int
	// Min and Max bound an Int when HasMin / HasMax.
	Min, Max       int
	HasMin, HasMax bool
	// Charset is "", "ascii" or "no_multibyte".
	Charset string
	// Forbidden lists characters the value may not contain.
	Forbidden string
	Secret    bool
	// Clearable: an explicitly empty value is meaningful.
	Clearable bool
	Doc       string
	// Uses lists, per action, whether the action requires the parameter; an
	// action not listed does not accept it. In table order.
	Uses []Use
	// From names the fragment the parameter comes from ("" for the table's own).
	From string
	Pos  lexer.Position

	usePos map[string]lexer.Position // where each use is written
}

// Use is one action's use of a parameter.
type Use struct {
	Action   string
	Required bool
}

// UseIn reports whether action accepts the parameter and whether it is required.
func (p *Param) UseIn(action string) (accepted, required bool) {
	for _, u := range p.Uses {
		if u.Action == action {
			return true, u.Required
		}
	}
	return false, false
}

// RuleKind is the kind of a rule across parameters.
type RuleKind string

// Rule kinds; README.md explains each.
const (
	RequiredIf      RuleKind = "required_if"
	RequiredIfValue RuleKind = "required_if_value"
	InvalidUnless   RuleKind = "invalid_unless"
	OneOfRequired   RuleKind = "one_of_required"
	AtLeastOne      RuleKind = "at_least_one"
	Exclusive       RuleKind = "exclusive"
	NotWith         RuleKind = "not_with"
	Requires        RuleKind = "requires"
	MaxTotalLength  RuleKind = "max_total_length"
)

// Rule is a rule across parameters. Which fields are set depends on Kind:
// Param and When (required_if, invalid_unless, requires); Param, When.Param
// and Values (required_if_value); Terms (one_of_required, not_with with
// Param); Params (at_least_one, exclusive, max_total_length with Max).
type Rule struct {
	Kind    RuleKind
	Param   string
	Params  []string
	When    Term
	Values  []string
	Terms   []Term
	Max     int
	Actions []string
	Doc     string
	// From names the fragment the rule comes from ("" for the table's own).
	From string
	Pos  lexer.Position
}

// Term is "Param is sent" or, with HasValue, "Param is sent with Value".
type Term struct {
	Param    string
	Value    string
	HasValue bool
}

func (t Term) String() string {
	if t.HasValue {
		return t.Param + "=" + t.Value
	}
	return t.Param
}

// Fragment is a shared fragment of parameters and rules.
type Fragment struct {
	Name   string
	File   string
	Doc    string
	Params []*Param
	Rules  []*Rule
}

// DTD is a response DTD of the spec.
type DTD struct {
	// Name is the file name without .dtd: "auth_greenplum_list_output".
	Name string
	File string
	// Root is the name of the root element: the first element declared.
	Root   string
	Parsed *dtdparse.DTD
}

// Type is a Go struct type for an element of one or more DTDs.
type Type struct {
	GoName  string
	Element string
	Doc     string
	Fields  []*Field
	// DTDs names the DTDs in which the element has this structure, sorted.
	DTDs []string
	// Signature identifies the structure: equal signatures, one type.
	Signature string
	// Content is the element's content model, for decoders that check it.
	Content Content
}

// ContentKind is the kind of an element's content model.
type ContentKind int

// Content kinds, as XML 1.0 section 3.2 names them.
const (
	// ChildrenContent is element content: child elements in the order
	// Order gives, white space between them.
	ChildrenContent ContentKind = iota
	// MixedContent is text with the named child elements in any order.
	MixedContent
	// EmptyContent is no content at all.
	EmptyContent
	// AnyContent is any content.
	AnyContent
)

// Content is a content model compiled for decoders.
type Content struct {
	Kind ContentKind
	// Model is the model as the DTD gives it, normalised: "(ID, TITLE?)".
	Model string
	// Order is the deterministic automaton of ChildrenContent; nil for the
	// other kinds, and for a model that XML 1.0 appendix E calls not
	// deterministic (its children are then not checked for order).
	Order *Automaton
}

// Automaton is a deterministic automaton over the names of a children
// content model. State 0 is the start.
type Automaton struct {
	// Names are the child element names, each once, in order of first
	// appearance in the model; symbol i is Names[i].
	Names []string
	// Next[s][i] is the state after Names[i] in state s, or -1 when the
	// model does not allow it there.
	Next [][]int
	// Final[s] reports that the content may end in state s.
	Final []bool
	// Recover[i] is the state a lenient decoder goes on from when Names[i]
	// comes where the model does not allow it, or -1 to stay put.
	Recover []int
}

// FieldKind is what a field of a response type holds.
type FieldKind int

// Field kinds.
const (
	// TextField is the text of a leaf element, typed by Scalar.
	TextField FieldKind = iota
	// StructField is a child element with a Type of its own.
	StructField
	// AttrField is an attribute, typed by Scalar.
	AttrField
	// CharDataField is the text of an element that also has attributes or children.
	CharDataField
	// PresenceField is an EMPTY child element without attributes: present or not.
	PresenceField
	// InnerXMLField is the content of an ANY element, unparsed.
	InnerXMLField
)

// Scalar is the Go-level type of text: an element's or an attribute's.
type Scalar string

// Scalars; dtd/types.yaml assigns them to elements.
const (
	ScalarString   Scalar = "string"
	ScalarInt      Scalar = "int"
	ScalarFlag     Scalar = "flag"
	ScalarDateTime Scalar = "datetime"
	ScalarIDSet    Scalar = "idset"
	ScalarIPSet    Scalar = "ipset"
)

// Field is one field of a response type.
type Field struct {
	GoName  string
	XMLName string
	Kind    FieldKind
	Scalar  Scalar // for TextField, AttrField, CharDataField
	Type    *Type  // for StructField
	// Repeated fields are slices; Optional ones may be absent (pointers).
	Repeated bool
	Optional bool
	// Required marks a #REQUIRED attribute (an attribute with a default
	// may be absent, and so may an #IMPLIED one, which is also Optional).
	Required bool
	// Values are the allowed values of an enumerated attribute.
	Values []string
	Doc    string
}

// Diagnostic is a problem at a position in a spec file.
type Diagnostic = dtdparse.Diagnostic
