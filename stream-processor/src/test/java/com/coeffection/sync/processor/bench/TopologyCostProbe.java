package com.coeffection.sync.processor.bench;

import com.coeffection.sync.processor.SyncDriver;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.values.FieldValues;

import java.time.Instant;

/** CPU cost of the topology alone (TopologyTestDriver, no broker): events/s of record changes through the merge. */
public final class TopologyCostProbe {
    private TopologyCostProbe() {
    }

    public static void main(String[] args) {
        int events = Integer.getInteger("bench.events", 40_000);
        try (SyncDriver sync = new SyncDriver(RealInfra.shared().schemaRegistryUrl()).withMappings("/mappings/acme.yaml")) {
            for (int r = 0; r < 1000; r++) {
                sync.linked("r" + r, 1000 + r);
            }
            Instant base = Instant.parse("2026-11-20T08:00:00Z");
            for (int round = 0; round < 2; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    sync.coeffectionEdit("r" + (i % 1000), i % 2 == 0 ? "title" : "city", FieldValues.text("v" + i),
                            base.plusMillis(round * 1_000_000L + i));
                    if (i % 1000 == 999) {
                        sync.clearOutputs();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %,d record changes in %.2f s = %,.0f events/s (TopologyTestDriver, serdes included)%n",
                        round, events, seconds, events / seconds);
            }
        }
        System.exit(0);
    }
}
