package qgenrt

// Client.Stream through real HTTP, with a hand-written document type that
// decodes as generated code does: SIMPLE_RETURN answers and limits as for
// Do (retried with the fake clock of the fault tests), calls with secrets
// read whole and redacted, transfer failures, drift logs. The generated
// lists (ListRecords) are tested in gen_test/stream_test.go.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// stGuard bounds the waits for something that must happen: reaching it is
// a failure, never a pass.
const stGuard = 20 * time.Second

// stItem is an <ITEM> of an <ITEM_LIST_OUTPUT>, stPage the document.
type stItem struct {
	ID   int64
	Name string
}

type stPage struct {
	Items []stItem
}

// stChildren reads the children of the element being decoded: read reads
// the child it knows and returns true; any other child is drift.
func stChildren(d *Decoder, read func(name string) (bool, error)) error {
	for {
		name, err := d.Child()
		if err != nil || name == nil {
			return err
		}
		known, err := read(string(name))
		if err != nil {
			return err
		}
		if !known {
			if err := d.Unknown(false); err != nil {
				return err
			}
		}
	}
}

// Decode reads ITEM_LIST_OUTPUT/RESPONSE/ITEM_LIST/ITEM/(ID, NAME) as a
// generated Decode does, handing each item to the Decoder's sink when it
// has one.
func (p *stPage) Decode(d *Decoder) error {
	if err := d.Enter("ITEM_LIST_OUTPUT"); err != nil {
		return err
	}
	err := stChildren(d, func(n string) (bool, error) {
		if n != "RESPONSE" {
			return false, nil
		}
		return true, stChildren(d, func(n string) (bool, error) {
			if n != "ITEM_LIST" {
				return false, nil
			}
			return true, stChildren(d, func(n string) (bool, error) {
				if n != "ITEM" {
					return false, nil
				}
				var it stItem
				err := stChildren(d, func(n string) (bool, error) {
					var err error
					switch n {
					case "ID":
						it.ID, err = d.Int64()
					case "NAME":
						it.Name, err = d.String()
					default:
						return false, nil
					}
					return true, err
				})
				if err != nil {
					return true, err
				}
				if each, ok := d.Sink().(func(*stItem) error); ok {
					return true, each(&it)
				}
				p.Items = append(p.Items, it)
				return true, nil
			})
		})
	})
	d.Exit()
	return err
}

const stHead = `<?xml version="1.0" encoding="UTF-8" ?>
<ITEM_LIST_OUTPUT><RESPONSE><ITEM_LIST>
`

const stTail = "</ITEM_LIST></RESPONSE></ITEM_LIST_OUTPUT>\n"

func stRecord(i int) string {
	return fmt.Sprintf("<ITEM><ID>%d</ID><NAME>item %d</NAME></ITEM>\n", i, i)
}

func stRecords(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		b.WriteString(stRecord(i))
	}
	return b.String()
}

// stList is a list of the items from 1 to n.
func stList(n int) string { return stHead + stRecords(1, n) + stTail }

// stStream streams call's answer through stPage and returns the IDs of
// its items.
func stStream(ctx context.Context, c *Client, call Call) ([]int64, error) {
	var ids []int64
	err := c.Stream(ctx, call, func(d *Decoder) error {
		var page stPage
		for it, err := range Stream[stItem](d, page.Decode) {
			if err != nil {
				return err
			}
			ids = append(ids, it.ID)
		}
		return nil
	})
	return ids, err
}

func stIDs(from, to int) string {
	var s []string
	for i := from; i <= to; i++ {
		s = append(s, strconv.Itoa(i))
	}
	return strings.Join(s, " ")
}

func stJoin(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, " ")
}

