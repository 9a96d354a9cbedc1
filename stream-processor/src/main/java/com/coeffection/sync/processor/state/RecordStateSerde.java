package com.coeffection.sync.processor.state;

import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.merge.LabelEdit;
import com.coeffection.sync.processor.merge.Resolved;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.merge.SideView;
import com.coeffection.sync.processor.merge.ViewStatus;
import com.coeffection.sync.schema.FieldValue;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary serde of {@link RecordState} for the state store and its changelog. The store is internal to the processor,
 * so it needs no registry: a format version byte leads, and field values are written in Avro binary with the
 * contract's {@link FieldValue} schema (new union branches are appended there, so old bytes stay readable).
 */
public final class RecordStateSerde implements Serde<RecordState>, Serializer<RecordState>, Deserializer<RecordState> {
    private static final byte FORMAT = 4;
    private final SpecificDatumWriter<FieldValue> valueWriter = new SpecificDatumWriter<>(FieldValue.class);
    private final SpecificDatumReader<FieldValue> valueReader = new SpecificDatumReader<>(FieldValue.class);

    @Override
    public Serializer<RecordState> serializer() {
        return this;
    }

    @Override
    public Deserializer<RecordState> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public byte[] serialize(String topic, RecordState state) {
        return serialize(state, FORMAT);
    }

