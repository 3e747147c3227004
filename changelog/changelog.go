// Package changelog compares two resolved spec models and reports what
// changed in the API, endpoint by endpoint, the way the Qualys release notes
// do ("APIs affected", "New or Updated API", "DTD or XSD changes"), with each
// change classified as breaking or compatible for clients of the generated
// code.
//
// Each kind of comparison is a check of its own, in a check_*.go file with
// its own before/after spec pair in testdata/<check>/ and its own test:
// endpoints, actions, params, param_use, limits, enums, rules, elements and
// gotypes. Compare runs them all in that order.
package changelog

import (
	"sort"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// Endpoint statuses, as the release notes print them.
const (
	StatusNew     = "New"
	StatusUpdated = "Updated"
	StatusRemoved = "Removed"
)

// DTD change values of the "DTD or XSD changes" column.
const (
	DTDYes     = "Yes"
	DTDNo      = "No"
	DTDNew     = "New"
	DTDRemoved = "Removed"
)

// Report is the comparison of two spec models.
type Report struct {
	// Old and New label the two specs (the folders or revisions compared).
	Old string `json:"old"`
	New string `json:"new"`
	// Breaking and Compatible count the changes of every endpoint.
	Breaking   int `json:"breaking"`
	Compatible int `json:"compatible"`
	// Endpoints are the new, updated and removed endpoints, sorted by name.
	Endpoints []*EndpointReport `json:"endpoints"`
	// Unchanged names the endpoints of both specs that did not change, sorted.
	Unchanged []string `json:"unchanged"`
}

// EndpointReport is what changed in one endpoint.
type EndpointReport struct {
	// Name is the endpoint name ("auth/greenplum"), Path its path.
	Name string `json:"name"`
	Path string `json:"path"`
	// Status is New, Updated or Removed.
	Status string `json:"status"`
	// DTD is Yes, No, New or Removed: whether the DTDs its actions answer
	// with changed; DTDFiles names them (file names, sorted).
	DTD      string   `json:"dtd"`
	DTDFiles []string `json:"dtd_files"`
	// Changes are in check order, then by subject.
	Changes []*Change `json:"changes"`
}

// Change is one change of an endpoint.
type Change struct {
	// Check names the check that found it (params, rules, elements...).
	Check string `json:"check"`
	// Kind identifies the change: param-added, enum-value-removed...
	Kind string `json:"kind"`
	// Action is the action it concerns, when it concerns one.
	Action string `json:"action,omitempty"`
	// Subject is what changed: a parameter, a rule, an element path, a Go name.
	Subject string `json:"subject"`
	// Breaking is true when clients of the generated code may break: code
	// that no longer compiles or requests valid before that now fail.
	Breaking bool `json:"breaking"`
	// Text says what changed; Why says what it means for clients.
	Text string `json:"text"`
	Why  string `json:"why"`
}

// check is one comparison. It is given the two versions of an endpoint
// present in both specs (run) or, for endpoint-level checks, the whole pair
// (runModel).
type check struct {
	name string
	run  func(c *context, old, new *spec.Endpoint) []*Change
}

// checks run in this order; the report keeps it.
var checks = []*check{
	actionsCheck,
	paramsCheck,
	paramUseCheck,
	limitsCheck,
	enumsCheck,
	rulesCheck,
	elementsCheck,
	goTypesCheck,
}

// context is what checks share: both models, and what is derived from them.
type context struct {
	old, new *spec.Model
	idx      map[*spec.Model]map[string]map[string]*spec.Type
}

// Compare compares the old and the new model. oldLabel and newLabel name
// them in the report.
func Compare(old, new *spec.Model, oldLabel, newLabel string) *Report {
	c := &context{old: old, new: new}
	r := &Report{Old: oldLabel, New: newLabel, Endpoints: []*EndpointReport{}, Unchanged: []string{}}
	names := map[string]bool{}
	for _, e := range old.Endpoints {
		names[e.Name] = true
	}
	for _, e := range new.Endpoints {
		names[e.Name] = true
	}
	for _, name := range sortedKeys(names) {
		oe, ne := old.Endpoint(name), new.Endpoint(name)
		var er *EndpointReport
		switch {
		case oe == nil:
			er = &EndpointReport{Name: name, Path: ne.Path, Status: StatusNew, DTD: DTDNew, DTDFiles: c.endpointOnlyDTDs(ne, old)}
			er.Changes = endpointAdded(c, ne)
		case ne == nil:
			er = &EndpointReport{Name: name, Path: oe.Path, Status: StatusRemoved, DTD: DTDRemoved, DTDFiles: c.endpointOnlyDTDs(oe, new)}
			er.Changes = endpointRemoved(c, oe)
		default:
			er = &EndpointReport{Name: name, Path: ne.Path, Status: StatusUpdated, DTD: DTDNo, DTDFiles: []string{}}
			if files := c.changedDTDs(oe, ne); len(files) > 0 {
				er.DTD, er.DTDFiles = DTDYes, files
			}
			for _, ch := range checks {
				found := ch.run(c, oe, ne)
				for _, x := range found {
					x.Check = ch.name
				}
				er.Changes = append(er.Changes, found...)
			}
			if len(er.Changes) == 0 && er.DTD == DTDNo {
				r.Unchanged = append(r.Unchanged, name)
				continue
			}
		}
		if er.Changes == nil {
			er.Changes = []*Change{}
		}
		for _, x := range er.Changes {
			if x.Breaking {
				r.Breaking++
			} else {
				r.Compatible++
			}
		}
		r.Endpoints = append(r.Endpoints, er)
	}
	return r
}

// HasBreaking reports whether any change is breaking.
func (r *Report) HasBreaking() bool { return r.Breaking > 0 }

// endpointDTDs returns the DTDs an endpoint's actions answer with, by name.
func endpointDTDs(e *spec.Endpoint) map[string]*spec.DTD {
	out := map[string]*spec.DTD{}
	for _, a := range e.Actions {
		if d := a.Response.DTD; d != nil {
			out[d.Name] = d
		}
	}
	return out
}

// endpointOnlyDTDs names the DTD files of a new (or removed) endpoint that
// the other spec does not have, or whose declarations differ there; when
// there are none, every DTD the endpoint answers with.
func (c *context) endpointOnlyDTDs(e *spec.Endpoint, other *spec.Model) []string {
	var own, all []string
	for name, d := range endpointDTDs(e) {
		all = append(all, name+".dtd")
		if od := other.DTD(name); od == nil || dtdSignature(od) != dtdSignature(d) {
			own = append(own, name+".dtd")
		}
	}
	if len(own) == 0 {
		own = all
	}
	sort.Strings(own)
	if own == nil {
		own = []string{}
	}
	return own
}

// changedDTDs names the DTD files of an endpoint that changed: a DTD that
// one version of the endpoint answers with and the other does not, or one
// both answer with whose element declarations differ.
func (c *context) changedDTDs(oe, ne *spec.Endpoint) []string {
	od, nd := endpointDTDs(oe), endpointDTDs(ne)
	var out []string
	seen := map[string]bool{}
	for name, d := range od {
		seen[name] = true
		if n := nd[name]; n == nil || dtdSignature(n) != dtdSignature(d) {
			out = append(out, name+".dtd")
		}
	}
	for name := range nd {
		if !seen[name] {
			out = append(out, name+".dtd")
		}
	}
	sort.Strings(out)
	return out
}

// dtdSignature is the resolved element declarations of a DTD: each element
// with its normalised content model and its attributes. Comments, white
// space, entities used to write them and declaration order do not count.
func dtdSignature(d *spec.DTD) string {
	var lines []string
	for _, el := range d.Parsed.Elements {
		lines = append(lines, elementSignature(d, el.Name))
	}
	sort.Strings(lines)
	return "root " + d.Root + "\n" + strings.Join(lines, "\n")
}

// elementSignature is one element declaration, normalised; "" when the
// DTD does not declare the element.
func elementSignature(d *spec.DTD, name string) string {
	el := d.Parsed.Element(name)
	if el == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(el.Name + " " + el.Content.String())
	attrs := make([]string, 0, len(el.Attributes))
	for _, a := range el.Attributes {
		attrs = append(attrs, " @"+a.Name+" "+a.TypeString()+" "+a.DefaultString())
	}
	sort.Strings(attrs)
	b.WriteString(strings.Join(attrs, ""))
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// code quotes a name as Markdown code.
func code(s string) string { return "`" + s + "`" }

// codes quotes each name and joins them with ", ".
func codes(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = code(n)
	}
	return strings.Join(q, ", ")
}

// andList joins names as "a", "a and b" or "a, b and c".
func andList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
