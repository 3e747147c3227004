package qgenrt

import (
	"context"
	"iter"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// PagingError ends a paged list (Pages) that cannot go on: a continuation
// URL that names another scheme, host or path, holds user info, asks for
// another action or repeats the page just read; a truncated page without
// a URL; or the PageCap reached while the last page asks for more. The
// pages already yielded are not the whole list.
type PagingError struct {
	Endpoint string
	Action   string
	Page     int    // pages read before the error
	URL      string // the continuation URL without its query and fragment; "" when none
	Reason   string
}

// Error is "qualys ENDPOINT ACTION: paging after page N: REASON"; the
// query of the URL is never shown.
func (e *PagingError) Error() string {
	s := "qualys " + e.Endpoint + " " + e.Action + ": paging after page " + strconv.Itoa(e.Page) + ": " + e.Reason
	if e.URL != "" {
		s += " (" + e.URL + ")"
	}
	return s
}

// Continuation is the continuation URL of a <WARNING> with CODE and URL
// (nil when absent), for the next function of Pages: ok is true when code
// is CodeTruncated; url is then the trimmed URL, "" when there is none
// (Pages then ends with a *PagingError rather than stop silently). Generated
// code passes each WARNING of the page's WARNING_LIST:
//
//	for _, w := range page.Response.WarningList.Warning {
//		if u, ok := qgenrt.Continuation(w.Code, w.URL); ok {
//			return u, true
//		}
//	}
//	return "", false
func Continuation(code *int64, url *string) (string, bool) {
	if code == nil || *code != CodeTruncated {
		return "", false
	}
	if url == nil {
		return "", true
	}
	return strings.TrimSpace(*url), true
}

// Pages reads a paged list: it yields the first page (call decoded with
// Do into a new P), then, while next(page) returns ok, the page its URL
// asks for, until next says there is no more or the consumer stops.
//
// Only the query of a continuation URL is used, as the form of the next
// call, sent to the client's base URL and call.Path with call's other
// fields (method, secrets, ReadOnly). The URL must be absolute and name
// the client's scheme and host (port included, default ports implied) and
// its base path followed by call.Path (a trailing slash aside), hold no
// user info, and keep call's action; otherwise, or when it repeats the
// query just sent, when ok comes with an empty URL, or when PageCap pages
// were read and the last asks for more, Pages yields a *PagingError and
// ends. An error of Do is yielded and ends it too. Each yield has either a
// page or an error. ctx is honoured by each call.
func Pages[P any](ctx context.Context, c *Client, call Call, next func(page *P) (url string, ok bool)) iter.Seq2[*P, error] {
	return pages(c, call, func(cur Call) (*P, error) {
		page := new(P)
		if err := c.Do(ctx, cur, page); err != nil {
			return nil, err
		}
		return page, nil
	}, next)
}

// pages is the loop of Pages and Records: fetch reads one page.
func pages[P any](c *Client, call Call, fetch func(cur Call) (*P, error), next func(page *P) (url string, ok bool)) iter.Seq2[*P, error] {
	return func(yield func(*P, error) bool) {
		fail := func(page int, u, reason string) {
			yield(nil, &PagingError{Endpoint: call.Endpoint, Action: call.Action, Page: page, URL: u, Reason: reason})
		}
		if c == nil || next == nil {
			fail(0, "", "Pages needs a client and a next function")
			return
		}
		cur := call
		for n := 1; ; n++ {
			page, err := fetch(cur)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(page, nil) {
				return
			}
			raw, ok := next(page)
			if !ok {
				return
			}
			if raw == "" {
				fail(n, "", "the page is truncated and gives no URL for the next one")
				return
			}
			if n >= c.pageCap {
				fail(n, "", pageCapReason(c.pageCap))
				return
			}
			form, shown, reason := c.continuation(&call, raw)
			if reason == "" && form.Encode() == cur.Form.Encode() {
				reason = "the continuation URL asks for the page just read"
			}
			if reason != "" {
				fail(n, shown, reason)
				return
			}
			cur.Form = form
		}
	}
}

// continuation checks a continuation URL and returns its query as a form,
// the URL as an error may show it, and what is wrong with it ("" when
// nothing).
func (c *Client) continuation(call *Call, raw string) (url.Values, string, string) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, "", "the continuation URL does not parse"
	}
	shown := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
	scheme := strings.ToLower(u.Scheme)
	switch {
	case u.Scheme == "" || u.Host == "":
		return nil, shown, "the continuation URL is not absolute"
	case scheme != c.scheme:
		return nil, shown, "the continuation URL names scheme " + scheme + ", not " + c.scheme
	case u.User != nil:
		return nil, u.Scheme + "://" + u.Host, "the continuation URL holds user info"
	case hostPort(scheme, u.Host) != hostPort(c.scheme, c.host):
		return nil, shown, "the continuation URL names host " + u.Host + ", not " + c.host
	case strings.TrimRight(u.EscapedPath(), "/") != strings.TrimRight(c.basePath+call.Path, "/"):
		return nil, shown, "the continuation URL names another path than " + c.basePath + call.Path
	}
	form, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, shown, "the query of the continuation URL does not parse"
	}
	if want := call.Form.Get("action"); want != "" && form.Get("action") != want {
		return nil, shown, "the continuation URL asks for another action than " + want
	}
	return form, shown, ""
}

// hostPort is host with its port, the scheme's default when it has none,
// in lower case.
func hostPort(scheme, host string) string {
	host = strings.ToLower(host)
	if h, p, err := net.SplitHostPort(host); err == nil {
		return net.JoinHostPort(strings.Trim(h, "[]"), p)
	}
	port := "443"
	if scheme == "http" {
		port = "80"
	}
	return net.JoinHostPort(strings.Trim(host, "[]"), port)
}
