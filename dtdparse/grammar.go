package dtdparse

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar of one markup declaration (XML 1.0 productions 45-76
// and 82-83). White space is a token (S) so that the grammar states where XML
// requires it and where it allows it. The driver in parse.go hands the
// grammar one declaration at a time, after expanding parameter-entity
// references, so that an error in one declaration does not hide the next.

// declAST is one markup declaration.
type declAST struct {
	Element  *elementAST  `parser:"  @@"`
	Attlist  *attlistAST  `parser:"| @@"`
	Entity   *entityAST   `parser:"| @@"`
	Notation *notationAST `parser:"| @@"`
}

// identAST is a name with its position.
type identAST struct {
	Pos   lexer.Position
	Value string `parser:"@Name"`
}

// literalAST is a quoted literal with its position; Value keeps the quotes.
type literalAST struct {
	Pos   lexer.Position
	Value string `parser:"@Literal"`
}

// elementAST is [45] elementdecl.
type elementAST struct {
	Pos     lexer.Position
	Name    *identAST   `parser:"'<!ELEMENT' S @@ S"`
	Content *contentAST `parser:"@@ S? '>'"`
}

// contentAST is [46] contentspec.
type contentAST struct {
	Pos      lexer.Position
	Empty    bool      `parser:"(  @'EMPTY'"`
	Any      bool      `parser:" | @'ANY'"`
	Mixed    *mixedAST `parser:" | '(' S? ( @@"`
	Children *groupAST `parser:"          | @@ ) )"`
}

// mixedAST is [51] Mixed, after its "(".
type mixedAST struct {
	Pos   lexer.Position
	Names []*identAST `parser:"'#PCDATA' S? ( '|' S? @@ S? )* ')'"`
	Star  bool        `parser:"@'*'?"`
}

// groupAST is [49] choice or [50] seq, after its "(".
type groupAST struct {
	Pos   lexer.Position
	First *cpAST   `parser:"@@ S?"`
	Rest  []*sepCP `parser:"@@* ')'"`
	Occ   string   `parser:"@('?' | '*' | '+')?"`
}

// sepCP is one separator and the particle after it.
type sepCP struct {
	Pos lexer.Position
	Sep string `parser:"@('|' | ',') S?"`
	CP  *cpAST `parser:"@@ S?"`
}

// cpAST is [48] cp.
type cpAST struct {
	Pos     lexer.Position
	Name    *identAST `parser:"(  @@"`
	NameOcc string    `parser:"   @('?' | '*' | '+')?"`
	Group   *groupAST `parser:" | '(' S? @@ )"`
}

// attlistAST is [52] AttlistDecl.
type attlistAST struct {
	Pos  lexer.Position
	Name *identAST    `parser:"'<!ATTLIST' S @@"`
	Defs []*attDefAST `parser:"@@* S? '>'"`
}

// attDefAST is [53] AttDef.
type attDefAST struct {
	Name    *identAST   `parser:"S @@ S"`
	Type    *attTypeAST `parser:"@@ S"`
	Default *defaultAST `parser:"@@"`
}

// attTypeAST is [54] AttType.
type attTypeAST struct {
	Pos      lexer.Position
	Simple   string      `parser:"(  @('CDATA' | 'IDREFS' | 'IDREF' | 'ID' | 'ENTITY' | 'ENTITIES' | 'NMTOKENS' | 'NMTOKEN')"`
	Notation []*identAST `parser:" | 'NOTATION' S '(' S? @@ S? ( '|' S? @@ S? )* ')'"`
	Enum     []*identAST `parser:" | '(' S? @@ S? ( '|' S? @@ S? )* ')' )"`
}

// defaultAST is [60] DefaultDecl.
type defaultAST struct {
	Pos      lexer.Position
	Required bool        `parser:"(  @'#REQUIRED'"`
	Implied  bool        `parser:" | @'#IMPLIED'"`
	Fixed    bool        `parser:" | ( @'#FIXED' S )?"`
	Value    *literalAST `parser:"   @@ )"`
}

// entityAST is [70] EntityDecl.
type entityAST struct {
	Pos      lexer.Position
	PE       bool           `parser:"'<!ENTITY' S ( @Percent S )?"`
	Name     *identAST      `parser:"@@ S"`
	Value    *literalAST    `parser:"(  @@"`
	External *externalIDAST `parser:" | @@"`
	NData    *identAST      `parser:"   ( S 'NDATA' S @@ )? ) S? '>'"`
}

// externalIDAST is [75] ExternalID, or [83] PublicID when System is nil.
type externalIDAST struct {
	Pos          lexer.Position
	System       *literalAST `parser:"(  'SYSTEM' S @@"`
	Public       *literalAST `parser:" | 'PUBLIC' S @@"`
	PublicSystem *literalAST `parser:"   ( S @@ )? )"`
}

// notationAST is [82] NotationDecl.
type notationAST struct {
	Pos  lexer.Position
	Name *identAST      `parser:"'<!NOTATION' S @@ S"`
	ID   *externalIDAST `parser:"@@ S? '>'"`
}

var declParser = participle.MustBuild[declAST](
	participle.Lexer(Lexer),
	participle.UseLookahead(1),
)
