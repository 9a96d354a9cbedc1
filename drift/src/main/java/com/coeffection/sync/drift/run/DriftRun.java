package com.coeffection.sync.drift.run;

import com.coeffection.sync.backfill.CoeffectionApiClient;
import com.coeffection.sync.backfill.ProgressStore;
import com.coeffection.sync.drift.compare.CoeffectionReader;
import com.coeffection.sync.drift.compare.DriftComparer;
import com.coeffection.sync.drift.compare.MondayReader;
import com.coeffection.sync.drift.compare.Observations;
import com.coeffection.sync.drift.compare.SideReading;
import com.coeffection.sync.drift.report.DriftMetrics;
import com.coeffection.sync.drift.report.DriftReport;
import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.users.MondayUserDirectory;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.RecordKeys;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One drift run of one mapped board: reads the board's items (monday's cursor, within the run's budget share) and
 * the entity's records (Coeffection's API, page by page within the plan's rate limit), pairs them by the pipeline's
 * links, compares field by field, and publishes, per record that drifted, what each side showed as observations on
 * {@code sync.control} for the conflict rules to decide. A record with no link is published as a record change, so
 * the pipeline's matching decides whether it has an item already (never a direct creation). Each page of records is
 * committed in one transaction, then checkpointed: a run stopped in the middle resumes from its last checkpoint with
 * the same run id, so any request sent again carries the same id and is acted on once.
 */
