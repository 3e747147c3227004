package changelog

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// Check rules: the rules across parameters of an endpoint (spec.FormatRule
// identifies a rule; the actions it applies to are compared too).
//
// A rule only ever rejects requests, so:
//   - a removed rule is compatible (Validate() accepts more);
//   - an added rule is breaking when it can reject a request that was valid
//     before, and compatible when it cannot: when it concerns only
//     parameters, values or actions the endpoint did not accept before
//     (not_with fqdn [...] on an endpoint that gains fqdn), or what was
//     already required;
//   - a rule that changed in place (same kind and subject) is compared:
//     at_least_one / one_of_required with more alternatives, required_if_value
//     with fewer values, not_with or exclusive with fewer terms, a higher
//     max_total_length are widened (compatible); the opposite is narrowed
//     (breaking, unless the new terms are new to the endpoint).
var rulesCheck = &check{name: "rules", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	// Exact matches first.
	oldByKey := map[string][]*spec.Rule{}
	for _, r := range oe.Rules {
		k := spec.FormatRule(r)
		oldByKey[k] = append(oldByKey[k], r)
	}
	var added []*spec.Rule
	for _, n := range ne.Rules {
		k := spec.FormatRule(n)
		if list := oldByKey[k]; len(list) > 0 {
			o := list[0]
			oldByKey[k] = list[1:]
			if ch := ruleActionsChanged(oe, o, n); ch != nil {
				out = append(out, ch)
			}
			continue
		}
		added = append(added, n)
	}
	var removed []*spec.Rule
	for _, o := range oe.Rules {
		k := spec.FormatRule(o)
		if list := oldByKey[k]; len(list) > 0 && list[0] == o {
			oldByKey[k] = list[1:]
			removed = append(removed, o)
		}
	}
	// Rules changed in place.
	var stillAdded []*spec.Rule
	for _, n := range added {
		paired := false
		for i, o := range removed {
			if ch := ruleChanged(oe, o, n); ch != nil {
				out = append(out, ch)
				removed = append(removed[:i], removed[i+1:]...)
				paired = true
				break
			}
		}
		if !paired {
			stillAdded = append(stillAdded, n)
		}
	}
	for _, n := range stillAdded {
		ch := &Change{Kind: "rule-added", Subject: spec.FormatRule(n), Action: strings.Join(n.Actions, ","),
			Text: fmt.Sprintf("rule %s added%s", code(spec.FormatRule(n)), actionsText(n.Actions))}
		ch.Breaking, ch.Why = ruleEffect(oe, n, n.Actions)
		out = append(out, ch)
	}
	for _, o := range removed {
		out = append(out, &Change{Kind: "rule-removed", Subject: spec.FormatRule(o), Action: strings.Join(o.Actions, ","),
			Text: fmt.Sprintf("rule %s removed%s", code(spec.FormatRule(o)), actionsText(o.Actions)),
			Why:  "Validate() no longer checks it; every request valid before still is",
		})
	}
	return out
}}

func actionsText(actions []string) string {
	if len(actions) == 0 {
		return " (no action)"
	}
	return " (" + strings.Join(actions, ", ") + ")"
}

// ruleActionsChanged compares the actions of one rule in both specs.
func ruleActionsChanged(oe *spec.Endpoint, o, n *spec.Rule) *Change {
	more, fewer := diffStrings(n.Actions, o.Actions), diffStrings(o.Actions, n.Actions)
	if len(more) == 0 && len(fewer) == 0 {
		return nil
	}
	ch := &Change{Kind: "rule-actions-changed", Subject: spec.FormatRule(n), Action: strings.Join(n.Actions, ",")}
	var parts []string
	if len(more) > 0 {
		parts = append(parts, "now also applies to "+andList(more))
	}
	if len(fewer) > 0 {
		parts = append(parts, "no longer applies to "+andList(fewer))
	}
	ch.Text = fmt.Sprintf("rule %s %s", code(spec.FormatRule(n)), strings.Join(parts, "; "))
	ch.Why = "Validate() checks it for fewer actions"
	if len(more) > 0 {
		ch.Breaking, ch.Why = ruleEffect(oe, n, more)
	}
	return ch
}

