package dtdparse

import (
	"errors"
	"github.com/qgen-project/qgen/internal/xmltext"
	"regexp"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// syntaxError turns a participle error on one declaration into a message that
// names the declaration, the part of it being read, what was expected and
// what was found.
func (p *parser) syntaxError(err error, toks []lexer.Token) {
	var perr participle.Error
	if !errors.As(err, &perr) {
		p.errorf(toks[0].Pos, "%v", err)
		return
	}
	pos := perr.Position()
	var found lexer.Token
	var expect string
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		found = ute.Unexpected
		if m := expectedRe.FindStringSubmatch(ute.Message()); m != nil {
			expect = m[1]
		}
	} else {
		found = tokenAt(toks, pos)
	}
	idx := tokenIndex(toks, found)
	// participle stops before a separator or #FIXED whose follower failed;
	// the follower is the culprit.
	if idx < len(toks) && (found.Type == TokPunct && (found.Value == "|" || found.Value == "," && toks[0].Value == "<!ELEMENT") || found.Type == TokKeyword && found.Value == "#FIXED") {
		next := idx + 1
		for next < len(toks) && toks[next].Type == TokS && found.Value != "#FIXED" {
			next++
		}
		if next < len(toks) {
			idx, found, pos = next, toks[next], toks[next].Pos
			expect = ""
		}
	}
	ctx := declContext(toks, idx)
	// A name token that is not a Name (an elision "...", a page number) is
	// the real culprit when the token after it fails.
	if prev := prevToken(toks, idx); prev.Type == TokName && !xmltext.IsName(prev.Value) {
		hint := ""
		switch {
		case strings.Trim(prev.Value, ".") == "":
			hint = " (an elision: the DTD text is incomplete here)"
		case prev.Value[0] >= '0' && prev.Value[0] <= '9':
			hint = " (a name cannot start with a digit)"
		}
		p.report(Error, prev.Pos, "%q is not a valid XML name%s%s", prev.Value, ctx, hint)
		return
	}
	want := explainExpect(expect, toks, idx)
	p.report(Error, pos, "expected %s%s, found %s%s", want, ctx, describeToken(found), foundHint(toks, idx))
}

// prevToken returns the last token before idx that is not white space.
func prevToken(toks []lexer.Token, idx int) lexer.Token {
	for i := min(idx, len(toks)) - 1; i >= 0; i-- {
		if toks[i].Type != TokS {
			return toks[i]
		}
	}
	return lexer.Token{Type: lexer.EOF}
}

// foundHint explains common mistakes around the failing token.
func foundHint(toks []lexer.Token, idx int) string {
	if idx >= len(toks) || toks[0].Value != "<!ELEMENT" {
		return ""
	}
	found := toks[idx]
	if found.Type != TokPunct || !strings.Contains("?*+", found.Value) {
		return ""
	}
	switch {
	case idx > 0 && toks[idx-1].Type == TokS:
		return " (an occurrence indicator must follow the name or ')' directly, with no white space)"
	case mixedGroup(toks, idx):
		return " ((#PCDATA) may be followed only by '*')"
	}
	return " (only one occurrence indicator is allowed)"
}

var expectedRe = regexp.MustCompile(`\(expected (.*)\)$`)

func tokenAt(toks []lexer.Token, pos lexer.Position) lexer.Token {
	for _, t := range toks {
		if t.Pos.Offset >= pos.Offset && t.Pos.Line == pos.Line {
			return t
		}
	}
	return lexer.Token{Type: lexer.EOF, Pos: pos}
}

func tokenIndex(toks []lexer.Token, t lexer.Token) int {
	for i, x := range toks {
		if x.Pos == t.Pos && x.Value == t.Value && x.Type == t.Type {
			return i
		}
	}
	return len(toks)
}

