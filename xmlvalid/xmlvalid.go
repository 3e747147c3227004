// Package xmlvalid checks XML documents against a DTD, as
// "xmllint --noout --nonet --dtdvalid FILE.dtd DOC.xml" does: every element
// declared, children matching the content models, attributes declared and
// with legal values, IDs unique and IDREFs resolved.
//
// The document is read once with encoding/xml, as a stream of tokens: no tree
// is built, so large responses are checked in memory proportional to their
// depth (plus their IDs). A Validator compiles each content model of its DTD
// once, to a deterministic automaton, and can check any number of documents,
// concurrently.
//
// Every problem of a document is reported, each at the start tag, attribute
// or text concerned, except that the first problem that makes the document
// not well-formed XML ends the check (the problems found before it are kept).
// A DOCTYPE in the document is read, never fetched: its name is compared with
// the root element (a mismatch is a warning, because xmllint --dtdvalid
// ignores it), its internal subset is parsed for the entities it declares,
// and the DTD given to the Validator is the one used for validation.
package xmlvalid

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/qgen-project/qgen/internal/xmltext"
	"io"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qgen-project/qgen/dtdparse"
)

// Options adjust one validation.
type Options struct {
	// Root, when set, is the name the document's root element must have.
	// When empty, any element declared in the DTD may be the root, as with
	// xmllint --dtdvalid.
	Root string
}

// Problem is one thing wrong with a document.
type Problem struct {
	// Pos is where the problem is: Line and Column (in characters) are
	// 1-based; Offset is the byte offset in the document's text as UTF-8
	// (the file's own bytes for a UTF-8 file without a byte-order mark).
	Pos lexer.Position
	Msg string
	// Warning marks a remark that does not make the document invalid.
	Warning bool
	// WellFormedness marks a problem that makes the document not well-formed
	// XML (or unreadable): checking stopped there.
	WellFormedness bool
}

