package dtdparse_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qgen-project/qgen/dtdparse"
)

func mustParse(t *testing.T, src string) *dtdparse.DTD {
	t.Helper()
	d, err := dtdparse.Parse("t.dtd", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return d
}

func errorsOf(t *testing.T, src string) []string {
	t.Helper()
	_, err := dtdparse.Parse("t.dtd", []byte(src))
	var list dtdparse.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	var out []string
	for _, d := range list {
		out = append(out, d.Error())
	}
	return out
}

// ignorePos compares models without positions.
var ignorePos = cmp.Options{
	cmpopts.IgnoreFields(dtdparse.Particle{}, "Pos"),
	cmpopts.IgnoreFields(dtdparse.Element{}, "Pos", "Comments"),
	cmpopts.IgnoreFields(dtdparse.Attribute{}, "Pos"),
	cmpopts.IgnoreUnexported(dtdparse.Entity{}),
	cmpopts.IgnoreFields(dtdparse.Entity{}, "Pos", "Comments"),
}

func TestContentModels(t *testing.T) {
	d := mustParse(t, `<!ELEMENT R (A, (B | C)*, D?)+>
<!ELEMENT A (#PCDATA)>
<!ELEMENT B ( #PCDATA | A | C )* >
<!ELEMENT C EMPTY>
<!ELEMENT D ANY>
<!ELEMENT E (#PCDATA)*>
`)
	name := func(n string, o dtdparse.Occurrence) *dtdparse.Particle {
		return &dtdparse.Particle{Kind: dtdparse.NameParticle, Name: n, Occur: o}
	}
	want := &dtdparse.ContentModel{Kind: dtdparse.Children, Root: &dtdparse.Particle{
		Kind: dtdparse.Seq, Occur: dtdparse.OneOrMore, Children: []*dtdparse.Particle{
			name("A", dtdparse.Once),
			{Kind: dtdparse.Choice, Occur: dtdparse.ZeroOrMore, Children: []*dtdparse.Particle{name("B", dtdparse.Once), name("C", dtdparse.Once)}},
			name("D", dtdparse.Optional),
		}}}
	if diff := cmp.Diff(want, d.Element("R").Content, ignorePos); diff != "" {
		t.Errorf("R (-want +got):\n%s", diff)
	}
	for name, want := range map[string]*dtdparse.ContentModel{
		"A": {Kind: dtdparse.Mixed},
		"B": {Kind: dtdparse.Mixed, Names: []string{"A", "C"}},
		"C": {Kind: dtdparse.Empty},
		"D": {Kind: dtdparse.Any},
		"E": {Kind: dtdparse.Mixed},
	} {
		if diff := cmp.Diff(want, d.Element(name).Content, ignorePos); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	if got := d.Element("R").Content.String(); got != "(A, (B | C)*, D?)+" {
		t.Errorf("String() = %q", got)
	}
	if got := d.Element("B").Content.String(); got != "(#PCDATA | A | C)*" {
		t.Errorf("String() = %q", got)
	}
	if !d.Element("A").Content.Text() {
		t.Errorf("A should be text only")
	}
}

func TestAttributes(t *testing.T) {
	d := mustParse(t, `<!ELEMENT P EMPTY>
<!ATTLIST P
  type (basic|vault) "basic"
  id ID #REQUIRED
  ref IDREFS #IMPLIED
  v CDATA #FIXED "a&amp;b&#65;"
  n NOTATION (png) #IMPLIED
  t NMTOKENS '1 2'>
<!ATTLIST P type CDATA #IMPLIED>
<!ATTLIST PRIVATE_KEY_INFO>
<!NOTATION png SYSTEM "image/png">
`)
	want := []*dtdparse.Attribute{
		{Element: "P", Name: "type", Type: dtdparse.Enumeration, Values: []string{"basic", "vault"}, Default: dtdparse.Default, Value: "basic"},
		{Element: "P", Name: "id", Type: dtdparse.ID, Default: dtdparse.Required},
		{Element: "P", Name: "ref", Type: dtdparse.IDREFS, Default: dtdparse.Implied},
		{Element: "P", Name: "v", Type: dtdparse.CDATA, Default: dtdparse.Fixed, Value: "a&bA"},
		{Element: "P", Name: "n", Type: dtdparse.NOTATION, Values: []string{"png"}, Default: dtdparse.Implied},
		{Element: "P", Name: "t", Type: dtdparse.NMTOKENS, Default: dtdparse.Default, Value: "1 2"},
	}
	if diff := cmp.Diff(want, d.Element("P").Attributes, ignorePos); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	// The empty ATTLIST (as in the seed) is legal; the repeated attribute
	// and the list for an undeclared element are warnings.
	var msgs []string
	for _, diag := range d.Diagnostics {
		msgs = append(msgs, diag.Error())
	}
	wantMsgs := []string{
		"t.dtd:9:13: warning: attribute type of P is defined again (first at line 3); the first definition wins",
		"t.dtd:10:1: warning: ATTLIST for undeclared element PRIVATE_KEY_INFO",
	}
	if diff := cmp.Diff(wantMsgs, msgs); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestParameterEntities(t *testing.T) {
	d := mustParse(t, `<!ENTITY % id "ID">
<!ENTITY % idlist "(%id;|ID_RANGE)+">
<!ENTITY % decl "<!ELEMENT ID_RANGE (#PCDATA)>">
<!ELEMENT ID_SET %idlist;>
<!ELEMENT %id; (#PCDATA)>
%decl;
<!ENTITY % ext SYSTEM "other.ent">
<!ENTITY copy "&#169; Qualys">
<!ENTITY logo SYSTEM "logo.png" NDATA png>
<!NOTATION png PUBLIC "-//PNG//EN">
`)
	if got := d.Element("ID_SET").Content.String(); got != "(ID | ID_RANGE)+" {
		t.Errorf("ID_SET = %s", got)
	}
	if d.Element("ID") == nil || d.Element("ID_RANGE") == nil {
		t.Errorf("declarations from parameter entities are missing: %s", dtdparse.Format(d))
	}
	want := []*dtdparse.Entity{
		{Name: "id", Parameter: true, Value: "ID"},
		{Name: "idlist", Parameter: true, Value: "(ID|ID_RANGE)+"},
		{Name: "decl", Parameter: true, Value: "<!ELEMENT ID_RANGE (#PCDATA)>"},
		{Name: "ext", Parameter: true, SystemID: "other.ent"},
	}
	if diff := cmp.Diff(want, d.ParamEntities, ignorePos); diff != "" {
		t.Errorf("parameter entities (-want +got):\n%s", diff)
	}
	wantGE := []*dtdparse.Entity{
		{Name: "copy", Value: "© Qualys"},
		{Name: "logo", SystemID: "logo.png", NData: "png"},
	}
	if diff := cmp.Diff(wantGE, d.Entities, ignorePos); diff != "" {
		t.Errorf("general entities (-want +got):\n%s", diff)
	}
	if !d.ParamEntities[3].External() || d.ParamEntities[0].External() {
		t.Errorf("External() is wrong")
	}
}

func TestParameterEntityProblems(t *testing.T) {
	got := errorsOf(t, `<!ELEMENT A %undeclared;>
<!ENTITY % loop "%loop2;">
<!ENTITY % self "<!ELEMENT B &#37;self;>">
%self;
<!ELEMENT C (#PCDATA)>
`)
	want := []string{
		"t.dtd:1:13: reference to undeclared parameter entity %undeclared; (a parameter entity must be declared before it is used)",
		"t.dtd:2:18: reference to undeclared parameter entity %loop2; in an entity value",
		"t.dtd:4:1: recursive reference to parameter entity %self; (in the replacement text of %self; referenced at 4:1)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// An external parameter entity is not loaded: a warning, not an error.
	d := mustParse(t, "<!ENTITY % ext SYSTEM \"x.ent\">\n%ext;\n<!ELEMENT A EMPTY>\n")
	if len(d.Diagnostics) == 0 || !strings.Contains(d.Diagnostics[0].Error(), "is external") {
		t.Errorf("want a warning about the external entity, got %v", d.Diagnostics)
	}
}

func TestConditionalSections(t *testing.T) {
	d := mustParse(t, `<!ENTITY % draft "INCLUDE">
<!ENTITY % final "IGNORE">
<![%draft;[
  <!ELEMENT A EMPTY>
  <![ IGNORE [ <!ELEMENT A (#PCDATA)> <![ nested [ garbage ]]> still ignored ]]>
]]>
<![%final;[ <!ELEMENT B (#PCDATA)> ]]>
<![INCLUDE[<!ELEMENT C EMPTY>]]>
`)
	var names []string
	for _, el := range d.Elements {
		names = append(names, el.Name)
	}
	if diff := cmp.Diff([]string{"A", "C"}, names); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}
	got := errorsOf(t, "<!ELEMENT A EMPTY>\n<![INCLUDE[\n<!ELEMENT B EMPTY>\n")
	want := []string{"t.dtd:2:1: unterminated conditional section: no ']]>' for the '<![' that starts here"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCommentsAttach(t *testing.T) {
	d := mustParse(t, `<!-- QUALYS X DTD -->
<!ELEMENT X (PRIVATE_KEY)>
<!-- Private key contents will never be rendered -->
<!ELEMENT PRIVATE_KEY EMPTY>
<?qgen note?>
`)
	if got := d.Element("PRIVATE_KEY").Comments; len(got) != 1 || got[0].Text != " Private key contents will never be rendered " || got[0].Pos.Line != 3 {
		t.Errorf("PRIVATE_KEY comments = %+v", got)
	}
	if len(d.Comments) != 2 || len(d.PIs) != 1 || d.PIs[0].Target != "qgen" || d.PIs[0].Data != "note" {
		t.Errorf("comments %v, PIs %v", d.Comments, d.PIs)
	}
}

func TestEncodings(t *testing.T) {
	const dtd = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<!-- é -->\r\n<!ELEMENT A (#PCDATA)>\r\n<!ELEMENT B (A)>\r\n"
	u := utf16.Encode([]rune(dtd))
	be := []byte{0xFE, 0xFF}
	le := []byte{0xFF, 0xFE}
	for _, c := range u {
		be = append(be, byte(c>>8), byte(c))
		le = append(le, byte(c), byte(c>>8))
	}
	utf8BOM := append([]byte{0xEF, 0xBB, 0xBF}, strings.Replace(dtd, "UTF-16", "UTF-8", 1)...)
	latin1 := []byte("<?xml encoding=\"ISO-8859-1\"?>\n<!ENTITY e \"caf\xe9\">\n")
	for name, src := range map[string][]byte{"utf16be": be, "utf16le": le, "utf8bom": utf8BOM} {
		d, err := dtdparse.Parse(name, src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if el := d.Element("B"); el == nil || el.Pos.Line != 4 || el.Pos.Column != 1 {
			t.Errorf("%s: B at %+v", name, el)
		}
	}
	d, err := dtdparse.Parse("latin1", latin1)
	if err != nil || d.Entities[0].Value != "café" {
		t.Errorf("latin1: %v %v", err, d)
	}
	_, err = dtdparse.Parse("sjis", []byte("<?xml encoding=\"Shift_JIS\"?>\n<!ELEMENT A EMPTY>"))
	if err == nil || !strings.Contains(err.Error(), `unsupported encoding "Shift_JIS"`) {
		t.Errorf("Shift_JIS: %v", err)
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := dtdparse.Parse("auth_x.dtd", []byte("<!-- QUALYS X DTD -->\n<!ELEMENT B EMPTY>\n<!ELEMENT A (B, C>\n"))
	var list dtdparse.ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("want one error, got %v", err)
	}
	want := `auth_x.dtd:3:18: expected ',', '|' or ')' in the content model of ELEMENT A, found '>'
    <!ELEMENT A (B, C>
                     ^`
	if diff := cmp.Diff(want, list.Pretty()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestAllErrorsReported(t *testing.T) {
	got := errorsOf(t, `<!ELEMENT A (B C)>
<!ELEMENT B EMPTY>
<!ATTLIST B type (basic vault) "basic">
<!ELEMENT C (#PCDATA|B)>
<!ELEMENT D "x">
`)
	if len(got) != 4 {
		t.Errorf("want 4 errors, got %d:\n%s", len(got), strings.Join(got, "\n"))
	}
}

func TestDuplicateElements(t *testing.T) {
	d := mustParse(t, "<!ELEMENT A (B)>\n<!ELEMENT B EMPTY>\n<!ELEMENT B EMPTY>\n")
	if len(d.Diagnostics) != 1 || !strings.Contains(d.Diagnostics[0].Error(), "t.dtd:3:1: warning: ELEMENT B is declared again, identically") {
		t.Errorf("identical repeat: %v", d.Diagnostics)
	}
	_, err := dtdparse.Parse("t.dtd", []byte("<!ELEMENT A (B)>\n<!ELEMENT B EMPTY>\n<!ELEMENT B ANY>\n"))
	var list dtdparse.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || !list[0].Validity || len(list.WellFormedness()) != 0 {
		t.Fatalf("differing repeat: want one validity error, got %v", err)
	}
	if want := "t.dtd:3:1: ELEMENT B is declared again with a different content model: ANY here, EMPTY at line 2"; list[0].Error() != want {
		t.Errorf("got %q", list[0].Error())
	}
}

func TestUnterminatedReportedAtStart(t *testing.T) {
	for src, want := range map[string]string{
		"<!ELEMENT A EMPTY>\n<!-- unfinished\n<!ELEMENT B EMPTY>\n":             "t.dtd:2:1: unterminated comment",
		"<!ELEMENT A EMPTY>\n<!ATTLIST A x CDATA \"open>\n<!ELEMENT B EMPTY>\n": "t.dtd:2:21: unterminated literal",
		"<!ELEMENT A EMPTY>\n<![IGNORE[\n<!ELEMENT B EMPTY>\n":                  "t.dtd:2:1: unterminated conditional section",
		"<!ELEMENT A EMPTY>\n<?pi never closed\n<!ELEMENT B EMPTY>\n":           "t.dtd:2:1: unterminated processing instruction",
	} {
		got := errorsOf(t, src)
		if len(got) == 0 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%q: want %q..., got %q", src, want, got)
		}
	}
}

// TestIgnoredTextMustBeCharacters: an IGNORE section's text is skipped but
// must still be XML characters.
func TestIgnoredTextMustBeCharacters(t *testing.T) {
	got := errorsOf(t, "<![IGNORE[ <!ELEMENT A \x01 > ]]>\n<!ELEMENT B EMPTY>\n")
	if len(got) != 1 || !strings.HasPrefix(got[0], "t.dtd:1:24: illegal character U+0001") {
		t.Errorf("got %q", got)
	}
}
