package gen_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/gen/genfake"
	"github.com/qgen-project/qgen/qgenrt"
)

// faultCall is one call of the generated client, with the action the fake
// records for it.
type faultCall struct {
	name, endpoint, action string
	readOnly               bool
	do                     func(ctx context.Context, c *gen.Client) error
}

func faultCalls() []faultCall {
	pw := "s3cret-pw"
	ips := qgenrt.IPSet{{From: netip.MustParseAddr("10.10.10.1"), To: netip.MustParseAddr("10.10.10.1")}}
	return []faultCall{
		{"list", "auth/greenplum", "list", true, func(ctx context.Context, c *gen.Client) error {
			_, err := c.AuthGreenplum().ListAll(ctx, nil)
			return err
		}},
		{"create", "auth/greenplum", "create", false, func(ctx context.Context, c *gen.Client) error {
			_, err := c.AuthGreenplum().Create(ctx, &gen.AuthGreenplumCreateRequest{Title: "t", Username: "root", Password: &pw,
				GreenplumDBName: "postgres", GreenplumUnixConfFile: "/tmp/postgresql.conf", IPs: ips})
			return err
		}},
		{"update", "auth/greenplum", "update", false, func(ctx context.Context, c *gen.Client) error {
			_, err := c.AuthGreenplum().Update(ctx, &gen.AuthGreenplumUpdateRequest{IDs: qgenrt.IDs(1001), Password: &pw})
			return err
		}},
		{"delete", "auth/greenplum", "delete", false, func(ctx context.Context, c *gen.Client) error {
			_, err := c.AuthGreenplum().Delete(ctx, &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(1001)})
			return err
		}},
		{"launch", "scan", "launch", false, func(ctx context.Context, c *gen.Client) error {
			title := "Initial Options"
			_, err := c.Scan().Launch(ctx, &gen.ScanLaunchRequest{OptionTitle: title, FQDN: []string{"domain.qualys.com"}})
			return err
		}},
	}
}

// TestFaultMatrix plays every fault of the fake server against every kind
// of call of the generated client: read-only calls are retried (waits
// honoured) and end well; calls that change state are sent exactly once and
// return a typed error; a complete answer with cut XML is a *DecodeError
// for every call. The table it logs is the one in the closing note.
func TestFaultMatrix(t *testing.T) {
	type fault struct {
		name  string
		f     genfake.Fault
		n     int // how many requests it spoils
		lists bool
	}
	faults := []fault{
		{"409 1965 with ToWait 1", genfake.RateLimited{ToWait: 1}, 1, false},
		{"409 1965 without ToWait", genfake.RateLimited{}, 1, false},
		{"409 1960", genfake.ConcurrencyLimited{}, 1, false},
		{"503", genfake.ServerError{Status: 503}, 1, false},
		{"truncated body", genfake.Truncated{}, 1, false},
		{"truncated transfer", genfake.Truncated{KeepLength: true}, 1, false},
		{"delay 30ms", genfake.Delay{D: 30 * time.Millisecond}, 1, false},
		{"connection reset", genfake.Reset{}, 1, false},
		{"truncation WARNING 1980", genfake.TruncationWarning{}, 1, true},
		{"next page on another host", genfake.NextPageOtherHost{}, 1, true},
	}
	var table []string
	for _, fl := range faults {
		for _, call := range faultCalls() {
			if fl.lists && !call.readOnly {
				continue
			}
			t.Run(fl.name+"/"+call.name, func(t *testing.T) {
				fake := genfake.New(genfake.Credentials("user", "pass"))
				srv := httptest.NewServer(fake)
				defer srv.Close()
				c, err := gen.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("user", "pass"),
					qgenrt.Retry(4, 10*time.Millisecond, 50*time.Millisecond))
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				// Records for update, delete and list to work on.
				if _, err := fake.AddAuthGreenplum(&gen.AuthGreenplumCreateRequest{Title: "seed", Username: "root",
					GreenplumDBName: "postgres", GreenplumUnixConfFile: "/x", LoginType: gen.AuthGreenplumLoginTypeVault,
					VaultID: ptr(int64(1)), VaultType: ptr("CyberArk AIM"), Folder: ptr("f"), File: ptr("g"),
					IPs: qgenrt.IPSet{{From: netip.MustParseAddr("10.0.0.1"), To: netip.MustParseAddr("10.0.0.1")}}}); err != nil {
					t.Fatal(err)
				}
				fake.InjectN(fl.n, fl.f)
				start := time.Now()
				err = call.do(ctx, c)
				took := time.Since(start)
				var sent int
				for _, r := range fake.Requests() {
					if r.Form.Get("action") == call.action {
						sent++
					}
					if strings.Contains(r.RawQuery, "s3cret") {
						t.Errorf("a secret travelled in a URL: %s", r.RawQuery)
					}
				}
				if err != nil && (strings.Contains(err.Error(), "s3cret") || strings.Contains(fmt.Sprintf("%+v", err), "s3cret")) {
					t.Errorf("a secret is in the error: %v", err)
				}
				outcome := "ok"
				if err != nil {
					outcome = errorKind(err)
				}
				line := fmt.Sprintf("| %s | %s | %d | %s |", fl.name, call.name, sent, outcome)
				table = append(table, line)
				t.Log(line, took.Round(time.Millisecond))
				switch {
				case fl.name == "truncated body":
					// A complete answer whose XML is cut: not transient, never
					// a half-filled success, for any call.
					var de *qgenrt.DecodeError
					if !errors.As(err, &de) || sent != 1 {
						t.Errorf("want a *qgenrt.DecodeError after 1 request, got %v after %d", err, sent)
					}
				case call.readOnly && fl.name == "next page on another host":
					var pe *qgenrt.PagingError
					if !errors.As(err, &pe) {
						t.Errorf("want a *qgenrt.PagingError, got %v", err)
					}
				case call.readOnly:
					if err != nil {
						t.Errorf("a read-only call should end well after the fault, got %v", err)
					}
					if fl.name == "409 1965 with ToWait 1" && took < time.Second {
						t.Errorf("the server asked for a 1 s wait; the retry came after %v", took)
					}
				case fl.name == "delay 30ms":
					if err != nil || sent != 1 {
						t.Errorf("a delayed answer: %v after %d requests", err, sent)
					}
				default:
					if err == nil {
						t.Errorf("a call that changes state should report the fault, got success")
					}
					if sent != 1 {
						t.Errorf("a call that changes state was sent %d times, want exactly 1", sent)
					}
				}
			})
		}
	}
	t.Log("| fault | call | requests sent | outcome |\n|---|---|---|---|\n" + strings.Join(table, "\n"))
}

