package qgenrt

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"strconv"
	"strings"
)

// Decoder reads a Qualys answer into the structs that qgen generates,
// without reflection: each generated type has a Decode method, emitted from
// its element's DTD content model, that reads the document through the
// Decoder's Scanner. The generated decoders fill the structs exactly as
// encoding/xml's Unmarshal fills them from the same document (the tests of
// the generated code check it), and they check the content model as they
// go: a child element the DTD does not name, a required child that is
// missing, children out of order, text where only elements may be, an
// attribute the DTD does not declare or a value outside its enumeration.
//
// Such a difference from the DTD is drift: the API changed, or the DTD is
// out of date. A lenient Decoder (the default, and what the Client uses)
// records it and goes on, keeping what encoding/xml would keep: an unknown
// element is skipped, children out of order are read. Drift returns what
// was recorded. A strict Decoder (SetStrict) stops at the first difference
// with a *ContentError that says where.
//
// Some things are errors either way: XML that is not well-formed, or that
// the Scanner does not support (a *SyntaxError); a root element other than
// the one asked for; a namespace (an xmlns attribute, or a prefixed name
// where the decoder looks for an element or attribute); and a value that
// does not parse as its Go type (an integer, a flag, a date-time, an ID or
// IP set), as encoding/xml fails on them too. These are *ContentError
// values, but for syntax.
//
// A Decoder reads one document; Reset reads the next with the same
// buffers. A generated Decode reads the document up to the end of its root
// element and no further, as xml.Unmarshal does; Finish checks the rest.
type Decoder struct {
	s        Scanner
	strict   bool
	begun    bool // the root element has been entered
	rootName []byte
	done     bool // the root element has been read

	drift   []Drift
	driftAt map[driftKey]int
	dropped int

	sink   any // func(*T) error for the records being streamed
	idSink func(IDRange) error
	path   []byte
}

// Drift is a difference between an answer and its DTD that a lenient
// Decoder read past. Equal differences (the same Path and Msg) are recorded
// once, with where they were first seen and how often.
type Drift struct {
	// Line and Col (from 1, Col in characters) locate the first occurrence.
	Line, Col int
	// Path names the element concerned, from the root: "A/B/C".
	Path string
	// Msg says what differs, as "unknown element <X>".
	Msg string
	// Count is how many times it was seen.
	Count int
}

// String is "line:col: path: msg", with " (n times)" when it recurred.
func (d Drift) String() string {
	s := strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Col) + ": " + d.Path + ": " + d.Msg
	if d.Count > 1 {
		s += " (" + strconv.Itoa(d.Count) + " times)"
	}
	return s
}

type driftKey struct{ path, msg string }

// maxDrift bounds the distinct drift a Decoder keeps; DriftDropped counts
// what did not fit.
const maxDrift = 100

// ContentError is an answer that a Decoder cannot read into its Go types,
// or, in strict mode, that differs from its DTD.
type ContentError struct {
	Line, Col int
	Offset    int64 // in bytes, from 0
	Path      string
	Msg       string
	// Err is the underlying error, as from strconv, when there is one.
	Err error
	// Drift reports an error that a lenient Decoder would have recorded as
	// drift instead.
	Drift bool
}

// Error is "line:col: path: msg".
func (e *ContentError) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Path + ": " + e.Msg
}

// Unwrap returns Err.
func (e *ContentError) Unwrap() error { return e.Err }

// NewDecoder returns a lenient Decoder that reads a document from r.
func NewDecoder(r io.Reader) *Decoder {
	d := &Decoder{}
	d.Reset(r)
	return d
}

// Reset makes the Decoder read a new document from r, keeping its buffers
// and its strictness and dropping the drift recorded.
func (d *Decoder) Reset(r io.Reader) {
	d.s.Reset(r)
	d.rootName = d.rootName[:0]
	d.begun, d.done = false, false
	d.drift, d.dropped = d.drift[:0], 0
	clear(d.driftAt)
	d.sink, d.idSink = nil, nil
}

// SetStrict makes differences from the DTD errors (on) or drift (off).
func (d *Decoder) SetStrict(on bool) { d.strict = on }

// Strict reports whether the Decoder is strict.
func (d *Decoder) Strict() bool { return d.strict }

