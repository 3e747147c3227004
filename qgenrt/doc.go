// Package qgenrt is the qgen runtime: the one hand-written package that the
// generated Qualys API v2.0 client imports besides the standard library. It
// imports only the standard library itself.
//
// Generated code uses four parts of it:
//
//   - Values of response and request fields: [DateTime] (Qualys date-times
//     such as 2020-03-12T21:37:52Z, as element text or attribute), [IDSet]
//     (<ID>/<ID_RANGE> lists, "1359-1407,1500" in a form) and [IPSet]
//     (<IP>/<IP_RANGE> lists, IPv4 and IPv6).
//   - Request encoding: a request's Form method builds its url.Values with
//     [NewForm] and the [Form] methods, which decide what an unset value is
//     (nil pointers, nil sets and lists, empty strings) and leave it out.
//   - Request validation: a request's Validate method records every problem
//     in a [Problems] and returns [Problems.Err], a *[ValidationError] that
//     lists every problem, or nil. Messages give rules, limits, lengths and
//     positions, never a parameter's value, which may be a secret.
//   - HTTP: [Client.Do] sends a [Call] (GET only when the action allows it
//     and the request carries no secret, else a POST form body; a long form
//     goes in a POST body when the action allows POST), turns a
//     Qualys SIMPLE_RETURN error into an *[APIError] and another non-2xx
//     answer into an *[HTTPError], checks the root element and decodes the
//     answer; [Client.DoRaw] returns answers that are not XML (CSV, JSON).
//     Errors never hold the password, the Authorization header or form
//     values, and the package logs nothing.
package qgenrt