// ruleChanged compares a removed and an added rule of the same kind and
// subject; nil when they are not two versions of one rule.
func ruleChanged(oe *spec.Endpoint, o, n *spec.Rule) *Change {
	if o.Kind != n.Kind {
		return nil
	}
	var narrowed bool
	var why string
	switch n.Kind {
	case spec.AtLeastOne, spec.OneOfRequired:
		ot, nt := ruleTerms(o), ruleTerms(n)
		gone, extra := diffStrings(ot, nt), diffStrings(nt, ot)
		if len(gone) > 0 && len(extra) > 0 {
			return nil
		}
		switch {
		case len(gone) > 0:
			narrowed = true
			why = fmt.Sprintf("narrowed: a request valid before that satisfies it only with %s now fails Validate()", strings.Join(gone, " or "))
		case len(extra) == 0:
			why = "the same alternatives, in another order"
		default:
			why = fmt.Sprintf("widened, %s now also satisfies it; every request valid before still does", strings.Join(extra, " or "))
		}
	case spec.Exclusive:
		gone, extra := diffStrings(o.Params, n.Params), diffStrings(n.Params, o.Params)
		if len(gone) > 0 && len(extra) > 0 || len(intersect(o.Params, n.Params)) == 0 {
			return nil
		}
		switch {
		case len(gone) > 0:
			why = fmt.Sprintf("widened, %s no longer excluded", strings.Join(gone, ", "))
		case len(extra) == 0:
			why = "the same parameters, in another order"
		default:
			why = fmt.Sprintf("%s joins it, but %s", strings.Join(extra, ", "), ruleNewTo(oe, n.Actions, extra))
		}
	actions:
		for _, an := range n.Actions {
			if oe.Action(an) == nil {
				continue
			}
			var usable []string
			for _, p := range n.Params {
				if paramUsable(oe, an, p) {
					usable = append(usable, p)
				}
			}
			for _, x := range extra {
				if paramUsable(oe, an, x) && len(usable) >= 2 {
					narrowed = true
					why = fmt.Sprintf("narrowed: %s request valid before that sends %s with another of them now fails Validate()", article(an), x)
					break actions
				}
			}
		}
	case spec.RequiredIfValue:
		if o.Param != n.Param || o.When.Param != n.When.Param {
			return nil
		}
		extra := diffStrings(n.Values, o.Values)
		narrowed, why = false, "widened, fewer values make it required"
	values:
		for _, an := range n.Actions {
			if oe.Action(an) == nil || paramRequired(oe, an, n.Param) {
				continue
			}
			for _, v := range extra {
				if termUsable(oe, an, spec.Term{Param: n.When.Param, Value: v, HasValue: true}) {
					narrowed = true
					why = fmt.Sprintf("narrowed: %s request valid before that sends %s=%s without %s now fails Validate()", article(an), n.When.Param, v, n.Param)
					break values
				}
			}
		}
	case spec.NotWith:
		if o.Param != n.Param {
			return nil
		}
		ot, nt := ruleTerms(o), ruleTerms(n)
		extra := diffStrings(nt, ot)
		narrowed, why = false, "widened, fewer parameters are excluded"
	terms:
		for _, an := range n.Actions {
			if oe.Action(an) == nil || !paramUsable(oe, an, n.Param) {
				continue
			}
			for _, t := range n.Terms {
				if contains(extra, t.String()) && termUsable(oe, an, t) {
					narrowed = true
					why = fmt.Sprintf("narrowed: %s request valid before that sends %s with %s now fails Validate()", article(an), n.Param, t)
					break terms
				}
			}
		}
	case spec.MaxTotalLength:
		if strings.Join(sortedCopy(o.Params), ",") != strings.Join(sortedCopy(n.Params), ",") {
			return nil
		}
		narrowed = n.Max < o.Max
		why = "widened, every request valid before still is"
		if narrowed {
			why = fmt.Sprintf("narrowed: values valid before whose lengths add up to more than %d now fail Validate()", n.Max)
		}
	default:
		return nil
	}
	ch := &Change{Kind: "rule-changed", Subject: spec.FormatRule(n), Action: strings.Join(n.Actions, ","), Breaking: narrowed, Why: why,
		Text: fmt.Sprintf("rule %s is now %s%s", code(spec.FormatRule(o)), code(spec.FormatRule(n)), actionsText(n.Actions))}
	if more := diffStrings(n.Actions, o.Actions); len(more) > 0 {
		if b, w := ruleEffect(oe, n, more); b {
			ch.Breaking = true
			ch.Why = w
		}
	}
	return ch
}

