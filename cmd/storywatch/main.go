// Command storywatch watches news stories change: it re-fetches tracked
// article URLs, stores every distinct version and records how figures,
// people and claims moved.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

// usageError marks errors that exit 2: bad flags, arguments or config.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// exitCodeError lets a command choose its exit code after printing its own output.
type exitCodeError struct{ code int }

func (e exitCodeError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without os.Exit, so tests can drive it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	defer a.close()
	root := newRoot(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if cerr := a.close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		return exitOK
	}
	var ec exitCodeError
	if errors.As(err, &ec) {
		return ec.code
	}
	fmt.Fprintln(stderr, "storywatch:", err)
	var ue usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command ") {
		return exitUsage
	}
	return exitRuntime
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "storywatch",
		Short:         "Watch news stories change: versions, diffs, and how figures and claims moved",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return a.setup(cmd)
		},
	}
	root.PersistentFlags().StringVar(&a.flags.config, "config", "", "config file (default $STORYWATCH_CONFIG, ./storywatch.yaml, /etc/storywatch/storywatch.yaml)")
	root.PersistentFlags().StringVar(&a.flags.db, "db", "", "database: SQLite path or postgres:// DSN (default $STORYWATCH_DB, storage.dsn, $STATE_DIRECTORY/storywatch.db, ./storywatch.db)")
	root.PersistentFlags().StringVar(&a.flags.logFormat, "log-format", "", "log format: text or json (default log.format)")
	root.PersistentFlags().StringVar(&a.flags.logLevel, "log-level", "", "log level: debug, info, warn, error (default log.level)")
	// Cobra reports flag errors itself; make them exit 2 like every usage error.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	for _, register := range commands {
		root.AddCommand(register(a))
	}
	return root
}

// commands is filled by each command file's init, one file per subcommand.
var commands []func(*app) *cobra.Command

// args validators that exit 2.
func usageArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
