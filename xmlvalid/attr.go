package xmlvalid

import (
	"bytes"
	"encoding/xml"
	"github.com/qgen-project/qgen/internal/xmltext"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/qgen-project/qgen/dtdparse"
)

// rawAttr is one attribute of a start tag as written.
type rawAttr struct {
	name  string
	off   int    // offset of the name in the text
	raw   []byte // the value between the quotes, as written
	value string // the value as encoding/xml decoded it
}

// lexAttrs reads the attributes of tag, a start tag that encoding/xml has
// accepted, which starts at offset base of the text. badSep is the offset of
// the first attribute not separated from the previous one by white space
// (which encoding/xml lets through), or -1.
func lexAttrs(tag []byte, base int) (attrs []rawAttr, badSep int) {
	badSep = -1
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++
	}
	for {
		j := skipSpace(tag, i)
		if j >= len(tag) || tag[j] == '/' || tag[j] == '>' {
			return attrs, badSep
		}
		if j == i && badSep < 0 {
			badSep = base + j
		}
		i = j
		for i < len(tag) && !isSpace(tag[i]) && tag[i] != '=' {
			i++
		}
		a := rawAttr{name: string(tag[j:i]), off: base + j}
		i = skipSpace(tag, i)
		if i >= len(tag) || tag[i] != '=' {
			return nil, -1
		}
		i = skipSpace(tag, i+1)
		if i >= len(tag) || tag[i] != '"' && tag[i] != '\'' {
			return nil, -1
		}
		q := bytes.IndexByte(tag[i+1:], tag[i])
		if q < 0 {
			return nil, -1
		}
		a.raw = tag[i+1 : i+1+q]
		i += q + 2
		attrs = append(attrs, a)
	}
}

// attributes checks the attributes of a start tag (of an undeclared element
// when et is nil: then only well-formedness is checked).
func (r *run) attributes(et *elemType, name string, attrs []xml.Attr, start, end int) {
	ras, badSep := lexAttrs(r.text[start:end], start)
	if len(ras) != len(attrs) {
		// Cannot happen for a tag encoding/xml accepted; keep its view.
		ras, badSep = make([]rawAttr, len(attrs)), -1
		for i, a := range attrs {
			ras[i] = rawAttr{name: fullName(a.Name), off: start, raw: []byte(a.Value)}
		}
	}
	if badSep >= 0 {
		r.fatalf(badSep, "attributes of <%s> must be separated by white space", name)
		return
	}
	for i := range ras {
		ras[i].value = attrs[i].Value
		if j := badCharRef(ras[i].raw); j >= 0 {
			r.fatalf(ras[i].off, "attribute %s: %s", ras[i].name, badCharRefMessage(ras[i].raw[j:]))
			return
		}
	}
	if len(ras) > 1 {
		seen := make(map[string]bool, len(ras))
		for _, a := range ras {
			if seen[a.name] {
				r.fatalf(a.off, "attribute %s appears twice in <%s>", a.name, name)
				return
			}
			seen[a.name] = true
		}
	}
	if et == nil {
		return
	}
	for _, a := range ras {
		r.attribute(et, a)
	}
	for _, d := range et.required {
		found := false
		for _, a := range ras {
			if a.name == d.Name {
				found = true
				break
			}
		}
		if !found {
			r.errorf(start, "element %s: required attribute %s is missing", name, d.Name)
		}
	}
}

