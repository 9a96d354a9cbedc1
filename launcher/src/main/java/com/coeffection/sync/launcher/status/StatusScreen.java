package com.coeffection.sync.launcher.status;

import com.coeffection.sync.launcher.ConsumerLagMonitor;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One screen for an SRE without Grafana, from two snapshots (the earlier one gives the rates): readiness of each
 * part, lag per group and partition, p50/p99 latency both ways, throughput, monday budget left and connections,
 * dead-letter depth, review queue. What no part publishes yet is shown as "n/a".
 */
public final class StatusScreen {
    static final String NA = "n/a";
    /**
     * The processor's timer from a change's own time to its forwarding of the other side's write, tagged
     * {@code direction}; the MONDAY_TO_COEFFECTION series is the monday -> Coeffection latency.
     */
    static final String DECISION_LATENCY = "sync_processor_decision_latency_seconds";
    static final String MONDAY_TO_COEFFECTION = "MONDAY_TO_COEFFECTION";

    private StatusScreen() {
    }

    public static String render(StatusSnapshot before, StatusSnapshot now) {
        StringBuilder out = new StringBuilder();
        out.append("monday-sync status at ").append(now.at()).append('\n');

        out.append("\nParts (/ready)\n");
        now.readiness().forEach((url, ready) -> out.append("  ").append(pad(url.toString(), 40)).append(' ')
                .append(now.parts().get(url) == null ? "no metrics; " : "").append(ready).append('\n'));

        out.append("\nConsumer lag (records not yet consumed)\n");
        if (now.lagProblem() != null) {
            out.append("  ").append(NA).append(": the broker did not answer (").append(now.lagProblem()).append(")\n");
        } else if (now.lags().isEmpty()) {
            out.append("  no consumer group of the pipeline has committed yet\n");
        } else {
            out.append(String.format("  %-36s %-36s %9s %9s%n", "GROUP", "TOPIC", "PARTITION", "LAG"));
            now.lags().stream().sorted(Comparator.comparing(ConsumerLagMonitor.PartitionLag::group)
                            .thenComparing(l -> l.partition().topic()).thenComparing(l -> l.partition().partition()))
                    .forEach(l -> out.append(String.format("  %-36s %-36s %9d %9d%n", l.group(), l.partition().topic(),
                            l.partition().partition(), l.lag())));
            out.append(String.format("  total %d%n", now.lags().stream().mapToLong(ConsumerLagMonitor.PartitionLag::lag).sum()));
        }

        out.append("\nLatency (p50 / p99)\n");
        out.append("  ").append(pad("Coeffection change -> monday confirmed", 42))
                .append(quantiles(now, "monday_sink_latency_seconds")).append('\n');
        out.append("  ").append(pad("monday edit -> Coeffection update", 42))
                .append(quantiles(now, DECISION_LATENCY, s -> MONDAY_TO_COEFFECTION.equals(s.label("direction")))).append('\n');
        out.append("  ").append(pad("webhook answered by the ingress", 42))
                .append(quantiles(now, "ingress_webhook_seconds")).append('\n');

        Duration span = Duration.between(before.at(), now.at());
        out.append("\nThroughput (per second, over the last ").append(Math.max(1, span.toSeconds())).append(" s)\n");
        rate(out, before, now, "webhooks accepted", "ingress_webhooks_total", s -> s.label("outcome").equals("accepted"));
        rate(out, before, now, "processor events read", "sync_processor_events_total", s -> true);
        rate(out, before, now, "monday commands delivered", "monday_sink_commands_delivered_total", s -> true);
        rate(out, before, now, "record updates to Coeffection", "sync_processor_record_updates_total", s -> true);

        out.append("\nmonday\n");
        boolean anyBudget = false;
        for (PrometheusText part : present(now)) {
            for (PrometheusText.Sample remaining : part.named("monday_budget_remaining")) {
                String connection = remaining.label("connection");
                Optional<Double> capacity = part.sum("monday_budget_capacity", s -> s.label("connection").equals(connection));
                out.append("  budget left, connection ").append(connection).append(": ").append(number(remaining.value()))
                        .append(capacity.map(c -> " of " + number(c) + percent(remaining.value(), c)).orElse("")).append('\n');
                anyBudget = true;
            }
            for (PrometheusText.Sample left : part.named("monday_sink_complexity_left")) {
                out.append("  budget left as the sink last saw it: ")
                        .append(left.value() < 0 ? "not reported yet" : number(left.value())).append('\n');
                anyBudget = true;
            }
        }
        if (!anyBudget) {
            out.append("  budget left: ").append(NA).append('\n');
        }
        if (now.connections().isEmpty()) {
            out.append("  connection state per tenant: ").append(NA).append('\n');
        } else {
            now.connections().forEach((tenant, state) -> out.append("  tenant ").append(tenant).append(": ").append(state).append('\n'));
        }

        out.append("\nDead letters: ").append(now.deadLetters() < 0 ? NA : now.deadLetters() + " record(s) on the dead-letter topic")
                .append('\n');
        Optional<Double> review = sum(now, "sync_history_review_queue");
        out.append("Review queue: ").append(review.map(StatusScreen::number).orElse(NA)).append('\n');
        return out.toString();
    }

    private static List<PrometheusText> present(StatusSnapshot snapshot) {
        return snapshot.parts().values().stream().filter(java.util.Objects::nonNull).toList();
    }

    private static Optional<Double> sum(StatusSnapshot snapshot, String name) {
        return present(snapshot).stream().map(p -> p.sum(name)).flatMap(Optional::stream).reduce(Double::sum);
    }

    private static String quantiles(StatusSnapshot snapshot, String name) {
        return quantiles(snapshot, name, s -> true);
    }

    private static String quantiles(StatusSnapshot snapshot, String name, java.util.function.Predicate<PrometheusText.Sample> which) {
        Function<Double, String> q = quantile -> present(snapshot).stream().map(p -> p.quantile(name, quantile, which))
                .flatMap(Optional::stream).reduce(Math::max).map(StatusScreen::seconds).orElse(NA);
        String p50 = q.apply(0.5);
        String p99 = q.apply(0.99);
        return p50.equals(NA) && p99.equals(NA) ? NA : p50 + " / " + p99;
    }

    private static void rate(StringBuilder out, StatusSnapshot before, StatusSnapshot now, String label, String name,
                             java.util.function.Predicate<PrometheusText.Sample> which) {
        Optional<Double> a = before.parts().values().stream().filter(java.util.Objects::nonNull)
                .map(p -> p.sum(name, which)).flatMap(Optional::stream).reduce(Double::sum);
        Optional<Double> b = now.parts().values().stream().filter(java.util.Objects::nonNull)
                .map(p -> p.sum(name, which)).flatMap(Optional::stream).reduce(Double::sum);
        double seconds = Math.max(0.001, Duration.between(before.at(), now.at()).toMillis() / 1000.0);
        String value = b.isEmpty() ? NA : String.format(Locale.ROOT, "%.1f", Math.max(0, b.get() - a.orElse(0.0)) / seconds);
        out.append("  ").append(pad(label, 42)).append(value).append('\n');
    }

    private static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String percent(double part, double whole) {
        return whole <= 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100 * part / whole);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** The URLs in a comma-separated list. */
    public static List<URI> urls(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(URI::create).toList();
    }
}
