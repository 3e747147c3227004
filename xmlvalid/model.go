package xmlvalid

import (
	"math/bits"
	"strings"

	"github.com/qgen-project/qgen/dtdparse"
)

// maxDFAStates bounds the subset construction of one content model. Models
// that XML's determinism rule allows never come near it (their automaton has
// one state per name in the model, plus one); a non-deterministic model that
// would blow up is matched by simulating its position automaton instead.
const maxDFAStates = 2048

// automaton is a compiled children content model. It is built with the
// Glushkov (position automaton) construction over the dtdparse.Particle tree
// and made deterministic with the subset construction, so that matching a
// child costs one map lookup and one table read whatever the model.
type automaton struct {
	// syms maps an element name of the model to its symbol; names lists the
	// symbols in order of first appearance in the model, for messages.
	syms  map[string]int32
	names []string

	// next[s][sym] is the state after sym in state s, or -1; final[s]
	// reports that the content may end in state s. State 0 is the start.
	next  [][]int32
	final []bool

	// nfa is set instead of next and final when the subset construction
	// would exceed maxDFAStates; matching then simulates the position
	// automaton with a set of states.
	nfa *positions

	// deterministic reports whether the model satisfies XML 1.0's
	// determinism rule (appendix E): no two positions reachable from one
	// state share a name.
	deterministic bool
}

// positions is the Glushkov automaton of a model: state 0 is the start and
// state i (1..n) is the i-th name particle of the model.
type positions struct {
	sym    []int32  // sym[i] is the symbol of position i (sym[0] unused)
	follow []bitset // follow[0] is the set of first positions
	final  bitset   // positions that may end the content; 0 when nullable
}

// cursor is the state of a match in progress.
type cursor struct {
	state int32
	set   bitset // the set of position states, for an nfa automaton
}

// compile builds the automaton of root, a Seq or Choice particle.
func compile(root *dtdparse.Particle) *automaton {
	a := &automaton{syms: map[string]int32{}}
	n := 0
	root.Walk(func(p *dtdparse.Particle) {
		if p.Kind == dtdparse.NameParticle {
			n++
			if _, ok := a.syms[p.Name]; !ok {
				a.syms[p.Name] = int32(len(a.names))
				a.names = append(a.names, p.Name)
			}
		}
	})
	g := &positions{sym: make([]int32, n+1), follow: make([]bitset, n+1)}
	for i := range g.follow {
		g.follow[i] = newBitset(n + 1)
	}
	b := &builder{a: a, g: g, size: n + 1}
	first, last, nullable := b.build(root)
	g.follow[0] = first
	g.final = last
	if nullable {
		g.final.set(0)
	}
	a.deterministic = g.isDeterministic(len(a.names))
	if !a.determinize(g) {
		a.next, a.final = nil, nil
		a.nfa = g
	}
	return a
}

// builder carries the state of the Glushkov construction.
type builder struct {
	a    *automaton
	g    *positions
	size int
	n    int // positions numbered so far
}

// build returns the first and last positions of p and whether p matches the
// empty sequence, adding p's pairs to the follow sets.
func (b *builder) build(p *dtdparse.Particle) (first, last bitset, nullable bool) {
	switch p.Kind {
	case dtdparse.NameParticle:
		b.n++
		b.g.sym[b.n] = b.a.syms[p.Name]
		first, last = newBitset(b.size), newBitset(b.size)
		first.set(b.n)
		last.set(b.n)
	case dtdparse.Seq:
		first, last, nullable = newBitset(b.size), newBitset(b.size), true
		for _, c := range p.Children {
			cf, cl, cn := b.build(c)
			// Every position that can end the part before c can be
			// followed by a first position of c.
			last.each(func(x int) { b.g.follow[x].or(cf) })
			if nullable {
				first.or(cf)
			}
			if cn {
				last.or(cl)
			} else {
				last = cl
			}
			nullable = nullable && cn
		}
	case dtdparse.Choice:
		first, last = newBitset(b.size), newBitset(b.size)
		for _, c := range p.Children {
			cf, cl, cn := b.build(c)
			first.or(cf)
			last.or(cl)
			nullable = nullable || cn
		}
	}
	if p.Occur.MayBeAbsent() {
		nullable = true
	}
	if p.Occur.Repeats() {
		last.each(func(x int) { b.g.follow[x].or(first) })
	}
	return first, last, nullable
}

// isDeterministic applies XML 1.0 appendix E to the position automaton.
func (g *positions) isDeterministic(nsyms int) bool {
	seen := make([]int, nsyms)
	for s := range g.follow {
		ok := true
		g.follow[s].each(func(p int) {
			if seen[g.sym[p]] == s+1 {
				ok = false
			}
			seen[g.sym[p]] = s + 1
		})
		if !ok {
			return false
		}
	}
	return true
}