// Drift returns the differences from the DTD recorded so far, in the order
// they were first seen. The slice is the Decoder's: Reset reuses it.
func (d *Decoder) Drift() []Drift { return d.drift }

// DriftDropped is how many occurrences of differences were not recorded
// because Drift already held its limit of 100 distinct ones. Occurrences,
// not distinct differences: telling those apart would take memory that
// grows with the answer.
func (d *Decoder) DriftDropped() int { return d.dropped }

// Scanner returns the Scanner the Decoder reads with, for positions.
func (d *Decoder) Scanner() *Scanner { return &d.s }

// Finish reads the rest of the document after the root element: only
// white space, comments and processing instructions may follow it.
func (d *Decoder) Finish() error {
	if !d.done {
		return errors.New("qgenrt: Decoder.Finish called before the root element was read")
	}
	for {
		k, err := d.s.Next()
		if err != nil {
			return err
		}
		if k == EOF {
			return nil
		}
	}
}

// Sink returns what SetSink set: the generated code of a repeated element
// asks it for a func(*T) error of the element's type T, and hands each
// element to that function instead of appending it to its slice.
func (d *Decoder) Sink() any { return d.sink }

// SetSink sets the function that receives the elements of one record type
// (a func(*T) error) as they are read, or nil. Generated Stream methods set
// it; an error from it ends the decoding with that error.
func (d *Decoder) SetSink(f any) { d.sink = f }

// SetIDSink sets a function that receives the entries of every ID set as
// they are read, instead of collecting them; the sets are then empty.
func (d *Decoder) SetIDSink(f func(IDRange) error) { d.idSink = f }

// The methods below are for the generated code.

// Enter reads up to the root element, which must be named name. A
// Decoder reads one document: Enter after it has begun one is an error
// (Reset it first).
func (d *Decoder) Enter(name string) error {
	if d.begun {
		return errors.New("qgenrt: the Decoder has read (part of) a document already; Reset it to read another")
	}
	k, err := d.s.Next()
	if err != nil {
		return err
	}
	if k != StartElement { // the Scanner returns no other token before the root
		return d.errHere("no root element", nil)
	}
	d.begun = true
	d.rootName = append(d.rootName[:0], d.s.Name()...)
	if got := d.s.Name(); string(got) != name {
		if bytes.IndexByte(got, ':') >= 0 {
			return d.namespace("element <" + string(got) + ">")
		}
		return d.errHere("the root element is <"+string(got)+">, want <"+name+">", nil)
	}
	return nil
}

// Exit marks the end of the root element when depth is 0: a generated
// Decode calls it after reading an element.
func (d *Decoder) Exit() {
	if d.s.Depth() == 0 {
		d.done = true
	}
}

// Attrs returns the attributes of the element being decoded.
func (d *Decoder) Attrs() []Attr { return d.s.Attrs() }

// Child reads the next child of the element being decoded, in element
// content: it returns the child's name at its StartElement, or nil at the
// element's end. Text that is not white space is drift ("text in element
// content"), as encoding/xml ignores it. A prefixed name is an error.
func (d *Decoder) Child() ([]byte, error) { return d.child(nil) }

// ChildText is Child for an element that keeps its text: the text goes to
// *text instead of being drift.
func (d *Decoder) ChildText(text *[]byte) ([]byte, error) { return d.child(text) }

func (d *Decoder) child(text *[]byte) ([]byte, error) {
	for {
		k, err := d.s.Next()
		if err != nil {
			return nil, err
		}
		switch k {
		case StartElement:
			name := d.s.Name()
			if bytes.IndexByte(name, ':') >= 0 {
				return nil, d.namespace("element <" + string(name) + ">")
			}
			return name, nil
		case EndElement:
			return nil, nil
		case Text:
			switch {
			case text != nil:
				*text = append(*text, d.s.Text()...)
			case !isWhite(d.s.Text()):
				if err := d.Violation("text in element content", false); err != nil {
					return nil, err
				}
			}
		}
	}
}

// Unknown skips the child element just read by Child, which the DTD does
// not name: drift, unless any is set (the element's content is ANY).
func (d *Decoder) Unknown(any bool) error {
	if !any {
		if err := d.Violation("unknown element <"+string(d.s.Name())+">", true); err != nil {
			return err
		}
	}
	return d.s.SkipElement()
}

