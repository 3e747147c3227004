package xmlvalid

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/dtdparse"
)

// model parses the content model text of an ELEMENT declaration.
func model(t *testing.T, text string) *dtdparse.Particle {
	t.Helper()
	d, err := dtdparse.Parse("m.dtd", []byte("<!ELEMENT X "+text+">"))
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return d.Element("X").Content.Root
}

// run matches names (space-separated) and reports acceptance, or where it
// failed and what was expected there.
func (a *automaton) run(names string) string {
	c := a.start()
	for i, n := range strings.Fields(names) {
		if !a.step(&c, n) {
			return fmt.Sprintf("reject at %d, expected %v", i, a.expected(c))
		}
	}
	if !a.accepting(c) {
		return fmt.Sprintf("too early, expected %v", a.expected(c))
	}
	return "ok"
}

func TestAutomaton(t *testing.T) {
	tests := []struct {
		model, input, want string
		deterministic      bool
	}{
		{"(A, B)", "A B", "ok", true},
		{"(A, B)", "A", "too early, expected [B]", true},
		{"(A, B)", "B", "reject at 0, expected [A]", true},
		{"(A, B)", "A B B", "reject at 2, expected []", true},
		{"(A | B)+", "", "too early, expected [A B]", true},
		{"(A | B)+", "B A A B", "ok", true},
		{"(A?, B*, C+)", "C", "ok", true},
		{"(A?, B*, C+)", "A B B C C", "ok", true},
		{"(A?, B*, C+)", "A C B", "reject at 2, expected [C]", true},
		{"(DATETIME, (LIST | ID_SET)?, WARNING_LIST?, GLOSSARY?)", "DATETIME LIST ID_SET", "reject at 2, expected [WARNING_LIST GLOSSARY]", true},
		{"(DATETIME, (LIST | ID_SET)?, WARNING_LIST?, GLOSSARY?)", "DATETIME GLOSSARY", "ok", true},
		{"(ID, KEY, (PASS, CERT?)+)", "ID KEY PASS PASS CERT PASS", "ok", true},
		{"((A, B)*, C)", "A B A B C", "ok", true},
		{"((A, B)*, C)", "A C", "reject at 1, expected [B]", true},
		{"(((A)))", "A", "ok", true},
		{"((A?)+)", "", "ok", true},
		{"((A?)+)", "A A A", "ok", true},
		// Not deterministic (XML 1.0 appendix E), matched correctly anyway.
		{"((A, B) | (A, C))", "A C", "ok", false},
		{"((A, B) | (A, C))", "A D", "reject at 1, expected [B C]", false},
		{"(A*, A)", "A A A", "ok", false},
		{"(A*, A)", "", "too early, expected [A]", false},
		{"((A | B)*, A, (A | B))", "B A B", "ok", false},
		{"((A | B)*, A, (A | B))", "A B B", "too early, expected [A B]", false},
	}
	for _, tc := range tests {
		a := compile(model(t, tc.model))
		if got := a.run(tc.input); got != tc.want {
			t.Errorf("%s on %q: got %s, want %s", tc.model, tc.input, got, tc.want)
		}
		if a.deterministic != tc.deterministic {
			t.Errorf("%s: deterministic = %v, want %v", tc.model, a.deterministic, tc.deterministic)
		}
	}
}

// TestAutomatonNFAFallback builds a model whose subset construction would
// need about 2^14 states: matching must fall back to the position automaton
// and stay right.
func TestAutomatonNFAFallback(t *testing.T) {
	text := "((A | B)*, A" + strings.Repeat(", (A | B)", 13) + ")"
	a := compile(model(t, text))
	if a.nfa == nil {
		t.Fatalf("%s: expected the NFA fallback", text)
	}
	re := regexp.MustCompile("^[AB]*A[AB]{13}$")
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		s := randomWord(rng, "AB", 30)
		want := re.MatchString(s)
		if got := a.run(spaced(s)) == "ok"; got != want {
			t.Fatalf("%s on %s: got %v, want %v", text, s, got, want)
		}
	}
}

