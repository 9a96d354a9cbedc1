package com.coeffection.sync.launcher;

import com.coeffection.sync.drift.DriftMain;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/run reconcile [options]}: one drift repair run of every mapped board (or the chosen ones), or runs on a
 * schedule with {@code --every}. Its options are the drift command's own ({@code --dry-run}, {@code --board},
 * {@code --every}, ...), passed through unchanged; {@code --help} lists them. The broker, registry, monday and
 * Coeffection come from the environment; the embedded pipeline runs the schedule itself ({@link ReconcileSchedule}).
 */
@Command(name = "reconcile", description = "Compare each mapped board with its Coeffection records and repair the"
        + " differences (drift repair); --help lists the options.")
final class ReconcileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @CommandLine.Parameters(hidden = true, arity = "0..*")
    List<String> positional = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(args);
        all.addAll(positional);
        return execute(System.getenv(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), spec.commandLine().getOut(),
                spec.commandLine().getErr(), all.toArray(String[]::new));
    }

    /** Runs the drift command with this environment and meter registry; returns its exit code. */
    static int execute(Map<String, String> env, MeterRegistry metrics, PrintWriter out, PrintWriter err, String... args) {
        return execute(env, metrics, out, err, DriftMain.Listener.NONE, args);
    }

    /** The same, telling {@code listener} each board's report and each problem. */
    static int execute(Map<String, String> env, MeterRegistry metrics, PrintWriter out, PrintWriter err,
                       DriftMain.Listener listener, String... args) {
        CommandLine drift = new CommandLine(new DriftMain(env, metrics, listener));
        drift.setCommandName("monday-sync reconcile");
        if (out != null) {
            drift.setOut(out);
        }
        if (err != null) {
            drift.setErr(err);
        }
        return drift.execute(args);
    }
}
