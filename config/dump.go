package config

import (
	"io"
	"net/url"

	"go.yaml.in/yaml/v3"
)

// Dump writes the effective configuration as YAML with secrets redacted.
func (c Config) Dump(w io.Writer) error {
	c.Storage.DSN = RedactDSN(c.Storage.DSN)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return err
	}
	return enc.Close()
}

// RedactDSN hides the password of a URL-style DSN.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "REDACTED")
	}
	// Query parameters such as password=… in key/value DSNs.
	q := u.Query()
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			q.Set(k, "REDACTED")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