// UnknownAttr handles an attribute the DTD does not declare: drift, but an
// error for a namespace declaration or a prefixed name.
func (d *Decoder) UnknownAttr(a Attr) error {
	if bytes.Equal(a.Name, []byte("xmlns")) || bytes.IndexByte(a.Name, ':') >= 0 {
		return d.namespace("attribute " + string(a.Name))
	}
	return d.Violation("unknown attribute "+string(a.Name), false)
}

// MissingAttr reports a #REQUIRED attribute that the element lacks.
func (d *Decoder) MissingAttr(name string) error {
	return d.Violation("required attribute "+name+" is missing", false)
}

// Enum checks the value of an enumerated attribute.
func (d *Decoder) Enum(name, value string, values []string) error {
	for _, v := range values {
		if v == value {
			return nil
		}
	}
	return d.Violation("attribute "+name+" is "+strconv.Quote(value)+", not one of "+strings.Join(values, ", "), false)
}

// Model is the content model of an element, compiled to a deterministic
// automaton for the generated code: symbol i is the element's i-th child
// name in the model, Next[s][i] is the state after it in state s or -1,
// State 0 is the start.
type Model struct {
	Element string
	Names   []string
	Next    [][]int16
	Final   []bool
	Recover []int16
}

// Step moves the automaton of m from state st on symbol sym, the child
// just read by Child. A child that the model does not allow there is drift
// (it is read all the same) or, when strict, an error.
func (d *Decoder) Step(m *Model, st int, sym int) (int, error) {
	if n := m.Next[st][sym]; n >= 0 {
		return int(n), nil
	}
	msg := "<" + m.Names[sym] + "> out of order: <" + m.Element + "> may hold nothing more here"
	if exp := m.expected(st); exp != "" {
		msg = "<" + m.Names[sym] + "> where " + exp + " was expected"
	}
	if err := d.Violation(msg, true); err != nil {
		return st, err
	}
	if r := m.Recover[sym]; r >= 0 {
		return int(r), nil
	}
	return st, nil
}

// End checks, at the end of an element decoded from state st, that the
// model of m may end there.
func (d *Decoder) End(m *Model, st int) error {
	if m.Final[st] {
		return nil
	}
	msg := "ends where " + m.expected(st) + " was expected"
	line, col := d.s.ClosedPos()
	if d.strict {
		return &ContentError{Line: line, Col: col, Offset: d.s.closed.off, Path: d.closedPath(), Msg: msg, Drift: true}
	}
	d.record(line, col, d.closedPath(), msg)
	return nil
}

