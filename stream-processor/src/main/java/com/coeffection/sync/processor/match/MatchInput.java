package com.coeffection.sync.processor.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The two inputs of the board matcher on its one internal topic (one topic, so that a board's requests and item
 * events meet in one task): a {@link MatchMessage} from the processor, or a monday item event of the board (its Avro
 * bytes, unchanged). One tag byte tells them apart.
 */
public sealed interface MatchInput {
    byte MESSAGE = 'M';
    byte ITEM_EVENT = 'I';
    ObjectMapper JSON = new ObjectMapper();

    /** A message from the processor. */
    record Message(MatchMessage message) implements MatchInput {
    }

    /** A monday item event of the board, as read from monday.item-events. */
    record ItemEvent(byte[] avro) implements MatchInput {
    }

    static byte[] encode(MatchMessage message) {
        try {
            byte[] json = JSON.writeValueAsBytes(message);
            byte[] out = new byte[json.length + 1];
            out[0] = MESSAGE;
            System.arraycopy(json, 0, out, 1, json.length);
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a match message cannot be written as JSON", e);
        }
    }

    static byte[] encodeItemEvent(byte[] avro) {
        byte[] out = new byte[avro.length + 1];
        out[0] = ITEM_EVENT;
        System.arraycopy(avro, 0, out, 1, avro.length);
        return out;
    }

    /** Reads what {@link #encode} or {@link #encodeItemEvent} wrote; anything else is an IllegalArgumentException. */
    static MatchInput decode(byte[] bytes) {
        if (bytes == null || bytes.length < 1) {
            throw new IllegalArgumentException("an empty match input");
        }
        byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
        if (bytes[0] == ITEM_EVENT) {
            return new ItemEvent(body);
        }
        if (bytes[0] != MESSAGE) {
            throw new IllegalArgumentException("a match input with unknown tag " + bytes[0]);
        }
        try {
            return new Message(JSON.readValue(body, MatchMessage.class));
        } catch (IOException e) {
            throw new UncheckedIOException("a match message is not readable", e);
        }
    }
}
