package com.coeffection.sync.history.deadletters;

import com.coeffection.sync.history.HistoryMetrics;
import com.coeffection.sync.history.query.DeadLetterFilter;
import com.coeffection.sync.history.query.DeadLetterView;
import com.coeffection.sync.history.query.LocalHistory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replays this instance's dead letters: each one's original key and bytes go back to its source topic, and a
 * replay mark (dead letter id + request id) goes to the replay-marks topic in the same Kafka transaction, so a dead
 * letter is replayed at most once per request id even across a crash. A dry run counts what a replay would take,
 * by kind, and sends nothing.
 */
public final class Replayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
    /** Header on a replayed record: the dead letter it came from, and the replay's request id. */
    public static final String HEADER_REPLAY_OF = "sync.replay.of";
    public static final String HEADER_REPLAY_REQUEST = "sync.replay.request";
    private static final int MAX_PER_REQUEST = 10_000;

    private final LocalHistory local;
    private final String marksTopic;
    private final HistoryMetrics metrics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Set<String> markedHere = Collections.newSetFromMap(new ConcurrentHashMap<>());

    public Replayer(String bootstrapServers, String transactionalId, LocalHistory local, String marksTopic,
                    HistoryMetrics metrics) {
        this.local = local;
        this.marksTopic = marksTopic;
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000), new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /**
     * What a replay took (or, for a dry run, would take).
     *
     * @param matched         dead letters that match the filter
     * @param byErrorType     of those, how many of each error type
     * @param replayed        sent back to their source topic by this request
     * @param alreadyReplayed skipped: replayed before under this request id
     * @param notReplayable   skipped: never reached Kafka (a webhook body), nothing to replay
     * @param deadLetterIds   the matching dead letters (at most 100 listed)
     */
    public record Summary(String requestId, boolean dryRun, int matched, Map<String, Integer> byErrorType,
                          int replayed, int alreadyReplayed, int notReplayable, List<String> deadLetterIds) {

        public static Summary empty(String requestId, boolean dryRun) {
            return new Summary(requestId, dryRun, 0, new TreeMap<>(), 0, 0, 0, List.of());
        }

        /** The sum of two instances' shares. */
        public Summary plus(Summary other) {
            Map<String, Integer> kinds = new TreeMap<>(byErrorType);
            other.byErrorType.forEach((k, v) -> kinds.merge(k, v, Integer::sum));
            List<String> ids = new ArrayList<>(deadLetterIds);
            ids.addAll(other.deadLetterIds);
            return new Summary(requestId, dryRun, matched + other.matched, kinds, replayed + other.replayed,
                    alreadyReplayed + other.alreadyReplayed, notReplayable + other.notReplayable,
                    ids.size() > 100 ? List.copyOf(ids.subList(0, 100)) : ids);
        }
    }

    public synchronized Summary replay(String tenant, DeadLetterFilter filter, String requestId, boolean dryRun) {
        List<LocalHistory.LocalLetter> letters = local.deadLetters(tenant, filter, null, MAX_PER_REQUEST);
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        List<LocalHistory.LocalLetter> toSend = new ArrayList<>();
        int already = 0;
        int notReplayable = 0;
        for (LocalHistory.LocalLetter l : letters) {
            kinds.merge(l.letter().getErrorType(), 1, Integer::sum);
            if (ids.size() < 100) {
                ids.add(l.letter().getDeadLetterId());
            }
            if (!DeadLetterView.replayable(l.letter())) {
                notReplayable++;
            } else if (l.replays().contains(requestId)
                    || markedHere.contains(DeadLetterKeys.mark(l.letter().getDeadLetterId(), requestId))) {
                already++;
            } else {
                toSend.add(l);
            }
        }
        if (!dryRun && !toSend.isEmpty()) {
            send(toSend, requestId);
        }
        metrics.replay(dryRun ? "dry_run" : "replayed", dryRun ? 0 : toSend.size());
        metrics.replay("already_replayed", already);
        metrics.replay("not_replayable", notReplayable);
        return new Summary(requestId, dryRun, letters.size(), kinds, dryRun ? 0 : toSend.size(), already,
                notReplayable, ids);
    }

    private void send(List<LocalHistory.LocalLetter> letters, String requestId) {
        try {
            producer.beginTransaction();
            for (LocalHistory.LocalLetter l : letters) {
                var d = l.letter();
                RecordHeaders headers = new RecordHeaders();
                headers.add(HEADER_REPLAY_OF, d.getDeadLetterId().getBytes(StandardCharsets.UTF_8));
                headers.add(HEADER_REPLAY_REQUEST, requestId.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(d.getSourceTopic(), null, bytes(d.getKey()), bytes(d.getValue()),
                        headers));
                String mark = DeadLetterKeys.mark(d.getDeadLetterId(), requestId);
                // to the dead letter's own partition, so the mark meets it in one task; keyed by the mark (compacted)
                producer.send(new ProducerRecord<>(marksTopic, l.dlqPartition(), mark.getBytes(StandardCharsets.UTF_8),
                        mark.getBytes(StandardCharsets.UTF_8)));
            }
            producer.commitTransaction();
            letters.forEach(l -> markedHere.add(DeadLetterKeys.mark(l.letter().getDeadLetterId(), requestId)));
            LOG.info("Replayed {} dead letters under request {}", letters.size(), requestId);
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // the transaction is gone either way; nothing of it is visible
            }
            throw new IllegalStateException("The replay under request " + requestId + " was not written (" + e.getMessage()
                    + "); nothing of it was replayed, run it again", e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
