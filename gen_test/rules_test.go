package gen_test

// Validate against the rules of the spec: for every rule of every table, as the loaded model lists
// them (spec.Load), at least one request that passes and one that fails, the failure naming the
// rule's field and kind; the per-parameter limits; one error for many problems; no secret in an
// error.

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/qgenrt"
	"github.com/qgen-project/qgen/spec"
)

// fieldRule is the part of a qgenrt.FieldError the tests compare.
type fieldRule struct{ Field, Rule string }

// validationProblems returns the field/rule pairs of err, which must be a *qgenrt.ValidationError.
func validationProblems(err error) ([]fieldRule, *qgenrt.ValidationError, error) {
	var ve *qgenrt.ValidationError
	if !errors.As(err, &ve) {
		return nil, nil, fmt.Errorf("error %v (%T) is not a *qgenrt.ValidationError", err, err)
	}
	var out []fieldRule
	for _, fe := range ve.Errors {
		out = append(out, fieldRule{fe.Field, fe.Rule})
	}
	return out, ve, nil
}

// ---- requests that pass every limit and rule, changed by each case ----

func rtUnixC(mod func(*gen.AuthUnixCreateRequest)) genRequest {
	r := &gen.AuthUnixCreateRequest{Title: "Rule test", Username: "scanner", Password: strP("pw"), IPs: ipSetOf("10.0.0.1")}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtUnixU(mod func(*gen.AuthUnixUpdateRequest)) genRequest {
	r := &gen.AuthUnixUpdateRequest{IDs: qgenrt.IDs(1)}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtSpC(mod func(*gen.AuthMicrosoftSharepointCreateRequest)) genRequest {
	r := &gen.AuthMicrosoftSharepointCreateRequest{Title: "Rule test", Username: "scanner", Password: strP("pw"), IPs: ipSetOf("10.0.0.1")}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtSpU(mod func(*gen.AuthMicrosoftSharepointUpdateRequest)) genRequest {
	r := &gen.AuthMicrosoftSharepointUpdateRequest{IDs: qgenrt.IDs(1)}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtPgC(mod func(*gen.AuthPostgresqlCreateRequest)) genRequest {
	r := &gen.AuthPostgresqlCreateRequest{Title: "Rule test", Username: "scanner", Password: strP("pw"), IPs: ipSetOf("10.0.0.1"), PgsqlDBName: "postgres"}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtPgU(mod func(*gen.AuthPostgresqlUpdateRequest)) genRequest {
	r := &gen.AuthPostgresqlUpdateRequest{IDs: qgenrt.IDs(1)}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtGpC(mod func(*gen.AuthGreenplumCreateRequest)) genRequest {
	r := &gen.AuthGreenplumCreateRequest{
		Title: "Rule test", Username: "scanner", Password: strP("pw"), IPs: ipSetOf("10.0.0.1"),
		GreenplumDBName: "postgres", GreenplumUnixConfFile: "/tmp/postgresql.conf",
	}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtGpU(mod func(*gen.AuthGreenplumUpdateRequest)) genRequest {
	r := &gen.AuthGreenplumUpdateRequest{IDs: qgenrt.IDs(1)}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtScanL(mod func(*gen.ScanLaunchRequest)) genRequest {
	r := &gen.ScanLaunchRequest{OptionTitle: "Initial Options", IP: ipSetOf("10.0.0.1")}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtSchedC(mod func(*gen.ScheduleScanCreateRequest)) genRequest {
	r := &gen.ScheduleScanCreateRequest{
		ScanTitle: "My Schedule", Active: boolP(true), OptionTitle: "Initial Options",
		Occurrence: gen.ScheduleScanOccurrenceDaily, FrequencyDays: intP(1),
		StartHour: intP(18), StartMinute: intP(50), TimeZoneCode: "US-OR",
		IP: ipSetOf("10.0.0.1"),
	}
	if mod != nil {
		mod(r)
	}
	return r
}

func rtSchedU(mod func(*gen.ScheduleScanUpdateRequest)) genRequest {
	r := &gen.ScheduleScanUpdateRequest{ID: intP(11339)}
	if mod != nil {
		mod(r)
	}
	return r
}

func reqs(rs ...genRequest) []genRequest { return rs }

// ruleCase tests one rule of one action.
type ruleCase struct {
	// field is the FieldError.Field a failure names: the rule's param, or one of its params.
	field string
	// pass satisfy the rule (and every other limit); fail break it and nothing else.
	pass, fail []genRequest
	// bug, when set, is a known generator bug: the subtest skips while the assertions fail.
	bug string
}

const (
	thycotic = "Thycotic Secret Server"
	cyberAIM = "CyberArk AIM"
	cyberPIM = "Cyber-ARK PIM Suite"
)

// ruleCases holds one case per (endpoint, action, rule), keyed as ruleKey makes the key.
func ruleCases() map[string]ruleCase {
	f169, f100, f71 := strings.Repeat("f", 169), strings.Repeat("f", 100), strings.Repeat("x", 71)
	return map[string]ruleCase{
		// ---------------- auth/unix ----------------
		"auth/unix create one_of_required password,login_type=vault": {field: "password",
			pass: reqs(
				rtUnixC(nil),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) {
					r.Password = nil
					r.LoginType, r.VaultID, r.VaultType = gen.AuthUnixLoginTypeVault, intP(7), strP("Quest Vault")
				})),
			fail: reqs(
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Password = nil }),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Password = strP("") }),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Password, r.LoginType = nil, gen.AuthUnixLoginTypeBasic })),
		},
		"auth/unix create required_if vault_id": {field: "vault_id",
			pass: reqs(rtUnixC(func(r *gen.AuthUnixCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthUnixLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtUnixC(func(r *gen.AuthUnixCreateRequest) {
				r.LoginType, r.VaultType = gen.AuthUnixLoginTypeVault, strP("Quest Vault")
			})),
		},
		"auth/unix create required_if vault_type": {field: "vault_type",
			pass: reqs(rtUnixC(func(r *gen.AuthUnixCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthUnixLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.LoginType, r.VaultID = gen.AuthUnixLoginTypeVault, intP(7) }),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) {
					r.LoginType, r.VaultID, r.VaultType = gen.AuthUnixLoginTypeVault, intP(7), strP("")
				})),
		},
		"auth/unix create required_if_value secret_name": {field: "secret_name",
			pass: reqs(
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType, r.SecretName = strP(thycotic), strP("secret") }),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType = strP("Quest Vault") })),
			fail: reqs(
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType = strP(thycotic) }),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType, r.SecretName = strP(thycotic), strP("") })),
		},
		"auth/unix create required_if_value folder": {field: "folder",
			pass: reqs(rtUnixC(func(r *gen.AuthUnixCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType, r.File = strP(cyberAIM), strP("pw.txt") }),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType, r.File = strP(cyberPIM), strP("pw.txt") })),
		},
		"auth/unix create required_if_value file": {field: "file",
			pass: reqs(rtUnixC(func(r *gen.AuthUnixCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType, r.Folder = strP(cyberAIM), strP("Root") }),
				rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.VaultType, r.Folder = strP(cyberPIM), strP("Root") })),
		},
		"auth/unix create max_total_length folder,file": {field: "folder",
			pass: reqs(rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Folder, r.File = strP(f169), strP("x") })),
			fail: reqs(rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Folder, r.File = strP(f100), strP(f71) })),
		},
		"auth/unix update required_if vault_id": {field: "vault_id",
			pass: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthUnixLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) {
				r.LoginType, r.VaultType = gen.AuthUnixLoginTypeVault, strP("Quest Vault")
			})),
		},
		"auth/unix update required_if vault_type": {field: "vault_type",
			pass: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthUnixLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.LoginType, r.VaultID = gen.AuthUnixLoginTypeVault, intP(7) })),
		},
		"auth/unix update required_if_value secret_name": {field: "secret_name",
			pass: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.VaultType, r.SecretName = strP(thycotic), strP("secret") })),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.VaultType = strP(thycotic) })),
		},
		"auth/unix update required_if_value folder": {field: "folder",
			pass: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.VaultType, r.File = strP(cyberPIM), strP("pw.txt") })),
		},
		"auth/unix update required_if_value file": {field: "file",
			pass: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.VaultType, r.Folder = strP(cyberAIM), strP("Root") })),
		},
		"auth/unix update max_total_length folder,file": {field: "folder",
			pass: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.Folder, r.File = strP(f169), strP("x") })),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.Folder, r.File = strP(f100), strP(f71) })),
		},
		"auth/unix update exclusive ips,add_ips": {field: "ips",
			pass: reqs(
				rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.AddIPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3") }),
				rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.IPs = ipSetOf("10.0.0.2") })),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.IPs, r.AddIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3") })),
		},
		"auth/unix update exclusive ips,remove_ips": {field: "ips",
			pass: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.RemoveIPs = ipSetOf("10.0.0.3") })),
			fail: reqs(rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.IPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3") })),
		},

		// ---------------- auth/microsoft_sharepoint ----------------
		"auth/microsoft_sharepoint create one_of_required password,login_type=vault": {field: "password",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.Password = nil
				r.LoginType, r.VaultID, r.VaultType, r.SecretName = gen.AuthMicrosoftSharepointLoginTypeVault, intP(123), strP(thycotic), strP("secret-name")
			})),
			fail: reqs(
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.Password = nil }),
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.Password = strP("") })),
		},
		"auth/microsoft_sharepoint create required_if vault_id": {field: "vault_id",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthMicrosoftSharepointLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.LoginType, r.VaultType = gen.AuthMicrosoftSharepointLoginTypeVault, strP("Quest Vault")
			})),
		},
		"auth/microsoft_sharepoint create required_if vault_type": {field: "vault_type",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthMicrosoftSharepointLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.LoginType, r.VaultID = gen.AuthMicrosoftSharepointLoginTypeVault, intP(7)
			})),
		},
		"auth/microsoft_sharepoint create required_if_value secret_name": {field: "secret_name",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.VaultType, r.SecretName = strP(thycotic), strP("s")
			})),
			fail: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.VaultType = strP(thycotic) })),
		},
		"auth/microsoft_sharepoint create required_if_value folder": {field: "folder",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.VaultType, r.File = strP(cyberAIM), strP("pw.txt")
			})),
		},
		"auth/microsoft_sharepoint create required_if_value file": {field: "file",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.VaultType, r.Folder = strP(cyberPIM), strP("Root")
			})),
		},
		"auth/microsoft_sharepoint create max_total_length folder,file": {field: "folder",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.Folder, r.File = strP("x"), strP(f169[:165]) })),
			fail: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.Folder, r.File = strP(f100), strP(f71) })),
		},
		"auth/microsoft_sharepoint create required_if windows_domain": {field: "windows_domain",
			pass: reqs(rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.DBLocal, r.WindowsDomain = boolP(false), strP("sample.qualys.com")
			})),
			fail: reqs(
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.DBLocal = boolP(false) }),
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.DBLocal, r.WindowsDomain = boolP(false), strP("") })),
		},
		"auth/microsoft_sharepoint create invalid_unless windows_domain": {field: "windows_domain",
			pass: reqs(
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
					r.DBLocal, r.WindowsDomain = boolP(false), strP("sample.qualys.com")
				}),
				// windows_domain is clearable: an empty value is allowed with any db_local.
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.DBLocal, r.WindowsDomain = boolP(true), strP("") })),
			fail: reqs(
				// db_local not sent on create means 1.
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.WindowsDomain = strP("sample.qualys.com") }),
				rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
					r.DBLocal, r.WindowsDomain = boolP(true), strP("sample.qualys.com")
				})),
		},
		"auth/microsoft_sharepoint update required_if vault_id": {field: "vault_id",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType, r.SecretName = gen.AuthMicrosoftSharepointLoginTypeVault, intP(123), strP(thycotic), strP("secret-name")
			})),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.LoginType, r.VaultType, r.SecretName = gen.AuthMicrosoftSharepointLoginTypeVault, strP(thycotic), strP("secret-name")
			})),
		},
		"auth/microsoft_sharepoint update required_if vault_type": {field: "vault_type",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthMicrosoftSharepointLoginTypeVault, intP(123), strP("Quest Vault")
			})),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.LoginType, r.VaultID = gen.AuthMicrosoftSharepointLoginTypeVault, intP(123)
			})),
		},
		"auth/microsoft_sharepoint update required_if_value secret_name": {field: "secret_name",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.VaultType, r.SecretName = strP(thycotic), strP("s")
			})),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.VaultType, r.SecretName = strP(thycotic), strP("")
			})),
		},
		"auth/microsoft_sharepoint update required_if_value folder": {field: "folder",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.VaultType, r.File = strP(cyberAIM), strP("pw.txt")
			})),
		},
		"auth/microsoft_sharepoint update required_if_value file": {field: "file",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.VaultType, r.Folder = strP(cyberPIM), strP("Root")
			})),
		},
		"auth/microsoft_sharepoint update max_total_length folder,file": {field: "folder",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.Folder, r.File = strP(f100), strP(f71[:70]) })),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.Folder, r.File = strP(f100), strP(f71) })),
		},
		"auth/microsoft_sharepoint update exclusive ips,add_ips": {field: "ips",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.AddIPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3")
			})),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.IPs, r.AddIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3")
			})),
		},
		"auth/microsoft_sharepoint update exclusive ips,remove_ips": {field: "ips",
			pass: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.IPs = ipSetOf("10.0.0.2") })),
			fail: reqs(rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
				r.IPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3")
			})),
		},
		"auth/microsoft_sharepoint update required_if windows_domain": {field: "windows_domain",
			pass: reqs(
				rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) {
					r.DBLocal, r.WindowsDomain = boolP(false), strP("sample.qualys.com")
				}),
				// Switching to db_local=1 clears the domain with an empty value (clearable).
				rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.DBLocal, r.WindowsDomain = boolP(true), strP("") }),
				// On update, invalid_unless does not apply: the stored db_local may be 0.
				rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.WindowsDomain = strP("sample2.qualys.com") })),
			fail: reqs(
				rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.DBLocal = boolP(false) }),
				rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.DBLocal, r.WindowsDomain = boolP(false), strP("") })),
		},

		// ---------------- auth/postgresql ----------------
		"auth/postgresql create one_of_required password,login_type=vault": {field: "password",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.Password = nil
				r.LoginType, r.VaultID, r.VaultType = gen.AuthPostgresqlLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.Password = nil })),
		},
		"auth/postgresql create required_if vault_id": {field: "vault_id",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthPostgresqlLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.LoginType, r.VaultType = gen.AuthPostgresqlLoginTypeVault, strP("Quest Vault")
			})),
		},
		"auth/postgresql create required_if vault_type": {field: "vault_type",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthPostgresqlLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.LoginType, r.VaultID = gen.AuthPostgresqlLoginTypeVault, intP(7)
			})),
		},
		"auth/postgresql create required_if_value secret_name": {field: "secret_name",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.VaultType, r.SecretName = strP(thycotic), strP("s") })),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.VaultType = strP(thycotic) })),
		},
		"auth/postgresql create required_if_value folder": {field: "folder",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.VaultType, r.File = strP(cyberAIM), strP("pw.txt") })),
		},
		"auth/postgresql create required_if_value file": {field: "file",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.VaultType, r.Folder = strP(cyberPIM), strP("Root") })),
		},
		"auth/postgresql create max_total_length folder,file": {field: "folder",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.Folder, r.File = strP(f169), strP("x") })),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.Folder, r.File = strP(f169), strP("xy") })),
		},
		"auth/postgresql create required_if_value hosts": {field: "hosts",
			pass: reqs(
				rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
					r.SSLVerify, r.Hosts = boolP(true), []string{"db1.example.com", "db2.example.com"}
				}),
				rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.SSLVerify = boolP(false) })),
			fail: reqs(
				rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.SSLVerify = boolP(true) }),
				rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.SSLVerify, r.Hosts = boolP(true), []string{} })),
		},
		"auth/postgresql create required_if client_key_vault_type": {field: "client_key_vault_type",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthPostgresqlClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultID = gen.AuthPostgresqlClientKeyTypeVault, intP(9)
			})),
		},
		"auth/postgresql create required_if client_key_vault_id": {field: "client_key_vault_id",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthPostgresqlClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType = gen.AuthPostgresqlClientKeyTypeVault, strP(cyberAIM)
			})),
		},
		"auth/postgresql create required_if passphrase_vault_type": {field: "passphrase_vault_type",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthPostgresqlPassphraseTypeVault, strP("CA Access Control"), intP(11)
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.PassphraseType, r.PassphraseVaultID = gen.AuthPostgresqlPassphraseTypeVault, intP(11)
			})),
		},
		"auth/postgresql create required_if passphrase_vault_id": {field: "passphrase_vault_id",
			pass: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthPostgresqlPassphraseTypeVault, strP("CA Access Control"), intP(11)
			})),
			fail: reqs(rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
				r.PassphraseType, r.PassphraseVaultType = gen.AuthPostgresqlPassphraseTypeVault, strP("CA Access Control")
			})),
		},
		"auth/postgresql update required_if vault_id": {field: "vault_id",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthPostgresqlLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.LoginType, r.VaultType = gen.AuthPostgresqlLoginTypeVault, strP("Quest Vault")
			})),
		},
		"auth/postgresql update required_if vault_type": {field: "vault_type",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthPostgresqlLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.LoginType, r.VaultID = gen.AuthPostgresqlLoginTypeVault, intP(7)
			})),
		},
		"auth/postgresql update required_if_value secret_name": {field: "secret_name",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.VaultType, r.SecretName = strP(thycotic), strP("s") })),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.VaultType = strP(thycotic) })),
		},
		"auth/postgresql update required_if_value folder": {field: "folder",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.VaultType, r.File = strP(cyberPIM), strP("pw.txt") })),
		},
		"auth/postgresql update required_if_value file": {field: "file",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.VaultType, r.Folder = strP(cyberAIM), strP("Root") })),
		},
		"auth/postgresql update max_total_length folder,file": {field: "folder",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.Folder, r.File = strP(f100), strP(f71[:70]) })),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.Folder, r.File = strP(f100), strP(f71) })),
		},
		"auth/postgresql update exclusive ips,add_ips": {field: "ips",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.AddIPs = ipSetOf("10.0.0.2") })),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.IPs, r.AddIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3") })),
		},
		"auth/postgresql update exclusive ips,remove_ips": {field: "ips",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.AddIPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3")
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.IPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3")
			})),
		},
		"auth/postgresql update required_if_value hosts": {field: "hosts",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.SSLVerify, r.Hosts = boolP(true), []string{"db1.example.com"}
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.SSLVerify = boolP(true) })),
		},
		"auth/postgresql update required_if client_key_vault_type": {field: "client_key_vault_type",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthPostgresqlClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthPostgresqlClientKeyTypeVault, strP(""), intP(9)
			})),
		},
		"auth/postgresql update required_if client_key_vault_id": {field: "client_key_vault_id",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthPostgresqlClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType = gen.AuthPostgresqlClientKeyTypeVault, strP(cyberAIM)
			})),
		},
		"auth/postgresql update required_if passphrase_vault_type": {field: "passphrase_vault_type",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthPostgresqlPassphraseTypeVault, strP(thycotic), intP(11)
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultID = gen.AuthPostgresqlPassphraseTypeVault, intP(11)
			})),
		},
		"auth/postgresql update required_if passphrase_vault_id": {field: "passphrase_vault_id",
			pass: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthPostgresqlPassphraseTypeVault, strP(thycotic), intP(11)
			})),
			fail: reqs(rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultType = gen.AuthPostgresqlPassphraseTypeVault, strP(thycotic)
			})),
		},

		// ---------------- auth/greenplum ----------------
		"auth/greenplum create one_of_required password,login_type=vault": {field: "password",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.Password = nil
				r.LoginType, r.VaultID, r.VaultType = gen.AuthGreenplumLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.Password = nil })),
		},
		"auth/greenplum create required_if vault_id": {field: "vault_id",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthGreenplumLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.LoginType, r.VaultType = gen.AuthGreenplumLoginTypeVault, strP("Quest Vault")
			})),
		},
		"auth/greenplum create required_if vault_type": {field: "vault_type",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthGreenplumLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.LoginType, r.VaultID = gen.AuthGreenplumLoginTypeVault, intP(7)
			})),
		},
		"auth/greenplum create required_if_value secret_name": {field: "secret_name",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.VaultType, r.SecretName = strP(thycotic), strP("s") })),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.VaultType = strP(thycotic) })),
		},
		"auth/greenplum create required_if_value folder": {field: "folder",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.VaultType, r.File = strP(cyberPIM), strP("pw.txt") })),
		},
		"auth/greenplum create required_if_value file": {field: "file",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.VaultType, r.Folder = strP(cyberAIM), strP("Root") })),
		},
		"auth/greenplum create max_total_length folder,file": {field: "folder",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.Folder, r.File = strP(f100), strP(f71[:70]) })),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.Folder, r.File = strP(f100), strP(f71) })),
		},
		"auth/greenplum create required_if_value hosts": {field: "hosts",
			pass: reqs(
				rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
					r.SSLVerify, r.Hosts = boolP(true), []string{"gp1.example.com"}
				}),
				rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.SSLVerify = boolP(false) })),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.SSLVerify = boolP(true) })),
		},
		"auth/greenplum create required_if client_key_vault_type": {field: "client_key_vault_type",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthGreenplumClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultID = gen.AuthGreenplumClientKeyTypeVault, intP(9)
			})),
		},
		"auth/greenplum create required_if client_key_vault_id": {field: "client_key_vault_id",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthGreenplumClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType = gen.AuthGreenplumClientKeyTypeVault, strP(cyberAIM)
			})),
		},
		"auth/greenplum create required_if passphrase_vault_type": {field: "passphrase_vault_type",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthGreenplumPassphraseTypeVault, strP("CA Access Control"), intP(11)
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.PassphraseType, r.PassphraseVaultID = gen.AuthGreenplumPassphraseTypeVault, intP(11)
			})),
		},
		"auth/greenplum create required_if passphrase_vault_id": {field: "passphrase_vault_id",
			pass: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthGreenplumPassphraseTypeVault, strP("CA Access Control"), intP(11)
			})),
			fail: reqs(rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
				r.PassphraseType, r.PassphraseVaultType = gen.AuthGreenplumPassphraseTypeVault, strP("CA Access Control")
			})),
		},
		"auth/greenplum update required_if vault_id": {field: "vault_id",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthGreenplumLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.LoginType, r.VaultType = gen.AuthGreenplumLoginTypeVault, strP("Quest Vault")
			})),
		},
		"auth/greenplum update required_if vault_type": {field: "vault_type",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.LoginType, r.VaultID, r.VaultType = gen.AuthGreenplumLoginTypeVault, intP(7), strP("Quest Vault")
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.LoginType, r.VaultID = gen.AuthGreenplumLoginTypeVault, intP(7)
			})),
		},
		"auth/greenplum update required_if_value secret_name": {field: "secret_name",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.VaultType, r.SecretName = strP(thycotic), strP("s") })),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.VaultType = strP(thycotic) })),
		},
		"auth/greenplum update required_if_value folder": {field: "folder",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberAIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.VaultType, r.File = strP(cyberAIM), strP("pw.txt") })),
		},
		"auth/greenplum update required_if_value file": {field: "file",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.VaultType, r.Folder, r.File = strP(cyberPIM), strP("Root"), strP("pw.txt")
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.VaultType, r.Folder = strP(cyberPIM), strP("Root") })),
		},
		"auth/greenplum update max_total_length folder,file": {field: "folder",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.Folder, r.File = strP(f169), strP("x") })),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.Folder, r.File = strP(f100), strP(f71) })),
		},
		"auth/greenplum update exclusive ips,add_ips": {field: "ips",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.AddIPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3")
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.IPs, r.AddIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3") })),
		},
		"auth/greenplum update exclusive ips,remove_ips": {field: "ips",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.IPs = ipSetOf("10.0.0.2") })),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.IPs, r.RemoveIPs = ipSetOf("10.0.0.2"), ipSetOf("10.0.0.3") })),
		},
		"auth/greenplum update required_if_value hosts": {field: "hosts",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.SSLVerify, r.Hosts = boolP(true), []string{"gp1.example.com"}
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.SSLVerify = boolP(true) })),
		},
		"auth/greenplum update required_if client_key_vault_type": {field: "client_key_vault_type",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthGreenplumClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultID = gen.AuthGreenplumClientKeyTypeVault, intP(9)
			})),
		},
		"auth/greenplum update required_if client_key_vault_id": {field: "client_key_vault_id",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType, r.ClientKeyVaultID = gen.AuthGreenplumClientKeyTypeVault, strP(cyberAIM), intP(9)
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.ClientKeyType, r.ClientKeyVaultType = gen.AuthGreenplumClientKeyTypeVault, strP(cyberAIM)
			})),
		},
		"auth/greenplum update required_if passphrase_vault_type": {field: "passphrase_vault_type",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthGreenplumPassphraseTypeVault, strP(cyberAIM), intP(11)
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultID = gen.AuthGreenplumPassphraseTypeVault, intP(11)
			})),
		},
		"auth/greenplum update required_if passphrase_vault_id": {field: "passphrase_vault_id",
			pass: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultType, r.PassphraseVaultID = gen.AuthGreenplumPassphraseTypeVault, strP(cyberAIM), intP(11)
			})),
			fail: reqs(rtGpU(func(r *gen.AuthGreenplumUpdateRequest) {
				r.PassphraseType, r.PassphraseVaultType = gen.AuthGreenplumPassphraseTypeVault, strP(cyberAIM)
			})),
		},

		// ---------------- scan ----------------
		"scan launch at_least_one ip,asset_groups,fqdn,tag_set_include": {field: "ip",
			pass: reqs(
				rtScanL(nil),
				rtScanL(func(r *gen.ScanLaunchRequest) { r.IP, r.AssetGroups = nil, []string{"My AG"} }),
				rtScanL(func(r *gen.ScanLaunchRequest) { r.IP, r.FQDN = nil, []string{"domain.qualys.com"} }),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.IP, r.TargetFrom, r.TagSetInclude = nil, gen.ScanTargetFromTags, []string{"1234"}
				})),
			fail: reqs(
				rtScanL(func(r *gen.ScanLaunchRequest) { r.IP = nil }),
				rtScanL(func(r *gen.ScanLaunchRequest) { r.IP, r.AssetGroups = qgenrt.IPSet{}, []string{} })),
		},
		"scan launch not_with fqdn": {field: "fqdn",
			pass: reqs(rtScanL(func(r *gen.ScanLaunchRequest) {
				r.FQDN, r.AssetGroups, r.TargetFrom = []string{"domain.qualys.com"}, []string{"My AG"}, gen.ScanTargetFromAssets
			})),
			fail: reqs(
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.FQDN, r.TargetFrom = []string{"domain.qualys.com"}, gen.ScanTargetFromTags
				}),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.FQDN, r.TagIncludeSelector = []string{"domain.qualys.com"}, gen.ScanTagIncludeSelectorAny
				}),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.FQDN, r.TagExcludeSelector = []string{"domain.qualys.com"}, gen.ScanTagExcludeSelectorAll
				}),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.FQDN, r.TagSetBy = []string{"domain.qualys.com"}, gen.ScanTagSetByName
				}),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.FQDN, r.TargetFrom, r.TagSetInclude = []string{"domain.qualys.com"}, gen.ScanTargetFromTags, []string{"1234"}
				}),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.FQDN, r.TagSetExclude = []string{"domain.qualys.com"}, []string{"99"}
				}),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.FQDN, r.UseIPNtRangeTags = []string{"domain.qualys.com"}, boolP(false)
				})),
		},
		"scan launch invalid_unless tag_set_include": {field: "tag_set_include",
			pass: reqs(rtScanL(func(r *gen.ScanLaunchRequest) {
				r.TargetFrom, r.TagSetInclude = gen.ScanTargetFromTags, []string{"1234"}
			})),
			fail: reqs(
				rtScanL(func(r *gen.ScanLaunchRequest) { r.TagSetInclude = []string{"1234"} }),
				rtScanL(func(r *gen.ScanLaunchRequest) {
					r.TargetFrom, r.TagSetInclude = gen.ScanTargetFromAssets, []string{"1234"}
				})),
		},

		// ---------------- schedule/scan ----------------
		"schedule/scan create at_least_one ip,asset_groups,fqdn,tag_set_include": {field: "ip",
			pass: reqs(
				rtSchedC(nil),
				rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.IP, r.FQDN = nil, []string{"domain.qualys.com"} }),
				rtSchedC(func(r *gen.ScheduleScanCreateRequest) {
					r.IP, r.TargetFrom, r.TagSetInclude = nil, gen.ScheduleScanTargetFromTags, []string{"1234"}
				})),
			fail: reqs(rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.IP = nil })),
		},
		"schedule/scan create not_with fqdn": {field: "fqdn",
			pass: reqs(rtSchedC(func(r *gen.ScheduleScanCreateRequest) {
				r.FQDN, r.AssetGroups = []string{"domain.qualys.com"}, []string{"My AG"}
			})),
			fail: reqs(
				rtSchedC(func(r *gen.ScheduleScanCreateRequest) {
					r.FQDN, r.TargetFrom = []string{"domain.qualys.com"}, gen.ScheduleScanTargetFromTags
				}),
				rtSchedC(func(r *gen.ScheduleScanCreateRequest) {
					r.FQDN, r.TagSetExclude = []string{"domain.qualys.com"}, []string{"99"}
				}),
				rtSchedC(func(r *gen.ScheduleScanCreateRequest) {
					r.FQDN, r.UseIPNtRangeTags = []string{"domain.qualys.com"}, boolP(true)
				})),
		},
		"schedule/scan create invalid_unless tag_set_include": {field: "tag_set_include",
			pass: reqs(rtSchedC(func(r *gen.ScheduleScanCreateRequest) {
				r.IP, r.TargetFrom, r.TagSetInclude = nil, gen.ScheduleScanTargetFromTags, []string{"1234"}
			})),
			fail: reqs(rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.TagSetInclude = []string{"1234"} })),
		},
		"schedule/scan update requires fqdn": {field: "fqdn",
			pass: reqs(rtSchedU(func(r *gen.ScheduleScanUpdateRequest) {
				r.FQDN, r.TargetFrom = []string{"domain2.qualys.com"}, gen.ScheduleScanTargetFromAssets
			})),
			fail: reqs(rtSchedU(func(r *gen.ScheduleScanUpdateRequest) { r.FQDN = []string{"domain2.qualys.com"} })),
		},
		"schedule/scan update not_with fqdn": {field: "fqdn",
			pass: reqs(rtSchedU(func(r *gen.ScheduleScanUpdateRequest) {
				r.FQDN, r.TargetFrom, r.IP = []string{"domain2.qualys.com"}, gen.ScheduleScanTargetFromAssets, ipSetOf("10.0.0.1")
			})),
			fail: reqs(
				rtSchedU(func(r *gen.ScheduleScanUpdateRequest) {
					r.FQDN, r.TargetFrom, r.TagSetInclude = []string{"domain2.qualys.com"}, gen.ScheduleScanTargetFromAssets, []string{"1234"}
				}),
				rtSchedU(func(r *gen.ScheduleScanUpdateRequest) {
					r.FQDN, r.TargetFrom, r.TagSetBy = []string{"domain2.qualys.com"}, gen.ScheduleScanTargetFromAssets, gen.ScheduleScanTagSetById
				})),
		},
	}
}

