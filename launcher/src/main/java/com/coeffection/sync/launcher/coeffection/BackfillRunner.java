package com.coeffection.sync.launcher.coeffection;

import com.coeffection.sync.backfill.Backfill;
import com.coeffection.sync.backfill.BackfillProgress;
import com.coeffection.sync.backfill.CoeffectionApiClient;
import com.coeffection.sync.backfill.LagPacer;
import com.coeffection.sync.backfill.ProgressStore;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the backfill of every automatically created board ("Backfill all existing entity records as monday items on
 * the next sync cycle") and of every existing board matched on connect ({@link #backfilled}), one entity after the other, in a thread of its own so that live sync goes on meanwhile;
 * draws a progress bar on the console. A backfill that finished before for the same board is not run again; one
 * that was stopped resumes.
 */
public final class BackfillRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackfillRunner.class);

    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);

    private BackfillRunner(Runnable work) {
        this.thread = new Thread(() -> {
            try {
                work.run();
            } finally {
                finished.countDown();
            }
        }, "backfill");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the backfills of {@code mappings} whose board is {@link #backfilled backfilled}.
     *
     * @param groupPrefix the processor's and the sink's group prefix, whose lag paces the backfill
     */
    public static BackfillRunner start(List<BoardMapping> mappings, CoeffectionSide coeffection, String bootstrapServers,
                                       String registryUrl, SyncTopics topics, Map<String, String> env, String groupPrefix,
                                       MeterRegistry meters, PrintStream console) {
        List<BoardMapping> boards = mappings.stream().filter(BackfillRunner::backfilled).toList();
        BackfillRunner runner = new BackfillRunner(() -> {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new ByteArraySerializer());
                 ProgressStore progress = new ProgressStore(bootstrapServers,
                         env.getOrDefault("TOPIC_BACKFILL_PROGRESS", "sync.backfill-progress"));
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                LagPacer pacer = new LagPacer(admin, List.of(
                        new LagPacer.Watched(env.getOrDefault("PROCESSOR_APPLICATION_ID", groupPrefix + "-processor"), topics.recordChanges()),
                        new LagPacer.Watched(env.getOrDefault("MONDAY_SINK_GROUP_ID", groupPrefix + "-sink"), topics.mondayCommands())),
                        Long.parseLong(env.getOrDefault("BACKFILL_MAX_LAG", "2000")), Duration.ofMillis(250));
                Backfill backfill = new Backfill(new Backfill.Settings(topics.recordChanges(), topics.deadLetters(),
                        Integer.parseInt(env.getOrDefault("BACKFILL_PAGE_SIZE", "100")), Duration.ofSeconds(5)),
                        new CoeffectionApiClient(coeffection.apiUrl(), coeffection.apiKey()), producer,
                        new SchemaRegistryClient(registryUrl), progress, pacer, meters, Clock.systemUTC());
                for (BoardMapping mapping : boards) {
                    Backfill.Result result = backfill.run(mapping, p -> draw(console, p));
                    if (result.alreadyDone()) {
                        console.printf("Backfill of %s: done before (%,d records)%n", result.entityType(), result.total());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("Backfill stopped: {} (it resumes from its checkpoint on the next start)", e.getMessage(), e);
            }
        });
        if (!boards.isEmpty()) {
            runner.thread.start();
        } else {
            runner.finished.countDown();
        }
        return runner;
    }

    /**
     * Whether a mapping's board is backfilled: a board created by the sync, or an existing board whose items are
     * matched to records on connect ({@code matchOnConnect}), where a record that matches an item links to it instead
     * of creating one. An existing board without matching is not backfilled: every record would create an item.
     */
    static boolean backfilled(BoardMapping mapping) {
        return mapping.getBoardId() != null && (mapping.getAutoCreate() || mapping.getMatchOnConnect());
    }

    /** On a terminal the bar is redrawn in place; elsewhere (a log file, CI) each page is a line. */
    private static void draw(PrintStream console, BackfillProgress p) {
        if (System.console() != null) {
            console.printf("\r%s %s%s", p.bar(30), p.describe(), p.finished() ? System.lineSeparator() : "");
        } else {
            console.printf("%s %s%n", p.bar(30), p.describe());
        }
        console.flush();
    }

    /** Waits until every backfill has finished (or stopped). */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
