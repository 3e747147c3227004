// Package qgenrt is the qgen runtime: the one hand-written package that the
// generated Qualys API v2.0 client imports besides the standard library. It
// imports only the standard library itself.
//
// Generated code uses five parts of it:
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
//   - Paging: [Pages] follows the CODE 1980 WARNING of a truncated list
//     ([Continuation] finds its URL) and yields every page.
//
// # Faults and limits
//
// Every answer's X-RateLimit-* and X-Concurrency-Limit-* headers update
// [Client.Limits]. A SIMPLE_RETURN with CODE 1965 (rate) or 1960
// (concurrency) is a *[LimitError] (also an *APIError) carrying the wait
// and the figures. A read-only call ([Call].ReadOnly: list, fetch) is
// retried after such an answer, a 5xx answer or a transport failure, up to
// [Retry] tries, waiting what the answer asks (X-RateLimit-ToWait-Sec) or
// backing off with jitter; a wait beyond [MaxWait] or past the context's
// deadline is not waited: the typed error comes back at once. A call that
// changes state (create, update, delete, launch) is sent exactly once and
// never retried, neither by qgenrt nor by net/http's own replay of GETs.
// [LimitConcurrency] keeps this client's calls in flight under the
// subscription's concurrency limit. An answer longer than [MaxBodySize] is
// a *[BodyTooLargeError]; malformed or truncated XML is a *[DecodeError],
// and no partly decoded result is ever returned. A list that [Pages] cannot
// follow to its end (another host in the continuation URL, [PageCap]) ends
// with a *[PagingError], never silently.
//
// # Secrets
//
// The base URL must be https unless [AllowHTTP] is given, and the default
// HTTP client verifies certificates and follows no redirect; a client
// given with [HTTPClient] is used as its owner configured it. The
// password (basic auth) travels only in the Authorization header and
// secret parameters only in POST bodies. Neither appears in an URL, an
// error's text, a printed [Call] (which shows form keys, never values) or
// the [Logger]'s lines (method, path, status, duration and retry
// decisions only). Secrets the answer echoes (echo_request=1) are
// redacted before the answer is read: see [Client.Do] and
// [Call].SecretKeys. The package logs nothing unless given a Logger.
package qgenrt