// ruleKey is "ENDPOINT ACTION KIND SUBJECT": the subject is the rule's param, else its params or
// terms joined by commas.
func ruleKey(endpoint, action string, r *spec.Rule) string {
	subject := r.Param
	if subject == "" {
		subject = strings.Join(r.Params, ",")
	}
	if subject == "" {
		terms := make([]string, len(r.Terms))
		for i, t := range r.Terms {
			terms[i] = t.String()
		}
		subject = strings.Join(terms, ",")
	}
	return endpoint + " " + action + " " + string(r.Kind) + " " + subject
}

// ruleFields are the parameters a rule's failure may name: its param, else its params or terms.
func ruleFields(r *spec.Rule) []string {
	if r.Param != "" {
		return []string{r.Param}
	}
	out := append([]string(nil), r.Params...)
	for _, t := range r.Terms {
		out = append(out, t.Param)
	}
	return out
}

// TestRulesEveryModelRule runs the case of every rule of every action of the loaded model.
func TestRulesEveryModelRule(t *testing.T) {
	m, err := spec.Load()
	if err != nil {
		t.Fatalf("spec.Load: %v", err)
	}
	cases := ruleCases()
	seen := map[string]bool{}
	n := 0
	for _, e := range m.Endpoints {
		for _, rule := range e.Rules {
			if len(rule.Actions) == 0 {
				t.Errorf("%s: rule %s at %s applies to no action", e.Name, rule.Kind, rule.Pos)
			}
			for _, action := range rule.Actions {
				if e.Action(action) == nil {
					t.Errorf("%s: rule %s names action %s, which the endpoint does not have", e.Name, rule.Kind, action)
					continue
				}
				key := ruleKey(e.Name, action, rule)
				if seen[key] {
					t.Errorf("two rules of the model have the key %q; make ruleKey tell them apart", key)
					continue
				}
				seen[key] = true
				n++
				t.Run(key, func(t *testing.T) {
					c, ok := cases[key]
					if !ok {
						t.Fatalf("no case for this rule of the model (%s, %s): add %q to ruleCases with a request that passes and one that fails", rule.Pos, rule.Doc, key)
					}
					runRuleCase(t, e.Name, action, rule, c)
				})
			}
		}
	}
	for key := range cases {
		if !seen[key] {
			t.Errorf("ruleCases has %q, which is no rule of the model", key)
		}
	}
	if n == 0 {
		t.Fatal("the model has no rules")
	}
	t.Logf("%d rule applications (endpoint, action, rule) checked", n)
}

