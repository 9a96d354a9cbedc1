package com.coeffection.sync.launcher.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health of one process: its liveness checks ({@code /health}: the part itself works; a failure means restart
 * it) and its readiness checks ({@code /ready}: everything it depends on answers, so it does its job now; a failure
 * means look at the failing dependency). Each endpoint answers 200 when all its checks are up and 503 when one is
 * down, with a JSON body naming every check, its verdict and its detail.
 */
public final class Health implements AutoCloseable {
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<Check> liveness = new ArrayList<>();
    private final List<Check> readiness = new ArrayList<>();
    private final List<java.util.function.Supplier<? extends java.util.Collection<? extends Check>>> readinessSets = new ArrayList<>();

    /** Adds a check of the part itself; liveness checks are part of readiness too. */
    public synchronized Health live(Check check) {
        liveness.add(check);
        readiness.add(check);
        return this;
    }

    /** Adds a check of a dependency (readiness only). */
    public synchronized Health ready(Check check) {
        readiness.add(check);
        return this;
    }

    /**
     * Adds readiness checks that are asked for anew at every check run, for dependencies that come and go while
     * the process runs (a tenant whose board mapping is published later gets its monday check without a restart).
     */
    public synchronized Health readyEach(java.util.function.Supplier<? extends java.util.Collection<? extends Check>> checks) {
        readinessSets.add(checks);
        return this;
    }

    /** A resource the checks use (an Admin client, a sampler), closed with this object. */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing a health resource cannot fail the shutdown
            }
        }
        owned.clear();
    }

    public Report liveness() {
        return run(snapshot(liveness));
    }

    public Report readiness() {
        List<Check> checks = new ArrayList<>(snapshot(readiness));
        for (var set : snapshotSets()) {
            try {
                checks.addAll(set.get());
            } catch (RuntimeException e) {
                checks.add(failed("checks", e));
            }
        }
        return run(checks);
    }

    private synchronized List<java.util.function.Supplier<? extends java.util.Collection<? extends Check>>> snapshotSets() {
        return List.copyOf(readinessSets);
    }

    private static Check failed(String name, RuntimeException e) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result check() {
                return Result.down("the checks could not be listed: " + e);
            }
        };
    }

    private synchronized List<Check> snapshot(List<Check> checks) {
        return List.copyOf(checks);
    }

    private static Report run(List<Check> checks) {
        Map<String, Check.Result> results = new LinkedHashMap<>();
        for (Check check : checks) {
            Check.Result result;
            try {
                result = check.check();
            } catch (RuntimeException e) {
                result = Check.Result.down("the check failed: " + e);
            }
            results.put(check.name(), result);
        }
        return new Report(results);
    }

    /** The verdicts of one run of checks. */
    public record Report(Map<String, Check.Result> checks) {
        public boolean up() {
            return checks.values().stream().allMatch(Check.Result::up);
        }

        /** The names of the checks that are down. */
        public List<String> failing() {
            return checks.entrySet().stream().filter(e -> !e.getValue().up()).map(Map.Entry::getKey).toList();
        }

        /** The JSON body: {@code {"status":"UP|DOWN","failing":[...],"checks":{name:{"status","detail"}}}}. */
        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up() ? "UP" : "DOWN");
            body.put("failing", failing());
            Map<String, Object> each = new LinkedHashMap<>();
            checks.forEach((name, r) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("status", r.up() ? "UP" : "DOWN");
                one.put("detail", r.detail());
                each.put(name, one);
            });
            body.put("checks", each);
            return body;
        }
    }
}