// expected lists the children allowed in state st.
func (m *Model) expected(st int) string {
	var names []string
	for i, n := range m.Next[st] {
		if n >= 0 {
			names = append(names, "<"+m.Names[i]+">")
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return "one of " + strings.Join(names, ", ")
}

// closedPath is the path of the element whose EndElement was just read.
func (d *Decoder) closedPath() string {
	d.path = d.s.AppendPath(d.path[:0])
	if len(d.path) > 0 {
		d.path = append(d.path, '/')
	}
	d.path = append(d.path, d.s.Name()...)
	return string(d.path)
}

// Violation records drift msg at the current token (for the current
// element, or for its parent when parent is set: an unknown child is drift
// of the element that holds it), or returns it as a *ContentError when the
// Decoder is strict.
func (d *Decoder) Violation(msg string, parent bool) error {
	d.path = d.s.AppendPath(d.path[:0])
	if parent && d.s.kind == StartElement {
		if i := bytes.LastIndexByte(d.path, '/'); i >= 0 {
			d.path = d.path[:i]
		}
	}
	if d.strict {
		return &ContentError{Line: d.s.Line(), Col: d.s.Col(), Offset: d.s.Offset(), Path: string(d.path), Msg: msg, Drift: true}
	}
	d.record(d.s.Line(), d.s.Col(), string(d.path), msg)
	return nil
}

func (d *Decoder) record(line, col int, path, msg string) {
	k := driftKey{path, msg}
	if i, ok := d.driftAt[k]; ok {
		d.drift[i].Count++
		return
	}
	if len(d.drift) >= maxDrift {
		d.dropped++
		return
	}
	if d.driftAt == nil {
		d.driftAt = map[driftKey]int{}
	}
	d.driftAt[k] = len(d.drift)
	d.drift = append(d.drift, Drift{Line: line, Col: col, Path: path, Msg: msg, Count: 1})
}

func (d *Decoder) namespace(what string) error {
	return d.errHere(what+": namespaces are not supported", nil)
}

// errHere is a *ContentError at the current token, for the element that
// holds it (the parent of a child's StartElement).
func (d *Decoder) errHere(msg string, err error) error {
	d.path = d.s.AppendPath(d.path[:0])
	if d.s.kind == StartElement && d.s.Depth() > 1 {
		if i := bytes.LastIndexByte(d.path, '/'); i >= 0 {
			d.path = d.path[:i]
		}
	}
	return &ContentError{Line: d.s.Line(), Col: d.s.Col(), Offset: d.s.Offset(), Path: string(d.path), Msg: msg, Err: err}
}

// valueError is a *ContentError for the leaf element just read, at its
// start tag.
func (d *Decoder) valueError(msg string, err error) error {
	line, col := d.s.ClosedPos()
	return &ContentError{Line: line, Col: col, Offset: d.s.closed.off, Path: d.closedPath(), Msg: msg, Err: err}
}

// leafAttrs checks the attributes of a leaf element, which declares none.
func (d *Decoder) leafAttrs() error {
	for _, a := range d.s.Attrs() {
		if err := d.UnknownAttr(a); err != nil {
			return err
		}
	}
	return nil
}

// childInLeaf is LeafText's handler of a child element in text: drift,
// then skipped, as encoding/xml skips it.
func (d *Decoder) childInLeaf() error {
	if err := d.Violation("element <"+string(d.s.Name())+"> in text-only content", true); err != nil {
		return err
	}
	return d.s.SkipElement()
}

// Text reads the text of the leaf element just read by Child: the text
// directly in it, untrimmed (child elements are drift, and skipped). It is
// valid until the next call of a method of the Decoder.
func (d *Decoder) Text() ([]byte, error) {
	if len(d.s.attrs) > 0 {
		if err := d.leafAttrs(); err != nil {
			return nil, err
		}
	}
	return d.s.LeafText(d.childInLeaf)
}

// String reads the text of a leaf element, trimmed of white space.
func (d *Decoder) String() (string, error) {
	t, err := d.Text()
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(t)), nil
}

// Raw reads the text of a leaf element as it is (ANY content).
func (d *Decoder) Raw() (string, error) {
	t, err := d.Text()
	return string(t), err
}

// Int64 reads a leaf element's integer, as encoding/xml does: no text is
// 0; otherwise the text, trimmed, must be a base-10 int64.
func (d *Decoder) Int64() (int64, error) {
	t, err := d.Text()
	if err != nil || len(t) == 0 {
		return 0, err
	}
	n, err := parseInt(t)
	if err != nil {
		return 0, d.valueError(strconv.Quote(string(t))+" is not an integer", err)
	}
	return n, nil
}

// Bool reads a leaf element's flag, as encoding/xml does: no text is
// false; otherwise the trimmed text must be one strconv.ParseBool takes
// (1, 0, true, false, t, f in three cases).
func (d *Decoder) Bool() (bool, error) {
	t, err := d.Text()
	if err != nil || len(t) == 0 {
		return false, err
	}
	b, ok := parseBool(bytes.TrimSpace(t))
	if !ok {
		return false, d.valueError(strconv.Quote(string(t))+" is not a flag (0 or 1)", strconv.ErrSyntax)
	}
	return b, nil
}

// DateTime reads a leaf element's date-time (see DateTime.UnmarshalText).
func (d *Decoder) DateTime() (DateTime, error) {
	var v DateTime
	t, err := d.Text()
	if err != nil {
		return v, err
	}
	if err := v.UnmarshalText(t); err != nil {
		return v, d.valueError(err.Error(), err)
	}
	return v, nil
}

// Empty reads an element that has no content (EMPTY) and no attributes:
// content and attributes are drift.
func (d *Decoder) Empty() error {
	if len(d.s.attrs) > 0 {
		if err := d.leafAttrs(); err != nil {
			return err
		}
	}
	return d.EndEmpty()
}

// EndEmpty reads the rest of an element that has no content (EMPTY),
// after its attributes: content is drift.
func (d *Decoder) EndEmpty() error {
	for {
		k, err := d.s.Next()
		if err != nil {
			return err
		}
		switch k {
		case EndElement:
			return nil
		case Text:
			if err := d.Violation("text in an EMPTY element", false); err != nil {
				return err
			}
		case StartElement:
			if err := d.Violation("element <"+string(d.s.Name())+"> in an EMPTY element", true); err != nil {
				return err
			}
			if err := d.s.SkipElement(); err != nil {
				return err
			}
		}
	}
}

// AttrString is an attribute's value, trimmed.
func (d *Decoder) AttrString(a Attr) string { return string(bytes.TrimSpace(a.Value)) }

// AttrInt64 is an attribute's integer, as encoding/xml reads it: empty is 0.
func (d *Decoder) AttrInt64(a Attr) (int64, error) {
	if len(a.Value) == 0 {
		return 0, nil
	}
	n, err := parseInt(a.Value)
	if err != nil {
		return 0, d.errHere("attribute "+string(a.Name)+": "+strconv.Quote(string(a.Value))+" is not an integer", err)
	}
	return n, nil
}

// AttrBool is an attribute's flag, as encoding/xml reads it: empty is false.
func (d *Decoder) AttrBool(a Attr) (bool, error) {
	if len(a.Value) == 0 {
		return false, nil
	}
	b, ok := parseBool(bytes.TrimSpace(a.Value))
	if !ok {
		return false, d.errHere("attribute "+string(a.Name)+": "+strconv.Quote(string(a.Value))+" is not a flag", strconv.ErrSyntax)
	}
	return b, nil
}

// AttrDateTime is an attribute's date-time.
func (d *Decoder) AttrDateTime(a Attr) (DateTime, error) {
	var v DateTime
	if err := v.UnmarshalText(a.Value); err != nil {
		return v, d.errHere("attribute "+string(a.Name)+": "+err.Error(), err)
	}
	return v, nil
}

// IDSet reads an ID set: <ID> and <ID_RANGE> children, as
// IDSet.UnmarshalXML reads them. With an ID sink set (SetIDSink), each
// entry goes to it and the set returned is empty.
func (d *Decoder) IDSet() (IDSet, error) {
	set := IDSet{}
	err := d.set("ID", "ID_RANGE", func(text []byte, isRange bool) error {
		r, err := parseIDRange(string(text), isRange)
		if err != nil {
			return err
		}
		if d.idSink != nil {
			if err := d.idSink(r); err != nil {
				return errSink{err}
			}
			return nil
		}
		set = append(set, r)
		return nil
	})
	return set, err
}

// IPSet reads an IP set: <IP> and <IP_RANGE> children, as
// IPSet.UnmarshalXML reads them.
func (d *Decoder) IPSet() (IPSet, error) {
	set := IPSet{}
	err := d.set("IP", "IP_RANGE", func(text []byte, isRange bool) error {
		r, err := parseIPRange(string(text), isRange)
		if err != nil {
			return err
		}
		set = append(set, r)
		return nil
	})
	return set, err
}

// errStopped ends a decoding when the consumer of a stream stops.
var errStopped = errors.New("qgenrt: stream stopped")

// Stream decodes a document with decode (a generated Decode method) and
// yields each element of type T as it is read, instead of collecting it:
// the iterator behind the generated Stream methods. Memory then does not
// grow with the number of elements. Each yielded value is new: the
// consumer may keep it. When the consumer stops, decoding stops; an error
// is yielded once, last.
func Stream[T any](d *Decoder, decode func(*Decoder) error) iter.Seq2[*T, error] {
	return sinkSeq(d, decode, func(f func(*T) error) { d.SetSink(f) }, func() { d.SetSink(nil) })
}

// StreamIDs decodes a document with decode and yields the entries of its
// ID sets as they are read; the sets in the decoded value stay empty.
func StreamIDs(d *Decoder, decode func(*Decoder) error) iter.Seq2[IDRange, error] {
	return sinkSeq(d, decode, d.SetIDSink, func() { d.SetIDSink(nil) })
}

// sinkSeq turns a sink into an iterator: set installs the sink that
// yields each value while decode runs, unset removes it.
func sinkSeq[V any](d *Decoder, decode func(*Decoder) error, set func(func(V) error), unset func()) iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		stopped := false
		set(func(v V) error {
			if !yield(v, nil) {
				stopped = true
				return errStopped
			}
			return nil
		})
		defer unset()
		if err := decode(d); err != nil && !stopped {
			var zero V
			yield(zero, err)
		}
	}
}