// TestStreamSimpleReturn: a 2xx SIMPLE_RETURN is an *APIError for a
// streamed call as for Do, short or longer than the peek, and decode is
// not called; one without a CODE is decoded when the call asks for it.
func TestStreamSimpleReturn(t *testing.T) {
	padding := "<ITEM_LIST>" + strings.Repeat("<ITEM><KEY>k</KEY><VALUE>v</VALUE></ITEM>", 200) + "</ITEM_LIST>"
	withCode := func(padding string) string {
		return strings.Replace(simpleReturnError, "</TEXT>", "</TEXT>"+padding, 1)
	}
	for _, tt := range []struct {
		name, body string
		root       string
		want       int // the APIError's code; -1: decoded
	}{
		{"CODE, short", withCode(""), "ITEM_LIST_OUTPUT", 1905},
		{"CODE, long", withCode(padding), "ITEM_LIST_OUTPUT", 1905},
		{"CODE, any root", withCode(padding), "", 1905},
		{"CODE, SIMPLE_RETURN asked for", withCode(padding), "SIMPLE_RETURN", 1905},
		{"no CODE, any root", simpleReturnOK, "", 0},
		{"no CODE, SIMPLE_RETURN asked for", strings.Replace(simpleReturnOK, "</ITEM_LIST>", padding[len("<ITEM_LIST>"):], 1), "SIMPLE_RETURN", -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.name, "long") && len(tt.body) < 2*streamPeek {
				t.Fatalf("body of %d bytes", len(tt.body))
			}
			s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(200, tt.body) })
			c := faultClient(t, s.URL, &faultClock{}, io.Discard)
			call := faultListCall()
			call.Root = tt.root
			var texts []string
			err := c.Stream(context.Background(), call, func(d *Decoder) error {
				if err := d.Enter("SIMPLE_RETURN"); err != nil {
					return err
				}
				for sc := d.Scanner(); ; {
					k, err := sc.Next()
					if err != nil {
						return err
					}
					if k == Text && len(bytes.TrimSpace(sc.Text())) > 0 {
						texts = append(texts, string(sc.Text()))
					}
					if k == EndElement && sc.Depth() == 0 {
						break
					}
				}
				d.Exit()
				return nil
			})
			if tt.want < 0 {
				if err != nil || len(texts) < 3 || texts[1] != "New vm scan launched" {
					t.Errorf("error %v, texts %q", err, texts)
				}
				return
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != tt.want || ae.StatusCode != 200 || ae.Endpoint != "item" || ae.Action != "list" {
				t.Fatalf("error %v (%T), want an *APIError with code %d", err, err, tt.want)
			}
			if texts != nil {
				t.Errorf("decode was called: %q", texts)
			}
			if n := s.hits.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestStreamLimitRetried: a limit answer (CODE 1965 or 1960, HTTP 409 or
// 200) to a read-only streamed call is retried after the wait it asks for,
// as for Do; a streamed call that changes state is sent once and returns
// the *LimitError.
func TestStreamLimitRetried(t *testing.T) {
	list := stList(500)
	limited200 := func(code int, text string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			faultLimitHeaders(w.Header(), 0, -1, 2)
			io.WriteString(w, faultLimitBody(code, text))
		}
	}
	s := newFaultServer(t, func(n int) http.HandlerFunc {
		switch n {
		case 1:
			return faultLimited(CodeRateLimit, 7, "This API cannot be run again for another 7 seconds")
		case 2:
			return limited200(CodeRateLimit, "This API cannot be run again for another 3 minutes")
		case 3:
			return limited200(CodeConcurrencyLimit, "Concurrency limit of 2 reached")
		case 4:
			return faultAnswer(200, list)
		default:
			return limited200(CodeRateLimit, "This API cannot be run again for another 5 seconds")
		}
	})
	clock := &faultClock{}
	var logs faultLogBuffer
	c := faultClient(t, s.URL, clock, &logs)
	ids, err := stStream(context.Background(), c, faultListCall())
	if err != nil {
		t.Fatal(err)
	}
	if got := stJoin(ids); got != stIDs(1, 500) {
		t.Errorf("items %.80s..., want 1 to 500", got)
	}
	if got, want := fmt.Sprint(clock.recorded()), fmt.Sprint([]time.Duration{7 * time.Second, 3 * time.Minute, 4 * time.Second}); got != want {
		t.Errorf("waits %s, want %s (the 1960 answer asks for nothing: the third backoff)", got, want)
	}
	if n := s.hits.Load(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	if !strings.Contains(logs.String(), "streamed=true") {
		t.Errorf("no debug line for the streamed answer:\n%s", logs.String())
	}

	// A call that changes state: sent once.
	call := faultListCall()
	call.ReadOnly = false
	var le *LimitError
	_, err = stStream(context.Background(), c, call)
	if !errors.As(err, &le) || le.Code != CodeRateLimit || le.StatusCode != 200 || le.Wait != 5*time.Second {
		t.Errorf("error %v (%T), want a *LimitError asking for 5s", err, err)
	}
	if n := s.hits.Load(); n != 5 {
		t.Errorf("%d requests, want 5: a call that changes state is sent once", n)
	}
	if len(clock.recorded()) != 3 {
		t.Errorf("waits %v", clock.recorded())
	}
}

// stEcho is an answer that echoes a request with a secret, then a list
// long enough to be streamed were it not for the secret.
func stEcho(root string) string {
	return `<?xml version="1.0" encoding="UTF-8" ?>
<` + root + `>
  <REQUEST>
    <DATETIME>2024-01-01T00:00:00Z</DATETIME>
    <USER_LOGIN>` + testUser + `</USER_LOGIN>
    <PARAM_LIST>
      <PARAM><KEY>action</KEY><VALUE>create</VALUE></PARAM>
      <PARAM><KEY>password</KEY><VALUE><![CDATA[` + secretValue + `]]></VALUE></PARAM>
    </PARAM_LIST>
    <POST_DATA>action=create&amp;password=` + secretValue + `</POST_DATA>
  </REQUEST>
  <RESPONSE><TEXT>kept</TEXT>` + strings.Repeat("<ITEM><ID>1</ID></ITEM>\n", 400) + `</RESPONSE>
</` + root + `>`
}

// stTexts decodes any document whose root is root and returns its texts.
func stTexts(root string, texts *[]string) func(d *Decoder) error {
	return func(d *Decoder) error {
		if err := d.Enter(root); err != nil {
			return err
		}
		for sc := d.Scanner(); ; {
			k, err := sc.Next()
			if err != nil {
				return err
			}
			if k == Text && len(bytes.TrimSpace(sc.Text())) > 0 {
				*texts = append(*texts, string(sc.Text()))
			}
			if k == EndElement && sc.Depth() == 0 {
				break
			}
		}
		d.Exit()
		return nil
	}
}

// TestStreamSecretReadWhole: the answer to a call that carries a secret is
// read whole (MaxBodySize applies to it), and the secrets it echoes are
// redacted before decode sees them, as Do redacts them; for SecretKeys
// too, as Do does.
func TestStreamSecretReadWhole(t *testing.T) {
	body := stEcho("ECHO_OUTPUT")
	if len(body) < 2*streamPeek {
		t.Fatalf("body of %d bytes", len(body))
	}
	s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(200, body) })
	for _, tt := range []struct {
		name string
		call func() Call
		want string // the echoed params and POST_DATA
	}{
		{"Secret, no SecretKeys", func() Call {
			call := createCall(true, "POST")
			call.SecretKeys = nil
			return call
		}, "[redacted] [redacted] action=[redacted]&password=[redacted]"},
		{"Secret and SecretKeys", func() Call { return secretCreateCall("POST") }, "create [redacted] action=create&password=[redacted]"},
		{"SecretKeys only", func() Call {
			call := secretCreateCall("POST")
			call.Secret = false
			return call
		}, "create [redacted] action=create&password=[redacted]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			call := tt.call()
			call.Root = "ECHO_OUTPUT"
			c := faultClient(t, s.URL, &faultClock{}, io.Discard)
			var texts []string
			if err := c.Stream(context.Background(), call, stTexts("ECHO_OUTPUT", &texts)); err != nil {
				t.Fatal(err)
			}
			all := strings.Join(texts, " ")
			if strings.Contains(all, secretValue) {
				t.Errorf("decode saw the secret: %.300s", all)
			}
			// texts: DATETIME, USER_LOGIN, KEY, VALUE, KEY, VALUE, POST_DATA, TEXT, IDs.
			if len(texts) < 8 {
				t.Fatalf("texts %q", texts)
			}
			if got := strings.Join([]string{texts[3], texts[5], texts[6]}, " "); got != tt.want {
				t.Errorf("echo %q, want %q", got, tt.want)
			}
			if texts[7] != "kept" || len(texts) != 8+400 {
				t.Errorf("the rest of the answer changed: %d texts, %q", len(texts), texts[7])
			}
			// Read whole: MaxBodySize applies.
			small := faultClient(t, s.URL, &faultClock{}, io.Discard, MaxBodySize(int64(len(body)-1)))
			var be *BodyTooLargeError
			if err := small.Stream(context.Background(), call, stTexts("ECHO_OUTPUT", new([]string))); !errors.As(err, &be) {
				t.Errorf("with MaxBodySize %d: error %v (%T), want a *BodyTooLargeError", len(body)-1, err, err)
			}
		})
	}
	t.Run("no secret: streamed", func(t *testing.T) {
		call := createCall(false, "POST")
		call.Root = "ECHO_OUTPUT"
		c := faultClient(t, s.URL, &faultClock{}, io.Discard, MaxBodySize(streamPeek+1))
		var texts []string
		if err := c.Stream(context.Background(), call, stTexts("ECHO_OUTPUT", &texts)); err != nil || len(texts) != 8+400 {
			t.Errorf("error %v, %d texts", err, len(texts))
		}
	})
}

