package changelog

import (
	"fmt"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// Check param_use: how each action that exists in both specs uses each
// parameter that exists in both: required, optional or invalid (not
// accepted).
//
//   - invalid -> optional: compatible (a new optional field);
//   - invalid -> required, optional -> required: breaking (newly required);
//   - required or optional -> invalid: breaking (the field is gone);
//   - required -> optional: compatible, unless the Go type of the field
//     changes (a required string is a string, an optional one a *string).
var paramUseCheck = &check{name: "param_use", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	for _, np := range ne.Params {
		op := oe.Param(np.Name)
		if op == nil {
			continue
		}
		// Group the actions by transition, in the new table's action order.
		type group struct {
			from, to string
			actions  []string
		}
		var groups []*group
		add := func(from, to, action string) {
			for _, g := range groups {
				if g.from == from && g.to == to {
					g.actions = append(g.actions, action)
					return
				}
			}
			groups = append(groups, &group{from: from, to: to, actions: []string{action}})
		}
		for _, a := range ne.Actions {
			if oe.Action(a.Name) == nil {
				continue
			}
			from, to := useOf(op, a.Name), useOf(np, a.Name)
			if from != to {
				add(from, to, a.Name)
			}
		}
		for _, g := range groups {
			out = append(out, useChange(oe, ne, op, np, g.from, g.to, g.actions))
		}
	}
	return out
}}

// useOf is "required", "optional" or "invalid".
func useOf(p *spec.Param, action string) string {
	ok, req := p.UseIn(action)
	switch {
	case !ok:
		return "invalid"
	case req:
		return "required"
	}
	return "optional"
}

func useChange(oe, ne *spec.Endpoint, op, np *spec.Param, from, to string, actions []string) *Change {
	ch := &Change{Subject: np.Name, Action: strings.Join(actions, ",")}
	on := andList(actions)
	reqTypes := func(e *spec.Endpoint) []string {
		var out []string
		for _, an := range actions {
			out = append(out, requestName(e, e.Action(an)))
		}
		return out
	}
	switch {
	case to == "invalid":
		ch.Kind, ch.Breaking = "param-use-removed", true
		ch.Text = fmt.Sprintf("parameter %s no longer accepted by %s (was %s)", code(np.Name), on, from)
		ch.Why = fmt.Sprintf("the field %s of %s is gone", code(op.GoName), codes(reqTypes(oe)))
	case from == "invalid" && to == "optional":
		ch.Kind = "param-use-added"
		ch.Text = fmt.Sprintf("parameter %s now accepted by %s (optional)", code(np.Name), on)
		ch.Why = "a new optional field " + fieldList(ne, np, actions)
	case to == "required":
		ch.Kind, ch.Breaking = "param-now-required", true
		ch.Text = fmt.Sprintf("parameter %s now required by %s (was %s)", code(np.Name), on, from)
		ch.Why = "newly required: requests that leave it unset fail Validate()"
		if from != "invalid" {
			if changed := useTypeChanges(oe, ne, op, np, actions); len(changed) > 0 {
				ch.Why += "; the field " + strings.Join(changed, "; ")
			}
		}
	default: // required -> optional
		ch.Kind = "param-now-optional"
		ch.Text = fmt.Sprintf("parameter %s now optional to %s (was required)", code(np.Name), on)
		if changed := useTypeChanges(oe, ne, op, np, actions); len(changed) > 0 {
			ch.Breaking = true
			ch.Why = "the field " + strings.Join(changed, "; ")
		} else {
			ch.Why = "requests valid before still are, and the Go type of the field is unchanged"
		}
	}
	return ch
}

// useTypeChanges describes the Go type changes of p's field in the request
// types of actions.
func useTypeChanges(oe, ne *spec.Endpoint, op, np *spec.Param, actions []string) []string {
	var out []string
	for _, an := range actions {
		_, oreq := op.UseIn(an)
		_, nreq := np.UseIn(an)
		o, n := paramGoType(oe, op, oreq), paramGoType(ne, np, nreq)
		if o != n {
			out = append(out, fmt.Sprintf("%s of %s changes from %s to %s", code(np.GoName), code(requestName(ne, ne.Action(an))), code(o), code(n)))
		}
	}
	return out
}
