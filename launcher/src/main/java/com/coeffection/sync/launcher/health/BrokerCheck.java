package com.coeffection.sync.launcher.health;

import com.coeffection.sync.ingress.KafkaReadiness;

/** The Kafka broker answers a cluster description within about two seconds (reused for one second). */
public final class BrokerCheck implements Check, AutoCloseable {
    private final KafkaReadiness readiness;

    public BrokerCheck(String bootstrapServers) {
        this.readiness = new KafkaReadiness(bootstrapServers);
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public Result check() {
        KafkaReadiness.State state = readiness.check();
        return state.reachable()
                ? Result.up(state.brokers() + " broker(s) answer")
                : Result.down("Kafka does not answer (" + state.problem() + "); check the broker and KAFKA_BOOTSTRAP_SERVERS");
    }

    @Override
    public void close() {
        readiness.close();
    }
}