// attribute checks one attribute against its declaration.
func (r *run) attribute(et *elemType, a rawAttr) {
	d := et.attrs[a.name]
	if d == nil {
		r.errorf(a.off, "attribute %s of %s is not declared", a.name, et.name)
		return
	}
	v := a.value
	if bytes.ContainsAny(a.raw, "&\t\n\r") {
		var b strings.Builder
		r.expand(&b, a.raw, 0, true)
		v = b.String()
	}
	if d.Type != dtdparse.CDATA {
		v = collapse(v)
	}
	bad := func(what string) {
		r.errorf(a.off, "attribute %s of %s: value %q is not %s (%s)", a.name, et.name, v, what, d.Type)
	}
	switch d.Type {
	case dtdparse.ID:
		if !xmltext.IsName(v) {
			bad("an XML name")
		} else if prev, dup := r.ids[v]; dup {
			r.errorf(a.off, "attribute %s of %s: ID %q is already used at line %d", a.name, et.name, v, r.pos(prev).Line)
		} else {
			r.ids[v] = a.off
		}
	case dtdparse.IDREF:
		if !xmltext.IsName(v) {
			bad("an XML name")
		} else {
			r.idrefs = append(r.idrefs, idref{value: v, attr: a.name, elem: et.name, off: a.off})
		}
	case dtdparse.IDREFS:
		if !isList(v, xmltext.IsName) {
			bad("a list of XML names")
		} else {
			for _, n := range strings.Split(v, " ") {
				r.idrefs = append(r.idrefs, idref{value: n, attr: a.name, elem: et.name, off: a.off})
			}
		}
	case dtdparse.ENTITY, dtdparse.ENTITIES:
		if d.Type == dtdparse.ENTITY && !xmltext.IsName(v) {
			bad("an XML name")
			break
		}
		if d.Type == dtdparse.ENTITIES && !isList(v, xmltext.IsName) {
			bad("a list of XML names")
			break
		}
		for _, n := range strings.Split(v, " ") {
			if !r.v.unparsed[n] {
				r.errorf(a.off, "attribute %s of %s: %q is not an unparsed entity declared in the DTD", a.name, et.name, n)
			}
		}
	case dtdparse.NMTOKEN:
		if !xmltext.IsNmtoken(v) {
			bad("a name token")
		}
	case dtdparse.NMTOKENS:
		if !isList(v, xmltext.IsNmtoken) {
			bad("a list of name tokens")
		}
	case dtdparse.Enumeration, dtdparse.NOTATION:
		found := false
		for _, x := range d.Values {
			if x == v {
				found = true
				break
			}
		}
		if !found {
			r.errorf(a.off, "attribute %s of %s: value %q is not one of %s", a.name, et.name, v, d.TypeString())
		}
	}
	if d.Default == dtdparse.Fixed && v != d.fixed {
		r.errorf(a.off, "attribute %s of %s: value %q differs from the #FIXED value %q", a.name, et.name, v, d.fixed)
	}
}

// Limits on the expansion of internal-subset entities.
const (
	maxEntityDepth = 16
	maxEntityText  = 1 << 16
)

// expand writes s with its references replaced: character references by
// their character, predefined and internal-subset entities by their
// replacement text, expanded in turn. With attr set it applies attribute-value
// normalisation (XML 1.0 section 3.3.3): each white-space character written
// literally becomes a space. It reports false when s holds markup ('<') or a
// reference that cannot be expanded, or the text grows past maxEntityText.
func (r *run) expand(b *strings.Builder, s []byte, depth int, attr bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case attr && (c == '\t' || c == '\n'):
			b.WriteByte(' ')
		case attr && c == '\r':
			b.WriteByte(' ')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '<' && !attr:
			return false
		case c == '&':
			j := bytes.IndexByte(s[i:], ';')
			if j < 0 {
				return false
			}
			ref := string(s[i+1 : i+j])
			i += j
			if rn, ok := charRef(ref); ok {
				b.WriteRune(rn)
				continue
			}
			if v, ok := predefined[ref]; ok {
				b.WriteByte(v)
				continue
			}
			v, ok := r.entityValues[ref]
			if !ok || depth >= maxEntityDepth || !r.expand(b, []byte(v), depth+1, attr) {
				return false
			}
		default:
			b.WriteByte(c)
		}
		if b.Len() > maxEntityText {
			return false
		}
	}
	return true
}

var predefined = map[string]byte{"lt": '<', "gt": '>', "amp": '&', "apos": '\'', "quot": '"'}

// charRef decodes the reference name "#123" or "#x7B" to a legal character.
func charRef(ref string) (rune, bool) {
	if !strings.HasPrefix(ref, "#") {
		return 0, false
	}
	var n uint64
	var err error
	if strings.HasPrefix(ref, "#x") {
		n, err = strconv.ParseUint(ref[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(ref[1:], 10, 32)
	}
	if err != nil || n > utf8.MaxRune || !xmltext.IsChar(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// badCharRef returns the index in raw text (outside CDATA sections) of the
// first character reference to a character XML does not allow, or -1.
// encoding/xml turns references to surrogates (&#xD800;) into U+FFFD
// instead of rejecting them.
func badCharRef(raw []byte) int {
	for i := 0; ; {
		j := bytes.Index(raw[i:], []byte("&#"))
		if j < 0 {
			return -1
		}
		i += j
		k := bytes.IndexByte(raw[i:], ';')
		if k < 0 {
			return -1
		}
		if _, ok := charRef(string(raw[i+1 : i+k])); !ok {
			return i
		}
		i += k
	}
}

// badCharRefMessage describes the reference at the start of ref.
func badCharRefMessage(ref []byte) string {
	return "character reference " + string(ref[:bytes.IndexByte(ref, ';')+1]) + " is to a character XML does not allow"
}

// normalizeSpaces replaces each white-space character by a space.
func normalizeSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// collapse applies the extra normalisation of non-CDATA attributes: leading
// and trailing spaces removed, runs of spaces made one.
func collapse(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }), " ")
}

// isList reports whether s is one or more items separated by single spaces,
// each satisfying ok.
func isList(s string, ok func(string) bool) bool {
	for _, item := range strings.Split(s, " ") {
		if !ok(item) {
			return false
		}
	}
	return true
}