// TestFaultDeadline checks that a wait longer than the context allows is
// not slept: the call returns at once with the typed error.
func TestFaultDeadline(t *testing.T) {
	fake := genfake.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c, err := gen.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("user", "pass"))
	if err != nil {
		t.Fatal(err)
	}
	fake.Inject(genfake.RateLimited{ToWait: 60})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.AuthGreenplum().List(ctx, nil)
	var le *qgenrt.LimitError
	if !errors.As(err, &le) || le.Wait != time.Minute {
		t.Errorf("want a *qgenrt.LimitError asking for 1m, got %v", err)
	}
	if took := time.Since(start); took > 400*time.Millisecond {
		t.Errorf("returned after %v; the wait should not be slept past the deadline", took)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// errorKind names the type of a client error, for the fault table.
func errorKind(err error) string {
	var (
		le *qgenrt.LimitError
		ae *qgenrt.APIError
		he *qgenrt.HTTPError
		de *qgenrt.DecodeError
		pe *qgenrt.PagingError
	)
	switch {
	case errors.As(err, &le):
		return fmt.Sprintf("*LimitError %d (wait %v)", le.Code, le.Wait)
	case errors.As(err, &ae):
		return fmt.Sprintf("*APIError %d", ae.Code)
	case errors.As(err, &he):
		return fmt.Sprintf("*HTTPError %d", he.StatusCode)
	case errors.As(err, &de):
		return "*DecodeError"
	case errors.As(err, &pe):
		return "*PagingError"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return "transport error (" + msg + ")"
}

// TestBodyCapAgainstFake checks that an answer larger than the client's
// cap is refused with the typed error, not read into memory.
func TestBodyCapAgainstFake(t *testing.T) {
	fake := genfake.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	for i := 0; i < 20; i++ {
		if _, err := fake.AddAuthGreenplum(&gen.AuthGreenplumCreateRequest{Title: fmt.Sprintf("record %d", i), Username: "root",
			GreenplumDBName: "postgres", GreenplumUnixConfFile: "/x", Password: ptr("pw"),
			IPs: qgenrt.IPSet{{From: netip.MustParseAddr("10.0.0.1"), To: netip.MustParseAddr("10.0.0.1")}}}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := gen.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("user", "pass"), qgenrt.MaxBodySize(2048))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.AuthGreenplum().List(context.Background(), nil)
	var be *qgenrt.BodyTooLargeError
	if !errors.As(err, &be) || out != nil || be.Limit != 2048 {
		t.Errorf("List = %v, %v; want nil and a *qgenrt.BodyTooLargeError with limit 2048", out, err)
	}
}
