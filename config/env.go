package config

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// envPrefix starts every override variable.
const envPrefix = "STORYWATCH_"

// Variables with the prefix that are not config keys.
var envNotKeys = []string{"STORYWATCH_CONFIG", "STORYWATCH_DB"}
var envNotKeyPrefixes = []string{"STORYWATCH_TEST_", "STORYWATCH_BENCH_"}

// key is one scalar config key reachable from the environment.
type key struct {
	path  string // dotted yaml path: scraper.per_host.delay
	index []int  // reflect field index path
}

// Keys lists every scalar key with its environment variable, sorted.
func Keys() map[string]string {
	out := map[string]string{}
	for env, k := range keyTable() {
		out[k.path] = env
	}
	return out
}

func keyTable() map[string]key {
	table := map[string]key{}
	var walk func(t reflect.Type, prefix string, index []int)
	walk = func(t reflect.Type, prefix string, index []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			path := name
			if prefix != "" {
				path = prefix + "." + name
			}
			idx := append(append([]int(nil), index...), i)
			switch {
			case f.Type == reflect.TypeOf(time.Duration(0)) || f.Type == reflect.TypeOf(ByteSize(0)):
				table[envName(path)] = key{path, idx}
			case f.Type.Kind() == reflect.Struct:
				walk(f.Type, path, idx)
			case f.Type.Kind() == reflect.String, f.Type.Kind() == reflect.Int, f.Type.Kind() == reflect.Bool:
				table[envName(path)] = key{path, idx}
			}
		}
	}
	walk(reflect.TypeOf(Config{}), "", nil)
	return table
}

func envName(path string) string {
	return envPrefix + strings.ToUpper(strings.NewReplacer(".", "_").Replace(path))
}

// applyEnv sets keys from STORYWATCH_* variables. An unknown variable is an
// error: a typo would otherwise silently leave a default in place.
func applyEnv(c *Config, environ []string) error {
	table := keyTable()
	var es Errors
	var names []string
	vals := map[string]string{}
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, envPrefix) || isNotKey(name) {
			continue
		}
		names = append(names, name)
		vals[name] = val
	}
	sort.Strings(names)
	for _, name := range names {
		k, ok := table[name]
		if !ok {
			es = append(es, &Error{Field: name, Err: errors.New("unknown environment variable (not a config key)")})
			continue
		}
		if err := setValue(reflect.ValueOf(c).Elem().FieldByIndex(k.index), vals[name]); err != nil {
			es = append(es, &Error{Field: name, Err: fmt.Errorf("%s: %w", k.path, err)})
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

func isNotKey(name string) bool {
	for _, n := range envNotKeys {
		if name == n {
			return true
		}
	}
	for _, p := range envNotKeyPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func setValue(v reflect.Value, s string) error {
	switch v.Type() {
	case reflect.TypeOf(time.Duration(0)):
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("invalid duration %q (want e.g. 30s)", s)
		}
		v.SetInt(int64(d))
		return nil
	case reflect.TypeOf(ByteSize(0)):
		b, err := ParseByteSize(s)
		if err != nil {
			return err
		}
		v.SetInt(int64(b))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("invalid number %q", s)
		}
		v.SetInt(int64(n))
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("invalid boolean %q (want true or false)", s)
		}
		v.SetBool(b)
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}