// declContext says which declaration and which part of it a failing token
// belongs to, e.g. " in the content model of ELEMENT A".
func declContext(toks []lexer.Token, idx int) string {
	kind := strings.TrimPrefix(toks[0].Value, "<!")
	name := ""
	for _, t := range toks[1:idx] {
		if t.Type == TokName {
			name = t.Value
			break
		}
		if t.Type != TokS && t.Type != TokPercent {
			break
		}
	}
	subject := kind
	if name != "" {
		subject += " " + name
	}
	switch kind {
	case "ELEMENT":
		if openParen(toks, idx) {
			return " in the content model of " + subject
		}
	case "ATTLIST":
		if attr := lastAttrName(toks, idx); attr != "" {
			return " in the definition of attribute " + attr + " of ATTLIST " + name
		}
	}
	return " in " + subject
}

// openParen reports whether a '(' precedes token idx.
func openParen(toks []lexer.Token, idx int) bool {
	for _, t := range toks[:min(idx, len(toks))] {
		if t.Type == TokPunct && t.Value == "(" {
			return true
		}
	}
	return false
}

// lastAttrName finds the attribute being defined before token idx of an
// ATTLIST: the last name that follows white space after the element name
// and its previous definition's default.
func lastAttrName(toks []lexer.Token, idx int) string {
	names := 0
	attr := ""
	expectName := false
	for _, t := range toks[1:min(idx, len(toks))] {
		switch t.Type {
		case TokName:
			names++
			if names == 1 {
				expectName = true
				continue
			}
			if expectName {
				attr = t.Value
				expectName = false
			}
		case TokKeyword:
			if t.Value != "#FIXED" {
				expectName = true
			}
		case TokLiteral:
			expectName = true
		}
	}
	return attr
}

var expectNames = map[string]string{
	`">"`:               "'>'",
	`<name>`:            "a name",
	`<s>`:               "white space",
	`<literal>`:         "a quoted literal",
	`<percent>`:         "'%'",
	`"<!ELEMENT"`:       "<!ELEMENT",
	`"<!ATTLIST"`:       "<!ATTLIST",
	`"<!ENTITY"`:        "<!ENTITY",
	`"<!NOTATION"`:      "<!NOTATION",
	`"#PCDATA"`:         "#PCDATA",
	`"#REQUIRED"`:       "#REQUIRED",
	`"#IMPLIED"`:        "#IMPLIED",
	`"#FIXED"`:          "#FIXED",
	`"SYSTEM"`:          "SYSTEM",
	`"PUBLIC"`:          "PUBLIC",
	`"NDATA"`:           "NDATA",
	`"NOTATION"`:        "NOTATION",
	`"EMPTY"`:           "EMPTY",
	`"ANY"`:             "ANY",
	`")"`:               "')'",
	`"("`:               "'('",
	`"|"`:               "'|'",
	`","`:               "','",
	`"*"`:               "'*'",
	`("|" | ",")`:       "',' or '|'",
	`("?" | "*" | "+")`: "'?', '*' or '+'",
}

