package com.coeffection.sync.ingress;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the webhook ingress alone, configured from the environment (see {@link IngressConfig}). Stops cleanly on
 * SIGTERM or Ctrl-C, flushing what Kafka has not acknowledged yet.
 */
public final class IngressMain {
    private IngressMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ingress-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(IngressMain.class);
        IngressConfig config;
        try {
            config = IngressConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("Cannot start the webhook ingress: {}", e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        IngressServer server = new IngressServer(config, meters).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the webhook ingress");
            server.close();
            stopped.countDown();
        }, "stop-ingress"));
        stopped.await();
    }
}