// TestAutomatonRandom compares the automaton of random content models with
// Go's regexp package on random child sequences.
func TestAutomatonRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	for i := 0; i < 400; i++ {
		dtdText, re := randomModel(rng, 3)
		if !strings.HasPrefix(dtdText, "(") {
			dtdText = "(" + dtdText + ")"
		}
		a := compile(model(t, dtdText))
		rx := regexp.MustCompile("^(?:" + re + ")$")
		for j := 0; j < 60; j++ {
			s := randomWord(rng, "ABCD", rng.Intn(8))
			want := rx.MatchString(s)
			if got := a.run(spaced(s)) == "ok"; got != want {
				t.Fatalf("%s (regexp %s) on %q: got %v, want %v", dtdText, re, s, got, want)
			}
		}
	}
}

// randomModel returns a content particle in DTD syntax and the same language
// as a regexp over the letters A-D.
func randomModel(rng *rand.Rand, depth int) (dtdText, re string) {
	occ := []string{"", "?", "*", "+"}[rng.Intn(4)]
	if depth == 0 || rng.Intn(3) == 0 {
		n := string(rune('A' + rng.Intn(4)))
		return n + occ, n + occ
	}
	sep, rsep := ", ", ""
	if rng.Intn(2) == 0 {
		sep, rsep = " | ", "|"
	}
	k := 1 + rng.Intn(3)
	var ds, rs []string
	for i := 0; i < k; i++ {
		d, r := randomModel(rng, depth-1)
		ds, rs = append(ds, d), append(rs, r)
	}
	return "(" + strings.Join(ds, sep) + ")" + occ, "(?:" + strings.Join(rs, rsep) + ")" + occ
}

func randomWord(rng *rand.Rand, letters string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[rng.Intn(len(letters))]
	}
	return string(b)
}

func spaced(s string) string { return strings.Join(strings.Split(s, ""), " ") }

func TestOrList(t *testing.T) {
	names := []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M"}
	got := []string{orList(nil), orList(names[:1]), orList(names[:2]), orList(names[:3]), orList(cut(names[:12])), orList(cut(names))}
	want := []string{"nothing", "A", "A or B", "A, B or C", "A, B, C, D, E, F, G, H, I, J, K or L", "A, B, C, D, E, F, G, H, I or J (and 3 more)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

// TestCompileDFA checks the exported tables on models of the shapes the
// Qualys DTDs use, and that a non-deterministic model has none.
func TestCompileDFA(t *testing.T) {
	d, ok := CompileDFA(model(t, "(ID, TITLE?, (IP | IP_RANGE)*, CREATED)"))
	if !ok {
		t.Fatal("no DFA for a deterministic model")
	}
	if got, want := strings.Join(d.Names, " "), "ID TITLE IP IP_RANGE CREATED"; got != want {
		t.Fatalf("Names = %q, want %q", got, want)
	}
	// Walk "ID IP IP_RANGE CREATED": every step allowed, final at the end.
	s := int32(0)
	for _, sym := range []int{0, 2, 3, 4} {
		if s = d.Next[s][sym]; s < 0 {
			t.Fatalf("symbol %s refused", d.Names[sym])
		}
	}
	if !d.Final[s] || d.Final[0] {
		t.Fatalf("Final: end state %v, start %v; want true, false", d.Final[s], d.Final[0])
	}
	if d.Next[s][1] != -1 {
		t.Fatal("TITLE after CREATED allowed")
	}
	// ID and CREATED lead to one state each; IP leads to one state too.
	for _, sym := range []int{0, 1, 4} {
		if d.Recover[sym] < 0 {
			t.Errorf("Recover[%s] = %d, want a state", d.Names[sym], d.Recover[sym])
		}
	}
	if _, ok := CompileDFA(model(t, "((A, B) | (A, C))")); ok {
		t.Error("a DFA for a non-deterministic model")
	}
	// A name at two positions that lead to different states: no recovery.
	if d, ok = CompileDFA(model(t, "(A, B, A, C)")); !ok {
		t.Fatal("no DFA for (A, B, A, C)")
	}
	if d.Recover[0] != -1 || d.Recover[1] < 0 {
		t.Errorf("Recover = %v, want A -1 (two states) and B a state", d.Recover)
	}
}
