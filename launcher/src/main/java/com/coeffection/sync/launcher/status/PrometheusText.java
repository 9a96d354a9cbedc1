package com.coeffection.sync.launcher.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The samples of one scrape in the Prometheus text format (version 0.0.4), read line by line: {@code name{labels} value}.
 * Comments and timestamps are skipped. Hand-written because the Prometheus Java libraries on Maven Central write
 * this format but do not read it; it covers what Micrometer writes (quoted label values with escapes).
 */
public record PrometheusText(List<Sample> samples) {

    /** One sample: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(parseLine(line));
            } catch (RuntimeException e) {
                // a line this reader does not understand is left out, not fatal
            }
        }
        return new PrometheusText(samples);
    }

    private static Sample parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        String rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (i < line.length() && line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                int q = eq + 2; // after ="
                StringBuilder value = new StringBuilder();
                while (line.charAt(q) != '"') {
                    char c = line.charAt(q);
                    if (c == '\\') {
                        char next = line.charAt(++q);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    q++;
                }
                labels.put(key, value.toString());
                i = q + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = line.substring(i + 1).strip();
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1).strip();
        }
        String number = rest.split("\\s+")[0];
        double value = switch (number) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(number);
        };
        return new Sample(name, labels, value);
    }

    /** The samples of this metric name. */
    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The sum of this metric's samples that match, or empty when there is none. */
    public Optional<Double> sum(String name, Predicate<Sample> which) {
        List<Sample> found = named(name).stream().filter(which).toList();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.stream().mapToDouble(Sample::value).sum());
    }

    /** The sum of this metric's samples, or empty when there is none. */
    public Optional<Double> sum(String name) {
        return sum(name, s -> true);
    }

    /**
     * A quantile of a timer or summary: its published {@code quantile} sample when there is one, else estimated
     * from its histogram buckets ({@code <name>_bucket{le}}) by linear interpolation within the bucket.
     */
    public Optional<Double> quantile(String name, double q) {
        return quantile(name, q, s -> true);
    }

    /** As {@link #quantile(String, double)}, over the samples that match (e.g. one tag value of a timer). */
    public Optional<Double> quantile(String name, double q, Predicate<Sample> which) {
        Optional<Double> published = named(name).stream().filter(which)
                .filter(s -> s.labels().containsKey("quantile") && Math.abs(Double.parseDouble(s.label("quantile")) - q) < 1e-9)
                .map(Sample::value).filter(v -> !v.isNaN()).reduce(Math::max);
        if (published.isPresent()) {
            return published;
        }
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        for (Sample s : named(name + "_bucket").stream().filter(which).toList()) {
            double le = s.label("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s.label("le"));
            buckets.merge(le, s.value(), Double::sum);
        }
        if (buckets.isEmpty()) {
            return Optional.empty();
        }
        double total = buckets.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (total <= 0) {
            return Optional.empty();
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return Optional.of(lowerBound);
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return Optional.of(lowerBound + (bucket.getKey() - lowerBound) * fraction);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return Optional.of(lowerBound);
    }
}
