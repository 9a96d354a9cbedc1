package com.coeffection.sync.backfill;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.RecordKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends every existing record of an entity into the pipeline, so that a board created (or matched) for it receives
 * an item per record: reads the records page by page from Coeffection's API (within its rate limit), turns each into
 * the record change the pipeline would have received ({@link RecordChanges}, the record's own update time), and
 * publishes it to the record-changes topic; a field whose value does not fit its mapped type becomes a dead letter of
 * its own while the other fields go through.
 *
 * <p>Resumable without duplicates: after each page, once Kafka has acknowledged all of it, the next offset is
 * checkpointed ({@link ProgressStore}). A run after a crash resumes from the checkpoint; the records sent between
 * the checkpoint and the crash are sent again with the same event ids, and the pipeline treats a repeated change as
 * the same change (the item it creates is found by its Coeffection ID, never created twice). A backfill that has
 * finished for a board is not run again for it. Before each page the {@link Pacer} waits until the pipeline can
 * take more.
 */
public final class Backfill {
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);

    /** Settings: topics, page size, how often progress is reported. */
    public record Settings(String recordChangesTopic, String deadLetterTopic, int pageSize, Duration reportEvery) {
        public static Settings defaults(String recordChangesTopic, String deadLetterTopic) {
            return new Settings(recordChangesTopic, deadLetterTopic, 100, Duration.ofSeconds(5));
        }
    }

    /** What a run did. */
    public record Result(String entityType, int sent, int total, int resumedFrom, int fieldsRejected,
                         boolean alreadyDone, Duration took) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Settings settings;
    private final CoeffectionApiClient api;
    private final Producer<String, byte[]> producer;
    private final AvroSerializer<RecordChange> changes;
    private final AvroSerializer<DeadLetter> deadLetters;
    private final ProgressStore progress;
    private final Pacer pacer;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, AtomicInteger> doneGauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> totalGauges = new ConcurrentHashMap<>();

    public Backfill(Settings settings, CoeffectionApiClient api, Producer<String, byte[]> producer,
                    SchemaRegistryClient registry, ProgressStore progress, Pacer pacer, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.producer = producer;
        this.changes = new AvroSerializer<>(registry, RecordChange.class);
        this.deadLetters = new AvroSerializer<>(registry, DeadLetter.class);
        this.progress = progress;
        this.pacer = pacer;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Backfills the entity of {@code mapping}; {@code onProgress} is told after every page (for a progress bar).
     *
     * @throws CoeffectionApiException when Coeffection refuses the API key or keeps failing; the checkpoint stays,
     *                                 so the next run resumes
     */
    public Result run(BoardMapping mapping, Consumer<BackfillProgress> onProgress) throws InterruptedException {
        String tenant = mapping.getTenantId();
        String entity = mapping.getEntityType();
        Long boardId = mapping.getBoardId();
        var checkpoint = progress.read(tenant, entity)
                .filter(c -> java.util.Objects.equals(c.boardId(), boardId));
        if (checkpoint.isPresent() && checkpoint.get().done()) {
            log.info("Backfill of {} (tenant={}, board={}) finished earlier ({} records); not run again", entity,
                    tenant, boardId, checkpoint.get().total());
            return new Result(entity, 0, checkpoint.get().total(), checkpoint.get().nextOffset(), 0, true, Duration.ZERO);
        }
        long started = clock.millis();
        long startedAt = checkpoint.map(ProgressStore.Checkpoint::startedAtMillis).orElse(started);
        int offset = checkpoint.map(ProgressStore.Checkpoint::nextOffset).orElse(0);
        int resumedFrom = offset;
        if (offset > 0) {
            log.info("Backfill of {} (tenant={}, board={}) resumes at record {}", entity, tenant, boardId, offset);
        }
        RecordChanges records = new RecordChanges(mapping);
        String path = com.coeffection.sync.backfill.EntityPaths.pathOf(entity);
        AtomicInteger doneGauge = gauge(doneGauges, "sync.backfill.records.done", tenant, entity);
        AtomicInteger totalGauge = gauge(totalGauges, "sync.backfill.records.total", tenant, entity);
        Counter sentCounter = meters.counter("sync.backfill.records.sent", "tenant", tenant, "entity", entity);
        Counter rejectedCounter = meters.counter("sync.backfill.fields.rejected", "tenant", tenant, "entity", entity);
        int sent = 0;
        int rejected = 0;
        int total;
        long lastReport = 0;
        while (true) {
            pacer.awaitCapacity();
            CoeffectionApiClient.Page page = api.list(path, offset, settings.pageSize());
            total = page.total();
            totalGauge.set(total);
            java.util.List<Future<?>> acks = new java.util.ArrayList<>();
            for (ObjectNode record : page.records()) {
                RecordChanges.Mapped mapped = records.of(record);
                if (mapped == null) {
                    continue;
                }
                RecordChange change = mapped.change();
                String key = RecordKeys.recordKey(tenant, entity, change.getRecordId());
                acks.add(producer.send(new ProducerRecord<>(settings.recordChangesTopic(), key,
                        changes.serialize(settings.recordChangesTopic(), change))));
                for (Map.Entry<String, String> bad : mapped.mismatched().entrySet()) {
                    acks.add(deadLetter(mapping, key, record, bad.getKey(), bad.getValue()));
                    rejected++;
                    rejectedCounter.increment();
                }
                sent++;
                sentCounter.increment();
            }
            awaitAll(acks);
            offset += page.records().size();
            boolean finished = page.records().size() < settings.pageSize() || offset >= total;
            progress.write(new ProgressStore.Checkpoint(tenant, entity, boardId, offset, total, finished, startedAt,
                    clock.millis(), null));
            doneGauge.set(offset);
            double seconds = Math.max(0.001, (clock.millis() - started) / 1000.0);
            BackfillProgress now = new BackfillProgress(tenant, entity, Math.min(offset, Math.max(total, offset)),
                    Math.max(total, offset), (offset - resumedFrom) / seconds, finished);
            onProgress.accept(now);
            if (finished || clock.millis() - lastReport >= settings.reportEvery().toMillis()) {
                log.info("Backfill {} (tenant={}, board={})", now.describe(), tenant, boardId);
                lastReport = clock.millis();
            }
            if (finished) {
                break;
            }
        }
        Duration took = Duration.ofMillis(clock.millis() - started);
        log.info("Backfill of {} (tenant={}, board={}) finished: {} records sent in {} s, {} fields kept as dead letters, "
                        + "{} API requests, {} s waited for Coeffection's rate limit", entity, tenant, boardId, sent,
                took.toSeconds(), rejected, api.requests(), api.waitedMillis() / 1000);
        return new Result(entity, sent, total, resumedFrom, rejected, false, took);
    }

    private Future<?> deadLetter(BoardMapping mapping, String key, ObjectNode record, String field, String reason) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(DeadLetterHeaders.CONTEXT_PART, "backfill");
        context.put("field", field);
        context.put("entityType", mapping.getEntityType());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(record);
        } catch (IOException e) {
            body = record.toString().getBytes(StandardCharsets.UTF_8);
        }
        String id = "backfill:" + key + ":" + field + ":" + record.path("updatedAt").asText("");
        DeadLetter letter = DeadLetter.newBuilder().setDeadLetterId(id)
                .setSourceTopic(settings.recordChangesTopic()).setSourcePartition(-1).setSourceOffset(-1L)
                .setKey(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8))).setValue(ByteBuffer.wrap(body))
                .setErrorType(ErrorType.FIELD_TYPE_MISMATCH.name())
                .setReason("Field '" + field + "' of " + mapping.getEntityType() + " " + record.path("id").asText()
                        + " read from Coeffection's API does not fit its mapped type: " + reason
                        + "; the record's other fields were sent. Fix the value or the mapping, then backfill again.")
                .setTenantId(mapping.getTenantId()).setRecordKey(key).setAttempts(0).setContext(context)
                .setOccurredAt(clock.instant()).build();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(settings.deadLetterTopic(), null, key,
                deadLetters.serialize(settings.deadLetterTopic(), letter), DeadLetterHeaders.kafkaHeaders(letter));
        log.warn("Backfill kept field {} of {} as dead letter {} (tenant={})", field, key, SyncIds.deadLetter(
                settings.deadLetterTopic(), -1, -1, id), mapping.getTenantId());
        return producer.send(out);
    }

    private static void awaitAll(java.util.List<Future<?>> acks) throws InterruptedException {
        for (Future<?> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not take a backfilled record: " + e.getCause().getMessage()
                        + "; the checkpoint was not moved, the next run resends this page", e.getCause());
            }
        }
    }

    private AtomicInteger gauge(Map<String, AtomicInteger> gauges, String name, String tenant, String entity) {
        return gauges.computeIfAbsent(name + tenant + entity, k -> {
            AtomicInteger value = new AtomicInteger();
            meters.gauge(name, io.micrometer.core.instrument.Tags.of("tenant", tenant, "entity", entity), value);
            return value;
        });
    }
}