// Error formats the problem as "file:line:col: message", with "warning: "
// before the message of a warning.
func (p Problem) Error() string {
	w := ""
	if p.Warning {
		w = "warning: "
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", p.Pos.Filename, p.Pos.Line, p.Pos.Column, w, p.Msg)
}

// String is Error.
func (p Problem) String() string { return p.Error() }

// Valid reports whether problems holds nothing but warnings.
func Valid(problems []Problem) bool {
	for _, p := range problems {
		if !p.Warning {
			return false
		}
	}
	return true
}

// Validator checks documents against one DTD. It is safe for concurrent use.
type Validator struct {
	dtd      *dtdparse.DTD
	elems    map[string]*elemType
	unparsed map[string]bool // unparsed entities, for ENTITY attributes
}

// elemType is what the Validator needs of one declared element.
type elemType struct {
	name  string
	kind  dtdparse.ContentKind
	mixed map[string]bool // the names allowed in Mixed content
	// mixedNames lists them in declaration order, for messages.
	mixedNames []string
	model      *automaton // Children content
	attrs      map[string]*attrDecl
	required   []*attrDecl
}

// attrDecl is a declared attribute with its #FIXED value normalised.
type attrDecl struct {
	*dtdparse.Attribute
	fixed string
}

// New compiles the content models and attribute declarations of d.
func New(d *dtdparse.DTD) *Validator {
	v := &Validator{dtd: d, elems: map[string]*elemType{}, unparsed: map[string]bool{}}
	for _, el := range d.Elements {
		et := &elemType{name: el.Name, kind: el.Content.Kind, attrs: map[string]*attrDecl{}}
		switch et.kind {
		case dtdparse.Mixed:
			et.mixed = map[string]bool{}
			for _, n := range el.Content.Names {
				et.mixed[n] = true
			}
			et.mixedNames = el.Content.Names
		case dtdparse.Children:
			et.model = compile(el.Content.Root)
		}
		for _, a := range el.Attributes {
			if _, dup := et.attrs[a.Name]; dup {
				continue // the first definition is binding
			}
			ad := &attrDecl{Attribute: a}
			if a.Default == dtdparse.Fixed {
				ad.fixed = normalizeSpaces(a.Value)
				if a.Type != dtdparse.CDATA {
					ad.fixed = collapse(ad.fixed)
				}
			}
			et.attrs[a.Name] = ad
			if a.Default == dtdparse.Required {
				et.required = append(et.required, ad)
			}
		}
		v.elems[el.Name] = et
	}
	for _, e := range d.Entities {
		if e.NData != "" {
			v.unparsed[e.Name] = true
		}
	}
	return v
}

// Validate checks doc, the bytes of the file filename, against d. It is
// New(d).Validate: build a Validator to check several documents.
func Validate(filename string, doc []byte, d *dtdparse.DTD, opts Options) []Problem {
	return New(d).Validate(filename, doc, opts)
}

// Validate checks doc, the bytes of the file filename, and returns every
// problem found, in document order. The document is valid when no problem is
// an error (see Valid).
func (v *Validator) Validate(filename string, doc []byte, opts Options) []Problem {
	r := &run{v: v, opts: opts, file: filename, ids: map[string]int{}}
	text, err := xmltext.Decode(doc)
	if err != nil {
		r.text = doc
		r.fatalf(0, "%v", err)
		return r.problems
	}
	r.text = text
	r.check()
	sort.SliceStable(r.problems, func(i, j int) bool { return r.problems[i].Pos.Offset < r.problems[j].Pos.Offset })
	return r.problems
}

// run is the state of one validation.
type run struct {
	v        *Validator
	opts     Options
	file     string
	text     []byte
	dec      *xml.Decoder
	problems []Problem
	fatal    bool
	lines    []int          // line start offsets, built on first use
	lastPos  lexer.Position // the last position computed

	stack []frame

	rootSeen, rootClosed bool
	doctypeSeen          bool
	doctypeName          string
	doctypeNameOff       int

	entityValues map[string]string // internal-subset entities' replacement text
	unsupported  map[string]string // entities that cannot be expanded, and why

	ids    map[string]int // ID value -> offset of its attribute
	idrefs []idref

	nondeterministic map[string]bool // elements already warned about
}

// frame is an open element.
type frame struct {
	name  string
	et    *elemType // nil when undeclared
	start int       // offset of the start tag
	cur   cursor
	prev  string // the last child element
	// failed stops content checks of this element after its first
	// mismatch; reported stops repeated text and EMPTY reports.
	failed, reported bool
}

// idref is an IDREF value waiting for the end of the document.
type idref struct {
	value, attr, elem string
	off               int
}

// check reads the document token by token, checking each as it comes.
func (r *run) check() {
	limit := firstIllegal(r.text)
	r.dec = xml.NewDecoder(bytes.NewReader(r.text[:limit]))
	r.dec.Strict = true
	// The text is UTF-8 by now whatever the declaration says.
	r.dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	for !r.fatal {
		start := int(r.dec.InputOffset())
		tok, err := r.dec.RawToken()
		end := int(r.dec.InputOffset())
		if err != nil {
			r.stop(err, start, end, limit)
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.startElement(t, start, end)
		case xml.EndElement:
			r.endElement(t, start, end)
		case xml.CharData:
			r.charData(t, start, end)
		case xml.Comment:
			r.misc(start, "a comment")
		case xml.ProcInst:
			r.procInst(t, start)
		case xml.Directive:
			r.directive(start, end)
		}
	}
}

// stop handles the end of the token stream: the end of the document, a
// syntax error, or the first illegal character at limit. start is where the
// token being read began, off where reading stopped.
func (r *run) stop(err error, start, off, limit int) {
	if limit < len(r.text) && off >= limit {
		r.fatalf(limit, "%s", illegalMessage(r.text[limit:]))
		return
	}
	if err != io.EOF {
		msg := err.Error()
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			msg = se.Msg
			if name, ok := twoColons(r.text[start:off]); ok && strings.HasPrefix(msg, "expected element name after <") {
				msg = "element name " + name + " has more than one colon, which encoding/xml, and so qgen validate, cannot read"
				off = start + strings.Index(string(r.text[start:off]), name)
			}
			if name, ok := strings.CutPrefix(msg, "invalid character entity &"); ok {
				name = strings.TrimSuffix(name, ";")
				if why, ok := r.unsupported[name]; ok {
					msg = "cannot expand entity &" + name + "; declared in the internal subset: " + why
				}
			}
		}
		r.fatalf(off, "%s", strings.TrimPrefix(msg, "xml: "))
		return
	}
	if n := len(r.stack); n > 0 {
		top := r.stack[n-1]
		r.fatalf(off, "the document ends inside element %s (opened at line %d)", top.name, r.pos(top.start).Line)
		return
	}
	if !r.rootSeen {
		r.fatalf(off, "the document has no root element")
		return
	}
	for _, ref := range r.idrefs {
		if _, ok := r.ids[ref.value]; !ok {
			r.errorf(ref.off, "attribute %s of %s: IDREF %q does not match any ID in the document", ref.attr, ref.elem, ref.value)
		}
	}
}