// errSink marks an error of a sink, which set returns as it is.
type errSink struct{ err error }

func (e errSink) Error() string { return e.err.Error() }

// set reads the children of a set element, each a one or a rng element
// holding text only, and hands their trimmed text to add. Anything else in
// it is an error, as for encoding/xml with the sets' UnmarshalXML.
func (d *Decoder) set(one, rng string, add func(text []byte, isRange bool) error) error {
	if len(d.s.attrs) > 0 {
		if err := d.leafAttrs(); err != nil {
			return err
		}
	}
	parent := string(d.s.Name())
	for {
		k, err := d.s.Next()
		if err != nil {
			return err
		}
		switch k {
		case EndElement:
			return nil
		case Text:
			// Unicode white space, as the sets' UnmarshalXML checks it
			// (bytes.TrimSpace), not only XML's.
			if len(bytes.TrimSpace(d.s.Text())) != 0 {
				return d.errHere("<"+parent+"> holds text outside <"+one+"> and <"+rng+">", nil)
			}
		case StartElement:
			name := d.s.Name()
			isRange := string(name) == rng
			if !isRange && string(name) != one {
				if bytes.IndexByte(name, ':') >= 0 {
					return d.namespace("element <" + string(name) + ">")
				}
				return d.errHere("<"+parent+"> holds <"+string(name)+">; it may hold only <"+one+"> and <"+rng+">", nil)
			}
			if len(d.s.attrs) > 0 {
				if err := d.leafAttrs(); err != nil {
					return err
				}
			}
			entry := one // not name, which reading the text may overwrite
			if isRange {
				entry = rng
			}
			text, err := d.s.LeafText(func() error {
				return d.errHere("<"+entry+"> holds element <"+string(d.s.Name())+">; want text", nil)
			})
			if err != nil {
				return err
			}
			text = bytes.TrimSpace(text)
			if err := add(text, isRange); err != nil {
				if es, ok := err.(errSink); ok {
					return es.err // the sink's own error, as it is
				}
				return d.valueError(strconv.Quote(string(text))+": "+err.Error(), err)
			}
		}
	}
}

