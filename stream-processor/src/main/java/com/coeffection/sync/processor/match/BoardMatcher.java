package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.ItemFacts;
import com.coeffection.sync.matching.ItemIndex;
import com.coeffection.sync.matching.MatchOutcome;
import com.coeffection.sync.matching.Normalizer;
import com.coeffection.sync.matching.RecordFacts;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.processor.links.CreatedFromMonday;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides every match of one board in one place: its input is keyed {@code tenantId:boardId}, so all requests and
 * item events of a board reach one task, and one item is never given to two records.
 *
 * <p>When the first record of a board matched on connect asks, the board's items are read from monday page by page
 * (one page per board every {@value #PUNCTUATE_MS} ms, the cursor kept in the store after each page, so a restart
 * resumes at the next page; a cursor that fails three times is dropped and the reading starts again, every item
 * being written by id). Requests that arrive while the board is read wait; once it is read they are matched
 * together ({@link ItemIndex#matchAll}: two records wanting one item both go to review). Later requests are matched
 * one by one as they come. Item events keep the index current (created, renamed, moved, email or phone changed,
 * deleted or archived).
 *
 * <p>A record under review waits for a person, or for a better item: when a person (not the integration's own monday
 * user) creates an item on the board, every record under review on it is matched again, and one that the new item
 * matches exactly (email, phone, or name within the group) is linked to it; its REVIEW entry is then decided.
 *
 * <p>Answers: an exact match is a MATCH_LINK for the record with the rule; a fuzzy match, several items at one rank
 * or an item claimed by another record is a REVIEW history entry showing both sides (the processor keeps the record
 * waiting until a person approves or rejects); no match is MATCH_NONE (the record creates its item).
 */
final class BoardMatcher implements Processor<String, byte[], String, MatcherOutput> {
    static final long PUNCTUATE_MS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(BoardMatcher.class);

    private final AvroDeserializer<MondayItemEvent> events;
    private final AvroDeserializer<BoardMapping> mappings;
    private final String mappingsTopic;
    private final String itemEventsTopic;
    private final BoardReader reader;
    private final int pageSize;
    private final MatchMetrics metrics;
    private final Long integrationUserId;
    private final Map<String, ItemIndex> indexes = new HashMap<>();
    private ProcessorContext<String, MatcherOutput> context;
    private BoardStore store;
    private MappingLookup lookup;
    private com.coeffection.sync.processor.links.ItemIndex links;
    private ReviewEntries reviews;

    BoardMatcher(AvroDeserializer<MondayItemEvent> events, AvroDeserializer<BoardMapping> mappings, String mappingsTopic,
                 String itemEventsTopic, BoardReader reader, int pageSize, MatchMetrics metrics, Long integrationUserId) {
        this.events = events;
        this.mappings = mappings;
        this.mappingsTopic = mappingsTopic;
        this.itemEventsTopic = itemEventsTopic;
        this.reader = reader;
        this.pageSize = pageSize;
        this.metrics = metrics;
        this.integrationUserId = integrationUserId;
    }

    @Override
    public void init(ProcessorContext<String, MatcherOutput> context) {
        this.context = context;
        this.store = new BoardStore(context.getStateStore(BoardStore.STORE));
        KeyValueStore<String, byte[]> mappingStore = context.getStateStore(MappingLookup.STORE);
        this.lookup = new MappingLookup(mappingStore, mappings, mappingsTopic);
        this.links = new com.coeffection.sync.processor.links.ItemIndex(
                context.getStateStore(com.coeffection.sync.processor.links.ItemIndex.STORE));
        this.reviews = new ReviewEntries();
        context.schedule(Duration.ofMillis(PUNCTUATE_MS), PunctuationType.WALL_CLOCK_TIME, this::readPages);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        MatchInput input;
        try {
            input = MatchInput.decode(record.value());
        } catch (RuntimeException e) {
            // Only this application writes the topic: an unreadable input is a defect, logged, never a crash.
            LOG.error("Board matcher input with key {} is unreadable; skipped", record.key(), e);
            return;
        }
        if (input instanceof MatchInput.Message message) {
            onMessage(record.key(), message.message(), record.timestamp());
        } else if (input instanceof MatchInput.ItemEvent event) {
            onItemEvent(record.key(), event.avro());
        }
    }

    // ---------------------------------------------------------------- messages from the processor

    private void onMessage(String boardKey, MatchMessage message, long timestamp) {
        MappedBoard board = lookup.find(message.tenantId(), message.entityType());
        switch (message.kind()) {
            case REQUEST -> {
                if (board == null || !MatchGate.matches(board)) {
                    answer(message, new MatchOutcome.NoMatch(), board, timestamp);
                    return;
                }
                BoardStore.Progress progress = store.progress(boardKey);
                if (progress == null) {
                    store.progress(boardKey, new BoardStore.Progress(BoardStore.Progress.INDEXING, message.entityType(),
                            null, 0, 0, 0, 0, context.currentSystemTimeMs()));
                    LOG.info("Indexing existing monday board {} of tenant {} ({}) before matching its records",
                            message.boardId(), message.tenantId(), message.entityType());
                }
                if (progress == null || !progress.ready()) {
                    store.queue(boardKey, message);
                    return;
                }
                ItemIndex index = index(boardKey, board);
                MatchOutcome outcome = index.match(message.facts());
                if (outcome instanceof MatchOutcome.Linked linked) {
                    claim(boardKey, index, linked.itemId(), message.recordKey());
                } else if (outcome instanceof MatchOutcome.Review review && index.claimOf(review.itemIds().get(0)).isEmpty()) {
                    claim(boardKey, index, review.itemIds().get(0), message.recordKey());
                }
                answer(message, outcome, board, timestamp);
            }
            case CLAIM -> {
                if (board == null || message.itemId() == null) {
                    return;
                }
                ItemIndex index = index(boardKey, board);
                releaseAll(boardKey, index, message.recordKey());
                claim(boardKey, index, message.itemId(), message.recordKey());
                store.reviewDecided(boardKey, message.recordKey());
            }
            case RELEASE -> {
                store.reviewDecided(boardKey, message.recordKey());
                if (board != null) {
                    releaseAll(boardKey, index(boardKey, board), message.recordKey());
                }
            }
        }
    }

    private void claim(String boardKey, ItemIndex index, long itemId, String recordKey) {
        index.claim(itemId, recordKey);
        store.claim(boardKey, itemId, recordKey);
    }

    private void releaseAll(String boardKey, ItemIndex index, String recordKey) {
        store.claims(boardKey).forEach((itemId, claimedBy) -> {
            if (claimedBy.equals(recordKey)) {
                index.release(itemId);
                store.release(boardKey, itemId);
            }
        });
    }

    private void answer(MatchMessage request, MatchOutcome outcome, MappedBoard board, long timestamp) {
        long now = Math.max(timestamp, context.currentSystemTimeMs());
        if (outcome instanceof MatchOutcome.Review review) {
            metrics.decision("review", review.rule().name());
            ItemIndex index = indexes.get(request.boardKey());
            List<ItemFacts> candidates = new ArrayList<>();
            for (long id : review.itemIds()) {
                index.item(id).ifPresent(candidates::add);
            }
            var entry = reviews.entry(request, review, candidates, board, now);
            store.underReview(request.boardKey(), request);
            context.forward(new Record<>(entry.getEntryId(), new MatcherOutput.Review(entry), now));
            return;
        }
        if (outcome instanceof MatchOutcome.Linked linked) {
            metrics.decision("linked", linked.rule().name());
        } else {
            metrics.decision("unmatched", null);
        }
        var control = ReviewEntries.answer(request, outcome, now);
        context.forward(new Record<>(request.recordKey(), new MatcherOutput.Answer(control), now));
    }

    // ---------------------------------------------------------------- item events

    private void onItemEvent(String boardKey, byte[] avro) {
        MondayItemEvent event;
        try {
            event = events.deserialize(itemEventsTopic, avro);
        } catch (RuntimeException e) {
            if (com.coeffection.sync.processor.retry.OutageRetry.isOutage(e)) {
                throw e;
            }
            // The processor's own path dead-letters the same bytes; the index just does not see the event.
            LOG.debug("An undecodable monday event of board {} is not indexed", boardKey);
            return;
        }
        if (event == null || store.progress(boardKey) == null) {
            return; // a board not being matched (yet): its reading will see the item
        }
        Optional<MappedBoard> board = lookup.byBoard(event.getTenantId(), event.getBoardId());
        if (board.isEmpty() || !MatchGate.matches(board.get())) {
            return;
        }
        ItemIndex index = index(boardKey, board.get());
        ItemFactsReader readers = new ItemFactsReader(board.get());
        Optional<ItemFacts> known = index.item(event.getItemId());
        ItemFactsReader.Read read = switch (event.getKind()) {
            case CREATE_ITEM -> readers.read(event.getItemId(), event.getItemName(), event.getGroupId(),
                    event.getColumnValues());
            case UPDATE_COLUMN_VALUE -> known.map(k -> readers.changed(k, event.getColumnId(), event.getValue()))
                    .orElse(null);
            case UPDATE_NAME -> known.map(k -> new ItemFactsReader.Read(new ItemFacts(k.itemId(),
                    newName(event, k.name()), k.groupId(), k.email(), k.phone()), List.of())).orElse(null);
            case MOVE_TO_GROUP -> known.map(k -> new ItemFactsReader.Read(new ItemFacts(k.itemId(), k.name(),
                    event.getGroupId(), k.email(), k.phone()), List.of())).orElse(null);
            case DELETE_ITEM, ARCHIVE_ITEM -> {
                index.remove(event.getItemId());
                store.removeItem(boardKey, event.getItemId());
                yield null;
            }
            default -> null;
        };
        if (read != null) {
            Optional<String> claim = index.claimOf(read.facts().itemId());
            index.put(read.facts());
            claim.ifPresent(c -> index.claim(read.facts().itemId(), c));
            store.item(boardKey, read.facts());
            report(boardKey, read);
            // the integration's own new items are its records' items, never matched to a record under review
            if (CreatedFromMonday.isPersonsNewItem(event, integrationUserId)) {
                matchUnderReview(boardKey, index, read.facts().itemId());
            }
        }
    }

    /** Records under review that the new item matches exactly are linked to it. */
    private void matchUnderReview(String boardKey, ItemIndex index, long newItemId) {
        for (MatchMessage request : store.underReview(boardKey)) {
            MatchOutcome outcome = index.match(request.facts());
            if (outcome instanceof MatchOutcome.Linked linked && linked.itemId() == newItemId) {
                releaseAll(boardKey, index, request.recordKey());
                claim(boardKey, index, newItemId, request.recordKey());
                store.reviewDecided(boardKey, request.recordKey());
                metrics.decision("linked", linked.rule().name());
                long now = context.currentSystemTimeMs();
                LOG.info("Record {} under review is linked to monday item {} created on board {} ({})",
                        request.recordKey(), newItemId, boardKey, linked.rule());
                var control = ReviewEntries.linkedAfterReview(request, linked, now);
                context.forward(new Record<>(request.recordKey(), new MatcherOutput.Answer(control), now));
                return; // one item, one record
            }
        }
    }

    private static String newName(MondayItemEvent event, String old) {
        if (event.getItemName() != null) {
            return event.getItemName();
        }
        String value = event.getValue();
        if (value == null) {
            return old;
        }
        try {
            var node = MatchInput.JSON.readTree(value);
            return node.isTextual() ? node.asText() : node.path("name").asText(old);
        } catch (java.io.IOException e) {
            return value;
        }
    }

    // ---------------------------------------------------------------- reading boards

    private void readPages(long now) {
        for (String boardKey : store.indexing()) {
            readPage(boardKey);
        }
    }

    private void readPage(String boardKey) {
        BoardStore.Progress p = store.progress(boardKey);
        String tenant = boardKey.substring(0, boardKey.lastIndexOf(':'));
        long boardId = Long.parseLong(boardKey.substring(boardKey.lastIndexOf(':') + 1));
        MappedBoard board = lookup.find(tenant, p.entityType());
        if (board == null || board.boardId() == null || board.boardId() != boardId) {
            LOG.warn("Board {} of tenant {} is no longer mapped for {}; its reading stops and waiting records create"
                    + " their items", boardId, tenant, p.entityType());
            store.progress(boardKey, new BoardStore.Progress(BoardStore.Progress.READY, p.entityType(), null,
                    p.pages(), p.items(), p.malformed(), p.failures(), p.startedAtMs()));
            for (MatchMessage request : store.drainQueue(boardKey)) {
                answer(request, new MatchOutcome.NoMatch(), board, context.currentSystemTimeMs());
            }
            return;
        }
        Model.ItemsPage page;
        try {
            page = p.cursor() == null ? reader.first(boardId, pageSize) : reader.next(p.cursor(), pageSize);
        } catch (RuntimeException e) {
            metrics.readFailed();
            int failures = p.failures() + 1;
            boolean restart = p.cursor() != null && failures >= 3;
            LOG.warn("Reading page {} of monday board {} (tenant {}) failed ({}); {}", p.pages() + 1, boardId, tenant,
                    e.toString(), restart ? "the cursor is dropped and the reading starts again" : "tried again shortly");
            store.progress(boardKey, new BoardStore.Progress(p.state(), p.entityType(), restart ? null : p.cursor(),
                    restart ? 0 : p.pages(), p.items(), p.malformed(), restart ? 0 : failures, p.startedAtMs()));
            return;
        }
        metrics.pageRead();
        ItemIndex index = index(boardKey, board);
        ItemFactsReader readers = new ItemFactsReader(board);
        int malformed = 0;
        for (Model.ItemSnapshot item : page.items()) {
            ItemFactsReader.Read read = readers.read(item);
            Optional<String> claim = index.claimOf(item.id());
            index.put(read.facts());
            claim.ifPresent(c -> index.claim(item.id(), c));
            store.item(boardKey, read.facts());
            malformed += report(boardKey, read);
        }
        metrics.itemsIndexed(page.items().size());
        boolean last = page.cursor() == null;
        BoardStore.Progress next = new BoardStore.Progress(last ? BoardStore.Progress.READY : BoardStore.Progress.INDEXING,
                p.entityType(), page.cursor(), p.pages() + 1, p.items() + page.items().size(), p.malformed() + malformed,
                0, p.startedAtMs());
        store.progress(boardKey, next);
        if (last) {
            boardRead(boardKey, board, index, next);
        }
    }

    private void boardRead(String boardKey, MappedBoard board, ItemIndex index, BoardStore.Progress p) {
        metrics.boardIndexed();
        List<MatchMessage> waiting = store.drainQueue(boardKey);
        List<RecordFacts> facts = waiting.stream().map(MatchMessage::facts).toList();
        Map<String, MatchOutcome> outcomes = index.matchAll(facts);
        int linked = 0;
        int review = 0;
        for (MatchMessage request : waiting) {
            MatchOutcome outcome = outcomes.get(request.recordKey());
            if (outcome instanceof MatchOutcome.Linked l) {
                store.claim(boardKey, l.itemId(), request.recordKey());
                linked++;
            } else if (outcome instanceof MatchOutcome.Review r) {
                long first = r.itemIds().get(0);
                if (index.claimOf(first).filter(request.recordKey()::equals).isPresent()) {
                    store.claim(boardKey, first, request.recordKey());
                }
                review++;
            }
            answer(request, outcome, board, context.currentSystemTimeMs());
        }
        LOG.info("Indexed monday board {} of tenant {} ({}): {} items in {} pages, {} malformed column values, in {} ms;"
                        + " {} waiting records matched: {} linked, {} to review, {} unmatched",
                board.boardId(), board.tenantId(), board.entityType(), index.size(), p.pages(), p.malformed(),
                context.currentSystemTimeMs() - p.startedAtMs(), waiting.size(), linked, review,
                waiting.size() - linked - review);
    }

    private int report(String boardKey, ItemFactsReader.Read read) {
        if (!read.malformed().isEmpty()) {
            metrics.malformed(read.malformed().size());
            LOG.warn("monday item {} of board {}: column(s) {} hold values that cannot be read as documented; the item"
                    + " is indexed by what can be read", read.facts().itemId(), boardKey, read.malformed());
        }
        return read.malformed().size();
    }

    /** The board's index, rebuilt from the store the first time this task needs it. */
    private ItemIndex index(String boardKey, MappedBoard board) {
        return indexes.computeIfAbsent(boardKey, k -> {
            String region = board.mapping().getPhoneRegion() == null ? "US" : board.mapping().getPhoneRegion();
            ItemIndex index = new ItemIndex(new Normalizer(region));
            store.items(k).forEach(index::put);
            store.claims(k).forEach(index::claim);
            String tenant = board.tenantId();
            long boardId = board.boardId();
            index.linksFrom(itemId -> links.recordOf(RecordKeys.itemKey(tenant, boardId, itemId)));
            return index;
        });
    }
}
