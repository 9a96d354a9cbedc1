package com.coeffection.sync.processor.links;

import com.coeffection.sync.schema.Link;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SerdeException;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link index: a global store filled from the links topic (record key to monday item), holding both directions:
 * {@code item|tenantId:boardId:itemId} to the record key, and {@code record|<record key>} to the item key (so that a
 * tombstone, which carries only the record key, removes both).
 */
public final class ItemIndex {
    public static final String STORE = "link-index";
    private static final String ITEM = "item|";
    private static final String RECORD = "record|";

    private final KeyValueStore<String, String> store;

    public ItemIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** The record key linked to a monday item key, or null. */
    public String recordOf(String itemKey) {
        return store.get(ITEM + itemKey);
    }

    /** The item key ({@code tenantId:boardId:itemId}) linked to a record key, or null. */
    public String itemOf(String recordKey) {
        return store.get(RECORD + recordKey);
    }

    /** The board and item ids of an item key. */
    public record ItemRef(String tenantId, long boardId, long itemId) {
        public static ItemRef parse(String itemKey) {
            int last = itemKey.lastIndexOf(':');
            int middle = itemKey.lastIndexOf(':', last - 1);
            return new ItemRef(itemKey.substring(0, middle), Long.parseLong(itemKey.substring(middle + 1, last)),
                    Long.parseLong(itemKey.substring(last + 1)));
        }
    }

    /**
     * Brings the record's link in line with the index (links made by matching or by hand win over what the state
     * has), except while a link this processor made by hand is not in the index yet.
     */
    public void ensureLink(com.coeffection.sync.processor.state.RecordState state, String recordKey) {
        String itemKey = itemOf(recordKey);
        if (itemKey == null) {
            return;
        }
        ItemRef item = ItemRef.parse(itemKey);
        if (state.linkAwaitingIndex() != null) {
            if (state.linkAwaitingIndex() == item.itemId()) {
                state.awaitLinkInIndex(null);
            }
            return;
        }
        if (!state.linked() || state.itemId() != item.itemId() || state.boardId() != item.boardId()) {
            state.link(item.boardId(), item.itemId());
        }
    }

    /** The global-store processor: keeps the index in step with the links topic. */
    public static final class Updater implements Processor<String, byte[], Void, Void> {
        private static final Logger LOG = LoggerFactory.getLogger(Updater.class);
        private final AvroDeserializer<Link> links;
        private final String topic;
        private KeyValueStore<String, String> store;

        public Updater(AvroDeserializer<Link> links, String topic) {
            this.links = links;
            this.topic = topic;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(STORE);
        }

        /**
         * A link is never skipped because the registry is down (a skipped link would leave the item's events
         * unlinked for good): the global thread waits and tries again until the registry answers.
         */
        private Link decodeWaitingOutRegistryOutages(byte[] bytes) {
            long pause = 50;
            while (true) {
                try {
                    return links.deserialize(topic, bytes);
                } catch (com.coeffection.sync.serde.SchemaRegistryException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                    LOG.warn("Schema registry unavailable while indexing a link; retrying in {} ms: {}", pause,
                            e.getMessage());
                    com.coeffection.sync.processor.retry.OutageRetry.pause(pause);
                    pause = Math.min(pause * 2, 2_000);
                }
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            String recordKey = record.key();
            if (recordKey == null) {
                return;
            }
            String previousItem = store.get(RECORD + recordKey);
            if (record.value() == null) {
                if (previousItem != null) {
                    store.delete(ITEM + previousItem);
                }
                store.delete(RECORD + recordKey);
                return;
            }
            Link link;
            try {
                link = decodeWaitingOutRegistryOutages(record.value());
            } catch (SerdeException e) {
                LOG.error("Link for record {} on {} cannot be decoded and is not indexed [{}]: {}", recordKey, topic,
                        e.errorCode(), e.getMessage());
                return;
            }
            String itemKey = RecordKeys.itemKey(link.getTenantId(), link.getBoardId(), link.getItemId());
            if (previousItem != null && !previousItem.equals(itemKey)) {
                store.delete(ITEM + previousItem);
            }
            store.put(RECORD + recordKey, itemKey);
            store.put(ITEM + itemKey, recordKey);
        }
    }
}