    /** The state in {@code format} (an older one only for the test that reads what an older version wrote). */
    byte[] serialize(RecordState state, byte format) {
        if (format < 3 || format > FORMAT) {
            throw new IllegalArgumentException("only formats 3 to " + FORMAT + " can be written");
        }
        if (state == null) {
            return null;
        }
        StateBytes.Out bytes = new StateBytes.Out(256);
        Writing writing = new Writing();
        writing.format = format;
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(format);
            out.writeUTF(state.tenantId());
            out.writeUTF(state.entityType());
            out.writeUTF(state.recordId());
            writeLong(out, state.boardId());
            writeLong(out, state.itemId());
            writeString(out, state.pendingCreateCommandId());
            out.writeBoolean(state.deleted());
            writeLong(out, state.linkAwaitingIndex());
            List<String> requests = state.recentRequests();
            out.writeInt(requests.size());
            for (String request : requests) {
                out.writeUTF(request);
            }
            out.writeInt(state.fields().size());
            for (Map.Entry<String, FieldState> entry : state.fields().entrySet()) {
                out.writeUTF(entry.getKey());
                writeField(out, entry.getValue(), writing);
            }
        } catch (IOException e) {
            throw new SerializationException("Cannot write the state of record " + state.recordId(), e);
        }
        return bytes.toByteArray();
    }

    @Override
    public RecordState deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        StateBytes.In source = new StateBytes.In(data);
        Reading reading = new Reading(source);
        try (DataInputStream in = new DataInputStream(source)) {
            byte format = in.readByte();
            if (format < 1 || format > FORMAT) {
                throw new SerializationException("Record state format " + format + " is not known to this version");
            }
            reading.format = format;
            RecordState state = new RecordState(in.readUTF(), in.readUTF(), in.readUTF());
            Long boardId = readLong(in);
            Long itemId = readLong(in);
            String pendingCreate = readString(in);
            boolean deleted = in.readBoolean();
            Long awaiting = format >= 2 ? readLong(in) : null;
            if (format >= 3) {
                int requests = in.readInt();
                List<String> ids = new ArrayList<>(requests);
                for (int i = 0; i < requests; i++) {
                    ids.add(in.readUTF());
                }
                state.restoreRequests(ids);
            }
            int count = in.readInt();
            Map<String, FieldState> fields = new HashMap<>();
            for (int i = 0; i < count; i++) {
                fields.put(in.readUTF(), readField(in, reading));
            }
            state.restore(boardId, itemId, pendingCreate, deleted, awaiting, fields);
            return state;
        } catch (IOException e) {
            throw new SerializationException("Cannot read a record state of " + data.length + " bytes", e);
        }
    }

    private void writeField(DataOutputStream out, FieldState field, Writing w) throws IOException {
        writeResolved(out, field.base(), w);
        out.writeInt(field.laterLabels().size());
        for (LabelEdit label : field.laterLabels()) {
            out.writeLong(label.changedAtMicros());
            out.writeByte(label.side().ordinal());
            writeString(out, label.eventId());
            out.writeUTF(label.label());
            out.writeInt(label.candidateStages().size());
            for (String stage : label.candidateStages()) {
                out.writeUTF(stage);
            }
            writeString(out, label.defaultStage());
        }
        writeView(out, field.coeffection(), w);
        writeView(out, field.monday(), w);
        writeView(out, field.mondayGroup(), w);
        writeSent(out, field.sentToCoeffection(), w);
        writeSent(out, field.sentToMonday(), w);
        FieldState.LabelChoice label = field.mondayLabel();
        writeString(out, label == null ? null : label.label());
        out.writeLong(label == null ? 0L : label.atMicros());
    }

    private FieldState readField(DataInputStream in, Reading r) throws IOException {
        Resolved base = readResolved(in, r);
        int labels = in.readInt();
        List<LabelEdit> later = new ArrayList<>(labels);
        for (int i = 0; i < labels; i++) {
            long at = in.readLong();
            Side side = Side.values()[in.readByte()];
            String eventId = readString(in);
            String label = in.readUTF();
            int n = in.readInt();
            List<String> stages = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                stages.add(in.readUTF());
            }
            later.add(new LabelEdit(at, side, eventId, label, stages, readString(in)));
        }
        SideView coeffection = readView(in, r);
        SideView monday = readView(in, r);
        SideView group = readView(in, r);
        FieldState.Sent sentToCoeffection = readSent(in, r);
        FieldState.Sent sentToMonday = readSent(in, r);
        String label = readString(in);
        long labelAt = in.readLong();
        return FieldState.restore(base, later, coeffection, monday, group, sentToCoeffection, sentToMonday,
                label == null ? null : new FieldState.LabelChoice(label, labelAt));
    }

    private void writeResolved(DataOutputStream out, Resolved resolved, Writing w) throws IOException {
        out.writeBoolean(resolved != null);
        if (resolved != null) {
            writeValue(out, resolved.value(), w);
            out.writeLong(resolved.changedAtMicros());
            out.writeByte(resolved.side().ordinal());
            writeString(out, resolved.eventId());
        }
    }

    private Resolved readResolved(DataInputStream in, Reading r) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Resolved(readValue(in, r), in.readLong(), Side.values()[in.readByte()], readString(in));
    }

    private void writeView(DataOutputStream out, SideView view, Writing w) throws IOException {
        out.writeBoolean(view != null);
        if (view != null) {
            writeValue(out, view.value(), w);
            out.writeLong(view.atMicros());
            out.writeByte(view.status().ordinal());
            if (w.format >= 4) {
                // the value confirmed before a pending write
                out.writeBoolean(view.confirmedBefore() != null);
                if (view.confirmedBefore() != null) {
                    writeValue(out, view.confirmedBefore(), w);
                }
            }
        }
    }

    private SideView readView(DataInputStream in, Reading r) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        FieldValue value = readValue(in, r);
        long at = in.readLong();
        ViewStatus status = ViewStatus.values()[in.readByte()];
        FieldValue before = r.format >= 4 && in.readBoolean() ? readValue(in, r) : null;
        return new SideView(value, at, status, before);
    }

    private void writeSent(DataOutputStream out, FieldState.Sent sent, Writing w) throws IOException {
        out.writeBoolean(sent != null);
        if (sent != null) {
            writeValue(out, sent.value(), w);
            out.writeLong(sent.atMicros());
        }
    }

    private FieldState.Sent readSent(DataInputStream in, Reading r) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new FieldState.Sent(readValue(in, r), in.readLong());
    }

    private void writeValue(DataOutputStream out, FieldValue value, Writing w) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        w.buffer.reset();
        w.encoder = EncoderFactory.get().directBinaryEncoder(w.buffer, w.encoder);
        valueWriter.write(value, w.encoder);
        out.writeInt(w.buffer.size());
        w.buffer.writeTo(out);
    }

    private FieldValue readValue(DataInputStream in, Reading r) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        StateBytes.In source = r.source;
        r.decoder = DecoderFactory.get().binaryDecoder(source.array(), source.position(), length, r.decoder);
        FieldValue value = valueReader.read(null, r.decoder);
        in.skipNBytes(length);
        return value;
    }

    /** What writing one state reuses for its field values (one buffer and Avro encoder). */
    private static final class Writing {
        final StateBytes.Out buffer = new StateBytes.Out(64);
        BinaryEncoder encoder;
        byte format;
    }

    /** What reading one state reuses: its bytes, read in place by one Avro decoder. */
    private static final class Reading {
        final StateBytes.In source;
        BinaryDecoder decoder;
        byte format;

        Reading(StateBytes.In source) {
            this.source = source;
        }
    }

    private static void writeLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