// explainExpect rewrites participle's expectation (an EBNF fragment) as
// words, and widens it where the grammar allows more than the branch
// participle was on.
func explainExpect(expect string, toks []lexer.Token, idx int) string {
	prev := prevToken(toks, idx)
	kind := toks[0].Value
	if nameCount(toks, idx) == 0 && prev.Type == TokDeclOpen || prev.Type == TokPercent {
		switch kind {
		case "<!ENTITY":
			if prev.Type != TokPercent {
				return "white space, then '%' or the entity name"
			}
			return "white space, then the parameter entity's name"
		case "<!ELEMENT":
			return "white space, then the element name"
		case "<!ATTLIST":
			return "white space, then the name of the element the attributes belong to"
		}
		return "white space, then a name"
	}
	inGroup := groupDepth(toks, idx) > 0
	switch {
	case kind == "<!ELEMENT" && inGroup && (prev.Type == TokName || prev.Type == TokPunct && strings.Contains(")?*+", prev.Value)) && !mixedGroup(toks, idx):
		return "',', '|' or ')'"
	case kind == "<!ELEMENT" && inGroup && prev.Type == TokPunct && strings.Contains("(|,", prev.Value):
		if len(toks) > idx && toks[idx].Value == "#PCDATA" {
			return "an element name or '(' (#PCDATA must come first, as in (#PCDATA | a)*)"
		}
		if prev.Value == "(" && !openedBefore(toks, idx) {
			return "an element name, '(' or #PCDATA"
		}
		return "an element name or '('"
	case kind == "<!ELEMENT" && mixedGroup(toks, idx) && (prev.Type == TokName || prev.Type == TokKeyword):
		return "'|' or ')'"
	case kind == "<!ELEMENT" && !inGroup && prev.Type == TokName && openParenCount(toks, idx) == 0 && expect == "<s>" && nameCount(toks, idx) == 1:
		return "white space after the element name"
	case kind == "<!ELEMENT" && !inGroup && openParenCount(toks, idx) == 0 && nameCount(toks, idx) == 1:
		return "a content model: EMPTY, ANY or '('"
	case kind == "<!ELEMENT" && !inGroup && openParenCount(toks, idx) > 0:
		return "'>'"
	}
	switch {
	case kind == "<!ATTLIST" && prev.Type == TokKeyword && prev.Value == "#FIXED":
		return "white space and a quoted value after #FIXED"
	case kind == "<!ATTLIST" && prev.Type == TokS && idx > 1 && toks[idx-2].Value == "#FIXED":
		return "a quoted value after #FIXED"
	case kind == "<!ATTLIST" && inGroup && prev.Type == TokPunct && (prev.Value == "|" || prev.Value == "("):
		return "a name token"
	case kind == "<!ATTLIST" && strings.Contains(expect, "DefaultAST"):
		return "white space, then #REQUIRED, #IMPLIED, #FIXED \"value\" or a quoted default value"
	case kind == "<!ATTLIST" && strings.HasPrefix(expect, "LiteralAST"):
		return "a quoted default value"
	case kind == "<!ATTLIST" && strings.Contains(expect, "AttTypeAST"):
		return "white space, then an attribute type: CDATA, ID, IDREF(S), ENTITY, ENTITIES, NMTOKEN(S), NOTATION or '('"
	case kind == "<!ATTLIST" && inGroup && (prev.Type == TokName):
		return "'|' or ')'"
	case kind == "<!ENTITY" && strings.Contains(expect, "ExternalIDAST"):
		return "white space, then a quoted value, SYSTEM or PUBLIC"
	case kind == "<!ENTITY" && strings.Contains(expect, "<percent>"):
		return "white space, then '%' or the entity name"
	case strings.HasPrefix(expect, "<s> LiteralAST") || expect == "LiteralAST":
		return "white space and a quoted literal"
	}
	if w, ok := expectNames[expect]; ok {
		return w
	}
	if expect == "" {
		return "'>'"
	}
	return strings.NewReplacer(`"`, "'", "<s>", "white space", "IdentAST", "a name", "LiteralAST", "a quoted literal").Replace(expect)
}

func groupDepth(toks []lexer.Token, idx int) int {
	d := 0
	for _, t := range toks[:min(idx, len(toks))] {
		if t.Type == TokPunct {
			switch t.Value {
			case "(":
				d++
			case ")":
				d--
			}
		}
	}
	return d
}

func openParenCount(toks []lexer.Token, idx int) int {
	n := 0
	for _, t := range toks[:min(idx, len(toks))] {
		if t.Type == TokPunct && t.Value == "(" {
			n++
		}
	}
	return n
}

func nameCount(toks []lexer.Token, idx int) int {
	n := 0
	for _, t := range toks[:min(idx, len(toks))] {
		if t.Type == TokName {
			n++
		}
	}
	return n
}

func openedBefore(toks []lexer.Token, idx int) bool { return openParenCount(toks, idx) > 1 }

func mixedGroup(toks []lexer.Token, idx int) bool {
	for _, t := range toks[:min(idx, len(toks))] {
		if t.Type == TokKeyword && t.Value == "#PCDATA" {
			return true
		}
	}
	return false
}