// ruleEffect says whether rule r, applied to actions, can reject a request
// that the old endpoint accepted, and why.
func ruleEffect(oe *spec.Endpoint, r *spec.Rule, actions []string) (bool, string) {
	// Reasons are written with {action}; actions with the same reason are
	// named together.
	type reason struct {
		text    string
		actions []string
	}
	var breaks, compat []*reason
	add := func(list *[]*reason, text, action string) {
		for _, x := range *list {
			if x.text == text {
				x.actions = append(x.actions, action)
				return
			}
		}
		*list = append(*list, &reason{text, []string{action}})
	}
	for _, an := range actions {
		if oe.Action(an) == nil {
			add(&compat, "{action} did not exist before", an)
			continue
		}
		if b, why := ruleRejects(oe, r, an); b {
			add(&breaks, why, an)
		} else {
			add(&compat, why, an)
		}
	}
	render := func(list []*reason) string {
		var parts []string
		for _, x := range list {
			text := strings.ReplaceAll(x.text, "{a-action}", article(andList(x.actions)))
			parts = append(parts, strings.ReplaceAll(text, "{action}", andList(x.actions)))
		}
		return strings.Join(parts, "; ")
	}
	if len(breaks) > 0 {
		return true, render(breaks)
	}
	if len(compat) == 0 {
		return false, "it applies to no action"
	}
	return false, "no request valid before is affected: " + render(compat)
}

