package main

import (
	"fmt"
	"runtime"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/store"
)

func init() { commands = append(commands, newVersionCmd, newConfigCmd, newDBCmd) }

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(a.stdout, "storywatch %s (%s %s/%s)\n", storywatch.AppVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}

func newConfigCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Check or print the configuration"}
	cmd.AddCommand(&cobra.Command{
		Use:   "check",
		Short: "Validate the config file (exit 2 and file:line errors when invalid)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			// setup already loaded and validated it; reaching here means it is valid.
			if a.cfg.Path == "" {
				fmt.Fprintln(a.stdout, "no config file found; built-in defaults are valid")
				return nil
			}
			fmt.Fprintf(a.stdout, "%s: ok (%d stories)\n", a.cfg.Path, len(a.cfg.Stories))
			return nil
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "dump",
		Short: "Print the effective configuration (defaults, file, environment) with secrets redacted",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.cfg.Dump(a.stdout)
		},
	})
	return cmd
}

func newDBCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "db", Short: "Database maintenance and statistics"}
	var asJSON bool
	stats := &cobra.Command{
		Use:   "stats",
		Short: "Rows and bytes per table, and bytes per stored version",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			st, err := db.Stats(cmd.Context())
			if err != nil {
				return fmt.Errorf("db stats: %w", err)
			}
			if asJSON {
				return writeJSON(a.stdout, statsJSON(st), true)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintf(tw, "TABLE\tROWS\tBYTES\t\n")
			for _, t := range st.Tables {
				fmt.Fprintf(tw, "%s\t%d\t%d\t\n", t.Table, t.Rows, t.Bytes)
			}
			tw.Flush()
			fmt.Fprintf(a.stdout, "\n%d versions; bytes per version: total %.0f, of which version blobs: text %.0f, html %.0f, facts %.0f, changes %.0f\n",
				st.Versions, st.PerVersionTotal, st.PerVersionText, st.PerVersionHTML, st.PerVersionFacts, st.PerVersionChanges)
			if st.SplitSample > 0 {
				fmt.Fprintf(a.stdout, "(a version's parts share one compressed blob; the split was measured on %d versions)\n", st.SplitSample)
			}
			return nil
		},
	}
	stats.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(stats)
	return cmd
}

type tableStatsJSON struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
	Bytes int64  `json:"bytes"`
}

type dbStatsJSON struct {
	Driver     string             `json:"driver"`
	Tables     []tableStatsJSON   `json:"tables"`
	Versions   int64              `json:"versions"`
	PerVersion map[string]float64 `json:"bytes_per_version"`
	// SplitSample: the versions the text/html/facts/changes split was measured on.
	SplitSample int `json:"split_sample"`
}

func statsJSON(st store.Stats) dbStatsJSON {
	out := dbStatsJSON{Driver: st.Driver, Versions: st.Versions, Tables: []tableStatsJSON{}, SplitSample: st.SplitSample}
	for _, t := range st.Tables {
		out.Tables = append(out.Tables, tableStatsJSON{t.Table, t.Rows, t.Bytes})
	}
	out.PerVersion = map[string]float64{
		"text": st.PerVersionText, "html": st.PerVersionHTML, "facts": st.PerVersionFacts,
		"changes": st.PerVersionChanges, "total": st.PerVersionTotal,
	}
	return out
}