func runRuleCase(t *testing.T, endpoint, action string, rule *spec.Rule, c ruleCase) {
	fields := ruleFields(rule)
	if !containsString(fields, c.field) {
		t.Fatalf("case field %q is not one the rule names (%v)", c.field, fields)
	}
	if len(c.pass) == 0 || len(c.fail) == 0 {
		t.Fatalf("a case needs a request that passes and one that fails (%d pass, %d fail)", len(c.pass), len(c.fail))
	}
	var problems []string
	for i, r := range c.pass {
		if err := r.Validate(); err != nil {
			problems = append(problems, fmt.Sprintf("pass[%d] %v: Validate() = %v, want nil", i, r, err))
		}
	}
	want := []fieldRule{{c.field, string(rule.Kind)}}
	for i, r := range c.fail {
		got, ve, err := validationProblems(r.Validate())
		if err != nil {
			problems = append(problems, fmt.Sprintf("fail[%d] %v: %v", i, r, err))
			continue
		}
		if ve.Endpoint != endpoint || ve.Action != action {
			problems = append(problems, fmt.Sprintf("fail[%d]: ValidationError is for %s %s, want %s %s", i, ve.Endpoint, ve.Action, endpoint, action))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			problems = append(problems, fmt.Sprintf("fail[%d] %v: want exactly one FieldError naming %s with rule %s (-want +got):\n%s", i, r, c.field, rule.Kind, diff))
		}
	}
	switch {
	case c.bug != "" && len(problems) == 0:
		t.Errorf("the case is marked as generator bug %q but passes: remove the mark", c.bug)
	case c.bug != "":
		t.Skipf("generator bug: %s\n%s", c.bug, strings.Join(problems, "\n"))
	default:
		for _, p := range problems {
			t.Error(p)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestRulesClearedFQDN: schedule_scan.yaml states the requires rule "for a non-empty fqdn (a term
// is "sent, non-empty")": an update that clears fqdn (fqdn=, a non-nil empty list) without
// target_from=assets is not a requires violation.
func TestRulesClearedFQDN(t *testing.T) {
	r := &gen.ScheduleScanUpdateRequest{ID: intP(11339), FQDN: []string{}, AssetGroups: []string{"My AG"}}
	if v, ok := r.Form()["fqdn"]; !ok || len(v) != 1 || v[0] != "" {
		t.Fatalf("the clearing request does not send fqdn= (empty): %v", r.Form())
	}
	if err := r.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
}

// ---- per-parameter limits ----

// limitCase is one limit of one parameter: pass is within it, fail breaks it and nothing else.
type limitCase struct {
	name        string
	field, rule string
	pass, fail  genRequest
}

func badIPs(from, to string) qgenrt.IPSet {
	var a, b netip.Addr
	if from != "" {
		a = netip.MustParseAddr(from)
	}
	if to != "" {
		b = netip.MustParseAddr(to)
	}
	return qgenrt.IPSet{{From: a, To: b}}
}

func limitCases() []limitCase {
	n := func(c byte, k int) string { return strings.Repeat(string(c), k) }
	cs := []limitCase{
		// required
		{"unix create title", "title", "required", rtUnixC(nil), rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Title = "" })},
		{"unix create username", "username", "required", rtUnixC(nil), rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Username = "" })},
		{"sharepoint create ips nil", "ips", "required", rtSpC(nil), rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.IPs = nil })},
		{"sharepoint create ips empty", "ips", "required", rtSpC(nil), rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.IPs = qgenrt.IPSet{} })},
		{"greenplum create greenplum_db_name", "greenplum_db_name", "required", rtGpC(nil), rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.GreenplumDBName = "" })},
		{"greenplum create greenplum_unix_conf_file", "greenplum_unix_conf_file", "required", rtGpC(nil), rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.GreenplumUnixConfFile = "" })},
		{"postgresql create pgsql_db_name", "pgsql_db_name", "required", rtPgC(nil), rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.PgsqlDBName = "" })},
		{"unix update ids", "ids", "required", rtUnixU(nil), rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.IDs = nil })},
		{"sharepoint delete ids", "ids", "required", &gen.AuthMicrosoftSharepointDeleteRequest{IDs: qgenrt.IDs(10000, 10001)}, &gen.AuthMicrosoftSharepointDeleteRequest{IDs: qgenrt.IDSet{}}},
		{"greenplum delete ids", "ids", "required", &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(66391)}, &gen.AuthGreenplumDeleteRequest{}},
		{"scan launch option_title", "option_title", "required", rtScanL(nil), rtScanL(func(r *gen.ScanLaunchRequest) { r.OptionTitle = "" })},
		{"scan fetch scan_ref", "scan_ref", "required", &gen.ScanFetchRequest{ScanRef: "scan/1582276574.00236"}, &gen.ScanFetchRequest{OutputFormat: gen.ScanOutputFormatCsv}},
		{"schedule create scan_title", "scan_title", "required", rtSchedC(nil), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.ScanTitle = "" })},
		{"schedule create active", "active", "required", rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.Active = boolP(false) }), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.Active = nil })},
		{"schedule create option_title", "option_title", "required", rtSchedC(nil), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.OptionTitle = "" })},
		{"schedule create occurrence", "occurrence", "required", rtSchedC(nil), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.Occurrence = "" })},
		{"schedule create start_hour", "start_hour", "required", rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.StartHour = intP(0) }), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.StartHour = nil })},
		{"schedule create start_minute", "start_minute", "required", rtSchedC(nil), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.StartMinute = nil })},
		{"schedule create time_zone_code", "time_zone_code", "required", rtSchedC(nil), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.TimeZoneCode = "" })},
		{"schedule update id", "id", "required", rtSchedU(nil), rtSchedU(func(r *gen.ScheduleScanUpdateRequest) { r.ID = nil })},

		// max_length (limits from the tables: title/username 255, password 100, secret_name 256,
		// folder 169, file 165, comments 1999, windows_domain 256)
		{"unix create title 255/256", "title", "max_length", rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Title = n('t', 255) }), rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Title = n('t', 256) })},
		{"greenplum update title 255/256", "title", "max_length", rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.Title = strP(n('t', 255)) }), rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.Title = strP(n('t', 256)) })},
		{"sharepoint create username 255/256", "username", "max_length", rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.Username = n('u', 255) }), rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.Username = n('u', 256) })},
		{"greenplum create password 100/101", "password", "max_length", rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.Password = strP(n('p', 100)) }), rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.Password = strP(n('p', 101)) })},
		{"postgresql update secret_name 256/257", "secret_name", "max_length", rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.SecretName = strP(n('s', 256)) }), rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.SecretName = strP(n('s', 257)) })},
		{"unix update folder 169/170", "folder", "max_length", rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.Folder = strP(n('f', 169)) }), rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.Folder = strP(n('f', 170)) })},
		{"sharepoint update file 165/166", "file", "max_length", rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.File = strP(n('x', 165)) }), rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.File = strP(n('x', 166)) })},
		{"postgresql create comments 1999/2000", "comments", "max_length", rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.Comments = strP(n('c', 1999)) }), rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.Comments = strP(n('c', 2000)) })},
		{"sharepoint create windows_domain 256/257", "windows_domain", "max_length",
			rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.DBLocal, r.WindowsDomain = boolP(false), strP(n('d', 256))
			}),
			rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.DBLocal, r.WindowsDomain = boolP(false), strP(n('d', 257))
			})},
		{"max_length counts characters, not bytes", "title", "max_length",
			rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Title = "x"; r.Comments = strP(strings.Repeat("é", 1999)) }),
			rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Title = n('t', 300) })},

		// charset ascii (printable U+0020-U+007E) and no_multibyte (below U+0080)
		{"unix create title ascii", "title", "charset", rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Title = "Cafe ~!{}" }), rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Title = "Café" })},
		{"unix update title control character", "title", "charset", rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.Title = strP("a b") }), rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.Title = strP("a\tb") })},
		{"greenplum create username ascii", "username", "charset", rtGpC(nil), rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.Username = "usér" })},
		{"postgresql update password ascii", "password", "charset", rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.Password = strP("p@ss w0rd!") }), rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.Password = strP("pässword") })},
		{"sharepoint update windows_domain ascii", "windows_domain", "charset", rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.WindowsDomain = strP("corp.example.com") }), rtSpU(func(r *gen.AuthMicrosoftSharepointUpdateRequest) { r.WindowsDomain = strP("corp.exämple.com") })},
		{"unix create secret_name no_multibyte", "secret_name", "charset",
			rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.SecretName = strP("sec\tret~") }), // control characters are not multibyte
			rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.SecretName = strP("sécret") })},
		{"greenplum update secret_name no_multibyte", "secret_name", "charset", rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.SecretName = strP("secret-root") }), rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.SecretName = strP("秘密") })},

		// forbidden: a folder may hold "\", a file may not; "folder/" is rejected (see login.yaml notes)
		{"unix create folder trailing slash", "folder", "forbidden", rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Folder = strP(`Root\Sub`) }), rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Folder = strP("Root/") })},
		{"sharepoint create file backslash", "file", "forbidden", rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.File = strP("pw.txt") }), rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.File = strP(`dir\pw.txt`) })},

		// enum: values compared exactly
		{"unix list details", "details", "enum", &gen.AuthUnixListRequest{Details: gen.AuthUnixDetailsNone}, &gen.AuthUnixListRequest{Details: "Everything"}},
		{"greenplum list details case", "details", "enum", &gen.AuthGreenplumListRequest{Details: gen.AuthGreenplumDetailsAll}, &gen.AuthGreenplumListRequest{Details: "all"}},
		{"postgresql create login_type", "login_type", "enum", rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.LoginType = gen.AuthPostgresqlLoginTypeBasic }), rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.LoginType = "kerberos" })},
		{"unix update sub_type", "sub_type", "enum", rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.SubType = gen.AuthUnixSubTypeCisco }), rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.SubType = "juniper" })},
		{"greenplum create client_key_type", "client_key_type", "enum", rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.ClientKeyType = gen.AuthGreenplumClientKeyTypeBasic }), rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.ClientKeyType = "file" })},
		{"postgresql update passphrase_type", "passphrase_type", "enum", rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.PassphraseType = gen.AuthPostgresqlPassphraseTypeBasic }), rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.PassphraseType = "none" })},
		{"scan launch target_from", "target_from", "enum", rtScanL(func(r *gen.ScanLaunchRequest) { r.TargetFrom = gen.ScanTargetFromAssets }), rtScanL(func(r *gen.ScanLaunchRequest) { r.TargetFrom = "hosts" })},
		{"scan launch tag_set_by", "tag_set_by", "enum", rtScanL(nil), rtScanL(func(r *gen.ScanLaunchRequest) { r.TagSetBy = "uuid" })},
		{"scan list type", "type", "enum", &gen.ScanListRequest{Type: gen.ScanTypeOnDemand}, &gen.ScanListRequest{Type: "Manual"}},
		{"scan fetch output_format", "output_format", "enum", &gen.ScanFetchRequest{ScanRef: "scan/1", OutputFormat: gen.ScanOutputFormatJson}, &gen.ScanFetchRequest{ScanRef: "scan/1", OutputFormat: "xml"}},
		{"schedule create occurrence", "occurrence", "enum", rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.Occurrence = gen.ScheduleScanOccurrenceMonthly }), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.Occurrence = "yearly" })},
		{"schedule update tag_include_selector", "tag_include_selector", "enum", rtSchedU(func(r *gen.ScheduleScanUpdateRequest) { r.TagIncludeSelector = gen.ScheduleScanTagIncludeSelectorAll }), rtSchedU(func(r *gen.ScheduleScanUpdateRequest) { r.TagIncludeSelector = "some" })},

		// ids: positive IDs and ascending ranges
		{"unix delete ids range", "ids", "ids", &gen.AuthUnixDeleteRequest{IDs: qgenrt.IDSet{{Lo: 1359, Hi: 1407}, {Lo: 1500, Hi: 1500}}}, &gen.AuthUnixDeleteRequest{IDs: qgenrt.IDSet{{Lo: 1407, Hi: 1359}}}},
		{"greenplum list ids zero", "ids", "ids", &gen.AuthGreenplumListRequest{IDs: qgenrt.IDs(66186)}, &gen.AuthGreenplumListRequest{IDs: qgenrt.IDs(0)}},
		{"postgresql update ids negative", "ids", "ids", rtPgU(nil), rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.IDs = qgenrt.IDs(72178, -1) })},

		// ips: addresses and ascending ranges of one family
		{"sharepoint create ips range", "ips", "ips",
			rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
				r.IPs = ipSetOf("10.10.10.19-10.10.10.20", "2001:db8::1")
			}),
			rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) { r.IPs = badIPs("10.10.10.20", "10.10.10.19") })},
		{"unix create ips mixed family", "ips", "ips", rtUnixC(nil), rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.IPs = badIPs("10.0.0.1", "2001:db8::1") })},
		{"greenplum create ips missing address", "ips", "ips", rtGpC(nil), rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.IPs = badIPs("", "") })},
		{"unix update add_ips", "add_ips", "ips", rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.AddIPs = ipSetOf("10.0.0.5") }), rtUnixU(func(r *gen.AuthUnixUpdateRequest) { r.AddIPs = badIPs("10.0.0.9", "10.0.0.1") })},
		{"postgresql update remove_ips", "remove_ips", "ips", rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.RemoveIPs = ipSetOf("10.0.0.5") }), rtPgU(func(r *gen.AuthPostgresqlUpdateRequest) { r.RemoveIPs = badIPs("fe80::1", "10.0.0.1") })},
		{"scan launch ip", "ip", "ips", rtScanL(nil), rtScanL(func(r *gen.ScanLaunchRequest) { r.IP = badIPs("10.0.0.9", "10.0.0.1") })},
		{"scan list target", "target", "ips", &gen.ScanListRequest{Target: ipSetOf("10.0.0.1-10.0.0.9")}, &gen.ScanListRequest{Target: badIPs("10.0.0.9", "10.0.0.1")}},
		{"schedule create ip", "ip", "ips", rtSchedC(nil), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.IP = badIPs("10.0.0.9", "") })},

		// min / max of ints
		{"schedule create start_hour 23/24", "start_hour", "max", rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.StartHour = intP(23) }), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.StartHour = intP(24) })},
		{"schedule create start_hour 0/-1", "start_hour", "min", rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.StartHour = intP(0) }), rtSchedC(func(r *gen.ScheduleScanCreateRequest) { r.StartHour = intP(-1) })},
		{"schedule update start_minute 59/60", "start_minute", "max", rtSchedU(func(r *gen.ScheduleScanUpdateRequest) { r.StartMinute = intP(59) }), rtSchedU(func(r *gen.ScheduleScanUpdateRequest) { r.StartMinute = intP(60) })},
	}
	// Every forbidden character of folder and file, one by one.
	for _, ch := range "/:*?\"<>|\t" {
		cs = append(cs, limitCase{fmt.Sprintf("greenplum update folder %q", ch), "folder", "forbidden",
			rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.Folder = strP("Root") }),
			rtGpU(func(r *gen.AuthGreenplumUpdateRequest) { r.Folder = strP("Ro" + string(ch) + "ot") })})
	}
	for _, ch := range "\\/:*?\"<>|\t" {
		cs = append(cs, limitCase{fmt.Sprintf("postgresql create file %q", ch), "file", "forbidden",
			rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.File = strP("pw.txt") }),
			rtPgC(func(r *gen.AuthPostgresqlCreateRequest) { r.File = strP("pw" + string(ch) + "txt") })})
	}
	return cs
}