// TestStreamTransferFailure: a connection cut in the middle of a streamed
// answer, after some items, is the transport error Do gives for a failure
// while it reads an answer (wrapping io.ErrUnexpectedEOF), not a
// *DecodeError, and is not retried; the items before it were decoded.
func TestStreamTransferFailure(t *testing.T) {
	body := stHead + stRecords(1, 300) + "<ITEM><ID>301</ID><NA"
	s := newFaultServer(t, func(int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, body)
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}
	})
	var logs faultLogBuffer
	c := faultClient(t, s.URL, &faultClock{}, &logs)
	call := faultListCall()
	call.Form.Set("password", secretValue) // a value that must not show
	ids, err := stStream(context.Background(), c, call)
	if got := stJoin(ids); got != stIDs(1, 300) {
		t.Errorf("items %.80s..., want 1 to 300", got)
	}
	var de *DecodeError
	if err == nil || errors.As(err, &de) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("error %v (%T), want a transport error wrapping io.ErrUnexpectedEOF", err, err)
	}
	if want := "qualys item list: GET " + s.URL + "/api/2.0/fo/item/: reading the answer: unexpected EOF"; err.Error() != want {
		t.Errorf("error\n %s\nwant\n %s", err, want)
	}
	checkNoSecret(t, "error", err.Error())
	checkNoSecret(t, "logs", logs.String())
	if n := s.hits.Load(); n != 1 {
		t.Errorf("%d requests, want 1: a failure in the middle of a streamed answer is not retried", n)
	}
}