// determinize runs the subset construction. It reports false when the
// automaton would have more than maxDFAStates states.
func (a *automaton) determinize(g *positions) bool {
	nsyms := len(a.names)
	start := newBitset(len(g.follow))
	start.set(0)
	index := map[string]int32{start.key(): 0}
	sets := []bitset{start}
	for s := 0; s < len(sets); s++ {
		row := make([]int32, nsyms)
		targets := make([]bitset, nsyms)
		sets[s].each(func(q int) {
			g.follow[q].each(func(p int) {
				sym := g.sym[p]
				if targets[sym] == nil {
					targets[sym] = newBitset(len(g.follow))
				}
				targets[sym].set(p)
			})
		})
		for sym, t := range targets {
			if t == nil {
				row[sym] = -1
				continue
			}
			k := t.key()
			id, ok := index[k]
			if !ok {
				if len(sets) >= maxDFAStates {
					return false
				}
				id = int32(len(sets))
				index[k] = id
				sets = append(sets, t)
			}
			row[sym] = id
		}
		a.next = append(a.next, row)
		a.final = append(a.final, sets[s].intersects(g.final))
	}
	return true
}

// start returns a cursor at the beginning of the content.
func (a *automaton) start() cursor {
	if a.nfa != nil {
		c := cursor{set: newBitset(len(a.nfa.follow))}
		c.set.set(0)
		return c
	}
	return cursor{}
}

// step moves c over a child named name. It reports false, leaving c as it
// was, when the model does not allow name there.
func (a *automaton) step(c *cursor, name string) bool {
	sym, ok := a.syms[name]
	if !ok {
		return false
	}
	if a.nfa == nil {
		next := a.next[c.state][sym]
		if next < 0 {
			return false
		}
		c.state = next
		return true
	}
	next := newBitset(len(a.nfa.follow))
	c.set.each(func(q int) {
		a.nfa.follow[q].each(func(p int) {
			if a.nfa.sym[p] == sym {
				next.set(p)
			}
		})
	})
	if next.empty() {
		return false
	}
	c.set = next
	return true
}

// accepting reports whether the content may end at c.
func (a *automaton) accepting(c cursor) bool {
	if a.nfa == nil {
		return a.final[c.state]
	}
	return c.set.intersects(a.nfa.final)
}

// expected lists the names that may come next at c, in model order.
func (a *automaton) expected(c cursor) []string {
	var out []string
	if a.nfa == nil {
		for sym, next := range a.next[c.state] {
			if next >= 0 {
				out = append(out, a.names[sym])
			}
		}
		return out
	}
	allowed := make([]bool, len(a.names))
	c.set.each(func(q int) {
		a.nfa.follow[q].each(func(p int) { allowed[a.nfa.sym[p]] = true })
	})
	for sym, ok := range allowed {
		if ok {
			out = append(out, a.names[sym])
		}
	}
	return out
}

// bitset is a set of small non-negative integers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (s bitset) set(i int) { s[i/64] |= 1 << (i % 64) }

func (s bitset) or(t bitset) {
	for i := range s {
		s[i] |= t[i]
	}
}

func (s bitset) intersects(t bitset) bool {
	for i := range s {
		if s[i]&t[i] != 0 {
			return true
		}
	}
	return false
}

func (s bitset) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// each calls f for every member, in increasing order.
func (s bitset) each(f func(int)) {
	for i, w := range s {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			f(i*64 + t)
			w &= w - 1
		}
	}
}

// key returns a string that identifies the set, for maps.
func (s bitset) key() string {
	var b strings.Builder
	b.Grow(len(s) * 8)
	for _, w := range s {
		for k := 0; k < 8; k++ {
			b.WriteByte(byte(w >> (8 * k)))
		}
	}
	return b.String()
}

// DFA is the deterministic automaton of a children content model, in a form
// that a code generator can print as tables: the decoders that qgen emits
// check the order of an element's children with it.
type DFA struct {
	// Names are the element names of the model, each once, in order of
	// first appearance; a symbol is an index into Names.
	Names []string
	// Next[s][sym] is the state after sym in state s, or -1 when the model
	// does not allow sym there. State 0 is the start.
	Next [][]int32
	// Final[s] reports that the content may end in state s.
	Final []bool
	// Recover[sym] is the state to go on from when sym comes where the
	// model does not allow it: the one state that sym leads to from every
	// state that allows it, or -1 when it leads to several (a lenient
	// decoder then stays where it was).
	Recover []int32
}

// CompileDFA compiles a Seq or Choice particle, the Root of a Children
// content model. It reports false when the model is not deterministic (XML
// 1.0 appendix E) or its automaton would be too large; such a model has no
// DFA.
func CompileDFA(root *dtdparse.Particle) (*DFA, bool) {
	a := compile(root)
	if !a.deterministic || a.nfa != nil {
		return nil, false
	}
	d := &DFA{Names: a.names, Next: a.next, Final: a.final, Recover: make([]int32, len(a.names))}
	for sym := range d.Recover {
		d.Recover[sym] = -2 // not seen yet
		for _, row := range a.next {
			switch t := row[sym]; {
			case t < 0:
			case d.Recover[sym] == -2:
				d.Recover[sym] = t
			case d.Recover[sym] != t:
				d.Recover[sym] = -1
			}
		}
		if d.Recover[sym] == -2 {
			d.Recover[sym] = -1
		}
	}
	return d, true
}