// startElement checks a start tag: its place in the parent's content, its
// declaration and its attributes; then the element is open.
func (r *run) startElement(t xml.StartElement, start, end int) {
	name := fullName(t.Name)
	if len(r.stack) == 0 {
		if r.rootSeen {
			r.fatalf(start, "extra element <%s> after the root element: a document has one root", name)
			return
		}
		r.rootSeen = true
		if r.opts.Root != "" && name != r.opts.Root {
			r.errorf(start, "root element is %s, expected %s", name, r.opts.Root)
		}
		if r.doctypeSeen && r.doctypeName != name {
			r.warnf(r.doctypeNameOff, "DOCTYPE names %s, but the root element is %s", r.doctypeName, name)
		}
	} else {
		r.child(&r.stack[len(r.stack)-1], name, start)
	}
	et := r.v.elems[name]
	if et == nil {
		r.errorf(start, "element %s is not declared", name)
	} else if et.model != nil && !et.model.deterministic && !r.nondeterministic[name] {
		if r.nondeterministic == nil {
			r.nondeterministic = map[string]bool{}
		}
		r.nondeterministic[name] = true
		r.warnf(start, "the content model of element %s is not deterministic (XML 1.0 requires it to be, appendix E); it is matched anyway", name)
	}
	if len(t.Attr) > 0 || (et != nil && len(et.required) > 0) {
		r.attributes(et, name, t.Attr, start, end)
		if r.fatal {
			return
		}
	}
	f := frame{name: name, et: et, start: start}
	if et != nil && et.model != nil {
		f.cur = et.model.start()
	}
	r.stack = append(r.stack, f)
}

// child checks a child element named name of the open element f.
func (r *run) child(f *frame, name string, off int) {
	if f.et == nil {
		return
	}
	switch f.et.kind {
	case dtdparse.Empty:
		r.emptyContent(f, off, "element "+name)
	case dtdparse.Mixed:
		if !f.et.mixed[name] {
			if len(f.et.mixedNames) == 0 {
				r.errorf(off, "element %s may contain only text, found %s", f.name, name)
			} else {
				r.errorf(off, "element %s may contain only text, %s, found %s", f.name, orList(cut(f.et.mixedNames)), name)
			}
		}
	case dtdparse.Children:
		if f.failed {
			return
		}
		m := f.et.model
		if !m.step(&f.cur, name) {
			f.failed = true
			exp := cut(m.expected(f.cur))
			if m.accepting(f.cur) {
				exp = append(exp, "end of content")
			}
			where := "as first child"
			if f.prev != "" {
				where = "after " + f.prev
			}
			r.errorf(off, "element %s: expected %s %s, found %s", f.name, orList(exp), where, name)
		}
		f.prev = name
	}
}

// endElement checks that an end tag closes the open element and that the
// element's content is complete.
func (r *run) endElement(t xml.EndElement, start, end int) {
	name := fullName(t.Name)
	n := len(r.stack)
	if n == 0 {
		r.fatalf(start, "end tag </%s> without a start tag", name)
		return
	}
	f := &r.stack[n-1]
	if f.name != name {
		r.fatalf(start, "element <%s> (line %d) closed by </%s>", f.name, r.pos(f.start).Line, name)
		return
	}
	off := start
	if start == end { // the end half of <name/>
		off = f.start
	}
	if f.et != nil && f.et.model != nil && !f.failed && !f.et.model.accepting(f.cur) {
		after := ""
		if f.prev != "" {
			after = " after " + f.prev
		}
		r.errorf(off, "element %s: content ended too early%s, expected %s", f.name, after, orList(cut(f.et.model.expected(f.cur))))
	}
	r.stack = r.stack[:n-1]
	if n == 1 {
		r.rootClosed = true
	}
}

