package com.coeffection.sync.processor.routing;

import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.SyncDirection;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What an input handler ({@link RecordChanges}, {@link ItemEvents}, {@link SinkResults}, {@link ControlRequests}) may
 * do to the processor's state and outputs. {@link RecordProcessor} buffers all of it and writes it only once the input
 * is fully handled, so an input has all its effects or none.
 */
interface Effects {
    /** The record's state as this input left it so far, or as stored; null when the record is not known. */
    RecordState stored(String recordKey);

    /** As {@link #stored}, or a new empty state when the record is not known. */
    default RecordState storedOrNew(String recordKey, String tenantId, String entityType, String recordId) {
        RecordState state = stored(recordKey);
        return state != null ? state : new RecordState(tenantId, entityType, recordId);
    }

    void emit(Record<String, Emit> out);

    void save(String recordKey, RecordState state);

    /** Emits a decision's outputs (and the dead letter of its rejected fields) and saves the state. */
    void finish(Record<String, Input> input, RecordState state, MappedBoard board, Trigger trigger,
                Decisions decisions, WritePlan writes);

    /** Dead-letters the input (with its REJECTED history entry). */
    void reject(Record<String, Input> input, BadInput bad);

    /**
     * The input is a change one side made at {@code changeTimeMs}: when its outputs include a write to the other side,
     * the decision latency is measured from this time.
     */
    void changedAt(SyncDirection direction, long changeTimeMs);
}
