package xmlvalid

import (
	"bytes"
	"errors"
	"github.com/qgen-project/qgen/internal/xmltext"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qgen-project/qgen/dtdparse"
)

// directive handles <!...> markup outside comments and CDATA sections: only
// one <!DOCTYPE ...>, before the root element, is allowed in a document.
func (r *run) directive(start, end int) {
	raw := r.text[start:end]
	if !bytes.HasPrefix(raw, []byte("<!DOCTYPE")) {
		r.fatalf(start, "markup declaration %s is allowed only in a DTD", abbreviate(raw))
		return
	}
	if r.rootSeen || r.doctypeSeen {
		r.fatalf(start, "<!DOCTYPE ...> may appear only once, before the root element")
		return
	}
	r.doctypeSeen = true
	// doctypedecl ::= '<!DOCTYPE' S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'
	p := len("<!DOCTYPE")
	if p >= len(raw) || !isSpace(raw[p]) {
		r.fatalf(start+p, "expected white space and the root element name after <!DOCTYPE")
		return
	}
	p = skipSpace(raw, p)
	ns := p
	for p < len(raw) && !isSpace(raw[p]) && raw[p] != '[' && raw[p] != '>' {
		p++
	}
	name := string(raw[ns:p])
	if !xmltext.IsName(name) {
		r.fatalf(start+ns, "expected the root element name after <!DOCTYPE")
		return
	}
	r.doctypeName, r.doctypeNameOff = name, start+ns
	q := skipSpace(raw, p)
	for _, kw := range []string{"SYSTEM", "PUBLIC"} {
		if q == p || !bytes.HasPrefix(raw[q:], []byte(kw)) {
			continue
		}
		q += len(kw)
		literals := 1
		if kw == "PUBLIC" {
			literals = 2
		}
		for k := 0; k < literals; k++ {
			if q >= len(raw) || !isSpace(raw[q]) {
				r.fatalf(start+q, "expected white space and a quoted literal after %s in <!DOCTYPE>", kw)
				return
			}
			q = skipSpace(raw, q)
			if q >= len(raw) || raw[q] != '"' && raw[q] != '\'' {
				r.fatalf(start+q, "expected a quoted literal after %s in <!DOCTYPE>", kw)
				return
			}
			close := bytes.IndexByte(raw[q+1:], raw[q])
			if close < 0 {
				r.fatalf(start+q, "unterminated literal in <!DOCTYPE>")
				return
			}
			q += close + 2
		}
		q = skipSpace(raw, q)
		break
	}
	last := len(raw) - 1 // the closing '>'
	if q < last && raw[q] == '[' {
		k := last - 1
		for k > q && isSpace(raw[k]) {
			k--
		}
		if k <= q || raw[k] != ']' {
			r.fatalf(start+k+1, "expected ']' to end the internal subset of <!DOCTYPE>")
			return
		}
		r.internalSubset(start+q+1, raw[q+1:k])
		return
	}
	if q != last {
		r.fatalf(start+q, "unexpected %s in <!DOCTYPE>", abbreviate(raw[q:last]))
	}
}

// internalSubset parses the internal subset, which starts at offset off, for
// its entities. Its declarations are not used for validation (xmllint
// --dtdvalid does not use them either): the Validator's DTD is.
func (r *run) internalSubset(off int, sub []byte) {
	d, err := dtdparse.Parse(r.file, sub)
	if err != nil {
		var list dtdparse.ErrorList
		if !errors.As(err, &list) {
			r.fatalf(off, "internal subset: %v", err)
			return
		}
		wf := list.WellFormedness()
		for _, e := range wf {
			r.problems = append(r.problems, Problem{Pos: r.subsetPos(off, e.Pos), Msg: "not well-formed: internal subset: " + e.Msg, WellFormedness: true})
		}
		if len(wf) > 0 {
			r.fatal = true
			return
		}
	}
	if len(d.Elements) > 0 || len(d.AttLists) > 0 {
		r.warnf(off, "the element and attribute declarations of the internal subset are not used: documents are validated against the DTD given")
	}
	r.entityValues = map[string]string{}
	r.unsupported = map[string]string{}
	var names []string
	for _, e := range d.Entities {
		if _, dup := r.entityValues[e.Name]; dup || r.unsupported[e.Name] != "" {
			continue // the first declaration is binding
		}
		switch {
		case e.NData != "":
			r.unsupported[e.Name] = "it is an unparsed entity, which content may not reference"
		case e.External():
			r.unsupported[e.Name] = "it is an external entity, and qgen validate never fetches anything"
		default:
			r.entityValues[e.Name] = e.Value
			names = append(names, e.Name)
		}
	}
	r.dec.Entity = map[string]string{}
	for _, n := range names {
		var b strings.Builder
		if r.expand(&b, []byte(r.entityValues[n]), 0, false) {
			r.dec.Entity[n] = b.String()
		} else {
			r.unsupported[n] = "its replacement text holds markup, or references that do not expand to text, which qgen validate does not support"
		}
	}
	// encoding/xml expands references without limit: bound the text they
	// can add (the "billion laughs" attack) before reading on.
	if r.expansion(off+len(sub)) > maxExpansion {
		r.fatalf(off, "the references to the internal subset's entities would expand to more than %d MiB of text", maxExpansion>>20)
	}
}

// maxExpansion bounds the text that entity references may add to a document.
const maxExpansion = 64 << 20

// expansion adds up the replacement text of the references to entities of
// r.dec.Entity after offset from, stopping past maxExpansion (references in
// comments and CDATA sections count too, which errs on the safe side).
func (r *run) expansion(from int) int {
	total := 0
	text := r.text[from:]
	for {
		i := bytes.IndexByte(text, '&')
		if i < 0 {
			return total
		}
		text = text[i+1:]
		j := bytes.IndexByte(text, ';')
		if j < 0 {
			return total
		}
		if j <= 64 {
			total += len(r.dec.Entity[string(text[:j])])
		}
		if total > maxExpansion {
			return total
		}
	}
}

// subsetPos maps a position in the internal subset, which starts at offset
// off of the document, to a position in the document.
func (r *run) subsetPos(off int, p lexer.Position) lexer.Position {
	base := r.pos(off)
	line, col := base.Line+p.Line-1, p.Column
	if p.Line <= 1 {
		line, col = base.Line, base.Column+p.Column-1
	}
	return r.pos(r.offsetAt(line, col))
}

// abbreviate quotes the start of b for a message.
func abbreviate(b []byte) string {
	s := string(b)
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
