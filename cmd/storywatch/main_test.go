package main

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/storywatch/storywatch/internal/newsfixture"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"storywatch": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		// storywatch-exit N ARGS… runs storywatch and succeeds only when it
		// exits with code N, so scripts can assert exact exit codes.
		"storywatch-exit": func() {
			want, err := strconv.Atoi(os.Args[1])
			if err != nil {
				fmt.Fprintln(os.Stderr, "storywatch-exit: first argument must be the expected exit code")
				os.Exit(100)
			}
			if got := run(os.Args[2:], os.Stdin, os.Stdout, os.Stderr); got != want {
				fmt.Fprintf(os.Stderr, "storywatch-exit: exit code %d, want %d\n", got, want)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScripts drives the CLI end to end against a local news site; each
// script gets its own site ($NEWS) and working directory.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			site := newsfixture.New(newsfixture.Options{})
			env.Defer(site.Close)
			env.Values["site"] = site
			env.Setenv("NEWS", site.URL())
			// One host serves every story; the politeness delay would only slow the tests.
			env.Setenv("STORYWATCH_SCRAPER_PER_HOST_DELAY", "0s")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// fixture version PATH N: switch a story of the site to version N.
			// fixture requests PATH: print how many times PATH was requested.
			"fixture": func(ts *testscript.TestScript, neg bool, args []string) {
				site := ts.Value("site").(*newsfixture.Site)
				if len(args) < 2 {
					ts.Fatalf("usage: fixture version PATH N | fixture requests PATH")
				}
				switch args[0] {
				case "version":
					n, err := strconv.Atoi(args[2])
					ts.Check(err)
					ts.Check(site.SetVersion(args[1], n))
				case "requests":
					fmt.Fprintf(ts.Stdout(), "%d\n", site.Requests(args[1]))
				default:
					ts.Fatalf("unknown fixture command %q", args[0])
				}
			},
		},
	})
}