// isWhite reports whether b is XML white space only.
func isWhite(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// parseInt is strconv.ParseInt(strings.TrimSpace(s), 10, 64) without the
// string for the common case: ASCII digits, an optional sign.
func parseInt(b []byte) (int64, error) {
	t := b
	for len(t) > 0 && (t[0] == ' ' || t[0] == '\t' || t[0] == '\n' || t[0] == '\r') {
		t = t[1:]
	}
	for len(t) > 0 && (t[len(t)-1] == ' ' || t[len(t)-1] == '\t' || t[len(t)-1] == '\n' || t[len(t)-1] == '\r') {
		t = t[:len(t)-1]
	}
	if n := len(t); n > 0 && n <= 18 {
		var v int64
		i, neg := 0, false
		if t[0] == '-' || t[0] == '+' {
			neg, i = t[0] == '-', 1
		}
		if i < n {
			for ; i < n; i++ {
				c := t[i]
				if c < '0' || c > '9' {
					break
				}
				v = v*10 + int64(c-'0')
			}
			if i == n {
				if neg {
					v = -v
				}
				return v, nil
			}
		}
	}
	return strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
}

// parseBool is strconv.ParseBool on bytes.
func parseBool(b []byte) (bool, bool) {
	switch string(b) {
	case "1", "t", "T", "true", "TRUE", "True":
		return true, true
	case "0", "f", "F", "false", "FALSE", "False":
		return false, true
	}
	return false, false
}