public final class DriftRun {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRun.class);

    /** Called after each page of records is committed (tests stop a run there). */
    public interface PageHook {
        void afterPage(int nextOffset);
    }

    /** Opens the publisher of a real run of one board (fences any older runner of that board). */
    public interface PublisherFactory {
        Publisher open(BoardMapping mapping);
    }

    private final DriftSettings settings;
    private final MondayClient monday;
    private final CoeffectionApiClient coeffection;
    private final SchemaRegistryClient registry;
    private final String bootstrapServers;
    private final ProgressStore progress;
    private final PublisherFactory publishers;
    private final BudgetShare share;
    private final DriftMetrics metrics;
    private final Clock clock;

    public DriftRun(DriftSettings settings, MondayClient monday, CoeffectionApiClient coeffection,
                    SchemaRegistryClient registry, String bootstrapServers, ProgressStore progress,
                    PublisherFactory publishers, BudgetShare share, DriftMetrics metrics, Clock clock) {
        this.settings = settings;
        this.monday = monday;
        this.coeffection = coeffection;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.progress = progress;
        this.publishers = publishers;
        this.share = share;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The publisher factory of real runs: one fenced transactional producer per board. */
    public static PublisherFactory fenced(String bootstrapServers, DriftSettings settings) {
        return m -> new FencedPublisher(bootstrapServers, FencedPublisher.transactionalId(settings.groupPrefix(),
                m.getTenantId(), m.getEntityType(), m.getBoardId()), m.getEntityType() + " board " + m.getBoardId());
    }

    public DriftReport run(BoardMapping mapping, boolean dryRun) throws InterruptedException {
        return run(mapping, dryRun, next -> { });
    }

    public DriftReport run(BoardMapping mapping, boolean dryRun, PageHook hook) throws InterruptedException {
        if (mapping.getBoardId() == null) {
            throw new IllegalArgumentException("The " + mapping.getEntityType() + " mapping of tenant "
                    + mapping.getTenantId() + " has no board yet: there is nothing to compare");
        }
        long board = mapping.getBoardId();
        String tenant = mapping.getTenantId();
        String entity = mapping.getEntityType();
        long attemptStart = clock.millis();
        Optional<ProgressStore.Checkpoint> checkpoint = dryRun ? Optional.empty()
                : progress.read(tenant, entity).filter(c -> !c.done() && c.boardId() != null && c.boardId() == board);
        long startedAt = checkpoint.map(ProgressStore.Checkpoint::startedAtMillis).orElse(attemptStart);
        int resumedFrom = checkpoint.map(ProgressStore.Checkpoint::nextOffset).orElse(0);
        String runId = entity + "-" + board + "-" + startedAt;
        long requestsBefore = coeffection.requests();
        // a resumed run goes on counting from what its checkpoint kept, so its report covers the whole run
        RunCounts counts = RunCounts.fromCheckpoint(checkpoint.map(ProgressStore.Checkpoint::counts).orElse(null));
        int items = 0;
        long calls = 0;
        long complexity = 0;
        boolean fenced = false;
        int published = 0;
        try (Publisher publisher = dryRun ? new DryRunPublisher() : publishers.open(mapping)) {
            try {
                Map<String, Long> links = LinkIndex.read(bootstrapServers, settings.topics().links(), registry, tenant,
                        entity, board);
                BoardItems.Read read = new BoardItems(monday, share, clock, settings.itemPageSize()).read(board);
                items = read.items().size();
                calls = read.calls();
                complexity = read.complexity();
                Set<Long> people = MondayReader.peopleIds(mapping, ColumnCodecs.standard(), read.items().values());
                Map<Long, String> emails = people.isEmpty() ? Map.of() : emailsOf(people);
                calls += people.isEmpty() ? 0 : 1;
                Set<String> seen = new HashSet<>();
                Pairs pairs = new Pairs(mapping, runId, links, read, publisher, counts, emails);
                int offset = 0;
                String path = pathOf(entity);
                while (true) {
                    CoeffectionApiClient.Page page = coeffection.list(path, offset, settings.recordPageSize());
                    boolean compare = offset >= resumedFrom;
                    for (ObjectNode record : page.records()) {
                        String id = record.path("id").asText(null);
                        if (id == null) {
                            continue;
                        }
                        seen.add(id);
                        if (compare) {
                            pairs.handle(id, record);
                        }
                    }
                    int next = offset + page.records().size();
                    boolean last = page.records().isEmpty() || next >= page.total();
                    if (compare && !dryRun) {
                        publisher.commitPage();
                        progress.write(new ProgressStore.Checkpoint(tenant, entity, board, next, page.total(), false,
                                startedAt, clock.millis(), counts.toCheckpoint()));
                    } else if (compare) {
                        publisher.commitPage();
                    }
                    if (compare) {
                        hook.afterPage(next);
                    }
                    if (last) {
                        break;
                    }
                    offset = next;
                }
                Map<Long, String> byItem = new HashMap<>();
                links.forEach((record, item) -> byItem.put(item, record));
                for (Long itemId : read.items().keySet()) {
                    String record = byItem.get(itemId);
                    if (record == null) {
                        counts.unlinkedItems++;
                    } else if (!seen.contains(record)) {
                        counts.missingRecords++;
                    }
                }
                if (!dryRun) {
                    progress.write(new ProgressStore.Checkpoint(tenant, entity, board, 0, counts.records, true,
                            startedAt, clock.millis(), null));
                }
            } catch (DriftFencedException e) {
                fenced = true;
                LOG.warn("{} (tenant={}, board={}, run={})", e.getMessage(), tenant, board, runId);
            }
            published = publisher.published();
        }
        DriftReport report = new DriftReport(runId, tenant, entity, board, dryRun, fenced, resumedFrom, counts.records,
                items, counts.compared, counts.inSync, counts.drifted, counts.fieldDrift, counts.unlinkedRecords,
                counts.missingItems, counts.missingRecords, counts.unlinkedItems, counts.unreadable,
                List.of(), published, calls, complexity, share.waitedMillis(),
                coeffection.requests() - requestsBefore, startedAt, clock.millis() - attemptStart);
        metrics.record(report);
        LOG.info(report.summary());
        return report;
    }

    /**
     * The email of every monday user the board's people columns name, asked of monday once for the whole board
     * ({@code users(ids:)}), so that people are compared by email as Coeffection names them.
     */
    private Map<Long, String> emailsOf(Set<Long> ids) {
        Map<Long, String> emails = new HashMap<>();
        new MondayUserDirectory(monday, Duration.ofMinutes(10), clock).byIds(ids).forEach((id, user) -> {
            if (user.email() != null) {
                emails.put(id, user.email());
            }
        });
        return emails;
    }

    /** Handles each record read: pairs it with its item, compares, and sends what the comparison calls for. */
    private final class Pairs {
        private final BoardMapping mapping;
        private final String runId;
        private final Map<String, Long> links;
        private final BoardItems.Read read;
        private final Publisher publisher;
        private final RunCounts counts;
        private final CoeffectionReader records;
        private final MondayReader itemsReader;
        private final DriftComparer comparer;
        private final AvroSerializer<SyncControl> controls;
        private final AvroSerializer<RecordChange> changes;

        Pairs(BoardMapping mapping, String runId, Map<String, Long> links, BoardItems.Read read, Publisher publisher,
              RunCounts counts, Map<Long, String> emails) {
            this.mapping = mapping;
            this.runId = runId;
            this.links = links;
            this.read = read;
            this.publisher = publisher;
            this.counts = counts;
            this.records = new CoeffectionReader(mapping);
            this.itemsReader = new MondayReader(mapping, ColumnCodecs.standard(), emails);
            this.comparer = new DriftComparer(mapping);
            this.controls = new AvroSerializer<>(registry, SyncControl.class);
            this.changes = new AvroSerializer<>(registry, RecordChange.class);
        }

        void handle(String id, ObjectNode record) {
            counts.records++;
            String key = RecordKeys.recordKey(mapping.getTenantId(), mapping.getEntityType(), id);
            Long itemId = links.get(id);
            if (itemId == null) {
                counts.unlinkedRecords++;
                RecordChange change = records.asChange(record);
                String topic = settings.topics().recordChanges();
                publisher.send(topic, key, changes.serialize(topic, change));
                return;
            }
            Model.ItemSnapshot item = read.items().get(itemId);
            if (item == null) {
                counts.missingItems++;
                LOG.info("Drift: record {} is linked to item {} which is not on board {} (tenant={})", id, itemId,
                        mapping.getBoardId(), mapping.getTenantId());
                return;
            }
            SideReading onCoeffection = records.read(record);
            SideReading onMonday = itemsReader.read(item, read.readAt());
            DriftComparer.Comparison comparison = comparer.compare(onCoeffection, onMonday);
            counts.compared(comparison);
            String topic = settings.topics().control();
            for (SyncControl request : Observations.of(runId, mapping.getTenantId(), mapping.getEntityType(), id,
                    mapping.getBoardId(), itemId, comparison.drifts(), read.readAt())) {
                publisher.send(topic, key, controls.serialize(topic, request));
            }
        }
    }

    /** The API path of an entity's records: {@code Contact} is {@code contacts}, {@code Opportunity} {@code opportunities}. */
    static String pathOf(String entityType) {
        String plural = entityType.toLowerCase(Locale.ROOT);
        return plural.endsWith("y") ? plural.substring(0, plural.length() - 1) + "ies" : plural + "s";
    }
}