// TestStreamDecodeErrors: what the decoder refuses in a streamed answer is
// a *DecodeError with the call, the status, the root and where; another
// root is the error Do gives for it.
func TestStreamDecodeErrors(t *testing.T) {
	long := stRecords(1, 200)
	for _, tt := range []struct {
		name, body, at string
	}{
		{"bad value", stHead + long + "<ITEM><ID>x1</ID></ITEM>" + stTail, "<ID>x1"},
		{"wrong root", strings.ReplaceAll(stList(200), "ITEM_LIST_OUTPUT", "OTHER_OUTPUT"), "<OTHER_OUTPUT>"},
		{"malformed", stHead + long + "<ITEM><ID>1</ID></ITEMS>" + stTail, "</ITEMS>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(203, tt.body) })
			c := faultClient(t, s.URL, &faultClock{}, io.Discard)
			_, err := stStream(context.Background(), c, faultListCall())
			var de *DecodeError
			if tt.name == "wrong root" {
				// The error Do gives for it, whatever the answer's size.
				want := "qualys item list: answer has root element <OTHER_OUTPUT>, want <ITEM_LIST_OUTPUT>"
				if err == nil || errors.As(err, &de) || err.Error() != want {
					t.Fatalf("error %v (%T), want %q", err, err, want)
				}
				return
			}
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T), want a *DecodeError", err, err)
			}
			at := strings.Index(tt.body, tt.at)
			root := "ITEM_LIST_OUTPUT"
			if tt.name == "wrong root" {
				root = "OTHER_OUTPUT"
			}
			if de.StatusCode != 203 || de.Endpoint != "item" || de.Action != "list" || de.Root != root ||
				de.Offset != int64(at) || de.Line != strings.Count(tt.body[:at], "\n")+1 || de.Column != at-strings.LastIndex(tt.body[:at], "\n") {
				t.Errorf("DecodeError %+v; want byte %d", de, at)
			}
			if n := s.hits.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			t.Log(err)
		})
	}
}

