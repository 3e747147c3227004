package dtdparse

import (
	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/internal/xmltext"

	"fmt"
	"regexp"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Parse parses src, the bytes of the DTD file filename, as an external subset.
//
// It returns the resolved DTD and, when the file has errors, an ErrorList of
// every error found (errors in one declaration do not hide the next). The DTD
// is returned even then, holding what could be read. Warnings and remarks are
// in DTD.Diagnostics.
func Parse(filename string, src []byte) (*DTD, error) {
	text, err := decode(filename, src)
	if err != nil {
		return nil, err
	}
	p := &parser{
		filename: filename,
		text:     text,
		dtd:      &DTD{Filename: filename, elements: map[string]*Element{}},
		pes:      map[string]*Entity{},
		ges:      map[string]*Entity{},
		active:   map[string]bool{},
		used:     map[string]bool{},
	}
	p.push(&frame{sc: newScanner(filename, text, lexer.Position{Filename: filename, Line: 1, Column: 1})})
	p.subset(nil)
	p.check()
	var errs ErrorList
	lines := diag.LineStarts(text)
	for _, d := range p.diags {
		if d.Source == "" && d.Pos.Line > 0 && d.Pos.Line <= len(lines) {
			d.Source = diag.LineAt(text, lines, d.Pos.Line)
		}
		if d.Severity == Error {
			errs = append(errs, d)
		} else {
			p.dtd.Diagnostics = append(p.dtd.Diagnostics, d)
		}
	}
	diag.Sort(errs)
	diag.Sort(p.dtd.Diagnostics)
	if len(errs) > 0 {
		return p.dtd, errs
	}
	return p.dtd, nil
}

// frame is one source of tokens: the file, or the replacement text of a
// parameter entity.
type frame struct {
	sc *scanner
	// entity is the name of the parameter entity whose text this is.
	entity string
	// inline frames were pushed for a reference inside a declaration; they
	// end with the padding space XML adds around the replacement text.
	inline bool
	// ref is the position of the reference that pushed the frame.
	ref lexer.Position
}

type parser struct {
	filename string
	text     string
	dtd      *DTD
	diags    []*Diagnostic

	frames []*frame
	back   *lexer.Token // one token pushed back

	pes, ges map[string]*Entity
	// active holds the parameter entities being expanded, against recursion.
	active map[string]bool
	// used holds the entities referenced anywhere (PEs as %name;, general
	// entities as &name;), for the report of unused declarations.
	used map[string]bool
	// pending holds the comments read since the last declaration.
	pending []*Comment
	// expanded counts the bytes of replacement text pushed, against
	// entity-expansion bombs.
	expanded int
	// sawToken is set once the first token of the file has been read, after
	// which a text declaration is out of place.
	sawToken bool
}

func (p *parser) push(f *frame) {
	p.frames = append(p.frames, f)
	if f.entity != "" {
		p.active[f.entity] = true
	}
}

func (p *parser) pop() *frame {
	f := p.frames[len(p.frames)-1]
	p.frames = p.frames[:len(p.frames)-1]
	if f.entity != "" {
		delete(p.active, f.entity)
	}
	return f
}

func (p *parser) top() *frame { return p.frames[len(p.frames)-1] }

// via describes the entity expansions that led to the current frame.
func (p *parser) via() []string {
	var v []string
	for i := len(p.frames) - 1; i > 0; i-- {
		f := p.frames[i]
		v = append(v, fmt.Sprintf("the replacement text of %%%s; referenced at %d:%d", f.entity, f.ref.Line, f.ref.Column))
	}
	return v
}

func (p *parser) report(sev Severity, pos lexer.Position, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Severity: sev, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	if pos.Filename == p.filename && len(p.frames) > 1 {
		d.Via = p.via()
	}
	p.diags = append(p.diags, d)
	return d
}

func (p *parser) errorf(pos lexer.Position, format string, args ...any) {
	p.report(Error, pos, format, args...)
}

// read returns the next token. Lexical errors are recorded and skipped. When
// an inline frame ends it is popped and a space stands for the padding XML
// adds after replacement text; other frames end with EOF.
func (p *parser) read() lexer.Token {
	if p.back != nil {
		t := *p.back
		p.back = nil
		return t
	}
	for {
		f := p.top()
		tok, d := f.sc.next()
		if d != nil {
			if len(p.frames) > 1 {
				d.Via = p.via()
			}
			p.diags = append(p.diags, d)
			continue
		}
		if tok.Type == lexer.EOF && f.inline {
			p.pop()
			return lexer.Token{Type: TokS, Value: " ", Pos: f.ref}
		}
		return tok
	}
}

func (p *parser) unread(t lexer.Token) { p.back = &t }

// subset reads declarations until the current frame ends or, inside a
// conditional section (cond != nil), until ]]>. It reports whether ]]> was
// found.
func (p *parser) subset(cond *lexer.Position) bool {
	for {
		tok := p.read()
		first := !p.sawToken && len(p.frames) == 1
		if tok.Type != lexer.EOF {
			p.sawToken = true
		}
		switch tok.Type {
		case lexer.EOF:
			return false
		case TokS:
		case TokComment:
			c := &Comment{Text: tok.Value[4 : len(tok.Value)-3], Pos: tok.Pos}
			p.dtd.Comments = append(p.dtd.Comments, c)
			p.pending = append(p.pending, c)
		case TokPI:
			p.pi(tok, first)
		case TokPERef:
			p.betweenRef(tok)
		case TokDeclOpen:
			p.declaration(tok)
			p.pending = nil
		case TokCondOpen:
			p.conditional(tok)
		case TokCondClose:
			if cond != nil {
				return true
			}
			p.errorf(tok.Pos, "']]>' closes no conditional section")
		default:
			hint := ""
			if tok.Type == TokName && strings.Trim(tok.Value, ".") == "" {
				hint = " (an elision: declarations are missing here, the DTD text is incomplete)"
			}
			p.errorf(tok.Pos, "expected a markup declaration, comment, processing instruction, parameter-entity reference or conditional section, found %s%s", describeToken(tok), hint)
			p.skipToMarkup()
		}
	}
}

// skipToMarkup moves to the next token that can start something at the top
// level, so that one stray token gives one error.
func (p *parser) skipToMarkup() {
	for {
		tok := p.read()
		switch tok.Type {
		case lexer.EOF, TokDeclOpen, TokCondOpen, TokCondClose, TokComment, TokPI, TokPERef:
			p.unread(tok)
			return
		}
	}
}

var (
	piTarget = regexp.MustCompile(`^<\?([^ \t\n?]*)([ \t\n]|\?>)`)
	textDecl = regexp.MustCompile(`^<\?xml(?:[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.[0-9]+"|'1\.[0-9]+'))?[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*')[ \t\n]*\?>$`)
)

// pi checks a processing instruction, or the text declaration when first.
func (p *parser) pi(tok lexer.Token, first bool) {
	m := piTarget.FindStringSubmatch(tok.Value)
	if m == nil || !xmltext.IsName(m[1]) {
		p.errorf(tok.Pos, "expected a processing-instruction target name after '<?', then white space or '?>'")
		return
	}
	target := m[1]
	if strings.EqualFold(target, "xml") {
		switch {
		case target != "xml":
			p.errorf(tok.Pos, "the processing-instruction target %q is reserved", target)
		case !first:
			p.errorf(tok.Pos, "a text declaration (<?xml ...?>) may appear only at the very start of the DTD")
		case !textDecl.MatchString(tok.Value):
			p.errorf(tok.Pos, "malformed text declaration: expected <?xml [version=\"1.x\"] encoding=\"NAME\"?> (the encoding is required, in that order)")
		}
		return
	}
	data := strings.TrimLeft(tok.Value[2+len(target):len(tok.Value)-2], " \t\n")
	p.dtd.PIs = append(p.dtd.PIs, &PI{Target: target, Data: data, Pos: tok.Pos})
}

// lookupPE resolves a reference %name; and reports what stops its expansion.
func (p *parser) lookupPE(tok lexer.Token) (*Entity, bool) {
	name := tok.Value[1 : len(tok.Value)-1]
	e := p.pes[name]
	p.used["%"+name] = true
	switch {
	case e == nil:
		p.errorf(tok.Pos, "reference to undeclared parameter entity %s (a parameter entity must be declared before it is used)", tok.Value)
	case e.external:
		p.report(Warning, tok.Pos, "parameter entity %s is external (SYSTEM %q) and is not loaded; what it declares is skipped", tok.Value, e.SystemID)
	case p.active[name]:
		p.errorf(tok.Pos, "recursive reference to parameter entity %s", tok.Value)
	case p.expanded+len(e.Value) > maxExpansion:
		p.errorf(tok.Pos, "expanding %s would take the file's parameter-entity expansion over %d MiB; stopping", tok.Value, maxExpansion>>20)
		p.expanded = maxExpansion + 1
	default:
		p.expanded += len(e.Value)
		return e, true
	}
	return e, false
}

// Limits against entity-expansion bombs: the replacement text of one entity,
// and all replacement text a file may expand in total.
const (
	maxEntityValue = 1 << 20
	maxExpansion   = 16 << 20
)

func (p *parser) entityFrame(e *Entity, ref lexer.Position, inline bool) *frame {
	start := e.valuePos
	sc := newScanner(p.filename, e.Value, start)
	if !e.mapped {
		sc.pos = ref
		sc.pinned = true
	}
	return &frame{sc: sc, entity: e.Name, inline: inline, ref: ref}
}

// betweenRef expands a reference between declarations: its replacement text
// must hold whole declarations.
func (p *parser) betweenRef(tok lexer.Token) {
	e, ok := p.lookupPE(tok)
	if !ok {
		return
	}
	depth := len(p.frames)
	p.push(p.entityFrame(e, tok.Pos, false))
	p.subset(nil)
	for len(p.frames) > depth {
		p.pop()
	}
	p.back = nil
}

// declaration collects the tokens of one markup declaration, expanding
// parameter-entity references, and parses them.
func (p *parser) declaration(open lexer.Token) {
	reported := len(p.diags)
	toks := []lexer.Token{open}
	depth := len(p.frames)
	skip := false
	end := open.Pos
	for {
		tok := p.read()
		end = tok.Pos
		if tok.Type == lexer.EOF {
			if len(p.frames) > 1 && len(p.frames) == depth {
				p.errorf(open.Pos, "%s is not closed within the replacement text of %%%s; (a parameter entity between declarations must hold whole declarations)", open.Value, p.top().entity)
				return
			}
			p.unread(tok)
			break
		}
		if tok.Type == TokPERef {
			e, ok := p.lookupPE(tok)
			if !ok {
				skip = true
				continue
			}
			p.push(p.entityFrame(e, tok.Pos, true))
			tok = lexer.Token{Type: TokS, Value: " ", Pos: tok.Pos}
		}
		if tok.Type == TokS && toks[len(toks)-1].Type == TokS {
			continue // padding around replacement text joins the white space beside it
		}
		if tok.Type == TokDeclOpen || tok.Type == TokCondOpen || tok.Type == TokCondClose || tok.Type == TokComment || tok.Type == TokPI {
			// The declaration has no '>': let the grammar say so at the
			// markup that follows, which is read again afterwards.
			p.unread(tok)
			toks = append(toks, tok)
			break
		}
		toks = append(toks, tok)
		if tok.Type == TokPunct && tok.Value == ">" {
			break
		}
	}
	// A declaration with a lexical error or an unusable reference is not
	// parsed: the grammar would only repeat the same problem.
	if skip || hasError(p.diags[reported:]) {
		return
	}
	ast, err := declParser.ParseFromLexer(mustUpgrade(toks, end))
	if err != nil {
		p.syntaxError(err, toks)
		return
	}
	p.declare(ast)
}

// conditional handles <![INCLUDE[ ... ]]> and <![IGNORE[ ... ]]>.
func (p *parser) conditional(open lexer.Token) {
	var keyword *lexer.Token
	for {
		tok := p.read()
		switch {
		case tok.Type == TokS:
			continue
		case tok.Type == TokPERef && keyword == nil:
			if e, ok := p.lookupPE(tok); ok {
				p.push(p.entityFrame(e, tok.Pos, true))
			}
			continue
		case keyword == nil && tok.Type == TokName && (tok.Value == "INCLUDE" || tok.Value == "IGNORE"):
			keyword = &tok
			continue
		case keyword != nil && tok.Type == TokPunct && tok.Value == "[":
		default:
			if keyword == nil {
				p.errorf(tok.Pos, "expected INCLUDE or IGNORE after '<![', found %s", describeToken(tok))
				// Skip the section as if ignored, so that its ]]> is not a
				// second error.
				if next := p.nextSolid(); next.Type == TokPunct && next.Value == "[" {
					p.ignored(open)
					return
				} else {
					p.unread(next)
				}
			} else {
				p.errorf(tok.Pos, "expected '[' after <![%s, found %s", keyword.Value, describeToken(tok))
			}
			p.unread(tok)
			p.skipToMarkup()
			return
		}
		break
	}
	if keyword.Value == "IGNORE" {
		p.ignored(open)
		return
	}
	if !p.subset(&open.Pos) {
		p.errorf(open.Pos, "unterminated conditional section: no ']]>' for the '<![' that starts here")
	}
}

// nextSolid reads past white space.
func (p *parser) nextSolid() lexer.Token {
	for {
		if t := p.read(); t.Type != TokS {
			return t
		}
	}
}

func hasError(ds []*Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// ignored skips the rest of an IGNORE section opened at open.
func (p *parser) ignored(open lexer.Token) {
	closed, d := p.top().sc.skipIgnored()
	if d != nil {
		p.diags = append(p.diags, d)
	}
	if !closed {
		p.errorf(open.Pos, "unterminated conditional section: no ']]>' for the '<![' that starts here")
	}
}

func describeToken(t lexer.Token) string {
	switch t.Type {
	case lexer.EOF:
		return "end of input"
	case TokS:
		return "white space"
	case TokLiteral:
		return "the literal " + abbreviate(t.Value)
	case TokComment:
		return "a comment"
	case TokPI:
		return "a processing instruction"
	case TokName:
		return "the name '" + t.Value + "'"
	}
	return "'" + t.Value + "'"
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// sliceLexer serves collected tokens to participle.
type sliceLexer struct {
	toks []lexer.Token
	end  lexer.Position
}

func (s *sliceLexer) Next() (lexer.Token, error) {
	if len(s.toks) == 0 {
		return lexer.Token{Type: lexer.EOF, Pos: s.end}, nil
	}
	t := s.toks[0]
	s.toks = s.toks[1:]
	return t, nil
}

func mustUpgrade(toks []lexer.Token, end lexer.Position) *lexer.PeekingLexer {
	pl, err := lexer.Upgrade(&sliceLexer{toks: toks, end: end})
	if err != nil {
		panic(err) // sliceLexer never fails
	}
	return pl
}
