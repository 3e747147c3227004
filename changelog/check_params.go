package changelog

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// Check params: parameters added to or removed from an endpoint, and the
// properties of a parameter that are not per action or limits: its type,
// secret, default and clearable.
//
//   - added: compatible when no action that existed before requires it
//     (a new optional field); breaking when one does (newly required);
//   - removed: breaking (the request field is gone);
//   - type changed: breaking when the Go type of the field changes;
//   - secret, default: compatible (the Go API is unchanged; the doc says why);
//   - clearable dropped: breaking (an empty value no longer clears);
//     clearable added: compatible, unless the Go type changes.
var paramsCheck = &check{name: "params", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	for _, p := range ne.Params {
		if oe.Param(p.Name) == nil {
			out = append(out, paramAdded(oe, ne, p))
		}
	}
	for _, p := range oe.Params {
		if ne.Param(p.Name) == nil {
			out = append(out, &Change{
				Kind: "param-removed", Subject: p.Name, Breaking: true,
				Text: fmt.Sprintf("parameter %s removed (was %s; %s)", code(p.Name), p.Kind, usesText(p)),
				Why:  fmt.Sprintf("the field %s of %s is gone", code(p.GoName), codes(requestTypes(oe, p))),
			})
		}
	}
	for _, np := range ne.Params {
		op := oe.Param(np.Name)
		if op == nil {
			continue
		}
		if op.Kind != np.Kind {
			changed := goTypeChanges(oe, ne, op, np)
			why := "the Go type of the field is unchanged"
			if len(changed) > 0 {
				why = "the field " + strings.Join(changed, "; ")
			}
			out = append(out, &Change{
				Kind: "param-type-changed", Subject: np.Name, Breaking: len(changed) > 0,
				Text: fmt.Sprintf("parameter %s: type %s, was %s", code(np.Name), np.Kind, op.Kind),
				Why:  why,
			})
		}
		if op.Secret != np.Secret {
			ch := &Change{Kind: "param-secret-changed", Subject: np.Name}
			if np.Secret {
				ch.Text = fmt.Sprintf("parameter %s is now a secret", code(np.Name))
				ch.Why = "it travels only in a POST body and prints as [redacted]; the Go API is unchanged"
			} else {
				ch.Text = fmt.Sprintf("parameter %s is no longer a secret", code(np.Name))
				ch.Why = "it may travel in a query and prints in clear; the Go API is unchanged"
			}
			out = append(out, ch)
		}
		if op.Default != np.Default {
			out = append(out, &Change{
				Kind: "param-default-changed", Subject: np.Name,
				Text: fmt.Sprintf("parameter %s: default %s, was %s", code(np.Name), orNone(np.Default), orNone(op.Default)),
				Why:  "documentation only (the generated code never sends a default), but a request that omits it gets the new default",
			})
		}
		if op.Clearable != np.Clearable && op.Kind == np.Kind {
			changed := goTypeChanges(oe, ne, op, np)
			ch := &Change{Kind: "param-clearable-changed", Subject: np.Name}
			if np.Clearable {
				ch.Text = fmt.Sprintf("parameter %s is now clearable (an empty value clears the stored value)", code(np.Name))
				ch.Breaking = len(changed) > 0
				ch.Why = "an empty value is now accepted where it was an unset one"
				if ch.Breaking {
					ch.Why = "the field " + strings.Join(changed, "; ")
				}
			} else {
				ch.Text = fmt.Sprintf("parameter %s is no longer clearable", code(np.Name))
				ch.Breaking = true
				ch.Why = "an empty value no longer clears the stored value: Validate() counts it as unset"
				if len(changed) > 0 {
					ch.Why += "; the field " + strings.Join(changed, "; ")
				}
			}
			out = append(out, ch)
		}
	}
	return out
}}

// paramAdded classifies a parameter new to an endpoint.
func paramAdded(oe, ne *spec.Endpoint, p *spec.Param) *Change {
	ch := &Change{Kind: "param-added", Subject: p.Name, Text: fmt.Sprintf("parameter %s added (%s; %s)", code(p.Name), p.Kind, usesText(p))}
	var newlyRequired, oldActions []string
	for _, u := range p.Uses {
		if oe.Action(u.Action) == nil {
			continue
		}
		oldActions = append(oldActions, u.Action)
		if u.Required {
			newlyRequired = append(newlyRequired, u.Action)
		}
	}
	switch {
	case len(newlyRequired) > 0:
		ch.Breaking = true
		ch.Why = fmt.Sprintf("newly required by %s: requests built before lack it and fail Validate()", andList(newlyRequired))
	case len(oldActions) == 0:
		ch.Why = "only new actions accept it"
	default:
		ch.Why = "a new optional field " + fieldList(ne, p, oldActions)
	}
	return ch
}

// fieldList describes the field of p in the request types of actions:
// "`X *string` in `ARequest` and `BRequest`".
func fieldList(e *spec.Endpoint, p *spec.Param, actions []string) string {
	byType := map[string][]string{}
	for _, an := range actions {
		a := e.Action(an)
		_, req := p.UseIn(an)
		t := paramGoType(e, p, req)
		byType[t] = append(byType[t], code(requestName(e, a)))
	}
	var parts []string
	for _, t := range sortedKeys(byType) {
		parts = append(parts, fmt.Sprintf("%s in %s", code(p.GoName+" "+t), andList(byType[t])))
	}
	return strings.Join(parts, ", ")
}

// requestTypes names the request types of the actions that accept p.
func requestTypes(e *spec.Endpoint, p *spec.Param) []string {
	var out []string
	for _, u := range p.Uses {
		if a := e.Action(u.Action); a != nil {
			out = append(out, requestName(e, a))
		}
	}
	return out
}

// goTypeChanges describes, per action that accepts the parameter in both
// versions, a change of the Go type of its field: "X of ARequest changes
// from *string to *int64".
func goTypeChanges(oe, ne *spec.Endpoint, op, np *spec.Param) []string {
	var out []string
	for _, u := range np.Uses {
		ok, oreq := op.UseIn(u.Action)
		if !ok || oe.Action(u.Action) == nil {
			continue
		}
		o, n := paramGoType(oe, op, oreq), paramGoType(ne, np, u.Required)
		if o != n {
			out = append(out, fmt.Sprintf("%s of %s changes from %s to %s", code(np.GoName), code(requestName(ne, ne.Action(u.Action))), code(o), code(n)))
		}
	}
	return out
}

// usesText says which actions accept a parameter: "required to create;
// optional to update, list".
func usesText(p *spec.Param) string {
	var req, opt []string
	for _, u := range p.Uses {
		if u.Required {
			req = append(req, u.Action)
		} else {
			opt = append(opt, u.Action)
		}
	}
	var parts []string
	if len(req) > 0 {
		parts = append(parts, "required to "+strings.Join(req, ", "))
	}
	if len(opt) > 0 {
		parts = append(parts, "optional to "+strings.Join(opt, ", "))
	}
	if len(parts) == 0 {
		return "accepted by no action"
	}
	return strings.Join(parts, "; ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return code(s)
}

// sortedCopy returns the strings sorted, leaving the argument alone.
func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