// TestStreamDriftLogged: without OnDrift, the drift of a streamed answer
// goes to the Logger at Warn, a line per difference recorded, then one
// line that counts the differences not recorded.
func TestStreamDriftLogged(t *testing.T) {
	var extra strings.Builder
	for i := 0; i < maxDrift+5; i++ {
		fmt.Fprintf(&extra, "<ITEM><ID>%d</ID><X%d>x</X%d></ITEM>\n", 1000+i, i, i)
		if i == 0 {
			extra.WriteString("<ITEM><ID>999</ID><X0/></ITEM>\n")
		}
	}
	body := strings.Replace(stList(100), stTail, extra.String()+stTail, 1)
	s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(200, body) })
	var logs faultLogBuffer
	c, err := NewClient(s.URL, AllowHTTP(), Logger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := stStream(context.Background(), c, faultListCall())
	if err != nil || len(ids) != 100+maxDrift+6 {
		t.Fatalf("%d items, %v", len(ids), err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != maxDrift+1 {
		t.Fatalf("%d log lines, want %d:\n%s", len(lines), maxDrift+1, logs.String())
	}
	at := strings.Index(body, "<X0>")
	first := fmt.Sprintf(`level=WARN msg="qualys: the answer differs from its DTD" endpoint=item action=list drift="%d:%d: ITEM_LIST_OUTPUT/RESPONSE/ITEM_LIST/ITEM: unknown element <X0> (2 times)"`,
		strings.Count(body[:at], "\n")+1, at-strings.LastIndex(body[:at], "\n"))
	if !strings.HasSuffix(lines[0], first) {
		t.Errorf("first line\n %s\nwant it to end with\n %s", lines[0], first)
	}
	last := `level=WARN msg="qualys: more differences from the DTD, not recorded" endpoint=item action=list occurrences=5`
	if !strings.HasSuffix(lines[maxDrift], last) {
		t.Errorf("last line\n %s\nwant it to end with\n %s", lines[maxDrift], last)
	}
}

// TestStreamRecordsOfAPartialAnswer: the items of the part of an answer
// that has arrived are decoded while the server waits before sending the
// rest. Here that part is 12 KB: more than the 4 KiB peek, less than the
// Scanner's 64 KiB buffer, which it must not wait to fill.
func TestStreamRecordsOfAPartialAnswer(t *testing.T) {
	release := make(chan struct{})
	outcome := make(chan string, 1)
	s := newFaultServer(t, func(int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, stHead+stRecords(1, 300))
			http.NewResponseController(w).Flush()
			select {
			case <-release:
				outcome <- "released"
			case <-r.Context().Done():
				outcome <- "the client went away"
				return
			case <-time.After(stGuard):
				outcome <- "no item was decoded while the server waited"
			}
			io.WriteString(w, stRecords(301, 400)+stTail)
		}
	})
	c := faultClient(t, s.URL, &faultClock{}, io.Discard)
	err := c.Stream(context.Background(), faultListCall(), func(d *Decoder) error {
		var page stPage
		n := 0
		for _, err := range Stream[stItem](d, page.Decode) {
			if err != nil {
				return err
			}
			if n++; n == 1 {
				close(release)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := <-outcome; got != "released" {
		t.Error(got)
	}
}

// TestStreamHoldsConcurrencySlot: with LimitConcurrency, a streamed call
// is in flight until its answer has been read, and holds its slot till
// then (exchange hands the slot over with the answer).
func TestStreamHoldsConcurrencySlot(t *testing.T) {
	s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(200, stList(2000)) })
	c := faultClient(t, s.URL, &faultClock{}, io.Discard, LimitConcurrency(1))
	inflight := -1
	err := c.Stream(context.Background(), faultListCall(), func(d *Decoder) error {
		var page stPage
		for _, err := range Stream[stItem](d, page.Decode) {
			if err != nil {
				return err
			}
			if inflight < 0 {
				c.sem.mu.Lock()
				inflight = c.sem.inflight
				c.sem.mu.Unlock()
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if inflight != 1 {
		t.Errorf("%d calls in flight for the limiter while the answer is read, want 1", inflight)
	}
}

// TestStreamDriftDroppedOccurrences: past the limit of 100 distinct
// differences, the occurrences of the others are counted (not the distinct
// ones, which would take memory): 5 differences seen twice each log
// occurrences=10.
func TestStreamDriftDroppedOccurrences(t *testing.T) {
	var extra strings.Builder
	for i := 0; i < maxDrift+5; i++ {
		fmt.Fprintf(&extra, "<ITEM><ID>%d</ID><X%d>x</X%d><X%d/></ITEM>\n", 1000+i, i, i, i)
	}
	body := strings.Replace(stList(1), stTail, extra.String()+stTail, 1)
	s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(200, body) })
	var logs faultLogBuffer
	c, err := NewClient(s.URL, AllowHTTP(), Logger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stStream(context.Background(), c, faultListCall()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if last := lines[len(lines)-1]; !strings.HasSuffix(last, " occurrences=10") {
		t.Errorf("the last log line is\n %s\nwant occurrences=10", last)
	}
}
