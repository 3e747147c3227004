package dtdparse

import (
	"fmt"
	"strconv"
	"strings"
)

// Format renders the DTD as the parser understood it, in a compact text form
// that is stable across runs: elements in file order with their normalised
// content models and attributes, attribute lists for undeclared elements,
// entities, notations, then the warnings and remarks. `qgen inspect` prints
// it, and golden tests compare it.
func Format(d *DTD) string {
	var b strings.Builder
	fmt.Fprintf(&b, "dtd %s: %d elements, %d attributes, %d entities, %d notations\n",
		d.Filename, len(d.Elements), countAttributes(d), len(d.Entities)+len(d.ParamEntities), len(d.Notations))
	for _, el := range d.Elements {
		for _, c := range el.Comments {
			fmt.Fprintf(&b, "  -- %s\n", strings.Join(strings.Fields(c.Text), " "))
		}
		fmt.Fprintf(&b, "element %s %s\n", el.Name, el.Content)
		for _, a := range el.Attributes {
			fmt.Fprintf(&b, "  @%s %s %s\n", a.Name, a.TypeString(), a.DefaultString())
		}
	}
	for _, list := range d.AttLists {
		if d.elements[list.Element] != nil {
			continue
		}
		for _, a := range list.Attributes {
			fmt.Fprintf(&b, "attribute %s@%s %s %s (element not declared)\n", list.Element, a.Name, a.TypeString(), a.DefaultString())
		}
	}
	for _, es := range [][]*Entity{d.ParamEntities, d.Entities} {
		for _, e := range es {
			fmt.Fprintf(&b, "entity %s", entityRef(e))
			switch {
			case !e.external:
				fmt.Fprintf(&b, " %s", strconv.Quote(e.Value))
			default:
				if e.PublicID != "" {
					fmt.Fprintf(&b, " PUBLIC %s", strconv.Quote(e.PublicID))
				}
				fmt.Fprintf(&b, " SYSTEM %s", strconv.Quote(e.SystemID))
				if e.NData != "" {
					fmt.Fprintf(&b, " NDATA %s", e.NData)
				}
			}
			b.WriteByte('\n')
		}
	}
	for _, n := range d.Notations {
		fmt.Fprintf(&b, "notation %s", n.Name)
		if n.PublicID != "" {
			fmt.Fprintf(&b, " PUBLIC %s", strconv.Quote(n.PublicID))
		}
		if n.SystemID != "" {
			fmt.Fprintf(&b, " SYSTEM %s", strconv.Quote(n.SystemID))
		}
		b.WriteByte('\n')
	}
	for _, diag := range d.Diagnostics {
		b.WriteString(diag.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func countAttributes(d *DTD) int {
	n := 0
	for _, l := range d.AttLists {
		n += len(l.Attributes)
	}
	return n
}