// TestRulesParamLimits checks one limit of one parameter per case.
func TestRulesParamLimits(t *testing.T) {
	kinds := map[string]bool{}
	for _, c := range limitCases() {
		kinds[c.rule] = true
		t.Run(c.name, func(t *testing.T) {
			if err := c.pass.Validate(); err != nil {
				t.Errorf("pass %v: Validate() = %v, want nil", c.pass, err)
			}
			got, _, err := validationProblems(c.fail.Validate())
			if err != nil {
				t.Fatalf("fail %v: %v", c.fail, err)
			}
			if diff := cmp.Diff([]fieldRule{{c.field, c.rule}}, got); diff != "" {
				t.Errorf("fail %v (-want +got):\n%s", c.fail, diff)
			}
		})
	}
	for _, k := range []string{"required", "max_length", "charset", "forbidden", "enum", "ids", "ips", "min", "max"} {
		if !kinds[k] {
			t.Errorf("no limit case of kind %s", k)
		}
	}
}

// TestRulesManyProblemsOneError: a request that breaks many limits and rules gets one
// *qgenrt.ValidationError that lists every failing field.
func TestRulesManyProblemsOneError(t *testing.T) {
	r := &gen.AuthGreenplumCreateRequest{
		Title:                 "",                             // title: required
		Username:              strings.Repeat("u", 256),       // username: max_length
		Password:              strP("pässwörd"),               // password: charset
		LoginType:             "vault",                        // vault_id, vault_type: required_if
		SecretName:            strP("sécret"),                 // secret_name: charset
		SSLVerify:             boolP(true),                    // hosts: required_if_value
		Folder:                strP("a:b"),                    // folder: forbidden
		IPs:                   badIPs("10.0.0.9", "10.0.0.1"), // ips: ips
		GreenplumDBName:       "",                             // greenplum_db_name: required
		GreenplumUnixConfFile: "/tmp/postgresql.conf",
		ClientKeyType:         gen.AuthGreenplumClientKeyTypeVault, // client_key_vault_type: required_if
		ClientKeyVaultID:      intP(9),
		PassphraseType:        "sometimes",                     // passphrase_type: enum
		Comments:              strP(strings.Repeat("c", 2000)), // comments: max_length
	}
	err := r.Validate()
	got, ve, perr := validationProblems(err)
	if perr != nil {
		t.Fatal(perr)
	}
	want := []fieldRule{
		{"client_key_vault_type", "required_if"},
		{"comments", "max_length"},
		{"folder", "forbidden"},
		{"greenplum_db_name", "required"},
		{"hosts", "required_if_value"},
		{"ips", "ips"},
		{"passphrase_type", "enum"},
		{"password", "charset"},
		{"secret_name", "charset"},
		{"title", "required"},
		{"username", "max_length"},
		{"vault_id", "required_if"},
		{"vault_type", "required_if"},
	}
	sorted := append([]fieldRule(nil), got...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Field != sorted[j].Field {
			return sorted[i].Field < sorted[j].Field
		}
		return sorted[i].Rule < sorted[j].Rule
	})
	if diff := cmp.Diff(want, sorted); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if ve.Endpoint != "auth/greenplum" || ve.Action != "create" {
		t.Errorf("ValidationError for %s %s, want auth/greenplum create", ve.Endpoint, ve.Action)
	}
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	if head := fmt.Sprintf("auth/greenplum create: %d invalid parameters:", len(want)); lines[0] != head {
		t.Errorf("first line %q, want %q", lines[0], head)
	}
	if len(lines) != len(want)+1 {
		t.Errorf("Error() has %d lines, want a header and one line per problem (%d):\n%s", len(lines), len(want)+1, msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, "\n  "+w.Field+": "+w.Rule) {
			t.Errorf("Error() has no line for %s: %s:\n%s", w.Field, w.Rule, msg)
		}
	}
}

