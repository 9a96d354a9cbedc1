package com.coeffection.sync.processor.match;

import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.AvroDeserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes the monday item events of boards matched on connect to the board matcher, re-keyed by board
 * ({@code tenantId:boardId:itemId} to {@code tenantId:boardId}); the board is known from the key, so other boards'
 * events cost no decoding.
 */
final class ItemFeed implements Processor<String, byte[], String, byte[]> {
    private final AvroDeserializer<BoardMapping> mappings;
    private final String mappingsTopic;
    private ProcessorContext<String, byte[]> context;
    private MappingLookup lookup;

    ItemFeed(AvroDeserializer<BoardMapping> mappings, String mappingsTopic) {
        this.mappings = mappings;
        this.mappingsTopic = mappingsTopic;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.lookup = new MappingLookup(context.getStateStore(MappingLookup.STORE), mappings, mappingsTopic);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        int last = record.key().lastIndexOf(':');
        int board = last <= 0 ? -1 : record.key().lastIndexOf(':', last - 1);
        if (board <= 0) {
            return; // a bad key: the processor's own path reports it
        }
        String tenant = record.key().substring(0, board);
        long boardId;
        try {
            boardId = Long.parseLong(record.key().substring(board + 1, last));
        } catch (NumberFormatException e) {
            return;
        }
        try {
            if (lookup.byBoard(tenant, boardId).filter(MatchGate::matches).isPresent()) {
                context.forward(record.withKey(record.key().substring(0, last))
                        .withValue(MatchInput.encodeItemEvent(record.value())));
            }
        } catch (RuntimeException e) {
            if (com.coeffection.sync.processor.retry.OutageRetry.isOutage(e)) {
                throw e;
            }
            // an unreadable mapping is reported where mappings are read; its board is simply not fed
        }
    }
}
