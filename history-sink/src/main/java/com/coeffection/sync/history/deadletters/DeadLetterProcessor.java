package com.coeffection.sync.history.deadletters;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.history.HistoryMetrics;
import com.coeffection.sync.history.HistorySerdes;
import com.coeffection.sync.history.merge.HistoryStores;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.serde.SchemaRegistryException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the dead letters of every part, by tenant and newest first, and the marks of their replays (read from the
 * replay-marks topic, written to the partition of the dead letter they mark so both meet in one task). Dead letters
 * older than the history retention are dropped with their marks.
 */
public final class DeadLetterProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessor.class);

    private final HistorySerdes serdes;
    private final HistoryMetrics metrics;
    private final String marksTopic;
    private final Duration retention;
    private final Duration retentionCheck;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> letters;
    private KeyValueStore<String, String> replays;

    public DeadLetterProcessor(HistorySerdes serdes, HistoryMetrics metrics, String marksTopic, Duration retention,
                               Duration retentionCheck) {
        this.serdes = serdes;
        this.metrics = metrics;
        this.marksTopic = marksTopic;
        this.retention = retention;
        this.retentionCheck = retentionCheck;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.letters = context.getStateStore(HistoryStores.DEAD_LETTERS);
        this.replays = context.getStateStore(HistoryStores.REPLAYS);
        context.schedule(retentionCheck, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (record.value() == null || source == null) {
            return;
        }
        if (source.topic().equals(marksTopic)) {
            String mark = new String(record.value(), StandardCharsets.UTF_8);
            replays.put(mark, Long.toString(record.timestamp()));
            return;
        }
        try {
            DeadLetter letter = serdes.deadLetter().deserializer().deserialize(source.topic(), record.value());
            String tenant = letter.getTenantId() != null ? letter.getTenantId()
                    : DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.TENANT);
            tenant = tenant == null || tenant.isBlank() ? DeadLetterKeys.UNKNOWN_TENANT : tenant;
            letters.put(DeadLetterKeys.byTenant(tenant, letter.getOccurredAt(), letter.getDeadLetterId()),
                    DeadLetterKeys.stored(source.partition(), record.value()));
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (RuntimeException e) {
            // a dead letter that cannot be read cannot be dead-lettered again: it stays on the topic, counted
            metrics.undecodable(source.topic());
            LOG.warn("A record on the dead-letter topic at {}/{}/{} cannot be read and is not listed: {}",
                    source.topic(), source.partition(), source.offset(), e.getMessage());
        }
    }

    void expire(long now) {
        Instant cutoff = Instant.ofEpochMilli(now).minus(retention);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = letters.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> next = it.next();
                DeadLetter letter = serdes.deadLetter().deserializer().deserialize(null, DeadLetterKeys.valueOf(next.value));
                if (letter.getOccurredAt().isBefore(cutoff)) {
                    old.add(next.key);
                }
            }
        }
        old.forEach(letters::delete);
    }
}