// charData checks text (a CDATA section is one token of its own): only white
// space outside the root element, none in EMPTY elements, and in element
// content only white space outside CDATA sections.
func (r *run) charData(t xml.CharData, start, end int) {
	raw := r.text[start:end]
	cdata := bytes.HasPrefix(raw, []byte("<![CDATA["))
	if len(r.stack) == 0 {
		// Only white space, literally, may surround the root element.
		if cdata || !isSpaceBytes(raw) {
			where := "before"
			if r.rootClosed {
				where = "after"
			}
			r.fatalf(start+firstNonSpace(raw), "text is not allowed %s the root element", where)
		}
		return
	}
	if !cdata {
		if j := badCharRef(raw); j >= 0 {
			r.fatalf(start+j, "%s", badCharRefMessage(raw[j:]))
			return
		}
	}
	f := &r.stack[len(r.stack)-1]
	if f.et == nil {
		return
	}
	space := isSpaceBytes(t)
	off := start
	if !cdata && !space {
		off += firstNonSpace(raw)
	}
	switch f.et.kind {
	case dtdparse.Empty:
		what := "text"
		if space && !cdata {
			what = "white space"
		}
		r.emptyContent(f, off, what)
	case dtdparse.Children:
		// White space, including character references to it, may separate
		// children; a CDATA section is text even when blank (as in libxml2).
		if (cdata || !space) && !f.reported {
			f.reported = true
			if space {
				r.errorf(off, "element %s may not contain text, not even a blank CDATA section", f.name)
			} else {
				r.errorf(off, "element %s may not contain text", f.name)
			}
		}
	}
}

// misc handles a comment or processing instruction: content that only an
// EMPTY element may not hold.
func (r *run) misc(off int, what string) {
	if n := len(r.stack); n > 0 {
		if f := &r.stack[n-1]; f.et != nil && f.et.kind == dtdparse.Empty {
			r.emptyContent(f, off, what)
		}
	}
}

// procInst checks a processing instruction; the XML declaration is one.
func (r *run) procInst(t xml.ProcInst, start int) {
	switch {
	case t.Target == "xml":
		if start != 0 {
			r.fatalf(start, "the XML declaration <?xml ...?> is allowed only at the very start of the document")
			return
		}
		if !xmlDeclVersion.Match(t.Inst) {
			r.fatalf(start, `the XML declaration must start with version="1.0"`)
		}
		return
	case strings.EqualFold(t.Target, "xml"):
		r.fatalf(start, "processing instruction target %s is reserved", t.Target)
		return
	}
	r.misc(start, "a processing instruction")
}

// emptyContent reports the first content of an EMPTY element.
func (r *run) emptyContent(f *frame, off int, what string) {
	if f.reported {
		return
	}
	f.reported = true
	r.errorf(off, "element %s is declared EMPTY but contains %s", f.name, what)
}

// errorf reports a validity error at offset off.
func (r *run) errorf(off int, format string, args ...any) {
	r.problems = append(r.problems, Problem{Pos: r.pos(off), Msg: fmt.Sprintf(format, args...)})
}

// warnf reports a warning at offset off.
func (r *run) warnf(off int, format string, args ...any) {
	r.problems = append(r.problems, Problem{Pos: r.pos(off), Msg: fmt.Sprintf(format, args...), Warning: true})
}

// fatalf reports a well-formedness problem and stops the check.
func (r *run) fatalf(off int, format string, args ...any) {
	r.problems = append(r.problems, Problem{Pos: r.pos(off), Msg: "not well-formed: " + fmt.Sprintf(format, args...), WellFormedness: true})
	r.fatal = true
}

// twoColons returns the name of the tag that starts tok when it has more than
// one colon: XML names may, encoding/xml's may not.
func twoColons(tok []byte) (string, bool) {
	s := strings.TrimPrefix(strings.TrimPrefix(string(tok), "<"), "/")
	if i := strings.IndexAny(s, " \t\r\n/>"); i >= 0 {
		s = s[:i]
	}
	return s, strings.Count(s, ":") > 1 && xmltext.IsName(s)
}

// fullName is the name as written, prefix included: DTD validation knows
// nothing of namespaces.
func fullName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// cut shortens a long list of names for a message: the first ten, the last
// of them followed by "(and N more)".
func cut(names []string) []string {
	const keep = 10
	if len(names) <= keep+2 {
		return names
	}
	out := append([]string(nil), names[:keep]...)
	out[keep-1] += fmt.Sprintf(" (and %d more)", len(names)-keep)
	return out
}

// orList renders names as "A", "A or B", "A, B or C".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