// TestRulesSecretsNotInErrors: no secret value (password, passphrase, client_key) shows in
// ValidationError.Error(), its FieldErrors, or the request's String / GoString.
func TestRulesSecretsNotInErrors(t *testing.T) {
	const (
		pw     = "Sëcret-Passw0rd-4711"                      // not ascii: a charset problem of password
		longPW = "TOPSECRET-PW-"                             // prefix of a password over 100 characters
		phrase = "passphrase-value-0815"                     // passphrase (no limits of its own)
		key    = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBg" // client_key
		tabPW  = "tab\tsecret-pw"
	)
	long := longPW + strings.Repeat("x", 100)
	tests := []struct {
		name    string
		req     genRequest
		secrets []string
	}{
		{"greenplum create", &gen.AuthGreenplumCreateRequest{
			Password: strP(pw), Passphrase: strP(phrase), ClientKey: strP(key),
			PassphraseType: gen.AuthGreenplumPassphraseTypeVault, ClientKeyType: gen.AuthGreenplumClientKeyTypeVault,
			Title: strings.Repeat("t", 300), IPs: badIPs("10.0.0.9", "10.0.0.1"),
		}, []string{pw, phrase, key}},
		{"postgresql update", &gen.AuthPostgresqlUpdateRequest{
			IDs: qgenrt.IDs(72178), Password: strP(long), Passphrase: strP(phrase), ClientKey: strP(key),
			PassphraseType: "x", SSLVerify: boolP(true),
		}, []string{long, longPW, phrase, key}},
		{"sharepoint create", &gen.AuthMicrosoftSharepointCreateRequest{Password: strP(pw), WindowsDomain: strP("d")}, []string{pw}},
		{"unix update", &gen.AuthUnixUpdateRequest{Password: strP(tabPW), Folder: strP("a|b")}, []string{tabPW, "secret-pw"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			_, ve, perr := validationProblems(err)
			if perr != nil {
				t.Fatal(perr)
			}
			if len(ve.Errors) < 2 {
				t.Fatalf("want several problems, got %v", err)
			}
			texts := map[string]string{"Error()": err.Error()}
			for i, fe := range ve.Errors {
				texts[fmt.Sprintf("Errors[%d]", i)] = fe.Field + "\x00" + fe.Rule + "\x00" + fe.Limit + "\x00" + fe.Message
			}
			texts["%v"] = fmt.Sprintf("%v", tt.req)
			texts["%+v"] = fmt.Sprintf("%+v", tt.req)
			texts["%#v"] = fmt.Sprintf("%#v", tt.req)
			for where, text := range texts {
				for _, s := range tt.secrets {
					if strings.Contains(text, s) {
						t.Errorf("%s shows the secret %q:\n%s", where, s, text)
					}
				}
			}
			// The password problems are reported, without the value.
			if !strings.Contains(err.Error(), "password: ") {
				t.Errorf("Error() does not name password:\n%s", err)
			}
		})
	}
}