// ruleRejects says whether r can reject a request of action an that the old
// endpoint accepted (true, with an example), or why it cannot; the text
// names the action {action}.
func ruleRejects(oe *spec.Endpoint, r *spec.Rule, an string) (bool, string) {
	newTo := func(what string) string { return fmt.Sprintf("{action} did not accept %s before", what) }
	switch r.Kind {
	case spec.RequiredIf:
		if paramRequired(oe, an, r.Param) {
			return false, fmt.Sprintf("%s was already required by {action}", r.Param)
		}
		if !termUsable(oe, an, r.When) {
			return false, newTo(r.When.String())
		}
		return true, fmt.Sprintf("{a-action} request valid before that sends %s without %s now fails Validate()", r.When, r.Param)
	case spec.RequiredIfValue:
		if paramRequired(oe, an, r.Param) {
			return false, fmt.Sprintf("%s was already required by {action}", r.Param)
		}
		for _, v := range r.Values {
			t := spec.Term{Param: r.When.Param, Value: v, HasValue: true}
			if termUsable(oe, an, t) {
				return true, fmt.Sprintf("{a-action} request valid before that sends %s without %s now fails Validate()", t, r.Param)
			}
		}
		return false, newTo(r.When.Param + " with these values")
	case spec.InvalidUnless, spec.Requires:
		if !paramUsable(oe, an, r.Param) {
			return false, newTo(r.Param)
		}
		return true, fmt.Sprintf("{a-action} request valid before that sends %s without %s now fails Validate()", r.Param, r.When)
	case spec.OneOfRequired, spec.AtLeastOne:
		terms := r.Terms
		if r.Kind == spec.AtLeastOne {
			terms = nil
			for _, p := range r.Params {
				terms = append(terms, spec.Term{Param: p})
			}
		}
		for _, t := range terms {
			if !t.HasValue && paramRequired(oe, an, t.Param) {
				return false, fmt.Sprintf("%s was already required by {action}", t.Param)
			}
		}
		return true, fmt.Sprintf("{a-action} request valid before that sends none of %s now fails Validate()", strings.Join(ruleTerms(r), ", "))
	case spec.Exclusive:
		var usable []string
		for _, p := range r.Params {
			if paramUsable(oe, an, p) {
				usable = append(usable, p)
			}
		}
		if len(usable) >= 2 {
			return true, fmt.Sprintf("{a-action} request valid before that sends %s together now fails Validate()", andList(usable))
		}
		return false, fmt.Sprintf("{action} accepted at most one of %s before", strings.Join(r.Params, ", "))
	case spec.NotWith:
		if !paramUsable(oe, an, r.Param) {
			return false, newTo(r.Param)
		}
		for _, t := range r.Terms {
			if termUsable(oe, an, t) {
				return true, fmt.Sprintf("{a-action} request valid before that sends %s with %s now fails Validate()", r.Param, t)
			}
		}
		return false, newTo("any of " + strings.Join(ruleTerms(r), ", "))
	case spec.MaxTotalLength:
		total := 0
		for _, p := range r.Params {
			if !paramUsable(oe, an, p) {
				continue
			}
			op := oe.Param(p)
			if op.MaxLength == 0 {
				return true, fmt.Sprintf("{a-action} request valid before whose %s add up to more than %d characters now fails Validate()", strings.Join(r.Params, " and "), r.Max)
			}
			total += op.MaxLength
		}
		if total > r.Max {
			return true, fmt.Sprintf("{a-action} request valid before whose %s add up to more than %d characters now fails Validate()", strings.Join(r.Params, " and "), r.Max)
		}
		return false, fmt.Sprintf("the max_length values before add up to %d, at most %d", total, r.Max)
	}
	return true, "requests valid before may now fail Validate()"
}

// ruleNewTo says that the actions did not accept params before.
func ruleNewTo(oe *spec.Endpoint, actions, params []string) string {
	var old []string
	for _, an := range actions {
		if oe.Action(an) != nil {
			old = append(old, an)
		}
	}
	if len(old) == 0 {
		return "its actions are new"
	}
	return fmt.Sprintf("%s did not accept %s before", andList(old), strings.Join(params, ", "))
}

// article prefixes a word with "a" or "an".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// paramUsable reports whether the old endpoint's action an accepted p.
func paramUsable(oe *spec.Endpoint, an, p string) bool {
	op := oe.Param(p)
	if op == nil {
		return false
	}
	ok, _ := op.UseIn(an)
	return ok
}

// paramRequired reports whether the old endpoint's action an required p.
func paramRequired(oe *spec.Endpoint, an, p string) bool {
	op := oe.Param(p)
	if op == nil {
		return false
	}
	_, req := op.UseIn(an)
	return req
}

// termUsable reports whether a request of the old endpoint's action an
// could satisfy term t: the parameter was accepted and, for an enum, the
// value was one of its values.
func termUsable(oe *spec.Endpoint, an string, t spec.Term) bool {
	if !paramUsable(oe, an, t.Param) {
		return false
	}
	op := oe.Param(t.Param)
	if t.HasValue && op.Kind == spec.Enum {
		return contains(op.Values, t.Value)
	}
	if t.HasValue && op.Kind == spec.Flag {
		return t.Value == "0" || t.Value == "1"
	}
	return true
}

// ruleTerms lists the terms of a rule as text.
func ruleTerms(r *spec.Rule) []string {
	if len(r.Terms) == 0 {
		return append([]string(nil), r.Params...)
	}
	var out []string
	for _, t := range r.Terms {
		out = append(out, t.String())
	}
	return out
}

// diffStrings returns the strings of a that are not in b, in a's order.
func diffStrings(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func intersect(a, b []string) []string {
	var out []string
	for _, s := range a {
		if contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
